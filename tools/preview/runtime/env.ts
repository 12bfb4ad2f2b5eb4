// What the preview server tells the page (inlined in index.html) and what
// the compiler tells the runtime (the manifest in the bundle).
import type { ComponentInfo, Manifest, Problem, TabBarConfig, WindowConfig } from './manifest';

export type { ComponentInfo, Manifest, Problem, TabBarConfig, WindowConfig };

export interface Member {
  openid: string;
  label: string;
}

export interface PreviewEnv {
  /** The local cloud's HTTP endpoint, e.g. http://127.0.0.1:8787 */
  cloudUrl: string;
  members: Member[];
  /** Server-sent events for rebuilds; '' when the server does not watch. */
  eventsUrl: string;
}

declare global {
  interface Window {
    __PREVIEW_ENV__?: PreviewEnv;
    __gwx?: (path: string) => unknown;
  }
}

export function previewEnv(): PreviewEnv {
  const env = window.__PREVIEW_ENV__;
  return {
    cloudUrl: env && env.cloudUrl ? env.cloudUrl.replace(/\/$/, '') : '',
    members: env && env.members && env.members.length ? env.members : [{ openid: 'member-a', label: '会员 A' }],
    eventsUrl: env && env.eventsUrl ? env.eventsUrl : '',
  };
}

let manifest: Manifest | null = null;

export function setManifest(m: Manifest): void {
  manifest = m;
}

export function getManifest(): Manifest {
  if (!manifest) throw new Error('preview: manifest not installed');
  return manifest;
}

/** The window config of a page: app.json's window overridden by the page's json. */
export function pageWindow(route: string): WindowConfig {
  const m = getManifest();
  const page = m.pageInfo[route];
  return { ...m.window, ...(page ? page.window : {}) };
}

export function isTabPage(route: string): boolean {
  const tabBar = getManifest().tabBar;
  return !!tabBar && tabBar.list.some((i) => i.pagePath.replace(/^\//, '') === route);
}

/** Component path (e.g. /pages/home/index) by registration id. */
export function componentPathById(id: string): string | undefined {
  const c = getManifest().components.find((x) => x.id === id);
  return c ? c.path : undefined;
}

// WeChat's privacy-consent APIs (base library ≥ 2.32.3), typed and guarded.
// With `__usePrivacyCheck__` on, personal data may only be collected after
// the member agrees through <button open-type="agreePrivacyAuthorization">.
//
// App-wide consent: WeChat keeps ONE onNeedPrivacyAuthorization listener
// for the whole mini program. It is registered once (app.ts onLaunch, or
// the first popup that attaches) and routes each request to the consent
// popup of the page on screen (components/privacy-popup, or the sign-up
// form's own). A request with no popup on that page is declined at once,
// so a privacy API (album, camera, clipboard) fails instead of waiting for
// a popup nobody can see.

export type PrivacyResolve = (option: {
  event: 'agree' | 'disagree' | 'exposureAuthorization';
  buttonId?: string;
}) => void;

export interface PrivacySetting {
  needAuthorization: boolean;
  privacyContractName: string;
}

/** The id of the page's agree button; WeChat checks it was really tapped. */
export const PRIVACY_AGREE_BUTTON_ID = 'agree-btn';

export const DEFAULT_CONTRACT_NAME = '《用户隐私保护指引》';

// The bundled typings declare the listener as `(res) => void`; the real
// listener receives `resolve` and an info object (see the API's docs).
interface PrivacyApi {
  getPrivacySetting?: (option: {
    success?: (res: { needAuthorization: boolean; privacyContractName?: string }) => void;
    fail?: () => void;
  }) => void;
  onNeedPrivacyAuthorization?: (listener: (resolve: PrivacyResolve, info?: { referrer?: string }) => void) => void;
  openPrivacyContract?: (option: { fail?: () => void }) => void;
}

function api(): PrivacyApi {
  return wx as unknown as PrivacyApi;
}

/** Whether the member still has to agree; old base libraries need nothing. */
export function getPrivacySetting(): Promise<PrivacySetting> {
  const getter = api().getPrivacySetting;
  if (typeof getter !== 'function') {
    return Promise.resolve({
      needAuthorization: false,
      privacyContractName: DEFAULT_CONTRACT_NAME,
    });
  }
  return new Promise((resolve) => {
    getter({
      success: (res) =>
        resolve({
          needAuthorization: !!res.needAuthorization,
          privacyContractName: res.privacyContractName || DEFAULT_CONTRACT_NAME,
        }),
      // When the setting cannot be read, ask: asking too often is harmless.
      fail: () =>
        resolve({
          needAuthorization: true,
          privacyContractName: DEFAULT_CONTRACT_NAME,
        }),
    });
  });
}

/** Called when a privacy API or component waits for consent. */
export function onNeedPrivacyAuthorization(listener: (resolve: PrivacyResolve) => void): void {
  const on = api().onNeedPrivacyAuthorization;
  if (typeof on === 'function') on((resolve) => listener(resolve));
}

export function openPrivacyContract(): void {
  const open = api().openPrivacyContract;
  if (typeof open === 'function') {
    open({
      fail: () => wx.showToast({ title: '暂时无法打开隐私保护指引', icon: 'none' }),
    });
  }
}

// ---------------------------------------------------------------------------
// the app-wide listener and the popups it routes to

/** A consent popup: shows itself and settles every request it was handed (agree or disagree). */
export interface PrivacyHost {
  ask(resolve: PrivacyResolve): void;
  /** The page the popup is on, as pageOf() tells it. */
  page: PageRef;
}

/** Which page something is on: its page id where the base library has getPageId, and the page instance. */
export interface PageRef {
  id: string | undefined;
  instance: object | null;
}

const hosts: PrivacyHost[] = [];
let installed = false;

function pageIdOf(instance: unknown): string | undefined {
  const get = (instance as { getPageId?: unknown } | null)?.getPageId;
  if (typeof get !== 'function') return undefined;
  try {
    const id: unknown = get.call(instance);
    return typeof id === 'string' && id ? id : undefined;
  } catch {
    return undefined;
  }
}

/** The page a page or component instance is on: up the owner chain to the page itself. */
export function pageOf(instance: object): PageRef {
  let top: object = instance;
  for (let i = 0; i < 50; i++) {
    const select = (top as { selectOwnerComponent?: unknown }).selectOwnerComponent;
    if (typeof select !== 'function') break;
    let owner: unknown = null;
    try {
      owner = select.call(top);
    } catch {
      owner = null;
    }
    if (!owner || typeof owner !== 'object' || owner === top) break;
    top = owner;
  }
  return { id: pageIdOf(instance), instance: top };
}

/** true/false when it can tell whether `host` is on `page`, null when it cannot. */
function isOnPage(host: PrivacyHost, page: object): boolean | null {
  const id = pageIdOf(page);
  if (id && host.page.id) return id === host.page.id;
  if (host.page.instance) return host.page.instance === page;
  return null;
}

/** The popup of the page on screen; when that cannot be told, the one attached last (the newest page's). */
function hostForCurrentPage(): PrivacyHost | undefined {
  const pages = typeof getCurrentPages === 'function' ? getCurrentPages() : [];
  const top = pages[pages.length - 1] as object | undefined;
  if (!top) return hosts[hosts.length - 1];
  let told = false;
  for (let i = hosts.length - 1; i >= 0; i--) {
    const host = hosts[i] as PrivacyHost;
    const on = isOnPage(host, top);
    if (on) return host;
    if (on === false) told = true;
  }
  // No popup on the page on screen: one on a page behind it would wait unseen.
  return told ? undefined : hosts[hosts.length - 1];
}

function routePrivacyRequest(resolve: PrivacyResolve): void {
  const host = hostForCurrentPage();
  if (host) {
    host.ask(resolve);
    return;
  }
  resolve({ event: 'disagree' });
  wx.showToast({ title: '请先同意隐私保护指引后再使用此功能', icon: 'none' });
}

/** Registers the one app-wide listener; later calls do nothing. */
export function installPrivacyListener(): void {
  if (installed) return;
  installed = true;
  onNeedPrivacyAuthorization(routePrivacyRequest);
}

/** Makes a popup the one that answers its page's consent requests; returns its removal. */
export function addPrivacyHost(host: PrivacyHost): () => void {
  installPrivacyListener();
  hosts.push(host);
  return () => {
    const at = hosts.indexOf(host);
    if (at >= 0) hosts.splice(at, 1);
  };
}

/**
 * Pending requests of one popup: settled together, each exactly once
 * (WeChat may ask again while the popup is up).
 */
export class PrivacyRequests {
  private pending: PrivacyResolve[] = [];

  add(resolve: PrivacyResolve): void {
    this.pending.push(resolve);
    // Tells WeChat the popup is showing.
    resolve({ event: 'exposureAuthorization' });
  }

  get size(): number {
    return this.pending.length;
  }

  agree(): void {
    for (const resolve of this.take()) resolve({ buttonId: PRIVACY_AGREE_BUTTON_ID, event: 'agree' });
  }

  disagree(): void {
    for (const resolve of this.take()) resolve({ event: 'disagree' });
  }

  private take(): PrivacyResolve[] {
    const all = this.pending;
    this.pending = [];
    return all;
  }
}

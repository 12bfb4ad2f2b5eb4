// The mini program as the preview sees it: app.json (pages, subpackages,
// window, tab bar) and the graph of components reached from the pages,
// with usingComponents resolved the way WeChat resolves them.
import fs from 'node:fs';
import path from 'node:path';
import type { Problem, TabBarConfig, TabBarItem, WindowConfig } from './runtime/manifest';

export type { Problem, TabBarConfig, TabBarItem, WindowConfig };

export interface AppConfig {
  /** Every page route (subpackage pages carry their root), entry first. */
  pages: string[];
  window: WindowConfig;
  tabBar: TabBarConfig | null;
  /** app.json's global usingComponents (tag → value as written). */
  usingComponents: Record<string, string>;
  /** Subpackage roots, without slashes: their modules load when one of their pages opens. */
  subpackages: string[];
}

export interface ComponentMeta {
  /** Root-relative path without extension, e.g. `pages/home/index`. */
  key: string;
  /** Registration id (letters only: exparser uses it as an element name part). */
  id: string;
  /** Class prefix, unique per component (WeChat's style isolation). */
  prefix: string;
  /** DOM tag of the component's host element. */
  tagName: string;
  isPage: boolean;
  /** usingComponents, tag → id (global components included). */
  using: Record<string, string>;
  /** Relation keys resolve through this: absolute component path → id. */
  path: string;
  /** The script file (index.ts or index.js), absolute. */
  script: string;
  /** Page json's window fields (pages only). */
  window: WindowConfig;
}

export interface ProjectGraph {
  root: string;
  app: AppConfig;
  /** Children before parents: registration order. */
  components: ComponentMeta[];
  byKey: Map<string, ComponentMeta>;
  problems: Problem[];
}

interface RawSubpackage {
  root?: unknown;
  pages?: unknown;
}

function readJson(file: string): Record<string, unknown> {
  const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new Error(`${file}: not a JSON object`);
  return raw as Record<string, unknown>;
}

function stringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) if (typeof v === 'string') out[k] = v;
  }
  return out;
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

export function readAppConfig(root: string): AppConfig {
  const app = readJson(path.join(root, 'app.json'));
  const pages = stringList(app.pages);
  const subs = [
    ...(Array.isArray(app.subpackages) ? app.subpackages : []),
    ...(Array.isArray(app.subPackages) ? app.subPackages : []),
  ];
  const subpackages: string[] = [];
  for (const sub of subs as RawSubpackage[]) {
    if (!sub || typeof sub.root !== 'string') continue;
    const subRoot = sub.root.replace(/^\/+|\/+$/g, '');
    subpackages.push(subRoot);
    for (const p of stringList(sub.pages)) pages.push(`${subRoot}/${p.replace(/^\/+/, '')}`);
  }
  const tabBarRaw = app.tabBar && typeof app.tabBar === 'object' ? (app.tabBar as Record<string, unknown>) : null;
  let tabBar: TabBarConfig | null = null;
  if (tabBarRaw && Array.isArray(tabBarRaw.list)) {
    tabBar = {
      ...(stringMap(tabBarRaw) as Omit<TabBarConfig, 'list'>),
      list: (tabBarRaw.list as unknown[])
        .filter((i): i is Record<string, unknown> => !!i && typeof i === 'object')
        .map((i) => stringMap(i) as unknown as TabBarItem)
        .filter((i) => typeof i.pagePath === 'string'),
    };
  }
  return {
    pages,
    window: (app.window && typeof app.window === 'object' ? app.window : {}) as WindowConfig,
    tabBar,
    usingComponents: stringMap(app.usingComponents),
    subpackages,
  };
}

function isComponentAt(base: string): boolean {
  return fs.existsSync(`${base}.json`) && (fs.existsSync(`${base}.ts`) || fs.existsSync(`${base}.js`));
}

/**
 * Where a usingComponents value points, root-relative without extension,
 * or null (plugin:// or missing). WeChat: `/x` from the root, `./x` `../x`
 * from the file's folder, anything else relative first, then npm packages
 * in miniprogram_npm folders from the file's folder up to the root.
 */
export function resolveComponentPath(root: string, fromKey: string, value: string): string | null {
  if (value.startsWith('plugin://') || value.startsWith('plugin-private://')) return null;
  const fromDir = path.dirname(path.join(root, fromKey));
  const candidates: string[] = [];
  if (value.startsWith('/')) candidates.push(path.join(root, value));
  else {
    candidates.push(path.join(fromDir, value));
    if (!value.startsWith('.')) {
      for (let d = fromDir; ; d = path.dirname(d)) {
        candidates.push(path.join(d, 'miniprogram_npm', value), path.join(d, 'miniprogram_npm', value, 'index'));
        if (d === root || !d.startsWith(root)) break;
      }
    }
  }
  for (const c of candidates) {
    if (c.startsWith(root + path.sep) && isComponentAt(c)) return path.relative(root, c).split(path.sep).join('/');
  }
  return null;
}

/** A readable class prefix: pages-home, article-item, van-button. */
function basePrefix(key: string, isPage: boolean): string {
  const parts = key.replace(/\/index$/, '').split('/');
  let name: string;
  if (isPage) name = parts.join('-');
  else if (parts[0] === 'miniprogram_npm' || parts.includes('miniprogram_npm')) {
    const npm = parts.slice(parts.lastIndexOf('miniprogram_npm') + 1);
    const pkg = npm[0] === '@vant' ? 'van' : (npm[0] || 'npm').replace(/^@/, '');
    const rest = npm.slice(npm[0]?.startsWith('@') ? 2 : 1);
    name = [pkg, ...rest].join('-');
  } else name = parts[parts.length - 1] || 'c';
  return name.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '') || 'c';
}

const LETTERS = 'abcdefghij';
function letterId(n: number): string {
  return `mp${String(n)
    .split('')
    .map((d) => LETTERS[Number(d)])
    .join('')}`;
}

function windowOf(json: Record<string, unknown>): WindowConfig {
  const w: WindowConfig = {};
  for (const [k, v] of Object.entries(json)) {
    if (
      k !== 'usingComponents' &&
      k !== 'component' &&
      (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')
    ) {
      (w as Record<string, unknown>)[k] = v;
    }
  }
  return w;
}

/** Reads app.json and every page's component tree. Problems are collected, not thrown. */
export function loadProject(root: string): ProjectGraph {
  const app = readAppConfig(root);
  const problems: Problem[] = [];
  const byKey = new Map<string, ComponentMeta>();
  const order: ComponentMeta[] = [];
  const usedPrefixes = new Set<string>();
  let seq = 0;

  const visit = (key: string, tagName: string, isPage: boolean, stack: string[]): string | null => {
    const seen = byKey.get(key);
    if (seen) return seen.id;
    if (stack.includes(key)) {
      problems.push({ file: `${key}.json`, message: `组件循环引用：${[...stack, key].join(' → ')}` });
      return null;
    }
    let json: Record<string, unknown>;
    try {
      json = readJson(path.join(root, `${key}.json`));
    } catch (err) {
      problems.push({ file: `${key}.json`, message: (err as Error).message });
      return null;
    }
    const script = [`${key}.ts`, `${key}.js`].map((f) => path.join(root, f)).find((f) => fs.existsSync(f));
    if (!script) {
      problems.push({ file: key, message: '缺少 index.ts / index.js' });
      return null;
    }
    const base = basePrefix(key, isPage);
    let prefix = base;
    for (let i = 2; usedPrefixes.has(prefix); i++) prefix = `${base}${i}`;
    usedPrefixes.add(prefix);
    const meta: ComponentMeta = {
      key,
      id: letterId(++seq),
      prefix,
      tagName: isPage ? `page-${prefix}` : tagName,
      isPage,
      using: {},
      path: `/${key}`,
      script,
      window: isPage ? windowOf(json) : {},
    };
    byKey.set(key, meta);
    // Global components (app.json) are usable everywhere; a component's own win.
    const usingRaw = { ...app.usingComponents, ...stringMap(json.usingComponents) };
    for (const [tag, value] of Object.entries(usingRaw)) {
      const fromKey = tag in stringMap(json.usingComponents) ? key : 'app';
      const target = resolveComponentPath(root, fromKey, value);
      if (!target) {
        if (!value.startsWith('plugin'))
          problems.push({ file: `${key}.json`, message: `找不到组件 ${tag}: "${value}"` });
        continue;
      }
      if (target === key) continue;
      const id = visit(target, tag, false, [...stack, key]);
      if (id) meta.using[tag] = id;
    }
    order.push(meta);
    return meta.id;
  };

  for (const page of app.pages) {
    if (!isComponentAt(path.join(root, page))) {
      problems.push({ file: 'app.json', message: `页面 ${page} 不存在（缺少 .json 或 .ts/.js）` });
      continue;
    }
    visit(page, '', true, []);
  }
  return { root, app, components: order, byKey, problems };
}

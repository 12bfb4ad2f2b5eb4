// Component(), Behavior(), Page() and App() over j-component/exparser, the
// way miniprogram-simulate glues them, with what WeChat does that simulate
// leaves out: pages keep raw class names (their styles are scoped by the
// page wrapper), relations by path, and a clear error for a component
// script that never calls Component().
import jComponent from 'j-component';
import { getManifest, type ComponentInfo } from './env';
import { reportError } from './errors';
import { loadPackage, requireModule } from './modules';

type AnyFn = (...args: unknown[]) => unknown;
type Options = Record<string, unknown>;

let loading: ComponentInfo | null = null;
let registered = false;
const registeredIds = new Set<string>();
let appInstance: Options = {};

function posixJoin(dir: string, relPath: string): string {
  const out: string[] = [];
  for (const seg of `${dir}/${relPath}`.split('/')) {
    if (!seg || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  return `/${out.join('/')}`;
}

function dirname(p: string): string {
  return p.replace(/\/[^/]*$/, '') || '/';
}

function template(info: ComponentInfo): unknown {
  const gwx = window.__gwx;
  if (!gwx) throw new Error('模板未编译（gwx.js 未加载）');
  const fn = gwx(info.wxml);
  if (typeof fn !== 'function') throw new Error(`模板 ${info.wxml} 未编译`);
  return fn;
}

let baseBehavior: string | null = null;

/** Instance methods WeChat gives every component that j-component leaves out. */
function base(): string {
  if (baseBehavior) return baseBehavior;
  baseBehavior = jComponent.behavior({
    methods: {
      groupSetData(this: Options, fn: unknown) {
        if (typeof fn === 'function') (fn as () => void).call(this);
      },
      getPageId(this: Options) {
        return `pageId:${String((this as { __webviewId__?: unknown }).__webviewId__ ?? 0)}`;
      },
      animate(_selector: unknown, _keyframes: unknown, _duration: unknown, callback: unknown) {
        if (typeof callback === 'function') setTimeout(callback as () => void, 0);
      },
      clearAnimation(_selector: unknown, _options: unknown, callback: unknown) {
        if (typeof callback === 'function') setTimeout(callback as () => void, 0);
      },
      getOpenerEventChannel() {
        return { emit() {}, on() {}, once() {}, off() {} };
      },
      getTabBar() {
        return null;
      },
    },
  });
  return baseBehavior;
}

function registerComponent(options: Options): void {
  const info = loading;
  if (!info) throw new Error('Component() 只能在组件或页面的脚本中调用');
  if (registered) throw new Error(`${info.key}: Component() 被调用了两次`);
  registered = true;
  const definition: Options = {
    ...options,
    id: info.id,
    path: info.path,
    template: template(info),
    behaviors: [base(), ...((options.behaviors as unknown[] | undefined) || [])],
    usingComponents: info.using,
    tagName: info.tagName,
  };
  const own = (options.options as Options | undefined) || {};
  // Pages write raw class names: their styles are scoped to the page
  // wrapper instead, so they also reach addGlobalClass components (WeChat's
  // "shared" isolation for pages).
  definition.options = info.isPage
    ? { ...own, classPrefix: '', addGlobalClass: true }
    : { ...own, classPrefix: info.prefix };
  const relations = options.relations as Record<string, Options> | undefined;
  if (relations) {
    const byPath = new Map(getManifest().components.map((c) => [c.path, c.id]));
    const mapped: Record<string, Options> = {};
    for (const [key, value] of Object.entries(relations)) {
      const abs = key.startsWith('/') ? key : posixJoin(dirname(info.path), key);
      const id = byPath.get(abs.replace(/\.js$/, ''));
      mapped[id || key] = id ? { ...value, target: id } : value;
    }
    definition.relations = mapped;
  }
  jComponent.register(definition);
  registeredIds.add(info.id);
}

/** Page(options): functions become methods, other fields land on the instance. */
function registerPage(options: Options): void {
  const methods: Record<string, AnyFn> = {};
  const fields: Options = {};
  for (const [k, v] of Object.entries(options)) {
    if (k === 'data' || k === 'options' || k === 'behaviors') continue;
    if (typeof v === 'function') methods[k] = v as AnyFn;
    else fields[k] = v;
  }
  registerComponent({
    data: options.data || {},
    behaviors: options.behaviors || [],
    options: options.options || {},
    methods,
    lifetimes: {
      created(this: Options) {
        Object.assign(this, JSON.parse(JSON.stringify(fields)) as Options);
      },
    },
  });
}

export function installComponentGlobals(): void {
  const g = globalThis as unknown as Record<string, unknown>;
  g.Component = (options: Options) => registerComponent(options || {});
  g.Behavior = (definition: Options) => jComponent.behavior(definition || {});
  g.Page = (options: Options) => registerPage(options || {});
  g.App = (options: Options) => {
    appInstance = options || {};
  };
  g.getApp = () => appInstance;
}

export function app(): Options {
  return appInstance;
}

/** Runs one component's script with its metadata in scope. */
export function defineComponent(id: string, load: () => unknown): void {
  const info = getManifest().components.find((c) => c.id === id);
  if (!info) return;
  loading = info;
  registered = false;
  try {
    load();
    if (!registered) throw new Error(`${info.key}: 脚本没有调用 Component()/Page()（或已被其他脚本先行加载）`);
  } catch (err) {
    reportError(err, `加载 ${info.key}`);
  } finally {
    loading = null;
  }
}

export function isRegistered(id: string): boolean {
  return registeredIds.has(id);
}

const openedPackages = new Set<string>();

/**
 * Loads a package ('' main, or a subpackage root) once: its modules, then
 * `first` (app.js for the main package), then its components' scripts,
 * children first. Failures show on the page; the pages that did register run.
 */
export function openPackage(pkg: string, first: string | null = null): void {
  if (openedPackages.has(pkg)) return;
  openedPackages.add(pkg);
  try {
    loadPackage(pkg);
  } catch (err) {
    reportError(err, pkg ? `加载分包 ${pkg}` : '加载主包');
    return;
  }
  if (first) {
    try {
      requireModule(first);
    } catch (err) {
      reportError(err, `加载 ${first}`);
    }
  }
  for (const c of getManifest().components) {
    if (c.pkg === pkg) defineComponent(c.id, () => requireModule(c.script));
  }
}

// Loads every module of a compiled package the way WeChat would: each .js
// on its own, through WeChat's require (./require.ts), with only the files
// the compiler put in the package and App/Page/Component/Behavior/wx
// stubbed. A module that throws on load, a require that cannot resolve, and
// a bare name that resolves to a local file instead of the npm package of
// that name (utils/dayjs.js requiring 'dayjs' gets itself) are problems,
// each named by file and require.
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { walkFiles } from '../build/fsutil';
import { misdirected, resolveRequire } from './require';

export interface LoadProblem {
  /** Package-relative file. */
  file: string;
  /** The require that failed or resolved wrongly, when there is one. */
  require?: string;
  message: string;
}

export interface LoadReport {
  modules: number;
  loaded: number;
  problems: LoadProblem[];
  /** What each module passed to Component()/Page()/App(), by module. */
  definitions: Map<string, { kind: string; def: unknown }>;
  /** The modules each module requires (resolved), by module. */
  requires: Map<string, string[]>;
}

export function formatLoadProblem(p: LoadProblem): string {
  return `${p.file}${p.require ? ` require('${p.require}')` : ''}: ${p.message}`;
}

/**
 * wx at load time: the system info a phone answers (the base library from
 * project.config.json's libVersion), every other API a no-op returning
 * nothing. No catch-all proxies: code that loops over what it gets back
 * would spin on one.
 */
function wxStub(libVersion: string): Record<string, unknown> {
  const info = {
    SDKVersion: libVersion,
    platform: 'ios',
    system: 'iOS 17.0',
    version: '8.0.50',
    pixelRatio: 2,
    screenWidth: 375,
    screenHeight: 812,
    windowWidth: 375,
    windowHeight: 700,
    statusBarHeight: 44,
    safeArea: { top: 44, bottom: 778, left: 0, right: 375, width: 375, height: 734 },
  };
  const known: Record<string, unknown> = {
    getSystemInfoSync: () => info,
    getWindowInfo: () => info,
    getDeviceInfo: () => info,
    getAppBaseInfo: () => info,
    canIUse: () => true,
    getStorageSync: () => '',
    getMenuButtonBoundingClientRect: () => ({ top: 48, bottom: 80, left: 281, right: 368, width: 87, height: 32 }),
  };
  return new Proxy(known, {
    get: (target, key) => (typeof key === 'string' && !(key in target) ? () => undefined : target[key as string]),
  });
}

class ModuleLoadError extends Error {}

/** Errors thrown inside the vm come from another realm: no instanceof Error. */
function describe(err: unknown): string {
  if (err instanceof ModuleLoadError) return err.message;
  if (err && typeof err === 'object' && 'message' in err) {
    const name = 'name' in err ? String(err.name) : 'Error';
    return `${name}: ${String(err.message)}`;
  }
  return String(err);
}

export interface LoadOptions {
  /** Names of the npm packages the project depends on (package.json dependencies). */
  packages?: readonly string[];
  /** The base library the phone reports (project.config.json libVersion). */
  libVersion?: string;
}

export function loadCompiledPackage(dir: string, options: LoadOptions = {}): LoadReport {
  const all = walkFiles(dir, () => true, new Set()).map((f) => path.relative(dir, f).split(path.sep).join('/'));
  const files = new Set(all);
  const modules = all.filter((f) => f.endsWith('.js')).sort((a, b) => (a === 'app.js' ? -1 : b === 'app.js' ? 1 : 0));
  const packages = new Set(options.packages ?? []);
  const problems: LoadProblem[] = [];
  const definitions = new Map<string, { kind: string; def: unknown }>();
  const requires = new Map<string, string[]>();
  const loading: string[] = [];
  const register = (kind: string) => (def: unknown) => {
    const file = loading[loading.length - 1];
    if (file) definitions.set(file, { kind, def });
    return def;
  };
  const context = vm.createContext({
    console: { log() {}, info() {}, warn() {}, error() {}, debug() {} },
    setTimeout,
    clearTimeout,
    setInterval,
    clearInterval,
    Promise,
    wx: wxStub(options.libVersion ?? '3.6.0'),
    App: register('App'),
    Page: register('Page'),
    Component: register('Component'),
    Behavior: (def: unknown) => ({ behavior: def }),
    getApp: () => ({ globalData: {} }),
    getCurrentPages: () => [],
    requirePlugin: () => {
      throw new Error('requirePlugin: no plugins in this project');
    },
  });
  const cache = new Map<string, { exports: unknown }>();
  const failed = new Map<string, string>();

  const load = (file: string): unknown => {
    const known = cache.get(file);
    if (known) return known.exports;
    const prior = failed.get(file);
    if (prior) throw new ModuleLoadError(`${file} failed to load: ${prior}`);
    const module = { exports: {} as unknown };
    cache.set(file, module);
    const require = (spec: string): unknown => {
      const r = resolveRequire(files, file, spec);
      if (!r.ok) {
        problems.push({ file, require: spec, message: r.reason });
        throw new ModuleLoadError(`require('${spec}') from ${file}: ${r.reason}`);
      }
      const wrong = misdirected(file, spec, r, packages);
      if (wrong) problems.push({ file, require: spec, message: wrong });
      requires.set(file, [...(requires.get(file) ?? []), r.file]);
      return load(r.file);
    };
    const code = fs.readFileSync(path.join(dir, file), 'utf8');
    const wrapped = `(function (module, exports, require) {${code}\n})`;
    loading.push(file);
    try {
      const fn = new vm.Script(wrapped, { filename: path.join(dir, file) }).runInContext(context) as (
        m: { exports: unknown },
        e: unknown,
        r: (s: string) => unknown,
      ) => void;
      fn(module, module.exports, require);
    } catch (err) {
      cache.delete(file);
      failed.set(file, describe(err));
      throw err instanceof ModuleLoadError ? err : new ModuleLoadError(describe(err));
    } finally {
      loading.pop();
    }
    return module.exports;
  };

  let loaded = 0;
  for (const file of modules) {
    try {
      load(file);
      loaded += 1;
    } catch (err) {
      problems.push({ file, message: `throws on load: ${describe(err)}` });
    }
  }
  const seen = new Set<string>();
  const unique = problems.filter((p) => {
    const key = formatLoadProblem(p);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return { modules: modules.length, loaded, problems: unique, definitions, requires };
}

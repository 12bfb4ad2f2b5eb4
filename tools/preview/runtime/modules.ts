// The preview's module loader: every JS module of the mini program runs on
// its own (define/require registry), required by WeChat's rule — the same
// resolveRequire the compiled-package check uses (tools/compiled/require.ts).
// A package's modules are fetched when it is first needed: the main package
// at launch, a subpackage when one of its pages opens
// (https://developers.weixin.qq.com/miniprogram/dev/framework/subpackages/basic.html:
// "packageA 无法 require packageB JS 文件…" and the main package cannot
// require a subpackage's). A require that resolves to nothing, to the
// requiring file itself, or to a local file shadowing an npm package throws
// a ModuleError, which the caller shows on the page.
import { misdirected, resolveRequire } from '../../compiled/require';
import { getManifest } from './env';

export class ModuleError extends Error {
  override name = 'ModuleError';
}

type ModuleFn = (require: (spec: string) => unknown, module: { exports: unknown }, exports: unknown) => void;

const sources = new Map<string, string>();
const loadedPackages = new Set<string>();
const cache = new Map<string, { exports: unknown }>();

/** The served package's modules, by sync request: require() is synchronous in WeChat. */
function fetchPackage(pkg: string): void {
  if (loadedPackages.has(pkg)) return;
  const xhr = new XMLHttpRequest();
  xhr.open('GET', `/__preview/package/${encodeURIComponent(pkg || 'main')}.json`, false);
  xhr.send();
  if (xhr.status !== 200) throw new ModuleError(`分包 ${pkg || '主包'} 的脚本加载失败（HTTP ${xhr.status}）`);
  const files = JSON.parse(xhr.responseText) as Record<string, string>;
  for (const [file, code] of Object.entries(files)) sources.set(file, code);
  loadedPackages.add(pkg);
}

export function loadPackage(pkg: string): void {
  fetchPackage(pkg);
}

/** What evaluate() puts before a module's first line (columns on line 1 shift by its length). */
export const MODULE_PREFIX = '(function (require, module, exports) {';

function evaluate(file: string, code: string): ModuleFn {
  // Indirect eval: global scope, and `sourceURL` names the file in stacks and DevTools.
  const indirect = eval;
  return indirect(`${MODULE_PREFIX}${code}\n})\n//# sourceURL=/mp-module/${file}`) as ModuleFn;
}

/** A loaded module's inline source map (a transpiled .ts), as JSON text, or null. */
export function inlineSourceMap(file: string): string | null {
  const code = sources.get(file);
  const m = code ? /\/\/# sourceMappingURL=data:application\/json;base64,([A-Za-z0-9+/=]+)\s*$/.exec(code) : null;
  if (!m || !m[1]) return null;
  const bytes = Uint8Array.from(atob(m[1]), (ch) => ch.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

/** Runs (once) and returns a package module, e.g. `pages/home/index.js`. */
export function requireModule(file: string): unknown {
  const done = cache.get(file);
  if (done) return done.exports;
  const manifest = getManifest();
  const pkg = manifest.modules[file];
  if (pkg === undefined) throw new ModuleError(`${file} 不在小程序代码包中`);
  fetchPackage(pkg);
  const code = sources.get(file);
  if (code === undefined) throw new ModuleError(`${file} 不在小程序代码包中`);
  const module = { exports: {} as unknown };
  cache.set(file, module);
  const files = new Set(Object.keys(manifest.modules));
  const npm = new Set(manifest.npm);
  const require = (spec: string): unknown => {
    const r = resolveRequire(files, file, String(spec));
    if (!r.ok) throw new ModuleError(`${file} 中 require('${spec}') 失败：${r.reason}`);
    const wrong = misdirected(file, String(spec), r, npm);
    if (wrong) throw new ModuleError(`${file} 中 require('${spec}') 加载了错误的文件：${wrong}`);
    const target = manifest.modules[r.file] ?? '';
    if (target && target !== pkg)
      throw new ModuleError(
        `${file} 中 require('${spec}') 失败：${r.file} 在分包 ${target} 中，${pkg ? `分包 ${pkg}` : '主包'}不能引用它`,
      );
    return requireModule(r.file);
  };
  try {
    evaluate(file, code)(require, module, module.exports);
  } catch (err) {
    // A module that threw is not cached: the next require tries again and fails the same way.
    cache.delete(file);
    throw err;
  }
  return module.exports;
}

// WeChat's require, emulated on a package (a folder of .js files as the
// compiler emits them), no more forgiving than the real one:
// - https://developers.weixin.qq.com/miniprogram/dev/reference/api/require.html
//   "path: 相对于当前文件的相对路径，或 npm 模块名，或 npm 模块路径。不支持绝对路径"; its
//   own example is require('common.js'): a path without './' is tried
//   relative to the requiring file first.
// - https://developers.weixin.qq.com/miniprogram/dev/devtools/npm.html
//   then the package in miniprogram_npm ("只引入包名，则默认寻找包名下的 index.js"),
//   looked up from the file's folder up to the package root.
// - Relative paths get no folder index lookup (DESIGN §8), and only what
//   the compiler put in the package exists.
// Dependency-free (no node:path): the browser preview's module loader
// (tools/preview/runtime/modules.ts) resolves with this same function.

export type Resolution = { ok: true; file: string; via: 'relative' | 'npm' } | { ok: false; reason: string };

/** posix normalize of a package-relative path ('' for the root; may start with '..'). */
function normalize(p: string): string {
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (!seg || seg === '.') continue;
    if (seg === '..' && out.length && out[out.length - 1] !== '..') out.pop();
    else out.push(seg);
  }
  return out.join('/');
}

function dirname(p: string): string {
  const i = p.lastIndexOf('/');
  return i < 0 ? '.' : p.slice(0, i) || '/';
}

function join(...parts: string[]): string {
  return normalize(parts.filter((x) => x && x !== '.').join('/'));
}

/** `.js` appended unless the path already names a .js file. */
function withJs(p: string): string {
  return p.endsWith('.js') ? p : `${p}.js`;
}

function inside(p: string): boolean {
  return p !== '..' && !p.startsWith('../') && !p.startsWith('/');
}

/**
 * Where `spec`, required from package file `from` (posix, relative to the
 * package root), loads from in WeChat; `files` is every file in the package.
 */
export function resolveRequire(files: ReadonlySet<string>, from: string, spec: string): Resolution {
  if (spec.startsWith('/')) return { ok: false, reason: 'absolute paths are not supported by WeChat’s require' };
  const dir = dirname(from);
  const local = join(dir, withJs(spec));
  const relative = spec.startsWith('./') || spec.startsWith('../');
  if (inside(local) && files.has(local)) return { ok: true, file: local, via: 'relative' };
  if (relative) {
    const folder = join(dir, spec, 'index.js');
    const hint = files.has(folder) ? ` (${folder} exists, but WeChat does not look for a folder's index)` : '';
    return { ok: false, reason: `${local} is not in the compiled package${hint}` };
  }
  // npm: miniprogram_npm in the file's folder, then each parent up to the root.
  for (let d = dir; ; d = dirname(d)) {
    const base = join(d, 'miniprogram_npm', spec);
    for (const candidate of [withJs(base), join(base, 'index.js')]) {
      if (files.has(candidate)) return { ok: true, file: candidate, via: 'npm' };
    }
    if (d === '.' || d === '' || d === '/') break;
  }
  return {
    ok: false,
    reason: `neither ${local} nor miniprogram_npm/${spec}(.js|/index.js) from ${dir} up is in the compiled package`,
  };
}

/** The package name a bare specifier starts with ('@scope/name' or 'name'). */
export function packageName(spec: string): string {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] as string);
}

/**
 * Why a require that resolved still loads the wrong file, or null: the
 * requiring file itself, or a local file where the project depends on the
 * npm package of that name (`packages`): utils/dayjs.js requiring 'dayjs'
 * gets itself on a phone.
 */
export function misdirected(from: string, spec: string, r: Resolution, packages: ReadonlySet<string>): string | null {
  if (!r.ok) return null;
  if (r.file === from)
    return `resolves to ${from} itself (WeChat tries a bare name relative to the file first): rename the module`;
  if (r.via === 'relative' && !spec.startsWith('.') && packages.has(packageName(spec)))
    return `loads ${r.file}, not the npm package '${packageName(spec)}' (WeChat tries a bare name relative to the file first)`;
  return null;
}

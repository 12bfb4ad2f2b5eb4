// The mini program's JS modules as the preview serves them: each file on
// its own, grouped by package (main and each subpackage), for the browser's
// module loader (runtime/modules.ts) to run under WeChat's require rule.
// A .js file (the compiler's package, miniprogram_npm) is served as it is,
// parsed first so a syntax error names its file at build time; a .ts file
// (editing under `npm start`) is transpiled alone by esbuild's `transform`.
// Both are cached by mtime, so a reload only redoes the files that changed.
import fs from 'node:fs';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { walkFiles } from '../build/fsutil';
import { packageName } from '../compiled/require';
import type { Problem } from './runtime/manifest';

export interface PackageModules {
  /** Package-relative .js path → its code, per package ('' is the main package). */
  byPackage: Map<string, Map<string, string>>;
  /** Every module → its package. */
  index: Record<string, string>;
  /** npm packages the project uses (miniprogram_npm folders and the project's dependencies). */
  npm: string[];
  problems: Problem[];
}

const cache = new Map<string, { mtimeMs: number; size: number; code: string }>();

function rel(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/');
}

/** The subpackage a package file belongs to ('' for the main package). */
export function packageOf(file: string, subpackages: readonly string[]): string {
  return subpackages.find((r) => file.startsWith(`${r}/`)) ?? '';
}

async function moduleCode(abs: string, file: string): Promise<string> {
  const st = fs.statSync(abs);
  const hit = cache.get(abs);
  if (hit && hit.mtimeMs === st.mtimeMs && hit.size === st.size) return hit.code;
  const src = fs.readFileSync(abs, 'utf8');
  let code = src;
  if (abs.endsWith('.ts')) {
    const out = await esbuild.transform(src, {
      loader: 'ts',
      format: 'cjs',
      target: 'chrome100',
      sourcemap: 'inline',
      sourcefile: file.replace(/\.js$/, '.ts'),
    });
    code = out.code;
  } else await esbuild.transform(src, { loader: 'js', sourcefile: file });
  cache.set(abs, { mtimeMs: st.mtimeMs, size: st.size, code });
  return code;
}

function npmNames(root: string, files: string[]): string[] {
  const names = new Set<string>();
  for (const f of files) {
    const m = /(?:^|\/)miniprogram_npm\/((?:@[^/]+\/)?[^/]+)\//.exec(f);
    if (m && m[1]) names.add(packageName(m[1]));
  }
  const pkgJson = path.join(root, '..', 'package.json');
  if (fs.existsSync(pkgJson)) {
    try {
      const deps = (JSON.parse(fs.readFileSync(pkgJson, 'utf8')) as { dependencies?: Record<string, string> })
        .dependencies;
      for (const name of Object.keys(deps ?? {})) names.add(name);
    } catch {
      // a broken package.json is the build's to report
    }
  }
  return [...names].sort();
}

export async function collectModules(root: string, subpackages: readonly string[]): Promise<PackageModules> {
  const scripts = walkFiles(
    root,
    (f) => (f.endsWith('.js') || f.endsWith('.ts')) && !f.endsWith('.d.ts'),
    new Set(['node_modules']),
  );
  // A .ts and a .js of the same name: DevTools' typescript plugin compiles the .ts.
  const chosen = new Map<string, string>();
  for (const abs of scripts) {
    const file = rel(root, abs).replace(/\.ts$/, '.js');
    if (!chosen.has(file) || abs.endsWith('.ts')) chosen.set(file, abs);
  }
  const byPackage = new Map<string, Map<string, string>>([['', new Map()]]);
  for (const sub of subpackages) byPackage.set(sub, new Map());
  const index: Record<string, string> = {};
  const problems: Problem[] = [];
  await Promise.all(
    [...chosen].map(async ([file, abs]) => {
      const pkg = packageOf(file, subpackages);
      try {
        const code = await moduleCode(abs, file);
        byPackage.get(pkg)?.set(file, code);
        index[file] = pkg;
      } catch (err) {
        const failure = err as esbuild.TransformFailure;
        const first = failure.errors?.[0];
        problems.push({
          file: first?.location ? `${rel(root, abs)}:${first.location.line}:${first.location.column}` : rel(root, abs),
          message: first ? first.text : String(err),
        });
      }
    }),
  );
  return { byPackage, index, npm: npmNames(root, [...chosen.keys()]), problems };
}

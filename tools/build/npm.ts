// miniprogram_npm in the layout WeChat DevTools' "Build npm" makes, for the
// packages in package.json `dependencies` (never devDependencies):
// - a package with a `miniprogram` field (a component library such as
//   @vant/weapp) is that folder copied as real files;
// - any other package is its main entry packed ALONE into <pkg>/index.js:
//   `dayjs` works in WeChat, `dayjs/plugin/x` and `dayjs/locale/x` do not.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import * as esbuild from 'esbuild';
import type { BuildPaths } from './paths';
import { isDir, syncDir, writeIfChanged } from './fsutil';

export interface NpmPackageResult {
  name: string;
  version: string;
  kind: 'miniprogram' | 'main-entry';
  files: number;
  bytes: number;
  /** Files written by this run (0 on a second, idempotent run). */
  changed: number;
}

interface PackageJson {
  name?: string;
  version?: string;
  main?: string;
  miniprogram?: string;
  dependencies?: Record<string, string>;
}

function readJson<T>(file: string): T {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
}

/** The installed package folder, found the way Node finds it from `fromDir`. */
function packageDir(name: string, fromDir: string): string {
  let dir = fromDir;
  for (;;) {
    const candidate = path.join(dir, 'node_modules', name);
    if (fs.existsSync(path.join(candidate, 'package.json'))) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`package "${name}" is not installed (run npm ci)`);
    dir = parent;
  }
}

async function packMainEntry(name: string, dir: string, pkg: PackageJson, dest: string): Promise<NpmPackageResult> {
  const entry = createRequire(path.join(dir, 'package.json')).resolve(dir);
  const out = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    format: 'cjs',
    platform: 'neutral',
    mainFields: ['main'],
    target: 'es2015',
    write: false,
    logLevel: 'silent',
    banner: { js: `/* ${name}@${pkg.version ?? '?'}: main entry packed alone, as WeChat DevTools "Build npm" does */` },
  });
  const code = out.outputFiles[0];
  if (!code) throw new Error(`esbuild produced nothing for ${name}`);
  // Only index.js belongs here: remove anything else (a stale copy, a symlink).
  if (fs.existsSync(dest) && !fs.lstatSync(dest).isDirectory()) fs.rmSync(dest, { force: true });
  fs.mkdirSync(dest, { recursive: true });
  let removed = 0;
  for (const other of fs.readdirSync(dest)) {
    if (other === 'index.js') continue;
    fs.rmSync(path.join(dest, other), { recursive: true, force: true });
    removed += 1;
  }
  const written = writeIfChanged(path.join(dest, 'index.js'), code.contents);
  return {
    name,
    version: pkg.version ?? '?',
    kind: 'main-entry',
    files: 1,
    bytes: code.contents.length,
    changed: (written ? 1 : 0) + removed,
  };
}

export async function buildMiniprogramNpm(paths: BuildPaths): Promise<NpmPackageResult[]> {
  const rootPkg = readJson<PackageJson>(path.join(paths.root, 'package.json'));
  const queue = Object.keys(rootPkg.dependencies ?? {});
  const done = new Map<string, Promise<NpmPackageResult>>();

  while (queue.length > 0) {
    const name = queue.shift() as string;
    if (done.has(name)) continue;
    const dir = packageDir(name, paths.root);
    const pkg = readJson<PackageJson>(path.join(dir, 'package.json'));
    const dest = path.join(paths.npmRoot, name);
    if (typeof pkg.miniprogram === 'string') {
      const src = path.join(dir, pkg.miniprogram);
      if (!isDir(src)) throw new Error(`${name}: its "miniprogram" folder ${pkg.miniprogram} is missing`);
      const stats = syncDir(src, dest);
      done.set(
        name,
        Promise.resolve({
          name,
          version: pkg.version ?? '?',
          kind: 'miniprogram',
          files: stats.files,
          bytes: stats.bytes,
          changed: stats.copied + stats.removed,
        }),
      );
      // DevTools also packs a component library's own dependencies.
      queue.push(...Object.keys(pkg.dependencies ?? {}));
    } else {
      done.set(name, packMainEntry(name, dir, pkg, dest));
    }
  }

  removeStale(paths.npmRoot, [...done.keys()]);
  return Promise.all(done.values());
}

/** Drops packages that are no longer dependencies (top level and inside @scopes). */
function removeStale(npmRoot: string, names: string[]): void {
  if (!isDir(npmRoot)) return;
  const top = new Set(names.map((n) => n.split('/')[0] as string));
  for (const ent of fs.readdirSync(npmRoot)) {
    if (!top.has(ent)) {
      fs.rmSync(path.join(npmRoot, ent), { recursive: true, force: true });
      continue;
    }
    if (!ent.startsWith('@')) continue;
    const inScope = new Set(names.filter((n) => n.startsWith(`${ent}/`)).map((n) => n.slice(ent.length + 1)));
    for (const sub of fs.readdirSync(path.join(npmRoot, ent))) {
      if (!inScope.has(sub)) fs.rmSync(path.join(npmRoot, ent, sub), { recursive: true, force: true });
    }
  }
}

// Package sizes: does the main package grow with the staff console?
//
// The measurement; tools/size.ts is its command line (npm run size).
//
// WeChat downloads the main package before the first page shows; a
// subpackage (app.json `subpackages`) only when one of its pages opens. The
// console is the `admin` subpackage, so members never download it, and it
// must not make the main package bigger. Two measures, each with and without
// the console:
//
// 1. Files: every file outside the subpackage roots (what a plain upload
//    packs). "Without" is the same tree minus admin/ and minus its
//    declaration in app.json.
// 2. Reachable: what an upload with "filter unused files" packs: the code
//    the main pages reach (requires, usingComponents, wxml import/include,
//    wxs, wxss @import) plus every main-package file a subpackage reaches
//    (it must ship in the main package), plus assets. The difference with
//    and without the console is exactly the main-package code only the
//    console uses ("console-only files in the main package").
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { runtimeRequires } from '../build/check';
import { isFile, walkFiles } from '../build/fsutil';

export interface Subpackage {
  root: string;
  pages: string[];
}

interface AppJson {
  pages?: string[];
  subpackages?: Array<{ root?: string; pages?: string[] }>;
  subPackages?: Array<{ root?: string; pages?: string[] }>;
  usingComponents?: Record<string, string>;
  tabBar?: { list?: Array<{ iconPath?: string; selectedIconPath?: string }> };
}

export interface SizeReport {
  subpackage: string;
  /** Measure 1: every file outside subpackage roots. */
  mainFiles: { withConsole: number; withoutConsole: number };
  /** Measure 2: what an upload that filters unused files packs into the main package. */
  mainReachable: { withConsole: number; withoutConsole: number };
  /** app.json bytes the subpackage's declaration takes. */
  declarationBytes: number;
  /** Main-package files that only the console reaches (should be none). */
  consoleOnlyInMain: Array<{ file: string; bytes: number }>;
  /** Console files the main package reaches (must be none: WeChat would fail). */
  mainReachesConsole: string[];
  subpackageBytes: number;
  subpackageFiles: number;
}

const CODE_EXT = ['.ts', '.js', '.json', '.wxml', '.wxss', '.wxs'];
const COMPONENT_EXT = ['.json', '.wxml', '.wxss', '.ts', '.js'];
const TS_OPTIONS: ts.CompilerOptions = {
  module: ts.ModuleKind.CommonJS,
  target: ts.ScriptTarget.ES2020,
  isolatedModules: true,
};

function readApp(root: string): AppJson {
  return JSON.parse(fs.readFileSync(path.join(root, 'app.json'), 'utf8')) as AppJson;
}

function subpackagesOf(app: AppJson): Subpackage[] {
  return [...(app.subpackages || []), ...(app.subPackages || [])]
    .filter((s): s is { root: string; pages?: string[] } => typeof s.root === 'string')
    .map((s) => ({ root: s.root.replace(/\/+$/, ''), pages: s.pages || [] }));
}

function bytes(file: string): number {
  return fs.statSync(file).size;
}

function under(dir: string, file: string): boolean {
  const r = path.relative(dir, file);
  return r !== '' && !r.startsWith('..') && !path.isAbsolute(r);
}

/** Resolves a path written in `from` (absolute = from the mini program root). */
function resolveRef(root: string, from: string, ref: string): string {
  return ref.startsWith('/') ? path.join(root, ref) : path.resolve(path.dirname(from), ref);
}

/** Follows every reference of the mini program's files, from `roots` (component bases or files). */
export function reachable(root: string, roots: string[]): Set<string> {
  const npm = path.join(root, 'miniprogram_npm');
  const seen = new Set<string>();
  const queue: string[] = [];
  const addFile = (f: string) => {
    if (isFile(f) && !seen.has(f)) {
      seen.add(f);
      queue.push(f);
    }
  };
  const addComponent = (base: string) => {
    for (const ext of COMPONENT_EXT) addFile(`${base}${ext}`);
  };
  const addModule = (base: string) => {
    for (const c of [base, `${base}.ts`, `${base}.js`, path.join(base, 'index.js')]) {
      if (isFile(c)) {
        addFile(c);
        return;
      }
    }
  };
  for (const r of roots) {
    if (isFile(r)) addFile(r);
    else addComponent(r);
  }
  while (queue.length) {
    const file = queue.shift() as string;
    const ext = path.extname(file);
    const src = fs.readFileSync(file, 'utf8');
    if (ext === '.json') {
      let using: Record<string, unknown> = {};
      try {
        using = ((JSON.parse(src) as { usingComponents?: Record<string, unknown> }).usingComponents || {}) as Record<
          string,
          unknown
        >;
      } catch {
        continue;
      }
      for (const v of Object.values(using)) {
        if (typeof v !== 'string' || v.startsWith('plugin')) continue;
        if (v.startsWith('/') || v.startsWith('.')) addComponent(resolveRef(root, file, v));
        else {
          const local = path.resolve(path.dirname(file), v);
          addComponent(isFile(`${local}.json`) ? local : path.join(npm, v));
        }
      }
    } else if (ext === '.wxml') {
      for (const m of src.matchAll(/<(?:import|include|wxs)\b[^>]*\bsrc\s*=\s*["']([^"'{}]+)["']/g)) {
        addFile(resolveRef(root, file, m[1] as string));
      }
    } else if (ext === '.wxss') {
      for (const m of src.matchAll(/@import\s+["']([^"']+)["']/g)) addFile(resolveRef(root, file, m[1] as string));
    } else if (ext === '.wxs') {
      for (const m of src.matchAll(/require\(\s*["']([^"']+)["']\s*\)/g))
        addFile(resolveRef(root, file, m[1] as string));
    } else if (ext === '.ts' || ext === '.js') {
      for (const spec of runtimeRequires(src, file, TS_OPTIONS)) {
        if (spec.startsWith('.')) addModule(path.resolve(path.dirname(file), spec));
        else if (!spec.startsWith('/')) addModule(path.join(npm, spec));
      }
    }
  }
  return seen;
}

function sum(files: Iterable<string>): number {
  let n = 0;
  for (const f of files) n += bytes(f);
  return n;
}

/** Measures the main package with and without subpackage `name` (default: admin). */
export function measure(root: string, name = 'admin'): SizeReport {
  const app = readApp(root);
  const subs = subpackagesOf(app);
  const sub = subs.find((s) => s.root === name);
  if (!sub) throw new Error(`app.json declares no subpackage with root "${name}"`);
  const subRoots = subs.map((s) => path.join(root, s.root));
  const consoleRoot = path.join(root, sub.root);

  const all = walkFiles(root, () => true, new Set(['node_modules']));
  const mainFiles = all.filter((f) => !subRoots.some((d) => under(d, f)));
  const consoleFiles = all.filter((f) => under(consoleRoot, f));

  // app.json as it would be without the console's declaration.
  const appFile = path.join(root, 'app.json');
  const withoutApp: AppJson = { ...app };
  const others = subs.filter((s) => s.root !== name);
  delete withoutApp.subpackages;
  delete withoutApp.subPackages;
  if (others.length) withoutApp.subpackages = others;
  const withoutAppBytes = Buffer.byteLength(`${JSON.stringify(withoutApp, null, 2)}\n`);
  const formattedAppBytes = Buffer.byteLength(`${JSON.stringify(app, null, 2)}\n`);
  // Compare like with like: both serialised the same way.
  const declarationBytes = formattedAppBytes - withoutAppBytes;

  const mainRoots = [
    appFile,
    path.join(root, 'app.ts'),
    path.join(root, 'app.js'),
    path.join(root, 'app.wxss'),
    ...(app.pages || []).map((p) => path.join(root, p)),
    ...Object.values(app.usingComponents || {}).map((v) => resolveRef(root, appFile, v)),
  ];
  const fromMain = reachable(root, mainRoots);
  const fromConsole = reachable(
    root,
    sub.pages.map((p) => path.join(consoleRoot, p)),
  );
  const otherSubsReach = reachable(
    root,
    others.flatMap((s) => s.pages.map((p) => path.join(root, s.root, p))),
  );

  const isCode = (f: string) => CODE_EXT.includes(path.extname(f));
  const mainSet = new Set(mainFiles);
  // Assets (images) ship as they are; code ships when something reaches it.
  const assets = mainFiles.filter((f) => !isCode(f) && !under(path.join(root, 'miniprogram_npm'), f));
  const reachedMain = (sets: Array<Set<string>>) => {
    const out = new Set(assets);
    for (const s of sets) for (const f of s) if (mainSet.has(f)) out.add(f);
    return out;
  };
  const withConsole = reachedMain([fromMain, otherSubsReach, fromConsole]);
  const withoutConsole = reachedMain([fromMain, otherSubsReach]);
  const consoleOnlyInMain = [...withConsole]
    .filter((f) => !withoutConsole.has(f))
    .sort()
    .map((f) => ({ file: path.relative(root, f).split(path.sep).join('/'), bytes: bytes(f) }));

  return {
    subpackage: name,
    mainFiles: {
      withConsole: sum(mainFiles),
      withoutConsole: sum(mainFiles) - declarationBytes,
    },
    mainReachable: {
      withConsole: sum(withConsole),
      withoutConsole: sum(withoutConsole) - declarationBytes,
    },
    declarationBytes,
    consoleOnlyInMain,
    mainReachesConsole: [...fromMain]
      .filter((f) => under(consoleRoot, f))
      .map((f) => path.relative(root, f).split(path.sep).join('/')),
    subpackageBytes: sum(consoleFiles),
    subpackageFiles: consoleFiles.length,
  };
}

function kb(n: number): string {
  return `${n} B (${(n / 1024).toFixed(1)} KB)`;
}

export function formatReport(r: SizeReport): string[] {
  const delta = (a: number, b: number) => `${a - b >= 0 ? '+' : ''}${a - b} B`;
  return [
    `主包（子包以外的全部文件） main package, all files outside subpackages:`,
    `  含管理后台 with console:    ${kb(r.mainFiles.withConsole)}`,
    `  不含管理后台 without:        ${kb(r.mainFiles.withoutConsole)}   差 ${delta(r.mainFiles.withConsole, r.mainFiles.withoutConsole)}（app.json 的 subpackages 声明）`,
    `主包（过滤无依赖文件后） main package, unused files filtered:`,
    `  含管理后台 with console:    ${kb(r.mainReachable.withConsole)}`,
    `  不含管理后台 without:        ${kb(r.mainReachable.withoutConsole)}   差 ${delta(r.mainReachable.withConsole, r.mainReachable.withoutConsole)}`,
    `仅管理后台使用、却在主包中的文件 console-only files in the main package: ${
      r.consoleOnlyInMain.length ? r.consoleOnlyInMain.map((f) => `${f.file} (${f.bytes} B)`).join(', ') : '无 none'
    }`,
    `管理后台子包 ${r.subpackage}/ subpackage: ${kb(r.subpackageBytes)}, ${r.subpackageFiles} 个文件`,
  ];
}

// The preview's Node-side compiler. One build of the whole mini program:
// - WXML (and WXS) of every component in the graph → one `$gwx` script by
//   the official `wcc` binary that miniprogram-compiler ships;
// - WXSS → one stylesheet (see wxss.ts for the scoping rules);
// - JS modules → served one by one per package (modules.ts), run in the
//   browser by the runtime's loader under WeChat's require rule;
// - the browser runtime (tools/preview/runtime) → one bundle by esbuild,
//   rebuilt only when the runtime changes; the manifest beside it.
// Problems are collected with the file they come from; the server shows
// them in the browser instead of serving a half-built app.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { collectModules, packageOf, type PackageModules } from './modules';
import { loadProject, type ComponentMeta, type ProjectGraph, type Problem } from './project';
import type { Manifest, PageInfo } from './runtime/manifest';
import { compileWxss } from './wxss';
import { localIconFont, VANT_FONT_URL_RE } from './icons';

export interface BuildOutput {
  /** False when nothing can run: the templates or the scripts did not compile. */
  ok: boolean;
  /** Fatal problems (ok === false) first, then what only affects some pages. */
  problems: Problem[];
  files: Map<string, { type: string; body: Buffer }>;
  /** Milliseconds per stage, for the log line. */
  timings: Record<string, number>;
  pages: number;
  components: number;
}

const RUNTIME_DIR = path.join(__dirname, 'runtime');

function walk(dir: string, ext: string, skip: Set<string>, acc: string[] = []): string[] {
  if (!fs.existsSync(dir)) return acc;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (!skip.has(e.name)) walk(p, ext, skip, acc);
    } else if (e.name.endsWith(ext)) acc.push(p);
  }
  return acc;
}

function rel(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/');
}

/** wxml files pulled in by <include>/<import> from the component templates. */
function templateClosure(root: string, start: string[]): string[] {
  const out = new Set<string>();
  const queue = [...start];
  while (queue.length) {
    const relPath = queue.pop();
    if (!relPath || out.has(relPath)) continue;
    const abs = path.join(root, relPath);
    if (!fs.existsSync(abs)) continue;
    out.add(relPath);
    const src = fs.readFileSync(abs, 'utf8');
    for (const m of src.matchAll(/<(?:include|import)\s+[^>]*src\s*=\s*["']([^"']+)["']/g)) {
      const spec = m[1] || '';
      const target = spec.startsWith('/') ? path.join(root, spec) : path.resolve(path.dirname(abs), spec);
      queue.push(rel(root, target.endsWith('.wxml') ? target : `${target}.wxml`));
    }
  }
  return [...out];
}

export function findWcc(): string {
  const pkg = path.dirname(require.resolve('miniprogram-compiler/package.json'));
  const bin = path.join(
    pkg,
    'bin',
    process.platform === 'darwin' ? 'mac' : process.platform === 'win32' ? 'windows' : 'linux',
    process.platform === 'win32' ? 'wcc.exe' : 'wcc',
  );
  try {
    fs.chmodSync(bin, 0o755);
  } catch {
    // read-only install: it may already be executable
  }
  return bin;
}

function compileWxml(graph: ProjectGraph): { js: string; problems: Problem[] } {
  const root = graph.root;
  const withUsing = graph.components.filter((c) => Object.keys(c.using).length > 0);
  const cc: Array<string | number> = [withUsing.length];
  for (const c of withUsing) cc.push(`${c.key}.wxml`, Object.keys(c.using).length, ...Object.keys(c.using));
  const wxml = templateClosure(
    root,
    graph.components.map((c) => `${c.key}.wxml`),
  );
  const wxs = walk(root, '.wxs', new Set(['node_modules'])).map((f) => rel(root, f));
  const args = ['-d', '-cc', cc.join(' '), ...wxml, ...wxs, '-gn', '$gwx'];
  const res = spawnSync(findWcc(), args, { cwd: root, maxBuffer: 256 * 1024 * 1024 });
  if (res.error) return { js: '', problems: [{ file: 'wcc', message: res.error.message }] };
  if (res.status !== 0) {
    const message = (res.stderr.toString() || res.stdout.toString()).trim() || `wcc exited with ${res.status}`;
    return { js: '', problems: [{ file: 'wxml', message }] };
  }
  // wcc writes sloppy-mode code for WeChat's webview: keep it out of the strict bundle.
  const js = `window.__webview_engine_version__=0.02;\nwindow.__gwx=(function(){\n${res.stdout.toString()}\n;return $gwx;})();\n`;
  return { js, problems: [] };
}

function assetUrl(root: string, url: string, file: string): string {
  if (/^(data:|https?:|\/\/|#)/.test(url)) return url;
  const abs = url.startsWith('/') ? path.join(root, url) : path.resolve(path.dirname(file), url);
  return `/mp/${rel(root, abs)}`;
}

function compileStyles(graph: ProjectGraph): { css: string; problems: Problem[]; fonts: Map<string, string> } {
  const root = graph.root;
  const problems: Problem[] = [];
  const rewriteUrl = (url: string, file: string): string =>
    VANT_FONT_URL_RE.test(url) ? url : assetUrl(root, url, file);
  const chunks: string[] = [];
  const one = (file: string, scope: Parameters<typeof compileWxss>[0]['scope']) => {
    if (!fs.existsSync(file)) return;
    try {
      const css = compileWxss({ root, file, scope, rewriteUrl });
      if (css.trim()) chunks.push(`/* ${rel(root, file)} */\n${css}`);
    } catch (err) {
      problems.push({ file: rel(root, file), message: (err as Error).message });
    }
  };
  one(path.join(root, 'app.wxss'), { kind: 'app' });
  // Components before pages: page styles (external classes) come later and win ties.
  for (const c of graph.components.filter((m) => !m.isPage)) {
    one(path.join(root, `${c.key}.wxss`), { kind: 'component', prefix: c.prefix, hostTag: c.tagName });
  }
  for (const c of graph.components.filter((m) => m.isPage)) {
    one(path.join(root, `${c.key}.wxss`), { kind: 'page', prefix: c.prefix });
  }
  const icon = graph.components.find((c) => /miniprogram_npm\/@vant\/weapp\/icon\/index$/.test(c.key));
  const { css, files } = localIconFont(chunks.join('\n'), icon ? icon.prefix : null);
  return { css, problems, fonts: files };
}

/** The package module of a component's script: `pages/home/index.ts` → `pages/home/index.js`. */
function scriptModule(root: string, script: string): string {
  return rel(root, script).replace(/\.ts$/, '.js');
}

/** What the browser runtime is told about the mini program (manifest.js, beside the bundle). */
function manifestOf(graph: ProjectGraph, modules: PackageModules): Manifest {
  const pageInfo: Record<string, PageInfo> = {};
  for (const route of graph.app.pages) {
    const meta = graph.byKey.get(route);
    if (meta) pageInfo[route] = { id: meta.id, prefix: meta.prefix, key: meta.key, window: { ...meta.window } };
  }
  return {
    pages: graph.app.pages.filter((p) => pageInfo[p]),
    window: { ...graph.app.window },
    tabBar: graph.app.tabBar,
    pageInfo,
    problems: [],
    modules: modules.index,
    npm: modules.npm,
    components: graph.components.map((c: ComponentMeta) => ({
      id: c.id,
      key: c.key,
      path: c.path,
      prefix: c.isPage ? '' : c.prefix,
      tagName: c.tagName,
      isPage: c.isPage,
      using: c.using,
      wxml: `${c.key}.wxml`,
      script: scriptModule(graph.root, c.script),
      pkg: packageOf(c.key, graph.app.subpackages),
    })),
  };
}

/** Replaces `from` by `to` in a dependency's source, failing loudly when the source changed. */
function patchSource(src: string, file: string, edits: Array<[string, string]>): esbuild.OnLoadResult {
  let out = src;
  for (const [from, to] of edits) {
    if (!out.includes(from))
      return { errors: [{ text: `${file} changed: the preview's patch no longer applies (${from.slice(0, 40)}…)` }] };
    out = out.replace(from, to);
  }
  return { contents: out, loader: 'js' };
}

/**
 * j-component hard-codes options the real WeChat honours (take them from the
 * component) and drops wcc's `model:` bindings (keep their data path on the
 * node, so a built-in can write the value back to its owner).
 */
function jComponentPatch(): esbuild.Plugin {
  const modelLine = String.raw`    if (obj.rawAttr) for (const k of Object.keys(obj.rawAttr)) if (k.indexOf('model:') === 0) (node.model = node.model || {})[k.slice(6)] = String(obj.rawAttr[k]).replace(/^\s*\{\{\s*|\s*\}\}\s*$/g, '')`;
  const children =
    '    obj.children.forEach(child => children.push(transformCompileResTree(child, node, usingComponents)))';
  const patches: Array<{ file: RegExp; name: string; edits: Array<[string, string]> }> = [
    {
      file: /j-component[\\/]src[\\/]componentmanager\.js$/,
      name: 'j-component/src/componentmanager.js',
      edits: [
        [
          'addGlobalClass: false,',
          "addGlobalClass: !!options.addGlobalClass || options.styleIsolation === 'apply-shared' || options.styleIsolation === 'shared',",
        ],
        ['writeIdToDOM: false,', 'writeIdToDOM: true,'],
      ],
    },
    {
      file: /j-component[\\/]src[\\/]template[\\/]transform\.js$/,
      name: 'j-component/src/template/transform.js',
      edits: [[children, `${modelLine}\n${children}`]],
    },
    {
      file: /j-component[\\/]src[\\/]render[\\/]render\.js$/,
      name: 'j-component/src/render/render.js',
      edits: [
        [
          '    updateAttrs(exparserNode, options.attrs)\n',
          '    if (options.model) exparserNode.__mpModel = options.model\n    updateAttrs(exparserNode, options.attrs)\n',
        ],
      ],
    },
  ];
  return {
    name: 'j-component-patches',
    setup(b) {
      // Our selector query (rects relative to the page window, canvas nodes).
      b.onLoad({ filter: /j-component[\\/]src[\\/]tool[\\/]selectorquery\.js$/ }, () => ({
        contents: `module.exports = require(${JSON.stringify(path.join(RUNTIME_DIR, 'selector-query.ts'))}).SelectorQuery;`,
        loader: 'js',
        resolveDir: RUNTIME_DIR,
      }));
      for (const p of patches) {
        b.onLoad({ filter: p.file }, (args) => patchSource(fs.readFileSync(args.path, 'utf8'), p.name, p.edits));
      }
    },
  };
}

/** Newest change in the runtime's sources: the bundle is rebuilt only when it moves. */
function runtimeStamp(): string {
  const files = [
    ...walk(RUNTIME_DIR, '', new Set()),
    path.join(__dirname, 'units.ts'),
    path.join(__dirname, '..', 'compiled', 'require.ts'),
    ...walk(path.join(__dirname, '..', 'wx-api'), '.ts', new Set()),
  ];
  return files.map((f) => `${f}:${fs.statSync(f).mtimeMs}`).join('|');
}

let runtimeCache: { stamp: string; js: string; map: string } | null = null;

/** The browser runtime; it reads the manifest from manifest.js and loads the modules itself. */
async function bundleRuntime(): Promise<{ js: string; map: string; problems: Problem[] }> {
  const stamp = runtimeStamp();
  if (runtimeCache && runtimeCache.stamp === stamp) return { ...runtimeCache, problems: [] };
  const entry = [
    `const rt = require(${JSON.stringify(path.join(RUNTIME_DIR, 'main.ts'))});`,
    'rt.install(window.__MP_MANIFEST__);',
    'rt.boot();',
  ].join('\n');
  try {
    const result = await esbuild.build({
      stdin: { contents: entry, resolveDir: RUNTIME_DIR, sourcefile: 'preview-entry.js', loader: 'js' },
      bundle: true,
      // Sources named from the repository root (tools/preview/runtime/…): the overlay drops those frames.
      absWorkingDir: path.join(__dirname, '..', '..'),
      write: false,
      outfile: 'bundle.js',
      platform: 'browser',
      format: 'iife',
      target: 'chrome100',
      sourcemap: 'external',
      loader: { '.css': 'text' },
      define: { global: 'globalThis', 'process.env.NODE_ENV': '"development"' },
      logLevel: 'silent',
      plugins: [jComponentPatch()],
    });
    const js = result.outputFiles.find((f) => f.path.endsWith('.js'));
    const map = result.outputFiles.find((f) => f.path.endsWith('.map'));
    runtimeCache = {
      stamp,
      js: `${js ? js.text : ''}\n//# sourceMappingURL=bundle.js.map\n`,
      map: map ? map.text : '',
    };
    return { ...runtimeCache, problems: [] };
  } catch (err) {
    const failure = err as esbuild.BuildFailure;
    const problems = (failure.errors || []).map((e) => ({
      file: e.location ? `${e.location.file}:${e.location.line}:${e.location.column}` : 'runtime',
      message: e.text,
    }));
    return { js: '', map: '', problems: problems.length ? problems : [{ file: 'runtime', message: String(err) }] };
  }
}

export async function buildPreview(root: string): Promise<BuildOutput> {
  const timings: Record<string, number> = {};
  const files = new Map<string, { type: string; body: Buffer }>();
  let t = Date.now();
  let graph: ProjectGraph;
  try {
    graph = loadProject(root);
  } catch (err) {
    return {
      ok: false,
      problems: [{ file: 'app.json', message: (err as Error).message }],
      files,
      timings,
      pages: 0,
      components: 0,
    };
  }
  timings.graph = Date.now() - t;
  const problems: Problem[] = [...graph.problems];

  t = Date.now();
  const wxml = compileWxml(graph);
  problems.push(...wxml.problems);
  timings.wcc = Date.now() - t;

  t = Date.now();
  const styles = compileStyles(graph);
  problems.push(...styles.problems);
  timings.wxss = Date.now() - t;

  t = Date.now();
  const modules = await collectModules(root, graph.app.subpackages);
  problems.push(...modules.problems);
  timings.modules = Date.now() - t;

  t = Date.now();
  const manifest = manifestOf(graph, modules);
  manifest.problems = [...problems];
  const js = await bundleRuntime();
  problems.push(...js.problems);
  timings.runtime = Date.now() - t;

  for (const [name, file] of styles.fonts) {
    files.set(name, {
      type: name.endsWith('woff2') ? 'font/woff2' : name.endsWith('woff') ? 'font/woff' : 'font/ttf',
      body: fs.readFileSync(file),
    });
  }
  files.set('gwx.js', { type: 'application/javascript; charset=utf-8', body: Buffer.from(wxml.js) });
  files.set('app.css', { type: 'text/css; charset=utf-8', body: Buffer.from(styles.css) });
  files.set('bundle.js', { type: 'application/javascript; charset=utf-8', body: Buffer.from(js.js) });
  files.set('bundle.js.map', { type: 'application/json; charset=utf-8', body: Buffer.from(js.map) });
  const manifestJs = `window.__MP_MANIFEST__ = ${JSON.stringify(manifest).replace(/</g, '\\u003c')};\n`;
  files.set('manifest.js', { type: 'application/javascript; charset=utf-8', body: Buffer.from(manifestJs) });
  for (const [pkg, mods] of modules.byPackage) {
    files.set(`package/${pkg || 'main'}.json`, {
      type: 'application/json; charset=utf-8',
      body: Buffer.from(JSON.stringify(Object.fromEntries(mods))),
    });
  }
  const fatal = [...wxml.problems, ...modules.problems, ...js.problems];
  return {
    ok: fatal.length === 0,
    problems: [...fatal, ...problems.filter((p) => !fatal.includes(p))],
    files,
    timings,
    pages: manifest.pages.length,
    components: graph.components.filter((c) => !c.isPage).length,
  };
}

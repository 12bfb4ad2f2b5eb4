// Checks that the mini program resolves its modules and components the way
// WeChat does, not the way jest/Node does. jest finds `dayjs/plugin/x` in
// node_modules; WeChat only has miniprogram_npm, where a plain package is
// its main entry alone. A green test run must not hide a page that breaks
// on a phone, so the build fails instead.
import fs from 'node:fs';
import path from 'node:path';
import { builtinModules } from 'node:module';
import ts from 'typescript';
import type { BuildPaths } from './paths';
import { rel } from './paths';
import { isFile, walkFiles } from './fsutil';

export interface Problem {
  /** Repository-relative file. */
  file: string;
  line?: number;
  message: string;
}

export function formatProblem(p: Problem): string {
  return `${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}`;
}

const SKIP_DIRS = new Set(['miniprogram_npm', 'node_modules']);
const BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

function compilerOptions(root: string): ts.CompilerOptions {
  const file = path.join(root, 'tsconfig.json');
  const base: ts.CompilerOptions = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020 };
  if (!isFile(file)) return base;
  const read = ts.readConfigFile(file, (p) => ts.sys.readFile(p));
  const raw = (read.config as { compilerOptions?: unknown } | undefined)?.compilerOptions ?? {};
  const { options } = ts.convertCompilerOptionsFromJson(raw, root);
  // DevTools' typescript plugin emits CommonJS, one file at a time.
  return { ...options, ...base, noEmit: false, isolatedModules: true };
}

/**
 * The module specifiers a file really requires at run time: the file is
 * transpiled as DevTools' typescript plugin does (one file at a time), so
 * type-only imports are gone and re-exports and dynamic imports are there.
 */
export function runtimeRequires(source: string, fileName: string, options: ts.CompilerOptions): string[] {
  const js = fileName.endsWith('.ts')
    ? ts.transpileModule(source, { compilerOptions: options, fileName }).outputText
    : source;
  const sf = ts.createSourceFile(`${fileName}.out.js`, js, ts.ScriptTarget.Latest, false, ts.ScriptKind.JS);
  const specs: string[] = [];
  const visit = (node: ts.Node) => {
    if (
      ts.isCallExpression(node) &&
      ts.isIdentifier(node.expression) &&
      node.expression.text === 'require' &&
      node.arguments.length === 1
    ) {
      const arg = node.arguments[0];
      if (arg && ts.isStringLiteralLike(arg)) specs.push(arg.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return [...new Set(specs)];
}

function lineOf(source: string, spec: string): number | undefined {
  for (const q of ["'", '"', '`']) {
    const at = source.indexOf(`${q}${spec}${q}`);
    if (at >= 0) return source.slice(0, at).split('\n').length;
  }
  return undefined;
}

/** null when `spec` (required from `file`) resolves in WeChat, else why not. */
export function whyUnresolved(paths: BuildPaths, file: string, spec: string): string | null {
  if (spec.startsWith('./') || spec.startsWith('../')) {
    const base = path.resolve(path.dirname(file), spec);
    const candidates = spec.endsWith('.js') ? [base, base.replace(/\.js$/, '.ts')] : [`${base}.ts`, `${base}.js`];
    if (candidates.some(isFile)) {
      if (!isInside(paths.miniprogramRoot, base)) {
        return `import '${spec}' leaves ${rel(paths, paths.miniprogramRoot)}/: WeChat only has files under the mini program root`;
      }
      return null;
    }
    if (isFile(path.join(base, 'index.ts')) || isFile(path.join(base, 'index.js'))) {
      return `import '${spec}' is a folder: WeChat's require does not look for index files, write '${spec.replace(/\/$/, '')}/index'`;
    }
    return `import '${spec}' does not resolve: no ${rel(paths, base)}.ts or .js`;
  }
  if (spec.startsWith('/')) {
    return `import '${spec}' is an absolute path: WeChat's require takes relative paths or npm packages`;
  }
  if (BUILTINS.has(spec) || BUILTINS.has(spec.split('/')[0] as string)) {
    return `import '${spec}' is a Node built-in: it does not exist in WeChat`;
  }
  // WeChat tries a bare name relative to the requiring file first
  // (https://developers.weixin.qq.com/miniprogram/dev/reference/api/require.html).
  const local = path.resolve(path.dirname(file), spec);
  const shadow = (spec.endsWith('.js') ? [local, local.replace(/\.js$/, '.ts')] : [`${local}.ts`, `${local}.js`]).find(
    isFile,
  );
  if (shadow) {
    return `import '${spec}' loads ${rel(paths, shadow)} in WeChat, not the package: a bare name is tried relative to the file first. Rename the local module`;
  }
  const parts = spec.split('/');
  const pkg = spec.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] as string);
  const pkgDir = path.join(paths.npmRoot, pkg);
  if (!fs.existsSync(pkgDir)) {
    return `import '${spec}': package '${pkg}' is not in miniprogram_npm. Only package.json "dependencies" are packed (run npm run build); WeChat cannot load node_modules`;
  }
  if (spec === pkg) {
    if (isFile(path.join(pkgDir, 'index.js'))) return null;
    return `import '${spec}': miniprogram_npm/${pkg}/index.js does not exist (a component library is used through usingComponents or a deep path)`;
  }
  const deep = path.join(paths.npmRoot, spec);
  if (isFile(`${deep}.js`) || isFile(path.join(deep, 'index.js')) || (spec.endsWith('.js') && isFile(deep)))
    return null;
  const entryOnly = isFile(path.join(pkgDir, 'index.js')) && fs.readdirSync(pkgDir).length === 1;
  return entryOnly
    ? `import '${spec}' does not exist in WeChat: "Build npm" packs ${pkg} as its main entry alone (miniprogram_npm/${pkg}/index.js). Import '${pkg}' and ship what you need from this deep path as a local module under ${rel(paths, paths.miniprogramRoot)}/ (see utils/datetime.ts)`
    : `import '${spec}' does not resolve: no miniprogram_npm/${spec}.js or miniprogram_npm/${spec}/index.js`;
}

function isInside(dir: string, p: string): boolean {
  const r = path.relative(dir, p);
  return r !== '' && !r.startsWith('..') && !path.isAbsolute(r);
}

export function checkImports(paths: BuildPaths): Problem[] {
  const options = compilerOptions(paths.root);
  const files = walkFiles(
    paths.miniprogramRoot,
    (f) => (f.endsWith('.ts') && !f.endsWith('.d.ts')) || f.endsWith('.js'),
    SKIP_DIRS,
  );
  const problems: Problem[] = [];
  for (const file of files) {
    const source = fs.readFileSync(file, 'utf8');
    for (const spec of runtimeRequires(source, file, options)) {
      const why = whyUnresolved(paths, file, spec);
      if (why) {
        const line = lineOf(source, spec);
        problems.push({ file: rel(paths, file), ...(line ? { line } : {}), message: why });
      }
    }
  }
  return problems;
}

/** A component is a .json + .wxml + (.ts | .js) with the same base path. */
function componentExists(base: string): boolean {
  return isFile(`${base}.json`) && isFile(`${base}.wxml`) && (isFile(`${base}.ts`) || isFile(`${base}.js`));
}

export function checkUsingComponents(paths: BuildPaths): Problem[] {
  const problems: Problem[] = [];
  for (const file of walkFiles(paths.miniprogramRoot, (f) => f.endsWith('.json'), SKIP_DIRS)) {
    let json: unknown;
    try {
      json = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (err) {
      problems.push({ file: rel(paths, file), message: `invalid JSON: ${(err as Error).message}` });
      continue;
    }
    const using = (json as { usingComponents?: unknown } | null)?.usingComponents;
    if (!using || typeof using !== 'object') continue;
    for (const [tag, value] of Object.entries(using as Record<string, unknown>)) {
      if (typeof value !== 'string') {
        problems.push({ file: rel(paths, file), message: `usingComponents "${tag}" is not a path` });
        continue;
      }
      if (value.startsWith('plugin://') || value.startsWith('plugin-private://')) continue;
      let candidates: string[];
      if (value.startsWith('/')) candidates = [path.join(paths.miniprogramRoot, value)];
      else if (value.startsWith('.')) candidates = [path.resolve(path.dirname(file), value)];
      // A bare path is tried relative to the json first, then in miniprogram_npm.
      else candidates = [path.resolve(path.dirname(file), value), path.join(paths.npmRoot, value)];
      const found = candidates.find((c) => isInside(paths.miniprogramRoot, c) && componentExists(c));
      if (!found) {
        problems.push({
          file: rel(paths, file),
          message: `usingComponents "${tag}": "${value}" is not a component (looked for ${candidates
            .map((c) => `${rel(paths, c)}.{json,wxml,ts|js}`)
            .join(' and ')})`,
        });
      }
    }
  }
  return problems;
}

/** Pages listed in app.json that are not there yet: a warning, since pages land one by one. */
export function missingPages(paths: BuildPaths): string[] {
  const appJson = path.join(paths.miniprogramRoot, 'app.json');
  if (!isFile(appJson)) return [];
  const app = JSON.parse(fs.readFileSync(appJson, 'utf8')) as { pages?: unknown };
  const pages = Array.isArray(app.pages) ? app.pages.filter((p): p is string => typeof p === 'string') : [];
  return pages.filter((p) => {
    const base = path.join(paths.miniprogramRoot, p);
    return !(isFile(`${base}.wxml`) && (isFile(`${base}.ts`) || isFile(`${base}.js`)));
  });
}

// Where things live, read from project.config.json the way DevTools reads it,
// so the build and DevTools can never disagree about the roots.
import fs from 'node:fs';
import path from 'node:path';

export interface BuildPaths {
  /** Repository root: package.json, node_modules, project.config.json. */
  root: string;
  /** The mini program root (DevTools' miniprogramRoot). */
  miniprogramRoot: string;
  /** miniprogramRoot/miniprogram_npm, what "Build npm" writes. */
  npmRoot: string;
  /** The cloud functions root (DevTools' cloudfunctionRoot). */
  cloudfunctionRoot: string;
}

interface ProjectConfig {
  miniprogramRoot?: unknown;
  cloudfunctionRoot?: unknown;
}

function readProjectConfig(root: string): ProjectConfig {
  const file = path.join(root, 'project.config.json');
  if (!fs.existsSync(file)) return {};
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as ProjectConfig;
  } catch (err) {
    throw new Error(`${file}: invalid JSON (${(err as Error).message})`);
  }
}

export function resolvePaths(root: string): BuildPaths {
  const absRoot = path.resolve(root);
  const config = readProjectConfig(absRoot);
  const mp = typeof config.miniprogramRoot === 'string' ? config.miniprogramRoot : 'miniprogram/';
  const cf = typeof config.cloudfunctionRoot === 'string' ? config.cloudfunctionRoot : 'cloudfunctions/';
  const miniprogramRoot = path.resolve(absRoot, mp);
  return {
    root: absRoot,
    miniprogramRoot,
    npmRoot: path.join(miniprogramRoot, 'miniprogram_npm'),
    cloudfunctionRoot: path.resolve(absRoot, cf),
  };
}

/** Path relative to the repository root, with forward slashes, for messages. */
export function rel(paths: BuildPaths, file: string): string {
  return path.relative(paths.root, file).split(path.sep).join('/');
}

// WeChat's own compiler, offline: miniprogram-ci's getCompiledResult (the
// module DevTools uploads with) on this project, with project.config.json's
// settings (DESIGN §8). What it returns is the package an upload would send,
// after "filter unused files"; every later check runs on that, not on our
// sources. See https://developers.weixin.qq.com/miniprogram/dev/devtools/ci.html
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolvePaths } from '../build/paths';
import { walkFiles } from '../build/fsutil';
import { ci, project, setting, writeThrowawayKey } from '../wechat-ci';

/** Where `npm run compile` puts the repository's compiled package (gitignored). */
export function defaultOutDir(root: string): string {
  return path.join(root, 'dist', 'miniprogram');
}

const STAMP = '.compiled.json';

export interface CompileStamp {
  /** Hash of every input: the mini program root, project.config.json, the compiler version. */
  inputs: string;
  ms: number;
  files: number;
  ciVersion: string;
}

function ciVersion(): string {
  const pkg = require.resolve('miniprogram-ci/package.json');
  return (JSON.parse(fs.readFileSync(pkg, 'utf8')) as { version: string }).version;
}

/** A hash of what the compile reads, so an unchanged tree is not compiled twice. */
export function inputsHash(root: string): string {
  const paths = resolvePaths(root);
  const h = crypto.createHash('sha256');
  h.update(`ci ${ciVersion()}\n`);
  h.update(fs.readFileSync(path.join(root, 'project.config.json')));
  for (const file of walkFiles(paths.miniprogramRoot, () => true, new Set(['node_modules'])).sort()) {
    h.update(`\n${path.relative(root, file)}\n`);
    h.update(fs.readFileSync(file));
  }
  return h.digest('hex');
}

export function readStamp(outDir: string): CompileStamp | null {
  try {
    return JSON.parse(fs.readFileSync(path.join(outDir, STAMP), 'utf8')) as CompileStamp;
  } catch {
    return null;
  }
}

/**
 * Compiles `root` into `outDir` in this process (the CLI, tools/compile.ts,
 * runs it in a process of its own: the compiler forks helpers and keeps
 * handles open, so that process exits when done). Throws with the
 * compiler's own message on a compile error.
 */
export async function compileInProcess(root: string, outDir: string): Promise<CompileStamp> {
  const started = Date.now();
  const inputs = inputsHash(root);
  // Any RSA key will do offline: nothing is signed or sent.
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'mp-compile-'));
  const cwd = process.cwd();
  try {
    const keyPath = path.join(work, 'private.key');
    writeThrowawayKey(keyPath);
    // The compiler leaves a scratch folder in the working directory.
    process.chdir(work);
    const target = { appid: 'wx0123456789abcdef', projectPath: root, privateKeyPath: keyPath };
    const result = await ci().getCompiledResult({
      project: project(target, true),
      version: '0.0.0',
      setting: setting(root),
    });
    fs.rmSync(outDir, { recursive: true, force: true });
    let files = 0;
    for (const [name, content] of Object.entries(result)) {
      const dest = path.join(outDir, name);
      if (!dest.startsWith(outDir + path.sep)) throw new Error(`compiler output escapes the folder: ${name}`);
      fs.mkdirSync(path.dirname(dest), { recursive: true });
      fs.writeFileSync(dest, content);
      files += 1;
    }
    const stamp: CompileStamp = { inputs, ms: Date.now() - started, files, ciVersion: ciVersion() };
    fs.writeFileSync(path.join(outDir, STAMP), `${JSON.stringify(stamp, null, 2)}\n`);
    return stamp;
  } finally {
    process.chdir(cwd);
    fs.rmSync(work, { recursive: true, force: true });
  }
}

export interface EnsureResult {
  outDir: string;
  compiled: boolean;
  stamp: CompileStamp;
}

/**
 * The compiled package of `root`, compiled now (by the CLI, in a child
 * process) unless `outDir` already holds it for exactly these inputs.
 * Throws with the compiler's output when it fails.
 */
export function ensureCompiled(root: string, outDir = defaultOutDir(root)): EnsureResult {
  const stamp = readStamp(outDir);
  if (stamp && stamp.inputs === inputsHash(root)) return { outDir, compiled: false, stamp };
  const cli = path.join(__dirname, '..', 'compile.ts');
  const tsx = path.join(__dirname, '..', '..', 'node_modules', '.bin', 'tsx');
  const run = spawnSync(tsx, [cli, '--root', root, '--out', outDir], { encoding: 'utf8' });
  const fresh = readStamp(outDir);
  if (run.status !== 0 || !fresh) {
    throw new Error(`compile of ${root} failed (exit ${String(run.status)}):\n${run.stdout}\n${run.stderr}`);
  }
  return { outDir, compiled: true, stamp: fresh };
}

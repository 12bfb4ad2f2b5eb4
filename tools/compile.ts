// npm run compile: the mini program through WeChat's own compiler
// (miniprogram-ci, offline), into dist/miniprogram: the package an upload
// would send. Skipped when nothing it reads changed since the last compile.
// A compile error exits 1 with the compiler's message.
//
//   tsx tools/compile.ts [--root <dir>] [--out <dir>] [--force]
import path from 'node:path';
import { compileInProcess, defaultOutDir, inputsHash, readStamp } from './compile/index';

function arg(argv: string[], name: string): string | undefined {
  const at = argv.indexOf(name);
  if (at < 0) return undefined;
  const value = argv[at + 1];
  if (!value) throw new Error(`${name} needs a folder`);
  return path.resolve(value);
}

async function cli(): Promise<number> {
  const argv = process.argv.slice(2);
  const root = arg(argv, '--root') ?? path.resolve(__dirname, '..');
  const out = arg(argv, '--out') ?? defaultOutDir(root);
  const rel = path.relative(process.cwd(), out) || '.';
  const stamp = readStamp(out);
  if (!argv.includes('--force') && stamp && stamp.inputs === inputsHash(root)) {
    console.log(`compile up to date: ${rel} (${stamp.files} files, miniprogram-ci ${stamp.ciVersion})`);
    return 0;
  }
  const done = await compileInProcess(root, out);
  console.log(
    `compile ok: ${rel} (${done.files} files) in ${(done.ms / 1000).toFixed(1)} s by miniprogram-ci ${done.ciVersion}`,
  );
  return 0;
}

// Exit explicitly: the compiler's forked workers and timers keep the process alive.
cli().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`compile failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(1);
  },
);

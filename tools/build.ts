// `npm run build`: miniprogram_npm (as DevTools' "Build npm"), the WeChat
// resolution checks, and the cloud function bundles. Idempotent: a second
// run writes nothing. Exits 1 with every problem listed when a check fails.
//
//   tsx tools/build.ts [--root <dir>]
import path from 'node:path';
import { build, formatProblem, resolvePaths } from './build/index';

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

function parseRoot(argv: string[]): string {
  const at = argv.indexOf('--root');
  if (at >= 0) {
    const value = argv[at + 1];
    if (!value) throw new Error('--root needs a folder');
    return path.resolve(value);
  }
  return path.resolve(__dirname, '..');
}

async function cli(): Promise<void> {
  const started = Date.now();
  const paths = resolvePaths(parseRoot(process.argv.slice(2)));
  const result = await build(paths);

  for (const p of result.npm) {
    const what = p.kind === 'miniprogram' ? `${p.files} files` : 'index.js (main entry)';
    console.log(`npm   ${p.name}@${p.version}  ${what}, ${kb(p.bytes)}${p.changed ? `, ${p.changed} updated` : ''}`);
  }
  for (const f of result.functions) {
    console.log(`fn    ${f.out}  ${kb(f.bytes)}${f.changed ? ' (updated)' : ''}`);
  }
  if (result.functions.length === 0) console.log('fn    no cloudfunctions/*/index.ts yet');
  for (const w of result.warnings) console.warn(`warn  ${w}`);
  if (result.problems.length > 0) {
    console.error(`\nbuild failed: ${result.problems.length} problem(s) WeChat would hit:`);
    for (const p of result.problems) console.error(`  ${formatProblem(p)}`);
    process.exitCode = 1;
    return;
  }
  console.log(`build ok in ${((Date.now() - started) / 1000).toFixed(2)} s`);
}

cli().catch((err: unknown) => {
  console.error(`build failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});

// npm run bench -- preview: how long the browser preview takes to (re)build
// the mini program, as `npm start` does on every change: cold, unchanged,
// and after one page script is edited (only that module is transpiled
// again), per stage; then the compiled package (dist/miniprogram) that
// `npm run test:e2e` previews, when it is there. Figures, not assertions.
import fs from 'node:fs';
import path from 'node:path';
import { buildPreview, type BuildOutput } from '../preview/compile';

const ROOT = path.join(__dirname, '..', '..');
const RUNS = 5;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

async function timed(root: string): Promise<{ ms: number; out: BuildOutput }> {
  const t = Date.now();
  const out = await buildPreview(root);
  if (!out.ok)
    throw new Error(`preview build failed: ${out.problems.map((p) => `${p.file}: ${p.message}`).join('; ')}`);
  return { ms: Date.now() - t, out };
}

function line(label: string, runs: Array<{ ms: number; out: BuildOutput }>): void {
  const stages = Object.keys(runs[0]?.out.timings ?? {})
    .map((k) => `${k} ${median(runs.map((r) => r.out.timings[k] ?? 0))}`)
    .join(', ');
  const ms = runs.map((r) => r.ms);
  console.log(`  ${label.padEnd(34)} median ${median(ms)} ms, max ${Math.max(...ms)} ms  (${stages})`);
}

export async function benchPreview(): Promise<void> {
  console.log(`preview build (${RUNS} runs each, ms):`);
  const source = path.join(ROOT, 'miniprogram');
  line('source, cold (first build)', [await timed(source)]);
  const same: Array<{ ms: number; out: BuildOutput }> = [];
  for (let i = 0; i < RUNS; i++) same.push(await timed(source));
  line('source, unchanged', same);
  const page = path.join(source, 'pages', 'home', 'index.ts');
  const edited: Array<{ ms: number; out: BuildOutput }> = [];
  for (let i = 0; i < RUNS; i++) {
    const now = new Date(Date.now() + (i + 1) * 1000);
    fs.utimesSync(page, now, now);
    edited.push(await timed(source));
  }
  line('source, one page script edited', edited);
  const compiled = path.join(ROOT, 'dist', 'miniprogram');
  if (fs.existsSync(path.join(compiled, 'app.json'))) {
    const runs: Array<{ ms: number; out: BuildOutput }> = [];
    for (let i = 0; i < RUNS; i++) runs.push(await timed(compiled));
    line('compiled package (dist/miniprogram)', runs);
  } else console.log('  compiled package: not there (npm run compile)');
}

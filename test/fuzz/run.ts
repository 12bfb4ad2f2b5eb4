// npm run fuzz [-- --runs N --seed S]: the large fuzz run; prints the figures
// and exits 1 if any answer was INTERNAL, not an envelope, or a rejected call wrote.
import { formatStats, runFuzz, startFuzzCloud } from './harness';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(v) ? v : fallback;
}

async function main(): Promise<void> {
  const runs = arg('runs', 10000);
  const seed = arg('seed', Date.now() % 1000000);
  // The functions log what they refuse; the figures are what this run is for.
  console.warn = () => undefined;
  const cloud = await startFuzzCloud();
  try {
    const stats = await runFuzz(cloud, { runs, seed });
    console.log(formatStats(stats, seed));
    for (const p of stats.problems.slice(0, 20)) console.log(JSON.stringify(p));
    process.exitCode = stats.problems.length ? 1 : 0;
  } finally {
    await cloud.close();
  }
}

void main();

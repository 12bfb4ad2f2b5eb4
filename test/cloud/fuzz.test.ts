// Property-based fuzz of every action of both functions (test/fuzz): a
// bounded run here (250 payloads or 4 s, at least 80); `npm run fuzz` sends
// 10,000 and prints the figures.
import { FUZZ_ADMIN, formatStats, runFuzz, startFuzzCloud, type FuzzCloud } from '../fuzz/harness';

let cloud: FuzzCloud;

// Generous timeouts: the machine may be shared; the run itself is bounded by BUDGET_MS.
beforeAll(async () => {
  cloud = await startFuzzCloud();
}, 60_000);
afterAll(() => cloud.close());

// Seeded from the date: a different sample each day, reproducible with `npm run fuzz -- --seed <seed>`.
const SEED = Number(new Date().toISOString().slice(0, 10).replace(/-/g, '')) % 1000000;
const RUNS = 250;
const BUDGET_MS = 4000;
const MIN_RUNS = 80;

test(`up to ${RUNS} payloads: typed errors or results, and no rejected call writes (seed ${SEED})`, async () => {
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  try {
    const stats = await runFuzz(cloud, { runs: RUNS, seed: SEED, budgetMs: BUDGET_MS, minRuns: MIN_RUNS });
    if (stats.problems.length) {
      const first = stats.problems.slice(0, 5).map((p) => JSON.stringify(p));
      throw new Error([formatStats(stats, SEED), ...first].join('\n'));
    }
    expect(stats.payloads).toBeGreaterThanOrEqual(MIN_RUNS);
    expect(stats.internal + stats.nonEnvelope + stats.writesByRejected).toBe(0);
    // The run reached the actions, not just the schemas.
    expect(stats.accepted).toBeGreaterThan(0);
    expect(stats.codes.VALIDATION).toBeGreaterThan(0);
  } finally {
    warn.mockRestore();
  }
}, 60_000);

test('the sign-up sheet still opens after the run', async () => {
  const res = await cloud.tc.ok('events', 'signup.export', { eventId: cloud.fixtures.event }, { openid: FUZZ_ADMIN });
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(cloud.tc.storage.read(res.fileID) as unknown as ArrayBuffer);
  expect(wb.worksheets[0]!.actualRowCount).toBe(res.rows + 1);
}, 30_000);

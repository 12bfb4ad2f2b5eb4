// Local cloud throughput through the real SDK: insert, get by id,
// where+orderBy+limit 10 over 10k and 100k documents, inc on one doc, and
// resident memory with 100k documents; then the content function's list
// pages, a get and updates over 100k reports, with the ordered indexes
// (tools/local-cloud/ordered.ts) and without (scan + sort, the path before
// them). Figures, not assertions.
import fs from 'fs';
import os from 'os';
import path from 'path';
import cloud from 'wx-server-sdk';
import { COLUMNS, type ArticleSummary, type Page } from '../../miniprogram/contract/index';
import { createCollections } from '../../server/collections';
import { encodeCursor } from '../../server/content/cursor';
import { startLocalCloud, type LocalCloud } from '../local-cloud/index';
import { call, insertBulk, loadContent, realisticDoc } from './content';

async function opsPerSecond(
  label: string,
  n: number,
  concurrency: number,
  op: (i: number) => unknown,
): Promise<number> {
  let next = 0;
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) await (op(next++) as Promise<unknown>);
    }),
  );
  const secs = Number(process.hrtime.bigint() - start) / 1e9;
  const rate = n / secs;
  console.log(`  ${label.padEnd(44)} ${rate.toFixed(0).padStart(8)} ops/s  (${n} ops, ${(secs * 1000).toFixed(0)} ms)`);
  return rate;
}

async function benchThroughput(): Promise<void> {
  console.log('\n# local cloud (real wx-server-sdk, embedded durable store)');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-lc-'));
  const lc = startLocalCloud({ dataDir, functions: {}, dbDelayMs: 0 });
  const db = cloud.database();
  const _ = db.command;
  await db.createCollection('bench');
  const col = db.collection('bench');
  const ids: string[] = [];
  await opsPerSecond('insert (add)', 10_000, 16, async (i) => {
    const res = (await col.add({
      data: { i, group: i % 10, at: new Date(1_700_000_000_000 + i * 1000) },
    })) as unknown as {
      _id: string;
    };
    ids.push(res._id);
  });
  await opsPerSecond('get by id (doc().get)', 10_000, 16, (i) => col.doc(ids[i % ids.length]!).get());
  await opsPerSecond('where+orderBy+limit 10 over 10k docs', 300, 4, (i) =>
    col
      .where({ group: i % 10 })
      .orderBy('at', 'desc')
      .limit(10)
      .get(),
  );
  await col.add({ data: { _id: 'hot', n: 0 } });
  await opsPerSecond('inc on one doc (1,000 concurrent)', 10_000, 1000, () =>
    col.doc('hot').update({ data: { n: _.inc(1) } }),
  );
  // grow to 100k through the store's own batched path, then query through the SDK
  const store = lc.store;
  const batch = [];
  for (let i = 10_000; i < 100_000; i++) {
    batch.push({
      c: 'bench',
      id: `b${i}`,
      doc: { _id: `b${i}`, i, group: i % 10, at: new Date(1_700_000_000_000 + i * 1000) },
    });
    if (batch.length === 1000) store.commit(batch.splice(0));
  }
  store.commit(batch.splice(0));
  global.gc?.();
  await opsPerSecond('where+orderBy+limit 10 over 100k docs', 50, 2, (i) =>
    col
      .where({ group: i % 10 })
      .orderBy('at', 'desc')
      .limit(10)
      .get(),
  );
  await opsPerSecond('get by id with 100k docs', 10_000, 16, (i) => col.doc(ids[i % ids.length]!).get());
  const rss = process.memoryUsage().rss / 1024 / 1024;
  console.log(`  ${'resident memory with 100k documents'.padEnd(44)} ${rss.toFixed(0).padStart(8)} MB`);
  await lc.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

const REPORTS = 100_000;

function percentile(values: number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}

/** Wall ms of each call, one after another. */
async function times(n: number, fn: (i: number) => unknown): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = process.hrtime.bigint();
    await fn(i);
    out.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return out;
}

const fmt = (ms: number[]) =>
  `${percentile(ms, 0.5).toFixed(2).padStart(8)} ${percentile(ms, 0.99).toFixed(2).padStart(8)}`;

/** articles.list pages over REPORTS reports: first pages, the next pages by cursor, deep pages. */
async function listPages(lc: LocalCloud, pages: number): Promise<Record<string, number[]>> {
  const list = (payload: object) => call<Page<ArticleSummary>>(lc, 'articles.list', { pageSize: 10, ...payload });
  // The reports are k = 0 … REPORTS-1, newest last; a cursor after report k.
  const after = (k: number) => {
    const doc = realisticDoc(k);
    return encodeCursor('l', { t: doc.publishedAt!.getTime(), i: doc._id });
  };
  await list({});
  let cursor = (await list({})).env;
  const next: number[] = [];
  for (let i = 0; i < pages; i++) {
    const start = process.hrtime.bigint();
    const page = await list({ cursor: cursor.ok ? cursor.data.nextCursor : undefined });
    next.push(Number(process.hrtime.bigint() - start) / 1e6);
    cursor = page.env;
  }
  // Warm-up: the first read through an index builds it.
  await list({ column: COLUMNS[0] });
  await list({ cursor: after(1) });
  return {
    'first page': await times(pages, () => list({})),
    'first page of one column': await times(pages, (i) => list({ column: COLUMNS[i % COLUMNS.length] })),
    'next page by cursor (pages 2…)': next,
    'deep page (cursor at a random report)': await times(pages, (i) => list({ cursor: after((i * 7919) % REPORTS) })),
  };
}

/** The 100k-report list page, indexed and by scan, and a get and updates at that size. */
async function benchListAt100k(): Promise<void> {
  console.log(`\n# local cloud: content articles.list over ${REPORTS / 1000}k reports (ms, p50 / p99)`);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-lc-list-'));
  const lc = startLocalCloud({ dataDir, functions: await loadContent(), dbDelayMs: 0 });
  try {
    await createCollections(lc.db);
    for (let k = 0; k < REPORTS; k += 10_000) {
      insertBulk(
        lc,
        Array.from({ length: 10_000 }, (_, j) => realisticDoc(k + j)),
      );
    }
    const indexes = lc.store.indexes;
    indexes.useOrdered = true;
    const served = indexes.orderedReads;
    const indexed = await listPages(lc, 50);
    const indexedReads = indexes.orderedReads - served;
    // Today's path: every sorted read filters and sorts the collection (few pages: each takes about a second).
    indexes.useOrdered = false;
    const scan = await listPages(lc, 5);
    indexes.useOrdered = true;
    console.log(`  ${''.padEnd(44)} ${'ordered index'.padStart(17)}   ${'scan + sort (before)'.padStart(20)}`);
    console.log(
      `  ${''.padEnd(44)} ${'p50'.padStart(8)} ${'p99'.padStart(8)}   ${'p50'.padStart(8)} ${'p99'.padStart(8)}`,
    );
    for (const [label, ms] of Object.entries(indexed)) {
      const before = scan[label]!;
      console.log(`  ${label.padEnd(44)} ${fmt(ms)}   ${fmt(before)}   (${ms.length} / ${before.length} pages)`);
    }
    console.log(`  (database reads answered by an ordered index: ${indexedReads})`);
    // p99 on a shared machine is mostly waiting for a core: the load says how busy it was.
    console.log(`  (load average: ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores)`);

    console.log(`\n# local cloud: a get and updates with ${REPORTS / 1000}k reports (ms, p50 / p99, 2000 calls each)`);
    const db = lc.db;
    const _ = db.command;
    const articles = db.collection('articles');
    const idOf = (i: number) => realisticDoc((i * 7919) % REPORTS)._id;
    const rows: Array<[string, (i: number) => unknown]> = [
      ['get by id (doc().get)', (i) => articles.doc(idOf(i)).get()],
      ['update by id (doc().update, inc)', (i) => articles.doc(idOf(i)).update({ data: { readers: _.inc(1) } })],
      [
        'update where {_id, status} (articles.open views)',
        (i) => articles.where({ _id: idOf(i), status: 'published' }).update({ data: { views: _.inc(1) } }),
      ],
    ];
    for (const [label, op] of rows) {
      await times(50, op);
      console.log(`  ${label.padEnd(44)} ${fmt(await times(2000, op))}`);
    }
  } finally {
    await lc.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function benchLocalCloud(): Promise<void> {
  await benchThroughput();
  await benchListAt100k();
}

if (require.main === module) void benchLocalCloud();

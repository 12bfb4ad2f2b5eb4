// Local cloud throughput through the real SDK: insert, get by id,
// where+orderBy+limit 10 over 10k and 100k documents, inc on one doc, and
// resident memory with 100k documents. Figures, not assertions.
import fs from 'fs';
import os from 'os';
import path from 'path';
import cloud from 'wx-server-sdk';
import { startLocalCloud } from '../local-cloud/index';

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

export async function benchLocalCloud(): Promise<void> {
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

if (require.main === module) void benchLocalCloud();

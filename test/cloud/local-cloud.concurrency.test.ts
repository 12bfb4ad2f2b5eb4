// Concurrency through the real SDK: atomic increments, and per-invocation
// identity (getWXContext reads process.env, which is process-global).
import fs from 'fs';
import os from 'os';
import path from 'path';
import cloud from 'wx-server-sdk';
import { startLocalCloud, type LocalCloud } from '../../tools/local-cloud/index';

let lc: LocalCloud;

async function whoami(): Promise<{ before: unknown; after: unknown; source: unknown }> {
  const db = cloud.database();
  const before = cloud.getWXContext().OPENID;
  await db.collection('calls').add({ data: { openid: before } });
  await new Promise((r) => setTimeout(r, Math.random() * 5));
  await db
    .collection('calls')
    .where({ openid: before ?? null })
    .count();
  const ctx = cloud.getWXContext();
  return { before, after: ctx.OPENID, source: ctx.SOURCE };
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'conc-'));

beforeAll(async () => {
  lc = startLocalCloud({
    dataDir: dataDir,
    functions: { whoami },
  });
  await cloud.database().createCollection('hot');
  await cloud.database().createCollection('calls');
});
afterAll(async () => {
  await lc.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test('1,000 concurrent _.inc(1) on one document give exactly +1,000', async () => {
  const db = cloud.database();
  const _ = db.command;
  await db.collection('hot').add({ data: { _id: 'h', n: 0 } });
  await Promise.all(
    Array.from({ length: 1000 }, () =>
      db
        .collection('hot')
        .doc('h')
        .update({ data: { n: _.inc(1) } }),
    ),
  );
  const got = (await db.collection('hot').doc('h').get()) as unknown as { data: { n: number } };
  expect(got.data.n).toBe(1000);
});

test('200 concurrent invocations as 200 members each see their own OPENID', async () => {
  const members = Array.from({ length: 200 }, (_, i) => `member-${i}`);
  const results = (await Promise.all(members.map((openid) => lc.call('whoami', {}, { openid })))) as Array<{
    before: string;
    after: string;
  }>;
  results.forEach((r, i) => {
    expect(r.before).toBe(members[i]);
    expect(r.after).toBe(members[i]);
  });
  // Outside any invocation there is no member.
  expect(cloud.getWXContext().OPENID).toBeUndefined();
});

test('a call without a member (single-page mode) has no OPENID', async () => {
  const r = (await lc.call('whoami', {}, {})) as unknown as { before: unknown; after: unknown };
  expect(r.before).toBeUndefined();
  expect(r.after).toBeUndefined();
});

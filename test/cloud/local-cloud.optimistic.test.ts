// The local cloud in optimistic mode: transactions run side by side and a
// commit whose documents changed meanwhile fails with
// DATABASE_TRANSACTION_CONFLICT, as write conflicts do in the cloud's
// database. Serial mode (the default) never conflicts, so these tests are
// what exercises the retry paths: nothing is lost or counted twice, and a
// member who loses every retry gets a typed, Chinese CONFLICT.
import cloud from 'wx-server-sdk';
import type { TxDb } from '../../server/cloud';
import { startTestCloud, type TestCloud } from '../helpers/cloud';
import { countersFromDocs, createEvent, member, signupInput, signupsOf, storedCounters } from './events.fixtures';

let tc: TestCloud;
beforeAll(async () => {
  tc = await startTestCloud({ txMode: 'optimistic', functionEnv: { ADMIN_OPENIDS: 'admin-openid' } });
});
afterAll(() => tc.close());

test('concurrent read-modify-write transactions: conflicts happen, and no update is lost', async () => {
  const db = cloud.database();
  await db.createCollection('ctr');
  await db.collection('ctr').add({ data: { _id: 'c', v: 0 } });
  const before = tc.lc.engine.conflicts;
  const results = await Promise.allSettled(
    Array.from({ length: 20 }, () =>
      db.runTransaction(async (tx: TxDb) => {
        const cur = (await tx.collection('ctr').doc('c').get()) as unknown as { data: { v: number } };
        await new Promise((r) => setTimeout(r, 1));
        await tx
          .collection('ctr')
          .doc('c')
          .update({ data: { v: cur.data.v + 1 } });
      }),
    ),
  );
  const done = results.filter((r) => r.status === 'fulfilled').length;
  expect(tc.lc.engine.conflicts).toBeGreaterThan(before);
  const v = ((await db.collection('ctr').doc('c').get()) as unknown as { data: { v: number } }).data.v;
  expect(v).toBe(done); // every committed increment is there, no other
});

test('a write outside any transaction does not wait for a slow transaction', async () => {
  const db = cloud.database();
  await db.createCollection('slow');
  await db.collection('slow').add({ data: { _id: 'a', v: 0 } });
  await db.collection('slow').add({ data: { _id: 'b', v: 0 } });
  const order: string[] = [];
  const slow = db.runTransaction(async (tx: TxDb) => {
    await tx
      .collection('slow')
      .doc('a')
      .update({ data: { v: 1 } });
    await new Promise((r) => setTimeout(r, 150));
    order.push('tx done');
  });
  await new Promise((r) => setTimeout(r, 10));
  await db
    .collection('slow')
    .doc('b')
    .update({ data: { v: 1 } });
  order.push('plain write done');
  await slow;
  expect(order).toEqual(['plain write done', 'tx done']);
});

test('sign-ups under conflicts: never overbooked, counters equal the docs, losers get a typed CONFLICT', async () => {
  const ev = await createEvent(tc, { capacity: 10, waitlistEnabled: true });
  const conflictsBefore = tc.lc.engine.conflicts;
  const answers = await Promise.all(
    Array.from({ length: 60 }, (_, i) =>
      tc.call('events', 'signup.submit', signupInput(ev.id, i), { openid: member(i) }),
    ),
  );
  const failed = answers.filter((a) => !a.ok);
  const conflictsDuring = tc.lc.engine.conflicts - conflictsBefore;
  if (process.env.SHOW_TRIAL)
    console.log(
      `60 at once: ${60 - failed.length} first-try, ${failed.length} CONFLICT, ${conflictsDuring} refused commits`,
    );
  for (const a of failed)
    expect(a).toMatchObject({ ok: false, code: 'CONFLICT', message: '当前操作人数较多，请稍后重试' });
  const docs = signupsOf(tc, ev.id);
  const ok = answers.filter((a) => a.ok).length;
  expect(docs).toHaveLength(ok);
  expect(storedCounters(tc, ev.id)).toEqual(countersFromDocs(tc, ev.id));
  expect(countersFromDocs(tc, ev.id).confirmed).toBe(Math.min(10, ok));
  const seqs = docs.filter((d) => d.status === 'waitlisted').map((d) => d.waitlistSeq);
  expect(new Set(seqs).size).toBe(seqs.length);
  // Whoever lost can simply try again and gets in.
  for (const [i, a] of answers.entries()) {
    if (!a.ok) await tc.ok('events', 'signup.submit', signupInput(ev.id, i), { openid: member(i) });
  }
  expect(signupsOf(tc, ev.id)).toHaveLength(60);
  expect(storedCounters(tc, ev.id)).toEqual(countersFromDocs(tc, ev.id));
  // The retries did work: commits were refused along the way.
  expect(tc.lc.engine.conflicts).toBeGreaterThan(conflictsBefore);
}, 60_000);

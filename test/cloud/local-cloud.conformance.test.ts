// Conformance of the local cloud through the REAL wx-server-sdk: every call
// below is the SDK's own query builder and serializer; only the database
// transport is ours.
import fs from 'fs';
import os from 'os';
import path from 'path';
import cloud from 'wx-server-sdk';
import type { TxDb } from '../../server/data';
import { Engine } from '../../tools/local-cloud/engine';
import { Store } from '../../tools/local-cloud/store';
import { startTestCloud, type TestCloud } from '../helpers/cloud';

let t: TestCloud;
type Db = ReturnType<typeof cloud.database>;
let db: Db;

interface Row {
  _id: string;
  n: number;
  tag?: string;
  group: string;
  list?: string[];
  nested?: { a: number };
  at?: Date;
}

async function rows(q: { get(): unknown }): Promise<Row[]> {
  return ((await q.get()) as unknown as { data: Row[] }).data;
}
async function ids(q: { get(): unknown }): Promise<string[]> {
  return (await rows(q)).map((r) => r._id);
}

beforeAll(async () => {
  t = await startTestCloud({ functions: [] });
  db = cloud.database();
  // Like the cloud, a collection must be created before use.
  for (const name of ['rows', 'many', 'adds', 'docs', 'bulk', 'acct', 'log', 'ctr', 'dates', 'indexed']) {
    await db.createCollection(name);
  }
  const seed: Row[] = [];
  for (let i = 0; i < 10; i++) {
    seed.push({
      _id: `r${i}`,
      n: i,
      group: i % 2 ? 'odd' : 'even',
      ...(i < 5 ? { tag: i < 3 ? 'low' : 'mid' } : {}),
      nested: { a: i * 10 },
    });
  }
  for (const r of seed) await db.collection('rows').add({ data: r });
  // 150 docs for the read cap
  for (let i = 0; i < 150; i++) await db.collection('many').add({ data: { i } });
});
afterAll(() => t.close());

describe('where', () => {
  const _ = () => db.command;
  test.each([
    ['eq', () => ({ n: _().eq(3) }), ['r3']],
    ['neq', () => ({ n: _().neq(3), group: 'odd' }), ['r1', 'r5', 'r7', 'r9']],
    ['gt', () => ({ n: _().gt(7) }), ['r8', 'r9']],
    ['gte', () => ({ n: _().gte(8) }), ['r8', 'r9']],
    ['lt', () => ({ n: _().lt(2) }), ['r0', 'r1']],
    ['lte', () => ({ n: _().lte(1) }), ['r0', 'r1']],
    ['in', () => ({ n: _().in([2, 4, 42]) }), ['r2', 'r4']],
    ['nin', () => ({ n: _().nin([0, 1, 2, 3, 4, 5, 6, 7]) }), ['r8', 'r9']],
    ['exists true', () => ({ tag: _().exists(true), n: _().gt(2) }), ['r3', 'r4']],
    ['exists false', () => ({ tag: _().exists(false), n: _().lt(6) }), ['r5']],
    ['and', () => ({ n: _().gt(2).and(_().lt(5)) }), ['r3', 'r4']],
    ['nested field', () => ({ 'nested.a': 70 }), ['r7']],
    ['plain equality', () => ({ group: 'even', tag: 'low' }), ['r0', 'r2']],
  ])('%s', async (_name, where, expected) => {
    expect(await ids(db.collection('rows').where(where()).orderBy('n', 'asc'))).toEqual(expected);
  });

  test('or', async () => {
    const _c = db.command;
    const got = await ids(
      db
        .collection('rows')
        .where(_c.or([{ n: 0 }, { n: _c.gte(9) }]))
        .orderBy('n', 'asc'),
    );
    expect(got).toEqual(['r0', 'r9']);
  });

  test('RegExp is case-insensitive and literal where escaped', async () => {
    const got = await ids(
      db
        .collection('rows')
        .where({ tag: db.RegExp({ regexp: '^LO', options: 'i' }) })
        .orderBy('n', 'asc'),
    );
    expect(got).toEqual(['r0', 'r1', 'r2']);
  });
});

test('orderBy on two keys, skip and limit', async () => {
  const got = await ids(db.collection('rows').orderBy('group', 'asc').orderBy('n', 'desc').skip(1).limit(3));
  // even: 8 6 4 2 0, odd: 9 7 5 3 1
  expect(got).toEqual(['r6', 'r4', 'r2']);
});

test('server reads are capped at 100, also when asking for more', async () => {
  expect((await rows(db.collection('many').limit(1000))).length).toBe(100);
  expect((await rows(db.collection('many'))).length).toBe(100);
  expect((await rows(db.collection('many').skip(100).limit(100))).length).toBe(50);
});

test('field projects, keeping _id', async () => {
  const got = (
    (await db.collection('rows').where({ _id: 'r1' }).field({ n: true }).get()) as unknown as { data: unknown[] }
  ).data;
  expect(got).toEqual([{ _id: 'r1', n: 1 }]);
});

test('count', async () => {
  const res = (await db.collection('rows').where({ group: 'odd' }).count()) as unknown as { total: number };
  expect(res.total).toBe(5);
});

describe('add', () => {
  test('generated and explicit ids; duplicate id rejected and nothing changed', async () => {
    const gen = (await db.collection('adds').add({ data: { v: 1 } })) as unknown as { _id: string };
    expect(gen._id).toMatch(/^[0-9a-f]{32}$/);
    const exp = (await db.collection('adds').add({ data: { _id: 'fixed', v: 2 } })) as unknown as { _id: string };
    expect(exp._id).toBe('fixed');
    await expect(db.collection('adds').add({ data: { _id: 'fixed', v: 3 } })).rejects.toMatchObject({
      errCode: -502001,
      errMsg: expect.stringMatching(/duplicate key/),
    });
    const doc = (await db.collection('adds').doc('fixed').get()) as unknown as { data: { v: number } };
    expect(doc.data.v).toBe(2);
  });
});

describe('doc', () => {
  test('get / update / set / remove, and missing ids', async () => {
    const ref = db.collection('docs').doc('d1');
    await ref.set({ data: { a: 1, b: { c: 2 } } });
    expect(((await ref.get()) as unknown as { data: unknown }).data).toEqual({ _id: 'd1', a: 1, b: { c: 2 } });
    const upd = (await ref.update({ data: { b: { d: 3 } } })) as unknown as { stats: { updated: number } };
    expect(upd.stats.updated).toBe(1);
    // update merges nested objects field by field
    expect(((await ref.get()) as unknown as { data: unknown }).data).toEqual({ _id: 'd1', a: 1, b: { c: 2, d: 3 } });
    // set replaces the whole document
    await ref.set({ data: { z: true } });
    expect(((await ref.get()) as unknown as { data: unknown }).data).toEqual({ _id: 'd1', z: true });
    const rm = (await ref.remove()) as unknown as { stats: { removed: number } };
    expect(rm.stats.removed).toBe(1);
    await expect(ref.get()).rejects.toMatchObject({
      errMsg: expect.stringContaining('document with _id d1 does not exist'),
    });
    const missingUpdate = (await db
      .collection('docs')
      .doc('nope')
      .update({ data: { a: 1 } })) as unknown as {
      stats: { updated: number };
    };
    expect(missingUpdate.stats.updated).toBe(0);
    const missingRemove = (await db.collection('docs').doc('nope').remove()) as unknown as {
      stats: { removed: number };
    };
    expect(missingRemove.stats.removed).toBe(0);
  });

  test('update with inc, set, push, remove', async () => {
    const _ = db.command;
    const ref = db.collection('docs').doc('ops');
    await ref.set({ data: { n: 1, list: ['a'], gone: 1, keep: 'k' } });
    await ref.update({ data: { n: _.inc(5), list: _.push(['b', 'c']), gone: _.remove(), keep: _.set({ x: 1 }) } });
    expect(((await ref.get()) as unknown as { data: unknown }).data).toEqual({
      _id: 'ops',
      n: 6,
      list: ['a', 'b', 'c'],
      keep: { x: 1 },
    });
  });
});

test('where().update and where().remove act on every match', async () => {
  const _ = db.command;
  for (let i = 0; i < 5; i++) await db.collection('bulk').add({ data: { i, kind: i < 3 ? 'x' : 'y' } });
  const upd = (await db
    .collection('bulk')
    .where({ kind: 'x' })
    .update({ data: { seen: _.inc(1) } })) as unknown as {
    stats: { updated: number };
  };
  expect(upd.stats.updated).toBe(3);
  expect((await rows(db.collection('bulk').where({ seen: 1 }))).length).toBe(3);
  const rm = (await db.collection('bulk').where({ kind: 'y' }).remove()) as unknown as { stats: { removed: number } };
  expect(rm.stats.removed).toBe(2);
  expect(((await db.collection('bulk').count()) as unknown as { total: number }).total).toBe(3);
});

test('aggregate with match, group, sort, limit', async () => {
  const _ = db.command;
  const $ = _.aggregate;
  const res = (await db
    .collection('rows')
    .aggregate()
    .match({ n: _.gte(2) })
    .group({ _id: '$group', total: $.sum('$n'), count: $.sum(1) })
    .sort({ total: -1 })
    .limit(1)
    .end()) as unknown as { list: unknown[] };
  // odd ≥2: 3+5+7+9 = 24; even ≥2: 2+4+6+8 = 20
  expect(res.list).toEqual([{ _id: 'odd', total: 24, count: 4 }]);
});

describe('transactions', () => {
  test('commit applies every write', async () => {
    const _ = db.command;
    await db.collection('acct').add({ data: { _id: 'A', bal: 100 } });
    await db.collection('acct').add({ data: { _id: 'B', bal: 0 } });
    const out = await db.runTransaction(async (tx: TxDb) => {
      const a = (await tx.collection('acct').doc('A').get()) as unknown as { data: { bal: number } };
      await tx
        .collection('acct')
        .doc('A')
        .update({ data: { bal: a.data.bal - 30 } });
      await tx
        .collection('acct')
        .doc('B')
        .update({ data: { bal: _.inc(30) } });
      await tx.collection('log').add({ data: { _id: 'L1', amount: 30 } });
      return 'done';
    });
    expect(out).toBe('done');
    const bal = (await rows(db.collection('acct').orderBy('_id', 'asc'))) as unknown as Array<{ bal: number }>;
    expect(bal.map((b) => b.bal)).toEqual([70, 30]);
    expect(((await db.collection('log').doc('L1').get()) as unknown as { data: { amount: number } }).data.amount).toBe(
      30,
    );
  });

  test('throwing aborts: nothing applied, and reads inside see own writes', async () => {
    await db.collection('acct').add({ data: { _id: 'C', bal: 5 } });
    let seenInside = -1;
    await expect(
      db.runTransaction(async (tx: TxDb) => {
        await tx
          .collection('acct')
          .doc('C')
          .update({ data: { bal: 999 } });
        await tx.collection('acct').add({ data: { _id: 'D', bal: 1 } });
        seenInside = ((await tx.collection('acct').doc('C').get()) as unknown as { data: { bal: number } }).data.bal;
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(seenInside).toBe(999);
    expect(((await db.collection('acct').doc('C').get()) as unknown as { data: { bal: number } }).data.bal).toBe(5);
    await expect(db.collection('acct').doc('D').get()).rejects.toBeTruthy();
  });

  test('a where query inside a transaction is refused', async () => {
    await expect(
      db.runTransaction(async (tx: TxDb) => {
        await tx.collection('acct').where({ bal: 5 }).get();
      }),
    ).rejects.toBeTruthy();
  });
});

// WeChat's documented transaction rules (云开发 → 数据库 → 事务), one test each; see engine.ts.
describe("transactions follow WeChat's rules", () => {
  type Tx = Awaited<ReturnType<Db['startTransaction']>>;
  const v = async (id: string) =>
    ((await db.collection('rules').doc(id).get()) as unknown as { data: { v: number } }).data.v;
  const inTx = async (tx: Tx, id: string) =>
    ((await tx.collection('rules').doc(id).get()) as unknown as { data: { v: number } }).data.v;
  const set = (tx: Tx, id: string, value: number) =>
    tx
      .collection('rules')
      .doc(id)
      .update({ data: { v: value } });

  beforeAll(async () => {
    await db.createCollection('rules');
    for (const id of ['lock', 'wait', 'hidden', 'snap', 'retry'])
      await db.collection('rules').add({ data: { _id: id, v: 0 } });
  });

  test("another transaction's write to a locked document fails at once, aborting it", async () => {
    const a = await db.startTransaction();
    await set(a, 'lock', 1);
    const b = await db.startTransaction();
    const started = Date.now();
    // wx-server-sdk has no number for DATABASE_TRANSACTION_CONFLICT and reports it as SYS_ERR (-501001).
    await expect(set(b, 'lock', 2)).rejects.toMatchObject({ errCode: -501001 });
    expect(Date.now() - started).toBeLessThan(500);
    // b was aborted by the conflict: its other writes are gone too.
    await expect(b.commit()).rejects.toMatchObject({ code: 'DATABASE_REQUEST_FAILED' });
    await a.commit();
    expect(await v('lock')).toBe(1);
  });

  test('a plain update of a locked document waits until the transaction commits', async () => {
    const _ = db.command;
    const a = await db.startTransaction();
    await set(a, 'wait', 10);
    let done = false;
    const plain = (
      db
        .collection('rules')
        .doc('wait')
        .update({ data: { v: _.inc(1) } }) as Promise<unknown>
    ).then(() => (done = true));
    await new Promise((r) => setTimeout(r, 100));
    expect(done).toBe(false);
    await a.commit();
    await plain;
    expect(await v('wait')).toBe(11); // applied after the commit, on top of it
  });

  test('nothing a transaction writes is visible before commit', async () => {
    const a = await db.startTransaction();
    await set(a, 'hidden', 5);
    await a.collection('rules').add({ data: { _id: 'hidden-new', v: 1 } });
    expect(await v('hidden')).toBe(0);
    expect(await ids(db.collection('rules').where({ _id: 'hidden-new' }))).toEqual([]);
    expect(await inTx(a, 'hidden')).toBe(5); // its own writes, inside
    await a.commit();
    expect(await v('hidden')).toBe(5);
    expect(await v('hidden-new')).toBe(1);
  });

  test('reads see the snapshot; writing a document changed since the snapshot conflicts', async () => {
    const a = await db.startTransaction();
    expect(await inTx(a, 'snap')).toBe(0);
    await db
      .collection('rules')
      .doc('snap')
      .update({ data: { v: 7 } });
    expect(await inTx(a, 'snap')).toBe(0);
    await expect(set(a, 'snap', 1)).rejects.toMatchObject({ errCode: -501001 });
    expect(await v('snap')).toBe(7);
  });

  test('concurrent read-modify-write transactions: the losers fail with the conflict, no update is lost', async () => {
    const before = t.lc.engine.conflicts;
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () =>
        db.runTransaction(async (tx: TxDb) => {
          const cur = (await tx.collection('rules').doc('retry').get()) as unknown as { data: { v: number } };
          await tx
            .collection('rules')
            .doc('retry')
            .update({ data: { v: cur.data.v + 1 } });
        }),
      ),
    );
    expect(t.lc.engine.conflicts).toBeGreaterThan(before);
    const done = results.filter((r) => r.status === 'fulfilled').length;
    expect(done).toBeGreaterThan(0);
    expect(done).toBeLessThan(10); // losers of a conflict fail: no serial queue hides it
    expect(await v('retry')).toBe(done);
  });
});

describe('the transaction validity limit', () => {
  let dir: string;
  let engine: Engine;
  let store: Store;
  const q = (id: string) => JSON.stringify({ _id: id });
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tx-expiry-'));
    store = new Store(dir);
    store.open();
    store.create('c');
    store.commit([{ c: 'c', id: 'x', doc: { _id: 'x', v: 0 } }]);
    engine = new Engine(store, { txTimeoutMs: 150 });
  });
  afterAll(() => {
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('an uncommitted transaction is rolled back at the limit, releasing its lock to a waiting plain update', async () => {
    const start = (await engine.execute('database.startTransaction')) as { transactionId: string };
    const transactionId = start.transactionId;
    const write = (data: object, tx?: string) =>
      engine.execute('database.modifyDocument', {
        collectionName: 'c',
        query: q('x'),
        queryType: 'DOC',
        data: JSON.stringify(data),
        multi: false,
        ...(tx ? { transactionId: tx } : {}),
      });
    expect(await write({ $set: { v: 1 } }, transactionId)).not.toHaveProperty('code');
    const began = Date.now();
    expect(await write({ $inc: { v: 5 } })).not.toHaveProperty('code');
    expect(Date.now() - began).toBeGreaterThanOrEqual(100);
    expect(store.collection('c').get('x')).toMatchObject({ v: 5 }); // the transaction's write was dropped
    expect(await engine.execute('database.commitTransaction', { transactionId })).toMatchObject({
      code: 'DATABASE_TRANSACTION_FAIL',
    });
  });
});

test('serverDate and Date round trip', async () => {
  const before = Date.now();
  const when = new Date('2023-02-27T03:12:00.000Z');
  await db.collection('dates').add({ data: { _id: 'x', when, at: db.serverDate() } });
  const got = ((await db.collection('dates').doc('x').get()) as unknown as { data: { when: Date; at: Date } }).data;
  expect(got.when).toBeInstanceOf(Date);
  expect(got.when.getTime()).toBe(when.getTime());
  expect(got.at).toBeInstanceOf(Date);
  expect(got.at.getTime()).toBeGreaterThanOrEqual(before);
  expect(got.at.getTime()).toBeLessThanOrEqual(Date.now());
  // Dates compare in queries
  const _ = db.command;
  expect(await ids(db.collection('dates').where({ when: _.lt(new Date('2024-01-01')) }))).toEqual(['x']);
});

test('an action the local cloud does not implement fails loudly, naming it', async () => {
  await expect(t.lc.engine.execute('database.watchDocuments', {})).rejects.toThrow(
    'database action "database.watchDocuments" is not implemented',
  );
});

test('equality indexes narrow queries but never change answers, through updates and removals', async () => {
  const _ = db.command;
  const col = db.collection('indexed');
  await col.add({ data: { _id: 'i1', kind: 'a', tags: ['x', 'y'], n: 1 } });
  await col.add({ data: { _id: 'i2', kind: 'b', tags: 'x', n: 2 } });
  await col.add({ data: { _id: 'i3', kind: null, n: 3 } });
  await col.add({ data: { _id: 'i4', n: 4 } });
  const kinds = async (where: Record<string, unknown>) => (await ids(col.where(where).orderBy('n', 'asc'))).join(',');
  expect(await kinds({ kind: 'a' })).toBe('i1'); // builds the index on kind
  expect(await kinds({ tags: 'x' })).toBe('i1,i2'); // array elements match
  expect(await kinds({ kind: _.eq('b') })).toBe('i2');
  expect(await kinds({ kind: null })).toBe('i3,i4'); // null matches missing too
  await col.doc('i1').update({ data: { kind: 'b' } });
  expect(await kinds({ kind: 'a' })).toBe('');
  expect(await kinds({ kind: 'b' })).toBe('i1,i2');
  await col.doc('i2').remove();
  expect(await kinds({ kind: 'b' })).toBe('i1');
  await col.where({ kind: 'b' }).update({ data: { kind: 'c' } });
  expect(await kinds({ kind: 'c' })).toBe('i1');
  await db.runTransaction(async (tx: TxDb) => {
    await tx
      .collection('indexed')
      .doc('i4')
      .update({ data: { kind: 'c' } });
  });
  expect(await kinds({ kind: 'c' })).toBe('i1,i4');
  expect(await kinds({ kind: 'c', n: _.gt(1) })).toBe('i4');
});

test('a collection nobody created fails like the cloud (-502005); creating it twice is refused', async () => {
  await expect(db.collection('never_created').where({ a: 1 }).get()).rejects.toMatchObject({ errCode: -502005 });
  await expect(db.collection('never_created').add({ data: { a: 1 } })).rejects.toMatchObject({ errCode: -502005 });
  await expect(db.collection('never_created').doc('x').get()).rejects.toMatchObject({ errCode: -502005 });
  await db.createCollection('created_once');
  await expect(db.createCollection('created_once')).rejects.toMatchObject({
    errMsg: expect.stringMatching(/Table exist/),
  });
  expect(((await db.collection('created_once').count()) as unknown as { total: number }).total).toBe(0);
});

import cloud from 'wx-server-sdk';
import type { TxDb } from '../../server/data';
import { startTestCloud, type TestCloud } from '../helpers/cloud';

let t: TestCloud;
beforeAll(async () => {
  t = await startTestCloud({ functions: [] });
});
afterAll(() => t.close());

test('smoke', async () => {
  const db = cloud.database();
  await db.createCollection('a');
  const _ = db.command;
  const res = (await db.collection('a').add({ data: { n: 1, d: new Date(5) } })) as unknown as { _id: string };
  expect(typeof res._id).toBe('string');
  await db
    .collection('a')
    .doc(res._id)
    .update({ data: { n: _.inc(2) } });
  const got = (await db.collection('a').doc(res._id).get()) as unknown as { data: { n: number; d: Date } };
  expect(got.data.n).toBe(3);
  expect(got.data.d).toBeInstanceOf(Date);
  await expect(db.collection('a').doc('missing').get()).rejects.toMatchObject({
    errMsg: expect.stringContaining('does not exist'),
  });
  await expect(db.collection('a').add({ data: { _id: res._id } })).rejects.toBeTruthy();
  await db.runTransaction(async (tx: TxDb) => {
    await tx
      .collection('a')
      .doc(res._id)
      .update({ data: { n: _.inc(10) } });
  });
  const after = (await db.collection('a').doc(res._id).get()) as unknown as { data: { n: number } };
  expect(after.data.n).toBe(13);
});

// On a fresh cloud environment no collection exists; the functions create
// what they need on their first call, so deploying needs no manual step.
import { COLLECTIONS, createCollections } from '../../server/collections';
import { startTestCloud, type TestCloud } from '../helpers/cloud';

let tc: TestCloud;
beforeAll(async () => {
  tc = await startTestCloud({ createCollections: false });
});
afterAll(() => tc.close());

test('a fresh environment: the first call of each function creates every collection', async () => {
  for (const name of COLLECTIONS) expect(tc.lc.store.has(name)).toBe(false);
  const list = await tc.call('content', 'articles.list', {}, { openid: 'm1' });
  expect(list).toEqual({ ok: true, data: { items: [], nextCursor: null } });
  for (const name of COLLECTIONS) expect(tc.lc.store.has(name)).toBe(true);
  // the other function finds them there and goes on
  const events = await tc.call('events', 'events.list', { scope: 'upcoming' }, { openid: 'm1' });
  expect(events.ok).toBe(true);
});

test('the list names every collection the functions use', () => {
  expect([...COLLECTIONS].sort()).toEqual(
    [
      'article_readers',
      'articles',
      'events',
      'members',
      'qrcodes',
      'scene_codes',
      'share_groups',
      'shares',
      'signups',
    ].sort(),
  );
});

test('collections removed under a running instance are created again after the first failure', async () => {
  // A second environment under the same (already set up) function instance:
  // as if the collections were deleted in the console.
  await tc.close();
  tc = await startTestCloud({ createCollections: false });
  const first = await tc.call('content', 'articles.list', {}, { openid: 'm1' });
  expect(first).toMatchObject({ ok: false, code: 'INTERNAL' });
  const second = await tc.call('content', 'articles.list', {}, { openid: 'm1' });
  expect(second).toEqual({ ok: true, data: { items: [], nextCursor: null } });
  for (const name of COLLECTIONS) expect(tc.lc.store.has(name)).toBe(true);
});

test('two instances creating the collections at once both succeed (existence read back, not guessed from a message)', async () => {
  await tc.close();
  tc = await startTestCloud({ createCollections: false });
  await Promise.all([createCollections(), createCollections(), createCollections()]);
  for (const name of COLLECTIONS) expect(tc.lc.store.has(name)).toBe(true);
  // And once they exist, nothing is created again.
  await expect(createCollections()).resolves.toBeUndefined();
});

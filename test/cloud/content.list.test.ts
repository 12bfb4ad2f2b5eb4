// articles.list: cursor paging (no duplicate, no gap, also while reports
// are published), pinned first, columns, drafts never listed, small items.
import { ARTICLE_RULES, type ArticleSummary } from '../../miniprogram/contract/index';
import { startTestCloud, type TestCloud } from '../helpers/cloud';
import {
  ADMIN,
  createDraft,
  createPublished,
  inBatches,
  MINUTE,
  pageThrough,
  sortedCopy,
  T0,
} from './content.fixtures';

let tc: TestCloud;
const published: string[] = [];

beforeAll(async () => {
  tc = await startTestCloud({ functions: ['content'], functionEnv: { ADMIN_OPENIDS: ADMIN } });
  // 250 reports; every 5 share a publishedAt, so the _id tie-breaker is exercised.
  const made = await inBatches(
    Array.from({ length: 250 }, (_, k) => k),
    8,
    (k) =>
      createPublished(tc, {
        title: `报道 ${k}`,
        column: k % 2 ? '协会动态' : '行业资讯',
        publishedAt: T0 + Math.floor(k / 5) * MINUTE,
      }),
  );
  published.push(...made.map((a) => a.id));
}, 60_000);
afterAll(() => tc.close());

test('paging through 250 reports yields each exactly once, newest first', async () => {
  const { ids, pages } = await pageThrough(tc, { pageSize: 20 });
  expect(ids).toHaveLength(250);
  expect(new Set(ids).size).toBe(250);
  expect(sortedCopy(ids)).toEqual(sortedCopy(published));
  expect(pages).toHaveLength(13);
  expect(pages.slice(0, 12).every((p) => p.length === 20)).toBe(true);

  // Order: publishedAt desc, then _id desc.
  const raw = new Map(tc.dump('articles').map((d) => [String(d._id), (d.publishedAt as Date).getTime()]));
  for (let k = 1; k < ids.length; k++) {
    const [a, b] = [ids[k - 1]!, ids[k]!];
    const [ta, tb] = [raw.get(a)!, raw.get(b)!];
    expect(ta > tb || (ta === tb && a > b)).toBe(true);
  }
});

test('reports published between pages cause no duplicate and no gap', async () => {
  const added: string[] = [];
  const { ids } = await pageThrough(tc, {
    pageSize: 10,
    betweenPages: async (page) => {
      if (page % 3 !== 0) return;
      // A fresh report (dated now) and an old draft published with an old date.
      added.push((await createPublished(tc, { title: `新发布 ${page}` })).id);
      added.push((await createPublished(tc, { title: `补发 ${page}`, publishedAt: T0 + 7 * MINUTE })).id);
    },
  });
  expect(added.length).toBeGreaterThan(10);
  expect(new Set(ids).size).toBe(ids.length);
  for (const id of published) expect(ids.filter((x) => x === id)).toHaveLength(1);
  // Everything seen is either one of the 250 or one published meanwhile.
  const known = new Set([...published, ...added]);
  expect(ids.every((id) => known.has(id))).toBe(true);
  // Afterwards a fresh pass sees everything once.
  const again = await pageThrough(tc, { pageSize: 20 });
  expect(sortedCopy(again.ids)).toEqual(sortedCopy([...published, ...added]));
  // Tidy up for the next tests.
  for (const id of added) await tc.ok('content', 'articles.remove', { id }, { openid: ADMIN });
}, 60_000);

test('a column lists only its reports', async () => {
  const { ids } = await pageThrough(tc, { column: '协会动态', pageSize: 20 });
  expect(ids).toHaveLength(125);
  const columns = new Map(tc.dump('articles').map((d) => [String(d._id), d.column]));
  expect(ids.every((id) => columns.get(id) === '协会动态')).toBe(true);
  const empty = await tc.ok('content', 'articles.list', { column: '党建活动' }, { openid: 'reader' });
  expect(empty).toEqual({ items: [], nextCursor: null });
});

test('pinned reports lead the first page and are not repeated by the cursor stream', async () => {
  const old = await createPublished(tc, {
    title: '置顶通知',
    column: '通知公告',
    pinned: true,
    publishedAt: T0 - 100 * MINUTE,
  });
  const first = await tc.ok('content', 'articles.list', { pageSize: 10 }, { openid: 'reader' });
  expect(first.items[0]!.id).toBe(old.id);
  expect(first.items[0]!.pinned).toBe(true);
  expect(first.items).toHaveLength(10);
  const { ids } = await pageThrough(tc, { pageSize: 10 });
  expect(ids.filter((id) => id === old.id)).toHaveLength(1);
  expect(ids).toHaveLength(251);

  // More pinned than a page holds: page 1 holds every pinned report, the stream follows from its start.
  const extra: Array<{ id: string }> = [];
  for (let k = 0; k < 3; k++) extra.push(await createPublished(tc, { title: `置顶 ${k}`, pinned: true }));
  const small = await pageThrough(tc, { pageSize: 3 });
  expect(small.pages[0]!.every((id) => [old.id, ...extra.map((e) => e.id)].includes(id))).toBe(true);
  expect(new Set(small.ids).size).toBe(small.ids.length);
  expect(small.pages[0]).toHaveLength(4);
  expect(small.ids).toHaveLength(251 + 3); // all 4 pinned on page 1, none lost
  for (const a of [old, ...extra]) await tc.ok('content', 'articles.remove', { id: a.id }, { openid: ADMIN });
}, 60_000);

test('drafts, unpublished and removed reports are never listed', async () => {
  const draft = await createDraft(tc, { title: '草稿不应出现' });
  const unpublished = await createPublished(tc, { title: '已撤回' });
  await tc.ok('content', 'articles.unpublish', { id: unpublished.id }, { openid: ADMIN });
  const removed = await createPublished(tc, { title: '已删除' });
  await tc.ok('content', 'articles.remove', { id: removed.id }, { openid: ADMIN });
  const { ids } = await pageThrough(tc, { pageSize: 20 });
  expect(ids).not.toContain(draft.id);
  expect(ids).not.toContain(unpublished.id);
  expect(ids).not.toContain(removed.id);
  expect(ids).toHaveLength(250);
});

test('items never carry the body; summary is cut short', async () => {
  const long = '长摘要'.repeat(60);
  const a = await createPublished(tc, {
    title: '带长摘要的报道',
    summary: long.slice(0, 200),
    publishedAt: Date.now(),
  });
  const res = await tc.ok('content', 'articles.list', { pageSize: 1 }, { openid: 'reader' });
  const item = res.items[0] as ArticleSummary & Record<string, unknown>;
  expect(item.id).toBe(a.id);
  expect(Object.keys(item).sort()).toEqual(
    ['column', 'cover', 'id', 'pinned', 'publishedAt', 'source', 'summary', 'title', 'views'].sort(),
  );
  expect('blocks' in item).toBe(false);
  expect(Array.from(item.summary).length).toBeLessThanOrEqual(ARTICLE_RULES.listSummaryMax);
  expect(item.summary.endsWith('…')).toBe(true);
  await tc.ok('content', 'articles.remove', { id: a.id }, { openid: ADMIN });
});

test('bad list payloads are VALIDATION errors', async () => {
  const bad: unknown[] = [
    { pageSize: 21 },
    { pageSize: 0 },
    { pageSize: 2.5 },
    { column: '不存在的栏目' },
    { cursor: 'not-a-cursor' },
    { cursor: '' },
    { extra: 1 },
  ];
  for (const payload of bad) {
    const env = await tc.callRaw('content', { action: 'articles.list', payload }, { openid: 'reader' });
    expect(env).toMatchObject({ ok: false, code: 'VALIDATION' });
    expect((env as { message: string }).message).toMatch(/[\u4e00-\u9fa5]/);
  }
  // A search cursor is not a list cursor.
  const search = await tc.ok('content', 'articles.search', { q: '报道' }, { openid: 'reader' });
  expect(search.nextCursor).toBeTruthy();
  const env = await tc.call('content', 'articles.list', { cursor: search.nextCursor! }, { openid: 'reader' });
  expect(env).toMatchObject({ ok: false, code: 'VALIDATION', field: 'cursor' });
});

test('a list works without a member (Moments single-page mode) and with no payload', async () => {
  const env = await tc.callRaw('content', { action: 'articles.list' }, {});
  expect(env).toMatchObject({ ok: true });
  expect((env as { data: { items: unknown[] } }).data.items).toHaveLength(ARTICLE_RULES.pageSizeDefault);
});

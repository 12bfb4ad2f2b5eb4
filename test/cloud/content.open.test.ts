// articles.open: the report and its view counted in one call; readers
// counted once per member; drafts, removed and unknown ids count nothing.
import { startTestCloud, type TestCloud } from '../helpers/cloud';
import { ADMIN, CONTENT_COLLECTIONS, createDraft, createPublished } from './content.fixtures';

let tc: TestCloud;

beforeAll(async () => {
  tc = await startTestCloud({ functions: ['content'], functionEnv: { ADMIN_OPENIDS: ADMIN } });
});
afterAll(() => tc.close());

function rawArticle(id: string): Record<string, unknown> {
  const doc = tc.dump('articles').find((d) => d._id === id);
  if (!doc) throw new Error(`no article ${id}`);
  return doc;
}

function readerDocs(articleId: string): Array<Record<string, unknown>> {
  return tc.dump('article_readers').filter((d) => d.articleId === articleId);
}

function snapshot(): string {
  return JSON.stringify(CONTENT_COLLECTIONS.map((c) => tc.dump(c)));
}

test('open returns the whole report and the counts after this view', async () => {
  const a = await createPublished(tc, {
    title: '完整报道',
    source: '协会秘书处',
    author: '张三',
    blocks: [
      { type: 'paragraph', text: '第一段。' },
      { type: 'image', src: 'cloud://env.local/a.jpg', caption: '会议现场', width: 800, height: 600 },
      { type: 'heading', text: '一、小标题' },
    ],
  });
  const first = await tc.ok('content', 'articles.open', { id: a.id }, { openid: 'm-a' });
  expect(first).toMatchObject({
    id: a.id,
    title: '完整报道',
    source: '协会秘书处',
    author: '张三',
    status: 'published',
    views: 1,
    readers: 1,
    shares: 0,
  });
  expect(first.blocks).toHaveLength(3);
  expect(first.blocks[1]).toEqual({
    type: 'image',
    src: 'cloud://env.local/a.jpg',
    caption: '会议现场',
    width: 800,
    height: 600,
  });
  expect(typeof first.publishedAt).toBe('number');

  const again = await tc.ok('content', 'articles.open', { id: a.id }, { openid: 'm-a' });
  expect(again).toMatchObject({ views: 2, readers: 1 });
  const other = await tc.ok('content', 'articles.open', { id: a.id }, { openid: 'm-b' });
  expect(other).toMatchObject({ views: 3, readers: 2 });
  expect(rawArticle(a.id)).toMatchObject({ views: 3, readers: 2 });
  expect(
    readerDocs(a.id)
      .map((d) => d._id)
      .sort(),
  ).toEqual([`${a.id}_m-a`, `${a.id}_m-b`]);
});

test('50 concurrent opens by 10 members: views +50, readers +10', async () => {
  const a = await createPublished(tc, { title: '并发阅读' });
  const members = Array.from({ length: 10 }, (_, k) => `member-${k}`);
  const calls = Array.from({ length: 50 }, (_, k) => members[k % 10]!);
  const results = await Promise.all(
    calls.map((openid) => tc.call('content', 'articles.open', { id: a.id }, { openid })),
  );
  expect(results.every((r) => r.ok)).toBe(true);
  expect(rawArticle(a.id)).toMatchObject({ views: 50, readers: 10 });
  expect(readerDocs(a.id)).toHaveLength(10);
  expect(new Set(readerDocs(a.id).map((d) => d.openid))).toEqual(new Set(members));
  // A member's second wave changes views only.
  await Promise.all(members.map((openid) => tc.ok('content', 'articles.open', { id: a.id }, { openid })));
  expect(rawArticle(a.id)).toMatchObject({ views: 60, readers: 10 });
});

test('a draft, an unpublished, a removed and an unknown id: NOT_FOUND and nothing counted', async () => {
  const draft = await createDraft(tc, { title: '草稿' });
  const unpublished = await createPublished(tc, { title: '撤回' });
  await tc.ok('content', 'articles.unpublish', { id: unpublished.id }, { openid: ADMIN });
  const removed = await createPublished(tc, { title: '删除' });
  await tc.ok('content', 'articles.remove', { id: removed.id }, { openid: ADMIN });

  const before = snapshot();
  for (const id of [draft.id, unpublished.id, removed.id, 'no-such-article']) {
    for (const caller of [{ openid: 'm-x' }, {}]) {
      const env = await tc.call('content', 'articles.open', { id }, caller);
      expect(env).toMatchObject({ ok: false, code: 'NOT_FOUND', message: '内容不存在或已下线' });
    }
  }
  // Concurrently too: the guard holds under load.
  const many = await Promise.all(
    Array.from({ length: 20 }, (_, k) => tc.call('content', 'articles.open', { id: draft.id }, { openid: `m-${k}` })),
  );
  expect(many.every((r) => !r.ok && r.code === 'NOT_FOUND')).toBe(true);
  expect(snapshot()).toBe(before);
});

test('without OPENID (Moments single-page mode): the view counts, no reader record, no error', async () => {
  const a = await createPublished(tc, { title: '朋友圈打开' });
  const res = await tc.ok('content', 'articles.open', { id: a.id }, {});
  expect(res).toMatchObject({ id: a.id, views: 1, readers: 0 });
  expect(rawArticle(a.id)).toMatchObject({ views: 1, readers: 0 });
  expect(readerDocs(a.id)).toHaveLength(0);
});

test('opening takes a share token without failing (attribution comes with sharing)', async () => {
  const a = await createPublished(tc, { title: '带分享参数' });
  const res = await tc.ok('content', 'articles.open', { id: a.id, shareToken: 'abc123' }, { openid: 'm-s' });
  expect(res.views).toBe(1);
});

test('bad open payloads: VALIDATION, nothing counted', async () => {
  const a = await createPublished(tc, { title: '参数校验' });
  const before = snapshot();
  const bad: unknown[] = [
    undefined,
    {},
    { id: '' },
    { id: 123 },
    { id: 'x'.repeat(65) },
    { id: 'a/b' },
    { id: { $ne: 1 } },
    { id: a.id, extra: true },
  ];
  for (const payload of bad) {
    const env = await tc.callRaw('content', { action: 'articles.open', payload }, { openid: 'm-v' });
    expect(env).toMatchObject({ ok: false, code: 'VALIDATION' });
  }
  expect(snapshot()).toBe(before);
});

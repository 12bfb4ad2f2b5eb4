// Publishing: admins only (every action as a member is FORBIDDEN and changes
// nothing), save validates every block, publish/unpublish/remove/get/adminList.
import { COLUMNS, ERROR_MESSAGES, PLACEHOLDER_IMAGE } from '../../miniprogram/contract/index';
import { startTestCloud, type TestCloud } from '../helpers/cloud';
import { ADMIN, CONTENT_COLLECTIONS, createDraft, createPublished, input } from './content.fixtures';

let tc: TestCloud;

beforeAll(async () => {
  tc = await startTestCloud({ functions: ['content'], functionEnv: { ADMIN_OPENIDS: ADMIN } });
});
afterAll(() => tc.close());

function snapshot(): string {
  return JSON.stringify([...CONTENT_COLLECTIONS, 'members'].map((c) => tc.dump(c)));
}

function raw(id: string): Record<string, unknown> | undefined {
  return tc.dump('articles').find((d) => d._id === id);
}

test('columns: the contract list, for anyone', async () => {
  expect(await tc.ok('content', 'columns', undefined, {})).toEqual({ columns: [...COLUMNS] });
  expect(await tc.callRaw('content', { action: 'columns', payload: {} }, { openid: 'm' })).toEqual({
    ok: true,
    data: { columns: [...COLUMNS] },
  });
});

test('every admin action as a member: FORBIDDEN and nothing changes; without a member: UNAUTHENTICATED', async () => {
  const draft = await createDraft(tc, { title: '待发布' });
  const live = await createPublished(tc, { title: '已发布' });
  const calls: Array<{ action: string; payload: unknown }> = [
    { action: 'articles.save', payload: input({ title: '会员新建' }) },
    { action: 'articles.save', payload: input({ id: live.id, title: '会员篡改' }) },
    { action: 'articles.publish', payload: { id: draft.id } },
    { action: 'articles.unpublish', payload: { id: live.id } },
    { action: 'articles.remove', payload: { id: live.id } },
    { action: 'articles.get', payload: { id: draft.id } },
    { action: 'articles.adminList', payload: { status: 'draft' } },
    // A malformed payload from a member is still FORBIDDEN: no hint about the schema.
    { action: 'articles.save', payload: { title: 1 } },
  ];
  const before = snapshot();
  for (const call of calls) {
    expect(await tc.callRaw('content', call, { openid: 'plain-member' })).toEqual({
      ok: false,
      code: 'FORBIDDEN',
      message: ERROR_MESSAGES.FORBIDDEN,
    });
    expect(await tc.callRaw('content', call, {})).toMatchObject({ ok: false, code: 'UNAUTHENTICATED' });
  }
  expect(snapshot()).toBe(before);
  // An admin by members.role may.
  await tc.makeAdmin('role-admin');
  const res = await tc.call('content', 'articles.publish', { id: draft.id }, { openid: 'role-admin' });
  expect(res).toMatchObject({ ok: true, data: { status: 'published' } });
});

test('save creates a draft with derived summary and cover, counters at zero', async () => {
  const a = await tc.ok(
    'content',
    'articles.save',
    input({
      title: '  新建报道  ',
      column: '党建活动',
      blocks: [
        { type: 'paragraph', text: '  第一段内容。 ' },
        { type: 'image', src: PLACEHOLDER_IMAGE, caption: '' },
        { type: 'image', src: 'https://example.org/b.jpg', caption: '合影', width: 1080, height: 720 },
      ],
    }),
    { openid: ADMIN },
  );
  expect(a).toMatchObject({
    title: '新建报道',
    column: '党建活动',
    status: 'draft',
    views: 0,
    readers: 0,
    shares: 0,
    summary: '第一段内容。',
    cover: PLACEHOLDER_IMAGE,
    pinned: false,
    source: '',
  });
  expect(a.blocks).toEqual([
    { type: 'paragraph', text: '第一段内容。' },
    { type: 'image', src: PLACEHOLDER_IMAGE },
    { type: 'image', src: 'https://example.org/b.jpg', caption: '合影', width: 1080, height: 720 },
  ]);
  const doc = raw(a.id)!;
  // Stored as a Date (the store's Date comes from another realm than jest's).
  expect(Object.prototype.toString.call(doc.createdAt)).toBe('[object Date]');
  expect(doc.publishedAt).toBeNull();
  expect(doc).toMatchObject({ status: 'draft', groups: 0, shareViews: 0 });
});

test('save updates the content and keeps counters, status and date', async () => {
  const a = await createPublished(tc, { title: '原标题', eventId: 'event-1' });
  await tc.ok('content', 'articles.open', { id: a.id }, { openid: 'm1' });
  await tc.ok('content', 'articles.open', { id: a.id }, { openid: 'm2' });
  const updated = await tc.ok('content', 'articles.save', input({ id: a.id, title: '新标题', column: '通知公告' }), {
    openid: ADMIN,
  });
  expect(updated).toMatchObject({
    id: a.id,
    title: '新标题',
    column: '通知公告',
    status: 'published',
    views: 2,
    readers: 2,
  });
  expect(updated.publishedAt).toBe(a.publishedAt);
  expect(updated.eventId).toBeUndefined();
  expect(raw(a.id)).not.toHaveProperty('eventId');
  const unknown = await tc.call('content', 'articles.save', input({ id: 'nope', title: '不存在' }), { openid: ADMIN });
  expect(unknown).toMatchObject({ ok: false, code: 'NOT_FOUND' });
  expect(raw('nope')).toBeUndefined();
});

test('save rejects bad payloads with a field, a Chinese message, and changes nothing', async () => {
  const existing = await createDraft(tc, { title: '校验用' });
  const ok = input();
  const cases: Array<[unknown, string]> = [
    [{ ...ok, title: undefined }, 'title'],
    [{ ...ok, title: '   ' }, 'title'],
    [{ ...ok, title: '长'.repeat(101) }, 'title'],
    [{ ...ok, column: '其他' }, 'column'],
    [{ ...ok, blocks: [] }, 'blocks'],
    [{ ...ok, blocks: 'text' }, 'blocks'],
    [{ ...ok, blocks: [{ type: 'video', src: 'https://x.org/a.mp4' }] }, 'blocks.0.type'],
    [{ ...ok, blocks: [{ type: 'paragraph', text: '' }] }, 'blocks.0.text'],
    [{ ...ok, blocks: [{ type: 'paragraph', text: '段'.repeat(5001) }] }, 'blocks.0.text'],
    [{ ...ok, blocks: [{ type: 'heading' }] }, 'blocks.0.text'],
    [{ ...ok, blocks: [{ type: 'image', src: 'http://example.org/a.jpg' }] }, 'blocks.0.src'],
    [{ ...ok, blocks: [{ type: 'image', src: 'javascript:alert(1)' }] }, 'blocks.0.src'],
    [{ ...ok, blocks: [{ type: 'image', src: '../secret.png' }] }, 'blocks.0.src'],
    [{ ...ok, blocks: [{ type: 'image', src: '/images/../app.json' }] }, 'blocks.0.src'],
    [{ ...ok, blocks: [{ type: 'image', src: 'cloud://' }] }, 'blocks.0.src'],
    [{ ...ok, blocks: [{ type: 'image', src: 'https://x.org/a.jpg', caption: '说'.repeat(101) }] }, 'blocks.0.caption'],
    [{ ...ok, blocks: [{ type: 'image', src: 'https://x.org/a.jpg', width: -5 }] }, 'blocks.0.width'],
    [{ ...ok, blocks: [{ type: 'image', src: 'https://x.org/a.jpg', height: 1.5 }] }, 'blocks.0.height'],
    [{ ...ok, blocks: [{ type: 'paragraph', text: '段', onclick: 'x' }] }, 'blocks.0'],
    [{ ...ok, blocks: Array.from({ length: 201 }, () => ({ type: 'paragraph', text: '段' })) }, 'blocks'],
    [{ ...ok, publishedAt: '2023-02-27' }, 'publishedAt'],
    [{ ...ok, publishedAt: -1 }, 'publishedAt'],
    [{ ...ok, cover: 'http://x.org/c.jpg' }, 'cover'],
    [{ ...ok, pinned: 'yes' }, 'pinned'],
    [{ ...ok, id: '../x' }, 'id'],
    [{ ...ok, views: 1000 }, ''],
    [{ ...ok, id: existing.id, status: 'published' }, ''],
  ];
  const before = snapshot();
  for (const [payload, field] of cases) {
    const env = await tc.callRaw('content', { action: 'articles.save', payload }, { openid: ADMIN });
    expect(env).toMatchObject({ ok: false, code: 'VALIDATION' });
    const e = env as { message: string; field?: string };
    expect(e.message).toMatch(/[\u4e00-\u9fa5]/);
    if (field) expect(e.field).toBe(field);
  }
  expect(snapshot()).toBe(before);
});

test('publish dates an undated draft now; unpublish hides it; both idempotent', async () => {
  const draft = await createDraft(tc, { title: '发布流程' });
  const t1 = Date.now();
  const pub = await tc.ok('content', 'articles.publish', { id: draft.id }, { openid: ADMIN });
  const t2 = Date.now();
  expect(pub.status).toBe('published');
  expect(pub.publishedAt).toBeGreaterThanOrEqual(t1 - 5);
  expect(pub.publishedAt).toBeLessThanOrEqual(t2 + 5);
  const again = await tc.ok('content', 'articles.publish', { id: draft.id }, { openid: ADMIN });
  expect(again.publishedAt).toBe(pub.publishedAt);
  expect((await tc.ok('content', 'articles.open', { id: draft.id }, { openid: 'm' })).views).toBe(1);

  const un = await tc.ok('content', 'articles.unpublish', { id: draft.id }, { openid: ADMIN });
  expect(un.status).toBe('draft');
  expect(await tc.call('content', 'articles.open', { id: draft.id }, { openid: 'm' })).toMatchObject({
    code: 'NOT_FOUND',
  });
  expect(raw(draft.id)).toMatchObject({ views: 1 });
  // Republishing keeps its original date.
  const re = await tc.ok('content', 'articles.publish', { id: draft.id }, { openid: ADMIN });
  expect(re.publishedAt).toBe(pub.publishedAt);
  for (const action of ['articles.publish', 'articles.unpublish', 'articles.get', 'articles.remove'] as const) {
    expect(await tc.call('content', action, { id: 'missing-id' }, { openid: ADMIN })).toMatchObject({
      code: 'NOT_FOUND',
    });
  }
});

test('remove: gone for members and admins alike, record kept', async () => {
  const a = await createPublished(tc, { title: '将被删除' });
  await tc.ok('content', 'articles.open', { id: a.id }, { openid: 'm' });
  expect(await tc.ok('content', 'articles.remove', { id: a.id }, { openid: ADMIN })).toEqual({ id: a.id });
  expect(await tc.call('content', 'articles.open', { id: a.id }, { openid: 'm' })).toMatchObject({ code: 'NOT_FOUND' });
  expect(await tc.call('content', 'articles.get', { id: a.id }, { openid: ADMIN })).toMatchObject({
    code: 'NOT_FOUND',
  });
  expect(await tc.call('content', 'articles.publish', { id: a.id }, { openid: ADMIN })).toMatchObject({
    code: 'NOT_FOUND',
  });
  expect(await tc.call('content', 'articles.save', input({ id: a.id }), { openid: ADMIN })).toMatchObject({
    code: 'NOT_FOUND',
  });
  expect(await tc.call('content', 'articles.remove', { id: a.id }, { openid: ADMIN })).toMatchObject({
    code: 'NOT_FOUND',
  });
  expect(raw(a.id)).toMatchObject({ status: 'removed', views: 1 });
});

test('get reads a draft without counting; adminList pages drafts and published', async () => {
  const d = await createDraft(tc, { title: '后台查看' });
  const got = await tc.ok('content', 'articles.get', { id: d.id }, { openid: ADMIN });
  expect(got).toMatchObject({ id: d.id, status: 'draft', views: 0 });
  expect(raw(d.id)).toMatchObject({ views: 0 });

  for (let k = 0; k < 25; k++) await createDraft(tc, { title: `草稿 ${k}` });
  const seen: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await tc.ok(
      'content',
      'articles.adminList',
      { status: 'draft', ...(cursor ? { cursor } : {}) },
      { openid: ADMIN },
    );
    expect(page.items.every((i) => i.status === 'draft')).toBe(true);
    seen.push(...page.items.map((i) => i.id));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  const drafts = tc
    .dump('articles')
    .filter((doc) => doc.status === 'draft')
    .map((doc) => String(doc._id));
  expect([...seen].sort()).toEqual([...drafts].sort());
  expect(new Set(seen).size).toBe(seen.length);
  const published = await tc.ok('content', 'articles.adminList', { status: 'published' }, { openid: ADMIN });
  expect(published.items.length).toBeGreaterThan(0);
  expect(published.items.every((i) => i.status === 'published')).toBe(true);
  expect(
    await tc.callRaw('content', { action: 'articles.adminList', payload: { status: 'removed' } }, { openid: ADMIN }),
  ).toMatchObject({
    code: 'VALIDATION',
  });
});

test('an unknown action is UNKNOWN_ACTION', async () => {
  expect(await tc.callRaw('content', { action: 'articles.hack', payload: {} }, { openid: ADMIN })).toMatchObject({
    ok: false,
    code: 'UNKNOWN_ACTION',
  });
});

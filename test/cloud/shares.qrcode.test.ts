// content.qrcode: an unlimited mini program code per report or event, made
// once through wxacode.getUnlimited, stored in cloud storage, then served
// from the cache; its scene decodes back to the target (scene.resolve for
// ids that go through a short code).
import { decodeScene } from '../../miniprogram/contract/scene';
import { startTestCloud, type TestCloud } from '../helpers/cloud';
import { ADMIN, createDraft, createPublished } from './content.fixtures';

let tc: TestCloud;
const MEMBER = 'poster-member';
const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

beforeAll(async () => {
  tc = await startTestCloud({ functionEnv: { ADMIN_OPENIDS: ADMIN } });
});
afterAll(() => tc.close());

function wxacodesFor(scene: string) {
  return tc.records.wxacodes.filter((w) => w.scene === scene);
}

test('a report: made once, stored as a PNG, cached; the scene decodes to the id; cover from cloud storage', async () => {
  const cover = tc.storage.put('covers/qr-report.jpg', Buffer.from('jpeg bytes'));
  const a = await createPublished(tc, { title: '海报报道', cover });
  const first = await tc.ok('content', 'content.qrcode', { targetType: 'article', id: a.id }, { openid: MEMBER });
  expect(first).toMatchObject({ targetType: 'article', id: a.id, page: 'pages/article/index', title: '海报报道' });
  expect(first.scene.length).toBeLessThanOrEqual(32);
  expect(decodeScene(first.scene)).toEqual({ targetType: 'article', id: a.id });
  expect(first.fileID).toMatch(/^cloud:\/\//);
  expect(first.tempFileURL).toMatch(/^https?:\/\//);
  expect(first.coverURL).toMatch(/^https?:\/\//);
  expect(first.coverURL).not.toBe(cover);
  expect(tc.storage.read(first.fileID).subarray(0, 8)).toEqual(PNG_MAGIC);
  expect(wxacodesFor(first.scene)).toEqual([expect.objectContaining({ page: 'pages/article/index' })]);

  const again = await tc.ok('content', 'content.qrcode', { targetType: 'article', id: a.id }, { openid: 'other' });
  expect(again).toMatchObject({ scene: first.scene, fileID: first.fileID });
  expect(wxacodesFor(first.scene)).toHaveLength(1);
  expect(tc.dump('qrcodes').filter((q) => q.targetId === a.id)).toHaveLength(1);
});

test('cover fallback: an https cover as is; else the first real photo; the placeholder never; else empty', async () => {
  const withHttps = await createPublished(tc, { title: 'https 封面', cover: 'https://example.com/c.jpg' });
  const photoOnly = await createPublished(tc, {
    title: '首图',
    blocks: [
      { type: 'paragraph', text: '正文' },
      { type: 'image', src: '/images/photo-placeholder.png', caption: '占位' },
      { type: 'image', src: 'https://example.com/p1.jpg', caption: '第一张真实照片' },
    ],
  });
  const none = await createPublished(tc, {
    title: '无图',
    blocks: [{ type: 'image', src: '/images/photo-placeholder.png', caption: '只有占位' }],
  });
  const url = async (id: string) =>
    (await tc.ok('content', 'content.qrcode', { targetType: 'article', id }, { openid: MEMBER })).coverURL;
  expect(await url(withHttps.id)).toBe('https://example.com/c.jpg');
  expect(await url(photoOnly.id)).toBe('https://example.com/p1.jpg');
  expect(await url(none.id)).toBe('');
});

test('an imported report keeps its id in the scene; the code of an event opens the event page', async () => {
  const importedId = `imp_${'0123456789abcdef01234567'}`;
  await tc.db.collection('articles').add({
    data: {
      _id: importedId,
      column: '党建活动',
      title: '导入的报道',
      status: 'published',
      publishedAt: new Date(),
      blocks: [{ type: 'paragraph', text: '正文' }],
      cover: '',
      views: 0,
      readers: 0,
      shares: 0,
      groups: 0,
      shareViews: 0,
    },
  });
  const imported = await tc.ok(
    'content',
    'content.qrcode',
    { targetType: 'article', id: importedId },
    { openid: MEMBER },
  );
  expect(imported.scene).toBe(`a=${importedId}`);

  const start = Date.now() + 72 * 3_600_000;
  const ev = await tc.ok(
    'events',
    'events.save',
    {
      title: '海报活动',
      summary: '说明',
      place: '合肥',
      startAt: start,
      endAt: start + 3_600_000,
      signupDeadline: start - 3_600_000,
      capacity: 10,
      waitlistEnabled: false,
    },
    { openid: ADMIN },
  );
  const code = await tc.ok('content', 'content.qrcode', { targetType: 'event', id: ev.id }, { openid: MEMBER });
  expect(code).toMatchObject({ page: 'pages/event/index', title: '海报活动', coverURL: '' });
  expect(decodeScene(code.scene)).toEqual({ targetType: 'event', id: ev.id });
  expect(await tc.ok('content', 'scene.resolve', { scene: code.scene }, {})).toEqual({
    targetType: 'event',
    id: ev.id,
  });
});

test('an id too long for the scene goes through a short code that scene.resolve maps back (also without OPENID)', async () => {
  const longId = `legacy-${'k'.repeat(40)}`;
  await tc.db.collection('articles').add({
    data: {
      _id: longId,
      column: '行业资讯',
      title: '长编号报道',
      status: 'published',
      publishedAt: new Date(),
      blocks: [{ type: 'paragraph', text: '正文' }],
      cover: '',
      views: 0,
      readers: 0,
    },
  });
  const res = await tc.ok('content', 'content.qrcode', { targetType: 'article', id: longId }, { openid: MEMBER });
  expect(res.scene).toMatch(/^a![A-Za-z0-9_-]{10}$/);
  expect(wxacodesFor(res.scene)).toHaveLength(1);
  expect(await tc.ok('content', 'scene.resolve', { scene: res.scene }, {})).toEqual({
    targetType: 'article',
    id: longId,
  });
  // The same code for the same target, every time.
  const again = await tc.ok('content', 'content.qrcode', { targetType: 'article', id: longId }, { openid: MEMBER });
  expect(again.scene).toBe(res.scene);
  expect(tc.dump('scene_codes').filter((c) => c.targetId === longId)).toHaveLength(1);
});

test('a draft or unknown target: NOT_FOUND; no OPENID: UNAUTHENTICATED; no code made, nothing stored', async () => {
  const draft = await createDraft(tc, { title: '草稿无码' });
  const before = JSON.stringify(['qrcodes', 'scene_codes'].map((c) => tc.dump(c)));
  const codes = tc.records.wxacodes.length;
  const uploads = tc.records.uploads.length;
  expect(
    await tc.call('content', 'content.qrcode', { targetType: 'article', id: draft.id }, { openid: MEMBER }),
  ).toMatchObject({ ok: false, code: 'NOT_FOUND' });
  expect(
    await tc.call('content', 'content.qrcode', { targetType: 'event', id: 'nope' }, { openid: MEMBER }),
  ).toMatchObject({
    code: 'NOT_FOUND',
  });
  expect(await tc.call('content', 'content.qrcode', { targetType: 'article', id: draft.id }, {})).toMatchObject({
    code: 'UNAUTHENTICATED',
  });
  expect(
    await tc.callRaw(
      'content',
      { action: 'content.qrcode', payload: { targetType: 'page', id: draft.id } },
      { openid: MEMBER },
    ),
  ).toMatchObject({ code: 'VALIDATION' });
  expect(tc.records.wxacodes).toHaveLength(codes);
  expect(tc.records.uploads).toHaveLength(uploads);
  expect(JSON.stringify(['qrcodes', 'scene_codes'].map((c) => tc.dump(c)))).toBe(before);
});

test('scene.resolve: a malformed scene is VALIDATION, an unknown code NOT_FOUND', async () => {
  expect(await tc.call('content', 'scene.resolve', { scene: 'x=1' }, {})).toMatchObject({ code: 'VALIDATION' });
  expect(await tc.call('content', 'scene.resolve', { scene: 'a!ZZZZZZZZZZ' }, {})).toMatchObject({ code: 'NOT_FOUND' });
  expect(await tc.call('content', 'scene.resolve', { scene: 'a=imp_abc' }, {})).toMatchObject({
    ok: true,
    data: { targetType: 'article', id: 'imp_abc' },
  });
});

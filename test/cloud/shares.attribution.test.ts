// Sharing with attribution on the local cloud: share tokens tied to the
// member, views through a share credited to the sharer (never to the sharer
// themself), distinct group chats reached, Moments single-page mode without
// OPENID, and the same for events through events.get.
import type { EventDetail } from '../../miniprogram/contract/index';
import { startTestCloud, type TestCloud } from '../helpers/cloud';
import { ADMIN, createDraft, createPublished, inBatches } from './content.fixtures';

let tc: TestCloud;

const SHARER = 'sharer-openid-001';
const HOUR = 3_600_000;

beforeAll(async () => {
  tc = await startTestCloud({ functionEnv: { ADMIN_OPENIDS: ADMIN } });
});
afterAll(() => tc.close());

function raw(collection: string, id: string): Record<string, unknown> {
  const doc = tc.dump(collection).find((d) => d._id === id);
  if (!doc) throw new Error(`no ${collection} ${id}`);
  return doc;
}

function sharesOf(targetId: string): Array<Record<string, unknown>> {
  return tc.dump('shares').filter((d) => d.targetId === targetId);
}

function groupsOf(targetId: string): Array<Record<string, unknown>> {
  return tc.dump('share_groups').filter((d) => d.targetId === targetId);
}

/** Every collection a call could write, as one comparable string. */
function snapshot(): string {
  return JSON.stringify(
    ['articles', 'article_readers', 'shares', 'share_groups', 'events', 'signups', 'members'].map((c) => tc.dump(c)),
  );
}

/** SHARER shares the target through shares.create. */
function share(targetType: 'article' | 'event', targetId: string) {
  return tc.ok('content', 'shares.create', { targetType, targetId }, { openid: SHARER });
}

async function newEvent(title: string): Promise<EventDetail> {
  const start = Date.now() + 72 * HOUR;
  return tc.ok(
    'events',
    'events.save',
    {
      title,
      summary: '共建活动',
      place: '合肥',
      startAt: start,
      endAt: start + 4 * HOUR,
      signupDeadline: start - 24 * HOUR,
      capacity: 30,
      waitlistEnabled: false,
    },
    { openid: ADMIN },
  );
}

describe('shares.create', () => {
  test('a short URL-safe token tied to the member; shares +1 on the report each time', async () => {
    const a = await createPublished(tc, { title: '分享令牌' });
    const first = await share('article', a.id);
    const second = await share('article', a.id);
    expect(first.token).toMatch(/^[A-Za-z0-9_-]{10}$/);
    expect(second.token).not.toBe(first.token);
    expect(first).toMatchObject({ targetType: 'article', targetId: a.id });
    expect(raw('shares', first.token)).toMatchObject({
      targetType: 'article',
      targetId: a.id,
      sharer: SHARER,
      views: 0,
    });
    expect(raw('articles', a.id).shares).toBe(2);
    expect(sharesOf(a.id)).toHaveLength(2);
  });

  test('a token proposed by the page: a retry counts once; the same token from another member is a CONFLICT', async () => {
    const a = await createPublished(tc, { title: '页面生成的令牌' });
    const token = 'Ab3_-xYz09';
    const p = { targetType: 'article' as const, targetId: a.id, token };
    const tries = await Promise.all(
      Array.from({ length: 5 }, () => tc.ok('content', 'shares.create', p, { openid: SHARER })),
    );
    expect(tries.every((t) => t.token === token)).toBe(true);
    expect(raw('articles', a.id).shares).toBe(1);
    expect(sharesOf(a.id)).toHaveLength(1);

    const before = snapshot();
    expect(await tc.call('content', 'shares.create', p, { openid: 'someone-else' })).toMatchObject({
      ok: false,
      code: 'CONFLICT',
    });
    expect(snapshot()).toBe(before);
  });

  test('a draft, an unknown id, no OPENID, or a malformed payload: typed error, nothing written', async () => {
    const draft = await createDraft(tc, { title: '草稿不能分享' });
    const before = snapshot();
    const notFound = [
      { targetType: 'article', targetId: draft.id },
      { targetType: 'article', targetId: 'no-such-report' },
      { targetType: 'event', targetId: 'no-such-event' },
    ] as const;
    for (const p of notFound) {
      expect(await tc.call('content', 'shares.create', p, { openid: SHARER })).toMatchObject({ code: 'NOT_FOUND' });
    }
    expect(await tc.call('content', 'shares.create', { targetType: 'article', targetId: draft.id }, {})).toMatchObject({
      code: 'UNAUTHENTICATED',
    });
    const bad: unknown[] = [
      {},
      { targetType: 'video', targetId: draft.id },
      { targetType: 'article', targetId: '../x' },
      { targetType: 'article', targetId: draft.id, token: 'short' },
      { targetType: 'article', targetId: draft.id, token: 'has space!' },
      { targetType: 'article', targetId: draft.id, extra: 1 },
    ];
    for (const payload of bad) {
      const env = (await tc.callRaw('content', { action: 'shares.create', payload }, { openid: SHARER })) as {
        ok: boolean;
        code?: string;
        message?: string;
      };
      expect(env).toMatchObject({ ok: false, code: 'VALIDATION' });
      expect(env.message).toMatch(/[\u4e00-\u9fa5]/);
    }
    expect(snapshot()).toBe(before);
  });
});

describe('opening through a share', () => {
  test('100 members through one token from 5 groups at once: +100 views from shares, 5 groups, sharer credited 100 times; their own open is not credited', async () => {
    const a = await createPublished(tc, { title: '百人经分享打开' });
    const { token } = await share('article', a.id);
    const before = raw('articles', a.id);
    const groups = ['g1', 'g2', 'g3', 'g4', 'g5'];

    const members = Array.from({ length: 100 }, (_, i) => `member-${String(i).padStart(3, '0')}`);
    const results = await Promise.all(
      members.map((openid, i) =>
        tc.call(
          'content',
          'articles.open',
          { id: a.id, shareToken: token, groupCloudId: `localgroup:${groups[i % 5]}` },
          { openid },
        ),
      ),
    );
    expect(results.every((r) => r.ok)).toBe(true);

    // The sharer opens their own share, from one of the same groups.
    await tc.ok(
      'content',
      'articles.open',
      { id: a.id, shareToken: token, groupCloudId: 'localgroup:g1' },
      { openid: SHARER },
    );

    const after = raw('articles', a.id);
    expect(after.views).toBe(Number(before.views) + 101);
    expect(after.readers).toBe(Number(before.readers) + 101);
    expect(after.shareViews).toBe(Number(before.shareViews) + 100);
    expect(after.groups).toBe(5);
    expect(raw('shares', token).views).toBe(100);
    const groupDocs = groupsOf(a.id);
    expect(groupDocs).toHaveLength(5);
    expect(new Set(groupDocs.map((g) => g.openGId)).size).toBe(5);
    expect(groupDocs.every((g) => g._id === `article_${a.id}_${String(g.openGId)}`)).toBe(true);

    // Staff see exactly these figures.
    const stats = await tc.ok('content', 'stats.article', { id: a.id }, { openid: ADMIN });
    expect(stats).toMatchObject({ shareViews: 100, groups: 5, shares: 1 });
    expect(stats.topSharers).toEqual([{ name: 's****001', shares: 1, views: 100 }]);
  });

  test('a token of another report, an unknown token, or no token: the view counts, nobody is credited', async () => {
    const a = await createPublished(tc, { title: '令牌属于别的报道' });
    const b = await createPublished(tc, { title: '另一篇' });
    const { token } = await share('article', b.id);
    await tc.ok('content', 'articles.open', { id: a.id, shareToken: token }, { openid: 'reader-x' });
    await tc.ok('content', 'articles.open', { id: a.id, shareToken: 'Unknown123' }, { openid: 'reader-y' });
    await tc.ok('content', 'articles.open', { id: a.id }, { openid: 'reader-z' });
    expect(raw('articles', a.id)).toMatchObject({ views: 3, readers: 3, shareViews: 0 });
    expect(raw('shares', token).views).toBe(0);
    expect(raw('articles', b.id).shareViews).toBe(0);
  });

  test('a group cloudID that does not resolve: the view counts, no group is recorded, no error', async () => {
    const a = await createPublished(tc, { title: '过期的群信息' });
    const res = await tc.ok(
      'content',
      'articles.open',
      { id: a.id, groupCloudId: 'expired-cloud-id' },
      { openid: 'm-g' },
    );
    expect(res.views).toBe(1);
    expect(raw('articles', a.id).groups).toBe(0);
    expect(groupsOf(a.id)).toHaveLength(0);
  });

  test('through a share of a report that is now a draft: NOT_FOUND and nothing counted anywhere', async () => {
    const a = await createPublished(tc, { title: '撤回前分享' });
    const { token } = await share('article', a.id);
    await tc.ok('content', 'articles.unpublish', { id: a.id }, { openid: ADMIN });
    const before = snapshot();
    const res = await tc.call(
      'content',
      'articles.open',
      { id: a.id, shareToken: token, groupCloudId: 'localgroup:g9' },
      { openid: 'late-reader' },
    );
    expect(res).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(snapshot()).toBe(before);
  });

  test('malformed attribution fields: VALIDATION, nothing counted', async () => {
    const a = await createPublished(tc, { title: '参数不合法' });
    const before = snapshot();
    for (const payload of [
      { id: a.id, shareToken: 'bad token' },
      { id: a.id, shareToken: 'x'.repeat(33) },
      { id: a.id, shareToken: 42 },
      { id: a.id, groupCloudId: '' },
      { id: a.id, groupCloudId: 'x'.repeat(513) },
    ]) {
      expect(await tc.callRaw('content', { action: 'articles.open', payload }, { openid: 'm-v' })).toMatchObject({
        ok: false,
        code: 'VALIDATION',
      });
    }
    expect(snapshot()).toBe(before);
  });
});

describe('Moments single-page mode (no OPENID)', () => {
  test('the view counts and nothing else is written, also with a token and a group; no error', async () => {
    const a = await createPublished(tc, { title: '朋友圈单页' });
    const { token } = await share('article', a.id);
    const before = raw('articles', a.id);
    const others = (): string =>
      JSON.stringify(['article_readers', 'shares', 'share_groups', 'members'].map((c) => tc.dump(c)));
    const othersBefore = others();

    const plain = await tc.call('content', 'articles.open', { id: a.id }, {});
    const withToken = await tc.call(
      'content',
      'articles.open',
      { id: a.id, shareToken: token, groupCloudId: 'localgroup:g1' },
      {},
    );
    expect(plain).toMatchObject({ ok: true, data: { id: a.id, views: Number(before.views) + 1 } });
    expect(withToken).toMatchObject({ ok: true, data: { views: Number(before.views) + 2 } });

    const after = raw('articles', a.id);
    expect({ ...after, views: before.views }).toEqual(before);
    expect(after.views).toBe(Number(before.views) + 2);
    expect(others()).toBe(othersBefore);
  });
});

describe('events.get with attribution', () => {
  test('the same attribution for events: credited views, groups once, own open not credited', async () => {
    const ev = await newEvent('共建活动分享');
    const { token } = await share('event', ev.id);
    expect(raw('events', ev.id).shares).toBe(1);

    const openers = Array.from({ length: 20 }, (_, i) => `ev-member-${i}`);
    await inBatches(openers, 20, (openid, i) =>
      tc.ok(
        'events',
        'events.get',
        { id: ev.id, shareToken: token, groupCloudId: `localgroup:ev${i % 2}` },
        { openid },
      ),
    );
    await tc.ok('events', 'events.get', { id: ev.id, shareToken: token }, { openid: SHARER });
    // A refresh without attribution (the page drops it after the first load) counts nothing more.
    const detail = await tc.ok('events', 'events.get', { id: ev.id }, { openid: 'ev-member-0' });
    expect(detail.id).toBe(ev.id);

    expect(raw('events', ev.id)).toMatchObject({ shares: 1, shareViews: 20, groups: 2 });
    expect(raw('shares', token).views).toBe(20);
    expect(groupsOf(ev.id)).toHaveLength(2);

    const stats = await tc.ok('content', 'stats.event', { id: ev.id }, { openid: ADMIN });
    expect(stats).toMatchObject({ targetType: 'event', shares: 1, shareViews: 20, groups: 2 });
  });

  test('an unknown event through a share: NOT_FOUND, nothing written; no OPENID: nothing written', async () => {
    const ev = await newEvent('单页模式活动');
    const { token } = await share('event', ev.id);
    const before = snapshot();
    expect(
      await tc.call('events', 'events.get', { id: 'no-such-event', shareToken: token }, { openid: 'm-e' }),
    ).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(
      await tc.call('events', 'events.get', { id: ev.id, shareToken: token, groupCloudId: 'localgroup:x' }, {}),
    ).toMatchObject({ ok: true, data: { id: ev.id, mySignup: null } });
    expect(snapshot()).toBe(before);
  });
});

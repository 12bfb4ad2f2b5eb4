// Reaching the console: 我的 shows 管理后台 to admins only (also to an
// ADMIN_OPENIDS admin without a profile), the console refuses members on
// every page, the roles page grants and revokes (never the last admin),
// and the lists show drafts, published reports and events.
import type { RoleEntry } from '../../miniprogram/contract/index';
import type { TestCloud } from '../helpers/cloud';
import {
  callPage,
  input,
  publishReport,
  renderPage,
  startCloudWithAdmin,
  tap,
  text,
  trigger,
  useLocalCloud,
  waitFor,
  wxCalls,
  type SimNode,
} from './page-test';
import './admin-helpers';

const ADMIN = 'console-admin';
const MEMBER = 'console-member';
const HOUR = 3600 * 1000;

let lc: TestCloud;

async function profile(openid: string, name: string, unit: string): Promise<void> {
  await lc.ok('events', 'member.save', { name, unit, phone: '13900000000' }, { openid });
}

function snapshot(): string {
  return JSON.stringify(['articles', 'events', 'signups', 'members'].map((c) => lc.dump(c)));
}

beforeAll(async () => {
  lc = await startCloudWithAdmin(ADMIN, { functionEnv: { ADMIN_OPENIDS: 'env-admin' } });
  await profile(ADMIN, '张秘书长', '安徽省环保产业协会');
  await profile(MEMBER, '王会员', '合肥绿源环保科技有限公司');
  await profile('member-b', '李会员', '芜湖清水环境工程有限公司');
}, 60_000);

afterAll(async () => {
  await lc.close();
});

interface MineData extends Record<string, unknown> {
  loading: boolean;
  isAdmin: boolean;
}

describe('the way in, from 我的', () => {
  it('shows 管理后台 to an admin, pointing into the admin subpackage', async () => {
    useLocalCloud(lc, ADMIN);
    const page = await renderPage<MineData>('pages/mine/index');
    await waitFor(() => !page.data.loading);
    const entry = page.querySelector('.mine__admin-entry');
    expect(entry).toBeDefined();
    expect(text(page.querySelector('.mine__admin') as SimNode)).toContain('管理后台');
    expect((entry as SimNode).data).toMatchObject({ url: '/admin/pages/index/index' });
  });

  it('shows it to an ADMIN_OPENIDS admin who never filled in a profile', async () => {
    useLocalCloud(lc, 'env-admin');
    const page = await renderPage<MineData>('pages/mine/index');
    await waitFor(() => !page.data.loading);
    expect(page.data.isAdmin).toBe(true);
    expect(text(page)).toContain('管理后台');
  });

  it('shows nothing of the console to a member', async () => {
    useLocalCloud(lc, MEMBER);
    const page = await renderPage<MineData>('pages/mine/index');
    await waitFor(() => !page.data.loading);
    expect(page.data.isAdmin).toBe(false);
    expect(page.querySelector('.mine__admin')).toBeUndefined();
    expect(text(page)).not.toContain('管理后台');
  });
});

describe('the console refuses members', () => {
  it.each([
    ['admin/pages/index/index', {}],
    ['admin/pages/roles/index', {}],
    ['admin/pages/editor/index', {}],
    ['admin/pages/events/index', {}],
  ] as Array<[string, Record<string, string>]>)(
    '%s shows it is for admins, and changes nothing',
    async (path, query) => {
      const binding = useLocalCloud(lc, MEMBER);
      const before = snapshot();
      const page = await renderPage<Record<string, unknown>>(path, query);
      await waitFor(() => text(page).includes('仅协会管理员可以使用管理后台'));
      expect(text(page)).not.toContain('张秘书长');
      expect(snapshot()).toBe(before);
      // Whatever the page asked, the cloud said no (or only answered who is asking).
      for (const c of binding.calls) {
        expect(['roles.me', 'roles.list', 'events.list']).toContain(c.data.action);
      }
    },
  );
});

describe('console home and lists', () => {
  it('offers reports, writing, events and roles to an admin', async () => {
    useLocalCloud(lc, ADMIN);
    const page = await renderPage<{ status: string }>('admin/pages/index/index');
    await waitFor(() => page.data.status === 'ready');
    const shown = text(page);
    for (const label of ['报道管理', '写报道', '活动管理', '管理员']) expect(shown).toContain(label);
  });

  it('lists events with their counters and the ways to the attendees and the scanner', async () => {
    const start = Date.now() + 48 * HOUR;
    const ev = await lc.ok(
      'events',
      'events.save',
      {
        title: '园区观摩',
        summary: '',
        place: '合肥',
        startAt: start,
        endAt: start + HOUR,
        signupDeadline: start - HOUR,
        capacity: 20,
        waitlistEnabled: true,
      },
      { openid: ADMIN },
    );
    await lc.ok(
      'events',
      'signup.submit',
      { eventId: ev.id, name: '王会员', unit: '合肥绿源', phone: '13900000001' },
      { openid: MEMBER },
    );
    useLocalCloud(lc, ADMIN);
    const page = await renderPage<{ loading: boolean; items: Array<{ id: string; counts: string }> }>(
      'admin/pages/events/index',
    );
    await waitFor(() => !page.data.loading);
    expect(page.data.items.find((i) => i.id === ev.id)?.counts).toBe('已报名 1/20 · 候补 0 · 已签到 0');
    await tap(page, page.querySelectorAll('.event__attendees')[0] as SimNode);
    await tap(page, page.querySelectorAll('.event__checkin')[0] as SimNode);
    expect(wxCalls<{ url: string }>('navigateTo').map((n) => n.url)).toEqual([
      `/admin/pages/attendees/index?eventId=${ev.id}`,
      `/admin/pages/checkin/index?eventId=${ev.id}`,
    ]);
  });
  it('the reports list answers a member with the cloud’s refusal', async () => {
    useLocalCloud(lc, MEMBER);
    const page = await renderPage<{ loading: boolean; error: string }>('admin/pages/articles/index');
    await waitFor(() => !page.data.loading);
    expect(page.data.error).toBe('没有权限进行此操作');
    expect(text(page)).toContain('没有权限进行此操作');
  });
  it('lists drafts and published reports apart, and opens the editor', async () => {
    const draft = await lc.ok(
      'content',
      'articles.save',
      { column: '协会动态', title: '未发布的草稿', blocks: [{ type: 'paragraph', text: '草稿正文' }] },
      { openid: ADMIN },
    );
    const liveId = await publishReport(lc, ADMIN, {
      column: '行业资讯',
      title: '已经发布的报道',
      blocks: [{ type: 'paragraph', text: '正文' }],
    });
    useLocalCloud(lc, ADMIN);
    const page = await renderPage<{ loading: boolean; items: Array<{ id: string; title: string }> }>(
      'admin/pages/articles/index',
    );
    await waitFor(() => !page.data.loading);
    expect(page.data.items.map((i) => i.id)).toEqual([draft.id]);
    await trigger(page, 'van-tabs', 'change', { name: 'published' });
    await waitFor(() => !page.data.loading);
    expect(page.data.items.map((i) => i.id)).toEqual([liveId]);
    expect(text(page)).toContain('阅读 0');

    await tap(page, page.querySelectorAll('.row')[0] as SimNode);
    expect(wxCalls<{ url: string }>('navigateTo').map((n) => n.url)).toEqual([
      `/admin/pages/editor/index?id=${liveId}`,
    ]);
  });
  it('reloads the reports list when it is shown again (back from the editor)', async () => {
    useLocalCloud(lc, ADMIN);
    const page = await renderPage<{ loading: boolean; refreshing: boolean; items: Array<{ id: string }> }>(
      'admin/pages/articles/index',
    );
    await waitFor(() => !page.data.loading);
    const before = page.data.items.map((i) => i.id);
    const saved = await lc.ok(
      'content',
      'articles.save',
      { column: '通知公告', title: '编辑器里新写的草稿', blocks: [{ type: 'paragraph', text: '正文' }] },
      { openid: ADMIN },
    );
    expect(page.data.items.map((i) => i.id)).toEqual(before);
    await callPage(page, 'onShow');
    await waitFor(() => !page.data.refreshing);
    expect(page.data.items.map((i) => i.id)).toEqual([saved.id, ...before]);
  });
});

describe('report stats', () => {
  it('shows a report’s reach as the cloud counts it, opened from the published list', async () => {
    const liveId = await publishReport(lc, ADMIN, {
      column: '党建活动',
      title: '被分享的报道',
      blocks: [{ type: 'paragraph', text: '正文' }],
    });
    const share = await lc.ok(
      'content',
      'shares.create',
      { targetType: 'article', targetId: liveId },
      { openid: MEMBER },
    );
    for (const reader of ['reader-1', 'reader-2', 'reader-3']) {
      await lc.ok('content', 'articles.open', { id: liveId, shareToken: share.token }, { openid: reader });
    }
    await lc.ok('content', 'articles.open', { id: liveId }, { openid: 'reader-1' });

    useLocalCloud(lc, ADMIN);
    const list = await renderPage<{ loading: boolean; items: Array<{ id: string }> }>('admin/pages/articles/index', {
      status: 'published',
    });
    await waitFor(() => !list.data.loading);
    const at = list.data.items.findIndex((i) => i.id === liveId);
    await tap(list, list.querySelectorAll('.row__stats')[at] as SimNode);
    expect(wxCalls<{ url: string }>('navigateTo').map((n) => n.url)).toEqual([`/admin/pages/stats/index?id=${liveId}`]);

    const page = await renderPage<{ status: string; figures: Array<{ key: string; value: string }> }>(
      'admin/pages/stats/index',
      { id: liveId },
    );
    await waitFor(() => page.data.status === 'ready');
    const shown = Object.fromEntries(page.data.figures.map((f) => [f.key, f.value]));
    const stats = await lc.ok('content', 'stats.article', { id: liveId }, { openid: ADMIN });
    const doc = lc.dump('articles').find((a) => a._id === liveId) as unknown as {
      views: number;
      readers: number;
      shares: number;
    };
    expect(shown).toEqual({
      views: String(doc.views),
      readers: String(doc.readers),
      shares: String(doc.shares),
      groups: String(stats.groups),
      shareViews: String(stats.shareViews),
    });
    expect(shown).toMatchObject({ views: '4', readers: '3', shares: '1', shareViews: '3' });
    expect(text(page)).toContain('王会员');

    // A member gets no figures.
    useLocalCloud(lc, MEMBER);
    const refused = await renderPage<{ status: string }>('admin/pages/stats/index', { id: liveId });
    await waitFor(() => refused.data.status !== 'loading');
    expect(refused.data.status).toBe('forbidden');
  });
});

interface RolesData extends Record<string, unknown> {
  status: string;
  admins: RoleEntry[];
  members: RoleEntry[];
  busy: string;
  q: string;
  qError: string;
}

// After the lists: the legacy reports it adds would show in them.
describe('search index upkeep', () => {
  it('更新搜索索引 gives older reports their search terms in batches, and says how many', async () => {
    // 25 reports as stored before search covered the whole text: no terms.
    for (let k = 0; k < 25; k++) {
      await lc.db.collection('articles').add({
        data: {
          _id: `legacy${k}`,
          column: '协会动态',
          title: `旧报道${k}`,
          source: '',
          author: '',
          publishedAt: new Date(Date.UTC(2020, 0, 1) + k * HOUR),
          status: 'published',
          pinned: false,
          cover: '',
          summary: '',
          blocks: [{ type: 'paragraph', text: k === 7 ? '皖欣环境负责人介绍了经验。' : '内容。' }],
          views: 0,
          readers: 0,
          shares: 0,
          groups: 0,
          shareViews: 0,
          createdAt: new Date(Date.UTC(2020, 0, 1)),
          updatedAt: new Date(Date.UTC(2020, 0, 1)),
        },
      });
    }
    const found = async () =>
      (await lc.ok('content', 'articles.search', { q: '皖欣环境' }, { openid: MEMBER })).items.map((i) => i.id);
    expect(await found()).toEqual([]);

    const binding = useLocalCloud(lc, ADMIN);
    const page = await renderPage<{ status: string; reindexing: boolean }>('admin/pages/index/index');
    await waitFor(() => page.data.status === 'ready');
    await tap(page, '#reindex');
    await waitFor(() => !page.data.reindexing);
    expect(text(page.querySelector('#reindex') as SimNode)).toContain('已更新 25 篇报道的搜索索引');
    expect(binding.calls.filter((c) => c.data.action === 'articles.reindex')).toHaveLength(2);
    expect(await found()).toEqual(['legacy7']);

    // Again: nothing left.
    await tap(page, '#reindex');
    await waitFor(() => !page.data.reindexing);
    expect(text(page.querySelector('#reindex') as SimNode)).toContain('搜索索引已是最新');
  });
});

describe('roles page', () => {
  it('finds a member, makes them admin, and takes it back; the last admin stays', async () => {
    const binding = useLocalCloud(lc, ADMIN);
    const page = await renderPage<RolesData>('admin/pages/roles/index');
    await waitFor(() => page.data.status === 'ready');
    expect(page.data.admins.map((a) => [a.openid, a.fromEnv])).toEqual([
      ['env-admin', true],
      [ADMIN, false],
    ]);
    expect(text(page)).toContain('环境变量');
    // Env admins have no revoke button here.
    expect(page.querySelectorAll('.person__revoke')).toHaveLength(1);

    await input(page, '#member-search', '很'.repeat(21));
    await trigger(page, '#member-search', 'search', '很'.repeat(21));
    expect(page.data.qError).toBe('搜索内容不能超过20个字');
    expect(binding.calls.filter((c) => c.data.action === 'roles.list')).toHaveLength(1);

    await input(page, '#member-search', '绿源');
    await trigger(page, '#member-search', 'search', '绿源');
    await waitFor(() => page.data.members.length === 1);
    expect(page.data.members[0]).toMatchObject({ openid: MEMBER, name: '王会员' });
    // The 查找 beside the box searches too (by name here), and keeps the query.
    await input(page, '#member-search', '王会员');
    await tap(page, page.querySelector('#member-search-go') as SimNode);
    await waitFor(() => binding.calls.filter((c) => c.data.action === 'roles.list').length === 3);
    expect(page.data.members.map((m) => m.openid)).toEqual([MEMBER]);
    expect(page.data.q).toBe('王会员');

    await tap(page, page.querySelectorAll('.person__grant')[0] as SimNode);
    await waitFor(() => page.data.admins.some((a) => a.openid === MEMBER) && page.data.busy === '');
    expect(lc.dump('members').find((m) => m._id === MEMBER)?.role).toBe('admin');
    expect(wxCalls<{ title: string }>('showModal').map((m) => m.title)).toEqual(['设为管理员']);

    // Take it back.
    const revokeButtons = page.querySelectorAll('.person__revoke');
    const idx = page.data.admins.filter((a) => !a.fromEnv).findIndex((a) => a.openid === MEMBER);
    await tap(page, revokeButtons[idx] as SimNode);
    await waitFor(() => !page.data.admins.some((a) => a.openid === MEMBER) && page.data.busy === '');
    expect(lc.dump('members').find((m) => m._id === MEMBER)?.role).toBe('member');
  });

  it('says so, in Chinese, when the last admin is to be revoked', async () => {
    // A cloud without ADMIN_OPENIDS: the one database admin is the last.
    await lc.close();
    lc = await startCloudWithAdmin(ADMIN, { functions: ['events'] });
    await profile(ADMIN, '张秘书长', '安徽省环保产业协会');
    useLocalCloud(lc, ADMIN);
    const page = await renderPage<RolesData>('admin/pages/roles/index');
    await waitFor(() => page.data.status === 'ready');
    const before = snapshot();
    await tap(page, page.querySelectorAll('.person__revoke')[0] as SimNode);
    await waitFor(() => wxCalls<{ title: string }>('showToast').some((t) => t.title === '至少需要保留一名管理员'));
    expect(snapshot()).toBe(before);
    expect(page.data.admins.map((a) => a.openid)).toEqual([ADMIN]);
  });
});

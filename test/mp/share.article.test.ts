// Sharing a report, in simulate on the local cloud: the share payloads
// (title, path with id and token, image fallback), the menus with
// shareTicket, Moments, a member opening through a share from a group
// chat, Moments single-page mode (the report reads, 报名 prompts), and
// entry from a mini program code's scene.
import type { ArticleInput } from '../../miniprogram/contract/index';
import { buildArticleShare, buildArticleTimeline, pickShareImage } from '../../miniprogram/pages/article/share';
import { directScene } from '../../miniprogram/contract/scene';
import { setFileTransport } from '../../miniprogram/services/files';
import { chatShare, newShareToken, timelineShare } from '../../miniprogram/utils/share';
import {
  callPage,
  publishReport,
  renderPage,
  startCloudWithAdmin,
  tap,
  text,
  useLocalCloud,
  usePageCloud,
  waitFor,
  wxCalls,
  type Rendered,
  type SimNode,
} from './page-test';
import { createEvent } from './event-fixtures';
import { enterWith, groupEnterInfo, restoreWx } from './share-fakes';

const ADMIN = 'share-admin';
const SHARER = 'share-sharer';
const FRIEND = 'share-friend';
const PHOTO = 'https://example.com/photos/first.jpg';
const COVER = 'https://example.com/photos/cover.jpg';
const PLACEHOLDER = '/images/photo-placeholder.png';
const DEFAULT_CARD = '/images/share-default.png';
const HOUR = 3_600_000;

const lc = usePageCloud(() => startCloudWithAdmin(ADMIN));
let reportId = '';
let eventId = '';

interface ArticleData extends Record<string, unknown> {
  status: string;
  title: string;
  singlePage: boolean;
  promptShown: boolean;
}

interface SharePayload {
  title: string;
  path: string;
  imageUrl: string;
  promise?: Promise<{ title: string; path: string; imageUrl: string }>;
}

function publish(input: ArticleInput): Promise<string> {
  return publishReport(lc, ADMIN, input);
}

function raw(collection: string, id: string): Record<string, unknown> {
  const doc = lc.dump(collection).find((d) => d._id === id);
  if (!doc) throw new Error(`no ${collection} ${id}`);
  return doc;
}

async function openReport(query: Record<string, string>): Promise<Rendered<ArticleData>> {
  const page = await renderPage<ArticleData>('pages/article/index', query);
  await waitFor(() => page.data.status !== 'loading');
  return page;
}

beforeAll(async () => {
  const start = Date.now() + 72 * HOUR;
  const event = await createEvent(
    lc,
    {
      title: '环保设施开放日',
      summary: '参观',
      place: '合肥',
      startAt: start,
      endAt: start + 4 * HOUR,
      capacity: 40,
      waitlistEnabled: false,
    },
    ADMIN,
  );
  eventId = event.id;
  reportId = await publish({
    column: '协会动态',
    title: '协会组织会员单位参观环保设施',
    eventId,
    blocks: [
      { type: 'paragraph', text: '活动现场气氛热烈。' },
      { type: 'image', src: PLACEHOLDER, caption: '占位图' },
      { type: 'image', src: PHOTO, caption: '参观现场' },
    ],
  });
}, 60_000);

afterEach(() => {
  restoreWx();
});

describe('share payloads', () => {
  it('title, a path with the id and the token, and the image: cover, else first photo, else the default card', () => {
    expect(pickShareImage(COVER, [PHOTO])).toBe(COVER);
    expect(pickShareImage('', [PHOTO, COVER])).toBe(PHOTO);
    // The bundled placeholder stands in for a missing photo: never a share image.
    expect(pickShareImage(PLACEHOLDER, [PLACEHOLDER, PHOTO])).toBe(PHOTO);
    expect(pickShareImage('', [])).toBe(DEFAULT_CARD);
    expect(pickShareImage(PLACEHOLDER, [PLACEHOLDER])).toBe(DEFAULT_CARD);

    const token = newShareToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{10}$/);
    expect(buildArticleShare({ id: 'imp_abc', title: '报道标题', image: PHOTO }, token)).toEqual({
      title: '报道标题',
      path: `/pages/article/index?id=imp_abc&st=${token}`,
      imageUrl: PHOTO,
    });
    expect(buildArticleTimeline({ id: 'imp_abc', title: '报道标题', image: '' }, token)).toEqual({
      title: '报道标题',
      query: `id=imp_abc&st=${token}`,
      imageUrl: DEFAULT_CARD,
    });
    // Without a title or an id it still makes a sensible card.
    expect(chatShare({ type: 'article', id: 'x1', title: '', image: '' })).toEqual({
      title: '安徽省环保产业协会',
      path: '/pages/article/index?id=x1',
      imageUrl: DEFAULT_CARD,
    });
    expect(chatShare({ type: 'article', id: '', title: '', image: '' }).path).toBe('/pages/home/index');
    expect(timelineShare({ type: 'event', id: 'e1', title: '活动', image: COVER }, token)).toEqual({
      title: '活动',
      query: `id=e1&st=${token}`,
      imageUrl: COVER,
    });
  });
});

describe('sharing from the report page', () => {
  it('shows both share menus with shareTicket, and a share button', async () => {
    useLocalCloud(lc, SHARER);
    const page = await openReport({ id: reportId });
    expect(page.data.status).toBe('ready');
    expect(wxCalls('showShareMenu')).toEqual([{ withShareTicket: true, menus: ['shareAppMessage', 'shareTimeline'] }]);
    const button = page.querySelector('#share-button');
    expect(button?.dom?.tagName.toLowerCase()).toBe('wx-button');
    expect(page.querySelector('#poster-button')).toBeTruthy();
  });

  it('onShareAppMessage: the card at once, then the path with the sharer\u2019s registered token', async () => {
    const binding = useLocalCloud(lc, SHARER);
    const page = await openReport({ id: reportId });
    const sharesBefore = Number(raw('articles', reportId).shares);

    const share = (await callPage(page, 'onShareAppMessage', { from: 'menu' })) as SharePayload;
    expect(share).toMatchObject({
      title: '协会组织会员单位参观环保设施',
      path: `/pages/article/index?id=${reportId}`,
      imageUrl: PHOTO,
    });
    const withToken = await share.promise;
    const token = /&st=([A-Za-z0-9_-]{10})$/.exec(withToken?.path ?? '')?.[1];
    expect(withToken).toEqual({
      title: '协会组织会员单位参观环保设施',
      path: `/pages/article/index?id=${reportId}&st=${token}`,
      imageUrl: PHOTO,
    });
    expect(binding.calls.map((c) => c.data)).toContainEqual({
      action: 'shares.create',
      payload: { targetType: 'article', targetId: reportId, token },
    });
    expect(raw('shares', token as string)).toMatchObject({ sharer: SHARER, targetId: reportId, views: 0 });
    expect(raw('articles', reportId).shares).toBe(sharesBefore + 1);
  });

  it('onShareTimeline: title, query with id and token, image; the token registered in the background', async () => {
    useLocalCloud(lc, SHARER);
    const page = await openReport({ id: reportId });
    const share = (await callPage(page, 'onShareTimeline')) as { title: string; query: string; imageUrl: string };
    const token = /^id=[0-9a-f]+&st=([A-Za-z0-9_-]{10})$/.exec(share.query)?.[1] as string;
    expect(share).toEqual({
      title: '协会组织会员单位参观环保设施',
      query: `id=${reportId}&st=${token}`,
      imageUrl: PHOTO,
    });
    await waitFor(() => lc.dump('shares').some((s) => s._id === token && s.sharer === SHARER));
  });

  it('a friend opening the shared card in a group chat: credited to the sharer, the group counted once', async () => {
    useLocalCloud(lc, SHARER);
    const sharerPage = await openReport({ id: reportId });
    const share = (await callPage(sharerPage, 'onShareAppMessage', { from: 'button' })) as SharePayload;
    const shared = await share.promise;
    const query = Object.fromEntries(new URLSearchParams((shared?.path ?? '').split('?')[1]));
    const token = query.st as string;
    const before = raw('articles', reportId);

    // The friend taps the card in the group: entered on this page, with a shareTicket.
    enterWith({ scene: 1044, path: 'pages/article/index', query, shareTicket: 'ticket-1' });
    const asked = groupEnterInfo('localgroup:会员单位群');
    const binding = useLocalCloud(lc, FRIEND);
    const page = await openReport(query);
    expect(page.data.status).toBe('ready');
    expect(asked).toHaveLength(1);
    expect(binding.calls[0]?.data).toEqual({
      action: 'articles.open',
      payload: { id: reportId, shareToken: token, groupCloudId: 'localgroup:会员单位群' },
    });
    const after = raw('articles', reportId);
    expect(after.views).toBe(Number(before.views) + 1);
    expect(after.shareViews).toBe(Number(before.shareViews) + 1);
    expect(after.groups).toBe(Number(before.groups) + 1);
    expect(raw('shares', token).views).toBe(1);

    // Retrying the page's own open (a second render) does not count the group twice.
    await openReport(query);
    expect(raw('articles', reportId).groups).toBe(Number(before.groups) + 1);
  });

  it('another page of the same visit is not attributed to the group the visit started in', async () => {
    enterWith({ scene: 1044, path: 'pages/home/index', query: {}, shareTicket: 'ticket-2' });
    const asked = groupEnterInfo('localgroup:别的群');
    const binding = useLocalCloud(lc, FRIEND);
    await openReport({ id: reportId });
    expect(asked).toHaveLength(0);
    expect(binding.calls[0]?.data).toEqual({ action: 'articles.open', payload: { id: reportId } });
  });
});

describe('a share card image kept in cloud storage', () => {
  interface TimelinePayload {
    title: string;
    query: string;
    imageUrl: string;
  }

  async function reportWithCover(cover: string): Promise<string> {
    return publish({
      column: '协会动态',
      title: '云存储封面的报道',
      cover,
      blocks: [{ type: 'paragraph', text: '正文。' }],
    });
  }

  it('is shared as its temporary https URL from services/files.ts, never as the cloud:// fileID', async () => {
    const fileID = lc.storage.put('articles/share-cover.jpg', Buffer.from('a jpeg'));
    expect(fileID).toMatch(/^cloud:\/\//);
    const id = await reportWithCover(fileID);
    useLocalCloud(lc, SHARER);
    const page = await openReport({ id });
    expect(page.data.status).toBe('ready');
    const url = lc.storage.url(fileID);
    expect(url).toMatch(/^https?:\/\//);

    const share = (await callPage(page, 'onShareAppMessage', { from: 'menu' })) as SharePayload;
    // At once: the URL when already resolved on load, else the default card; never the fileID.
    expect([url, DEFAULT_CARD]).toContain(share.imageUrl);
    const resolved = await share.promise;
    expect(resolved?.imageUrl).toBe(url);
    expect(resolved?.path).toMatch(new RegExp(`^/pages/article/index\\?id=${id}&st=[A-Za-z0-9_-]{10}$`));

    // Moments takes no promise: the page resolved the image when the report loaded.
    const timeline = (await callPage(page, 'onShareTimeline')) as TimelinePayload;
    expect(timeline.imageUrl).toBe(url);
  });

  it('in local mode the fileID maps to the local cloud\u2019s file endpoint under its base URL', async () => {
    const fileID = lc.storage.put('articles/local-mode/cover.jpg', Buffer.from('a jpeg'));
    const id = await reportWithCover(fileID);
    useLocalCloud(lc, SHARER);
    // services/env.ts local mode, without the test's storage binding: the local-mode transport.
    setFileTransport(null);
    wx.setStorageSync('localCloud', 'https://cloud.example.test/');
    const page = await openReport({ id });
    const resolved = await ((await callPage(page, 'onShareAppMessage', { from: 'menu' })) as SharePayload).promise;
    expect(resolved?.imageUrl).toBe('https://cloud.example.test/files/articles/local-mode/cover.jpg');
    // The same path the local cloud serves the file at.
    expect(resolved?.imageUrl.replace('https://cloud.example.test', '')).toBe(
      lc.storage.url(fileID).replace(/^https?:\/\/[^/]+/, ''),
    );
  });

  it('falls back to the default card when the file cannot be resolved or the request fails', async () => {
    const missing = 'cloud://local-dev.local/articles/no-such-cover.jpg';
    const id = await reportWithCover(missing);
    useLocalCloud(lc, SHARER);
    const page = await openReport({ id });
    expect(page.data.status).toBe('ready');
    const share = (await callPage(page, 'onShareAppMessage', { from: 'menu' })) as SharePayload;
    expect(share.imageUrl).toBe(DEFAULT_CARD);
    expect((await share.promise)?.imageUrl).toBe(DEFAULT_CARD);
    expect(((await callPage(page, 'onShareTimeline')) as TimelinePayload).imageUrl).toBe(DEFAULT_CARD);

    // The temporary-URL request itself fails (offline): the default card, at once and in the promise.
    const offlineFile = lc.storage.put('articles/offline-cover.jpg', Buffer.from('a jpeg'));
    const offlineId = await reportWithCover(offlineFile);
    setFileTransport(() => Promise.reject(new Error('request:fail timeout')));
    const offline = await openReport({ id: offlineId });
    expect(offline.data.status).toBe('ready');
    const card = (await callPage(offline, 'onShareAppMessage', { from: 'menu' })) as SharePayload;
    expect(card.imageUrl).toBe(DEFAULT_CARD);
    expect((await card.promise)?.imageUrl).toBe(DEFAULT_CARD);
    expect(((await callPage(offline, 'onShareTimeline')) as TimelinePayload).imageUrl).toBe(DEFAULT_CARD);

    // Back online, the next share resolves it: a failure is not remembered.
    useLocalCloud(lc, SHARER);
    const again = (await callPage(offline, 'onShareAppMessage', { from: 'menu' })) as SharePayload;
    expect((await again.promise)?.imageUrl).toBe(lc.storage.url(offlineFile));
  });
});

describe('Moments single-page mode (scene 1154)', () => {
  it('renders from the query without a login; 报名 and posters prompt to open the full mini program', async () => {
    const token = 'Moment5Tok';
    enterWith({ scene: 1154, path: 'pages/article/index', query: { id: reportId, st: token } });
    const binding = useLocalCloud(lc, undefined);
    const before = raw('articles', reportId);

    const page = await openReport({ id: reportId, st: token });
    expect(page.data.status).toBe('ready');
    expect(page.data.singlePage).toBe(true);
    expect(text(page)).toContain('协会组织会员单位参观环保设施');
    expect(binding.calls[0]?.data).toEqual({ action: 'articles.open', payload: { id: reportId, shareToken: token } });
    expect(raw('articles', reportId).views).toBe(Number(before.views) + 1);
    expect(raw('articles', reportId).shareViews).toBe(before.shareViews);

    expect(wxCalls('showShareMenu')).toHaveLength(0);
    expect(page.querySelector('#share-button')).toBeFalsy();
    expect(page.querySelector('#poster-button')).toBeFalsy();
    expect(text(page.querySelector('#single-page-hint') as SimNode)).toContain('前往小程序');

    // The linked event's 报名 shows the prompt instead of navigating (no navigation in single-page mode).
    await waitFor(() => !!page.querySelector('#event-card'));
    await tap(page, '#event-signup');
    expect(wxCalls('navigateTo')).toHaveLength(0);
    expect(page.data.promptShown).toBe(true);
    const prompt = page.querySelector('single-page-prompt') as SimNode;
    expect(text(prompt)).toContain('请前往小程序');
    expect(text(prompt)).toContain('报名');
    await tap(prompt, '#prompt-ok');
    expect(page.data.promptShown).toBe(false);
    // Only the open and the event card were asked: nothing that needs a login.
    expect(binding.calls.map((c) => c.data.action)).toEqual(['articles.open', 'events.get']);
  });

  it('a report that is gone: 返回首页 prompts instead of switching tabs (no navigation in single-page mode)', async () => {
    enterWith({ scene: 1154, path: 'pages/article/index', query: { id: 'no-such-report' } });
    useLocalCloud(lc, undefined);
    const page = await openReport({ id: 'no-such-report' });
    expect(page.data.status).toBe('not-found');
    const notFound = page.querySelector('#article-not-found') as SimNode;
    await tap(page, notFound.querySelector('#state-action') as SimNode);
    expect(wxCalls('switchTab')).toHaveLength(0);
    expect(page.data.promptShown).toBe(true);
  });

  it('no share token is registered from single-page mode', async () => {
    enterWith({ scene: 1154, path: 'pages/article/index', query: { id: reportId } });
    const binding = useLocalCloud(lc, undefined);
    const page = await openReport({ id: reportId });
    const share = (await callPage(page, 'onShareTimeline')) as { query: string };
    expect(share.query).toBe(`id=${reportId}`);
    expect(binding.calls.map((c) => c.data.action)).not.toContain('shares.create');
  });
});

describe('entry from a mini program code', () => {
  it('?scene= of a report opens it; of an event or garbage shows not-found', async () => {
    const scene = directScene('article', reportId) as string;
    const binding = useLocalCloud(lc, FRIEND);
    const page = await openReport({ scene: encodeURIComponent(scene) });
    expect(page.data.status).toBe('ready');
    expect(binding.calls[0]?.data).toEqual({ action: 'articles.open', payload: { id: reportId } });

    for (const bad of [directScene('event', eventId) as string, 'a=../../x', 'zzz']) {
      const other = useLocalCloud(lc, FRIEND);
      const notFound = await openReport({ scene: encodeURIComponent(bad) });
      expect(notFound.data.status).toBe('not-found');
      expect(other.calls).toHaveLength(0);
    }
  });

  it('a scene with a short code is resolved first', async () => {
    const longId = `legacy-report-${'q'.repeat(30)}`;
    await lc.db.collection('articles').add({
      data: {
        _id: longId,
        column: '行业资讯',
        title: '长编号的报道',
        status: 'published',
        publishedAt: new Date(),
        cover: '',
        summary: '',
        source: '',
        author: '',
        pinned: false,
        blocks: [{ type: 'paragraph', text: '正文' }],
        views: 0,
        readers: 0,
        createdAt: new Date(),
        updatedAt: new Date(),
      },
    });
    const { scene } = await lc.ok(
      'content',
      'content.qrcode',
      { targetType: 'article', id: longId },
      { openid: FRIEND },
    );
    expect(scene).toMatch(/^a!/);
    const binding = useLocalCloud(lc, FRIEND);
    const page = await openReport({ scene: encodeURIComponent(scene) });
    expect(page.data.status).toBe('ready');
    expect(page.data.title).toBe('长编号的报道');
    expect(binding.calls.map((c) => c.data)).toEqual([
      { action: 'scene.resolve', payload: { scene } },
      { action: 'articles.open', payload: { id: longId } },
    ]);
  });
});

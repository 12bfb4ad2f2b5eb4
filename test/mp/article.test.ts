// The report page: what a member reads after tapping a report, with the
// view counted by the (local) cloud; photos, captions, the linked event,
// sharing; unknown reports and failed calls.
import fs from 'fs';
import path from 'path';
import { ERROR_MESSAGES, PLACEHOLDER_IMAGE, type ArticleInput } from '../../miniprogram/contract/index';
import { setTransport } from '../../miniprogram/services/cloud';
import { parsePage, pageToInput } from '../../tools/import/run';
import { createEvent } from './event-fixtures';
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

const SEED_PAGE = path.join(__dirname, '..', '..', 'tools', 'seed', 'pages', '000_0346b879158eed4e.txt');
const ADMIN = 'editor-1';
const MEMBER = 'member-1';
const HOUR = 60 * 60 * 1000;
const PUBLISHED_AT = Date.parse('2023-02-27T11:12:00+08:00');
const PHOTO_1 = 'https://example.com/photos/liu.jpg';
const PHOTO_2 = 'cloud://env-1.bucket/photos/cao.jpg';

const lc = usePageCloud(() => startCloudWithAdmin(ADMIN));
let reportId = '';
let plainId = '';
let draftId = '';
let eventId = '';

interface ArticleData extends Record<string, unknown> {
  status: string;
  title: string;
  meta: string;
  photos: string[];
}

async function save(input: ArticleInput): Promise<string> {
  return (await lc.ok('content', 'articles.save', input, { openid: ADMIN })).id;
}

function publish(input: ArticleInput): Promise<string> {
  return publishReport(lc, ADMIN, input);
}

function region(page: Rendered, selector: string): SimNode {
  const node = page.querySelector(selector);
  if (!node) throw new Error(`no ${selector} in: ${text(page)}`);
  return node;
}

beforeAll(async () => {
  const start = Date.now() + 72 * HOUR;
  const event = await createEvent(
    lc,
    {
      title: '党建共建观摩座谈对接活动',
      summary: '校政企协共建',
      place: '界首高新区',
      startAt: start,
      endAt: start + 8 * HOUR,
      capacity: 40,
    },
    ADMIN,
  );
  eventId = event.id;
  reportId = await publish({
    column: '党建活动',
    title: '我会率团赴界首开展党建共建',
    source: '安徽省环保产业协会',
    publishedAt: PUBLISHED_AT,
    summary: '党建共建与治理需求观摩座谈对接活动',
    eventId,
    blocks: [
      { type: 'paragraph', text: '为深入贯彻落实党的“二十大”精神，充分发挥党建引领作用。' },
      { type: 'image', src: PHOTO_1, caption: '界首市委组织部副部长刘治邦' },
      { type: 'heading', text: '观摩与座谈' },
      { type: 'image', src: PHOTO_2, caption: '界首市高新区管委会副主任曹伟', width: 800, height: 600 },
      { type: 'image', src: PLACEHOLDER_IMAGE, caption: '合肥工业大学资环学院副院长崔康平' },
      { type: 'paragraph', text: '创新无止境，服务总关情。' },
    ],
  });
  plainId = await publish({
    column: '通知公告',
    title: '关于召开会员大会的通知',
    source: '',
    publishedAt: PUBLISHED_AT,
    blocks: [{ type: 'paragraph', text: '定于下月召开会员大会。' }],
  });
  draftId = await save({
    column: '协会动态',
    title: '尚未发布的报道',
    blocks: [{ type: 'paragraph', text: '草稿' }],
  });
}, 60_000);

describe('report page', () => {
  it('shows column, title, the meta line with the counted view, paragraphs and captions', async () => {
    const binding = useLocalCloud(lc, MEMBER);
    const before = (await lc.ok('content', 'articles.get', { id: reportId }, { openid: ADMIN })).views;

    const page = await renderPage<ArticleData>('pages/article/index', { id: reportId });
    await waitFor(() => page.data.status === 'ready');

    expect(binding.calls[0]?.data).toEqual({ action: 'articles.open', payload: { id: reportId } });
    const seen = text(page);
    expect(seen).toContain('党建活动');
    expect(seen).toContain('我会率团赴界首开展党建共建');
    expect(text(region(page, '#article-meta'))).toBe(
      `发布时间 2023-02-27 11:12 · 来源 安徽省环保产业协会 · 阅读 ${before + 1}`,
    );
    expect(seen).toContain('为深入贯彻落实党的“二十大”精神');
    expect(seen).toContain('观摩与座谈');
    expect(seen).toContain('创新无止境，服务总关情。');
    for (const caption of [
      '界首市委组织部副部长刘治邦',
      '界首市高新区管委会副主任曹伟',
      '合肥工业大学资环学院副院长崔康平',
    ]) {
      expect(seen).toContain(caption);
    }
    // Each caption sits right under its photo.
    const figures = page.querySelectorAll('.article__figure');
    expect(figures).toHaveLength(3);
    expect(figures.map((f) => text(f))).toEqual([
      '界首市委组织部副部长刘治邦',
      '界首市高新区管委会副主任曹伟',
      '合肥工业大学资环学院副院长崔康平',
    ]);
    expect(figures.every((f) => !!f.querySelector('image'))).toBe(true);

    // The view was counted by the cloud exactly once.
    const after = await lc.ok('content', 'articles.get', { id: reportId }, { openid: ADMIN });
    expect(after.views).toBe(before + 1);
  });

  it("reads the association's seed report as on its site: meta line, paragraphs, four photos with captions", async () => {
    // The real page, through the importer's parser and the admin save/publish actions.
    const parsed = parsePage(fs.readFileSync(SEED_PAGE, 'utf8'), SEED_PAGE);
    if (!parsed.ok) throw new Error(parsed.problems.join('; '));
    const seedId = await publish(pageToInput(parsed.page));
    const captions = parsed.page.blocks.flatMap((b) => (b.type === 'image' && b.caption ? [b.caption] : []));
    const paragraphs = parsed.page.blocks.filter((b) => b.type === 'paragraph');
    expect(captions).toHaveLength(4);

    useLocalCloud(lc, MEMBER);
    const page = await renderPage<ArticleData>('pages/article/index', { id: seedId });
    await waitFor(() => page.data.status === 'ready');

    expect(text(page)).toContain('我会率团赴界首开展党建共建');
    expect(text(region(page, '#article-meta'))).toBe(
      `发布时间 2023-02-27 11:12 · 来源 安徽省环保产业协会 · 阅读 ${(parsed.page.views ?? 0) + 1}`,
    );
    expect(page.querySelectorAll('.article__paragraph')).toHaveLength(paragraphs.length);
    expect(page.querySelectorAll('.article__figure').map((f) => text(f))).toEqual(captions);
    expect(captions).toContain('界首市委组织部副部长刘治邦');
  });

  it('leaves out an empty source from the meta line', async () => {
    useLocalCloud(lc, MEMBER);
    const page = await renderPage<ArticleData>('pages/article/index', { id: plainId });
    await waitFor(() => page.data.status === 'ready');
    expect(text(region(page, '#article-meta'))).toMatch(/^发布时间 2023-02-27 11:12 · 阅读 \d+$/);
    expect(page.querySelector('#event-card')).toBeFalsy();
  });

  it('opens the photo viewer over all photos of the report at the tapped one', async () => {
    useLocalCloud(lc, MEMBER);
    const page = await renderPage<ArticleData>('pages/article/index', { id: reportId });
    await waitFor(() => page.data.status === 'ready');
    const images = page.querySelectorAll('.article__image');
    expect(images).toHaveLength(3);

    await tap(page, images[1] as SimNode);
    // The placeholder stands in for a photo the import did not have: nothing to enlarge.
    await tap(page, images[2] as SimNode);

    const previews = wxCalls<{ current: string; urls: string[] }>('previewImage');
    expect(previews).toHaveLength(1);
    expect(previews[0]).toMatchObject({ current: PHOTO_2, urls: [PHOTO_1, PHOTO_2] });
  });

  it('shows the linked event with a 报名 button that opens the event', async () => {
    const binding = useLocalCloud(lc, MEMBER);
    const page = await renderPage<ArticleData>('pages/article/index', { id: reportId });
    await waitFor(() => !!page.querySelector('#event-card'));

    expect(binding.calls.map((c) => c.data)).toContainEqual({ action: 'events.get', payload: { id: eventId } });
    const card = text(region(page, '#event-card'));
    expect(card).toContain('党建共建观摩座谈对接活动');
    expect(card).toContain('界首高新区');
    expect(card).toContain('报名');

    await tap(page, '#event-signup');
    expect(wxCalls<{ url: string }>('navigateTo').map((n) => n.url)).toEqual([`/pages/event/index?id=${eventId}`]);
  });

  it('reads fine when the linked event cannot be loaded', async () => {
    const binding = useLocalCloud(lc, MEMBER);
    setTransport(async (c) => {
      binding.calls.push(c);
      if (c.name === 'events') throw new Error('request:fail');
      return JSON.parse(JSON.stringify(await lc.callRaw(c.name, c.data, { openid: MEMBER }))) as unknown;
    });
    const page = await renderPage<ArticleData>('pages/article/index', { id: reportId });
    await waitFor(() => page.data.status === 'ready' && binding.calls.length === 2);
    await waitFor(() => text(page).includes('创新无止境'));
    expect(page.querySelector('#event-card')).toBeFalsy();
    expect(page.querySelector('#article-error')).toBeFalsy();
  });

  it('shares the title, a path with the id and the first photo; the share button is there', async () => {
    useLocalCloud(lc, MEMBER);
    const page = await renderPage<ArticleData>('pages/article/index', { id: reportId });
    await waitFor(() => page.data.status === 'ready');

    // The card goes out at once without a token; WeChat waits for the promise,
    // which adds the sharer's token (sharing: test/mp/share.article.test.ts).
    const share = (await callPage(page, 'onShareAppMessage', { from: 'button' })) as { promise: Promise<unknown> };
    expect(share).toMatchObject({
      title: '我会率团赴界首开展党建共建',
      path: `/pages/article/index?id=${reportId}`,
      imageUrl: PHOTO_1,
    });
    expect(await share.promise).toEqual({
      title: '我会率团赴界首开展党建共建',
      path: expect.stringMatching(new RegExp(`^/pages/article/index\\?id=${reportId}&st=[A-Za-z0-9_-]{10}$`)),
      imageUrl: PHOTO_1,
    });
    const button = region(page, '#share-button');
    expect(text(button)).toContain('分享');
    expect(button.dom?.tagName.toLowerCase()).toBe('wx-button');
  });

  it('shares the default card when the report has no photo', async () => {
    useLocalCloud(lc, MEMBER);
    const page = await renderPage<ArticleData>('pages/article/index', { id: plainId });
    await waitFor(() => page.data.status === 'ready');
    const share = (await callPage(page, 'onShareAppMessage', { from: 'menu' })) as { imageUrl: string };
    expect(share.imageUrl).toBe('/images/share-default.png');
  });

  it.each([
    ['an unknown id', 'no-such-report'],
    ['a draft', () => draftId],
    ['a malformed id', '../../etc'],
  ])('shows a friendly not-found state for %s and counts nothing', async (_what, idOf) => {
    const id = typeof idOf === 'function' ? idOf() : idOf;
    const binding = useLocalCloud(lc, MEMBER);
    const page = await renderPage<ArticleData>('pages/article/index', { id });
    await waitFor(() => page.data.status === 'not-found');
    expect(binding.calls).toHaveLength(1);
    const shown = text(region(page, '#article-not-found'));
    expect(shown).toContain('这篇报道不存在或已下线');
    expect(page.querySelector('#article-meta')).toBeFalsy();

    await tap(page, region(page, '#article-not-found').querySelector('#state-action') as SimNode);
    expect(wxCalls<{ url: string }>('switchTab').map((n) => n.url)).toEqual(['/pages/home/index']);
    if (id === draftId) {
      const draft = await lc.ok('content', 'articles.get', { id: draftId }, { openid: ADMIN });
      expect(draft.views).toBe(0);
    }
  });

  it('shows not-found without calling the cloud when the link has no id', async () => {
    const binding = useLocalCloud(lc, MEMBER);
    const page = await renderPage<ArticleData>('pages/article/index', {});
    expect(page.data.status).toBe('not-found');
    expect(binding.calls).toHaveLength(0);
  });

  it('shows the network error with a retry when the call fails, and retry recovers', async () => {
    setTransport(() => Promise.reject(new Error('request:fail timeout')));
    const page = await renderPage<ArticleData>('pages/article/index', { id: plainId });
    await waitFor(() => page.data.status === 'error');
    const errorView = region(page, '#article-error');
    expect(text(errorView)).toContain(ERROR_MESSAGES.NETWORK);
    expect(text(errorView)).toContain('重新加载');

    const binding = useLocalCloud(lc, MEMBER);
    await tap(page, errorView.querySelector('#state-action') as SimNode);
    await waitFor(() => page.data.status === 'ready');
    expect(binding.calls.map((c) => c.data)).toEqual([{ action: 'articles.open', payload: { id: plainId } }]);
    expect(text(region(page, '#article-meta'))).toContain('发布时间 2023-02-27 11:12');
    expect(page.querySelector('#article-error')).toBeFalsy();
  });
});

describe('上一篇 / 下一篇', () => {
  const titles = ['园区污水厂提标改造观摩', '固废资源化利用座谈', '环保装备展会见闻'];
  const ids: string[] = [];
  beforeAll(async () => {
    for (const [k, title] of titles.entries()) {
      ids.push(
        await publish({
          column: '行业资讯',
          title,
          publishedAt: PUBLISHED_AT + k * HOUR,
          blocks: [{ type: 'paragraph', text: '正文。' }],
        }),
      );
    }
  });

  it('shows both neighbours at the end of the report, from the one open call, and reading on replaces the page', async () => {
    const binding = useLocalCloud(lc, MEMBER);
    const page = await renderPage<ArticleData>('pages/article/index', { id: ids[1] });
    await waitFor(() => page.data.status === 'ready');
    // One call on the page's way to the report: the neighbours came with it.
    expect(binding.calls.map((c) => c.data)).toEqual([{ action: 'articles.open', payload: { id: ids[1] } }]);

    expect(text(region(page, '#article-prev'))).toBe(`上一篇${titles[2]}`);
    expect(text(region(page, '#article-next'))).toBe(`下一篇${titles[0]}`);

    // The link carries the neighbour's place, so its open reads its own neighbours at once.
    const url = (k: number) =>
      `/pages/article/index?id=${ids[k]}&c=${encodeURIComponent('行业资讯')}&t=${PUBLISHED_AT + k * HOUR}`;
    await tap(page, region(page, '#article-next'));
    expect(wxCalls<{ url: string }>('redirectTo').map((c) => c.url)).toEqual([url(0)]);
    await tap(page, region(page, '#article-prev'));
    expect(wxCalls<{ url: string }>('redirectTo').map((c) => c.url)).toEqual([url(0), url(2)]);

    // Opened by such a link, the page passes the place with its one call.
    const binding2 = useLocalCloud(lc, MEMBER);
    const next = await renderPage<ArticleData>('pages/article/index', {
      id: ids[0]!,
      c: encodeURIComponent('行业资讯'),
      t: String(PUBLISHED_AT),
    });
    await waitFor(() => next.data.status === 'ready');
    expect(binding2.calls.map((c) => c.data)).toEqual([
      { action: 'articles.open', payload: { id: ids[0], place: { column: '行业资讯', at: PUBLISHED_AT } } },
    ]);
    expect(text(region(next, '#article-prev'))).toBe(`上一篇${titles[1]}`);
  });

  it('says 没有了 at the end of the column, and that side does nothing', async () => {
    useLocalCloud(lc, MEMBER);
    const page = await renderPage<ArticleData>('pages/article/index', { id: ids[2] });
    await waitFor(() => page.data.status === 'ready');
    expect(text(region(page, '#article-prev'))).toBe('上一篇没有了');
    expect(text(region(page, '#article-next'))).toBe(`下一篇${titles[1]}`);
    await tap(page, region(page, '#article-prev'));
    expect(wxCalls('redirectTo')).toHaveLength(0);
  });

  it('shows no neighbours for a report alone in its column', async () => {
    useLocalCloud(lc, MEMBER);
    const page = await renderPage<ArticleData>('pages/article/index', { id: plainId });
    await waitFor(() => page.data.status === 'ready');
    expect(page.querySelector('#article-nav')).toBeFalsy();
  });
});

// Home: the member sees the association's reports from the (local) cloud,
// by column, pages on by scrolling, refreshes, opens a report, and gets a
// retry when the network fails.
import { ERROR_MESSAGES, type ArticleInput, type Column } from '../../miniprogram/contract/index';
import { setTransport } from '../../miniprogram/services/cloud';
import {
  callPage,
  holdAnswers,
  publishReport,
  renderPage,
  startCloudWithAdmin,
  tap,
  text,
  trigger,
  useLocalCloud,
  usePageCloud,
  waitFor,
  wxCalls,
  type Rendered,
  type SimNode,
} from './page-test';

const ADMIN = 'editor-1';
const MEMBER = 'member-1';
const DAY = 24 * 60 * 60 * 1000;
const BASE = Date.parse('2024-05-01T09:00:00+08:00');

const lc = usePageCloud(() => startCloudWithAdmin(ADMIN));
/** Titles of the 协会动态 reports, newest first. */
const newsTitles: string[] = [];

function publish(input: ArticleInput): Promise<string> {
  return publishReport(lc, ADMIN, input);
}

function report(column: Column, title: string, publishedAt: number, extra: Partial<ArticleInput> = {}): ArticleInput {
  return {
    column,
    title,
    source: '安徽省环保产业协会',
    publishedAt,
    summary: `${title}的摘要`,
    blocks: [{ type: 'paragraph', text: `${title}的正文。` }],
    ...extra,
  };
}

interface HomeData extends Record<string, unknown> {
  items: Array<{ id: string; title: string; column: string; date: string; views: string; cover: string; at: number }>;
  loading: boolean;
  hasMore: boolean;
  error: string;
  activeTab: number;
}

function rows(page: Rendered<HomeData>): SimNode[] {
  return page.querySelectorAll('article-item');
}

beforeAll(async () => {
  // 12 in 协会动态 (one with a cover), 2 in 通知公告, none in 行业资讯:
  // 14 in all, so the all-columns list has a second page of 4.
  for (let i = 0; i < 12; i += 1) {
    const title = `协会动态第${i + 1}篇`;
    const cover = i === 11 ? { cover: 'https://example.com/cover.jpg' } : {};
    await publish(report('协会动态', title, BASE + i * DAY, cover));
    newsTitles.unshift(title);
  }
  await publish(report('通知公告', '关于召开会员大会的通知', BASE - 2 * DAY));
  await publish(report('通知公告', '关于缴纳会费的通知', BASE - 3 * DAY));
}, 60_000);

describe('home', () => {
  it('shows a skeleton while the first page loads, then the newest reports from the cloud', async () => {
    // Hold the first answer back to see the loading state, then let the
    // local cloud answer it.
    const { calls, release } = holdAnswers(lc, MEMBER);

    const page = await renderPage<HomeData>('pages/home/index');
    expect(page.querySelector('skeleton')).toBeTruthy();
    expect(rows(page)).toHaveLength(0);

    release();
    await waitFor(() => rows(page).length === 10);
    expect(page.querySelector('skeleton')).toBeFalsy();
    expect(calls.map((c) => c.data)).toEqual([{ action: 'articles.list', payload: { pageSize: 10 } }]);

    const shown = page.data.items.map((i) => i.title);
    expect(shown).toEqual(newsTitles.slice(0, 10));
    const first = text(rows(page)[0] as SimNode);
    expect(first).toContain('协会动态第12篇');
    expect(first).toContain('协会动态');
    expect(first).toContain('2024-05-12');
    expect(first).toContain('阅读 0');
    // The report with a cover shows its thumbnail; the others don't.
    expect(rows(page)[0]?.querySelector('image')).toBeTruthy();
    expect(rows(page)[1]?.querySelector('image')).toBeFalsy();
  });

  it('loads the next page when the member reaches the bottom, then says there is no more', async () => {
    const binding = useLocalCloud(lc, MEMBER);
    const page = await renderPage<HomeData>('pages/home/index');
    await waitFor(() => rows(page).length === 10);
    expect(page.data.hasMore).toBe(true);

    await callPage(page, 'onReachBottom');
    await waitFor(() => rows(page).length === 14);

    const second = binding.calls[1]?.data as { action: string; payload: { cursor?: string } };
    expect(second.action).toBe('articles.list');
    expect(typeof second.payload.cursor).toBe('string');
    const ids = page.data.items.map((i) => i.id);
    expect(new Set(ids).size).toBe(14);
    expect(page.data.items.slice(10).map((i) => i.title)).toEqual([
      '协会动态第2篇',
      '协会动态第1篇',
      '关于召开会员大会的通知',
      '关于缴纳会费的通知',
    ]);
    expect(text(page.querySelector('#list-footer') as SimNode)).toContain('没有更多了');

    // At the end, reaching the bottom again asks nothing.
    await callPage(page, 'onReachBottom');
    expect(binding.calls).toHaveLength(2);
  });

  it('opens the report with its id and its place in the column when an item is tapped', async () => {
    useLocalCloud(lc, MEMBER);
    const page = await renderPage<HomeData>('pages/home/index');
    await waitFor(() => rows(page).length === 10);
    const target = page.data.items[2];
    if (!target) throw new Error('no third item');

    await tap(page, rows(page)[2] as SimNode);

    const nav = wxCalls<{ url: string }>('navigateTo');
    // The place (column, publish time) lets the report's open read 上一篇/下一篇 at once.
    const column = (await lc.ok('content', 'articles.get', { id: target.id }, { openid: ADMIN })).column;
    expect(nav.map((n) => n.url)).toEqual([
      `/pages/article/index?id=${target.id}&c=${encodeURIComponent(column)}&t=${target.at}`,
    ]);
  });

  it('lists one column when its tab is chosen, and an empty column says so', async () => {
    const binding = useLocalCloud(lc, MEMBER);
    const page = await renderPage<HomeData>('pages/home/index');
    await waitFor(() => rows(page).length === 10);

    await trigger(page, '#column-tabs', 'change', { index: 3, name: 3, title: '通知公告' });
    await waitFor(() => rows(page).length === 2);
    expect(page.data.items.map((i) => i.title)).toEqual(['关于召开会员大会的通知', '关于缴纳会费的通知']);
    expect(binding.calls.at(-1)?.data).toEqual({
      action: 'articles.list',
      payload: { pageSize: 10, column: '通知公告' },
    });

    await trigger(page, '#column-tabs', 'change', { index: 4, name: 4, title: '行业资讯' });
    await waitFor(() => !!page.querySelector('#list-empty'));
    expect(rows(page)).toHaveLength(0);
    expect(text(page.querySelector('#list-empty') as SimNode)).toContain('暂无报道');
  });

  it('opens a column from the link query', async () => {
    useLocalCloud(lc, MEMBER);
    const page = await renderPage<HomeData>('pages/home/index', { column: encodeURIComponent('通知公告') });
    await waitFor(() => rows(page).length === 2);
    expect(page.data.activeTab).toBe(3);
  });

  it('pull-down refresh shows a report published meanwhile and stops the spinner', async () => {
    useLocalCloud(lc, MEMBER);
    const page = await renderPage<HomeData>('pages/home/index', { column: encodeURIComponent('通知公告') });
    await waitFor(() => rows(page).length === 2);

    await publish(report('通知公告', '关于年度评优的通知', BASE + 30 * DAY));
    await callPage(page, 'onPullDownRefresh');
    await waitFor(() => rows(page).length === 3);

    expect(page.data.items[0]?.title).toBe('关于年度评优的通知');
    expect(wxCalls('stopPullDownRefresh')).toHaveLength(1);
  });

  it('shows the error with a retry when the first page fails, and retry recovers', async () => {
    setTransport(() => Promise.reject(new Error('request:fail timeout')));
    const page = await renderPage<HomeData>('pages/home/index');
    await waitFor(() => !!page.querySelector('#list-error'));
    const errorView = page.querySelector('#list-error') as SimNode;
    expect(text(errorView)).toContain(ERROR_MESSAGES.NETWORK);
    expect(text(errorView)).toContain('重新加载');
    expect(rows(page)).toHaveLength(0);

    useLocalCloud(lc, MEMBER);
    await tap(page, errorView.querySelector('#state-action') as SimNode);
    await waitFor(() => rows(page).length === 10);
    expect(page.querySelector('#list-error')).toBeFalsy();
  });

  it('keeps what is shown when a later page fails, and the footer retry loads it', async () => {
    useLocalCloud(lc, MEMBER);
    const page = await renderPage<HomeData>('pages/home/index');
    await waitFor(() => rows(page).length === 10);

    setTransport(() => Promise.reject(new Error('request:fail')));
    await callPage(page, 'onReachBottom');
    await waitFor(() => text(page.querySelector('#list-footer') as SimNode).includes('加载失败，点击重试'));
    expect(rows(page)).toHaveLength(10);

    const binding = useLocalCloud(lc, MEMBER);
    await tap(page, '#list-footer');
    await waitFor(() => rows(page).length > 10);
    expect(binding.calls.map((c) => c.data)).toEqual([
      { action: 'articles.list', payload: { pageSize: 10, cursor: expect.any(String) } },
    ]);
    expect(new Set(page.data.items.map((i) => i.id)).size).toBe(page.data.items.length);
  });

  it('opens the search page from the search entry', async () => {
    useLocalCloud(lc, MEMBER);
    const page = await renderPage<HomeData>('pages/home/index');
    await tap(page, '#search-entry');
    expect(wxCalls<{ url: string }>('navigateTo').map((n) => n.url)).toEqual(['/pages/search/index']);
  });
});

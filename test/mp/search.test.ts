// Search: the member types a keyword, bad input is explained before any
// call, results come from the (local) cloud and open the report; nothing
// found says so; regex characters are just text.
import { ARTICLE_RULES, ERROR_MESSAGES, type ArticleInput } from '../../miniprogram/contract/index';
import { setTransport } from '../../miniprogram/services/cloud';
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
  usePageCloud,
  waitFor,
  wxCalls,
  type Rendered,
  type SimNode,
} from './page-test';

const ADMIN = 'editor-1';
const MEMBER = 'member-1';
const DAY = 24 * 60 * 60 * 1000;
const BASE = Date.parse('2024-03-01T09:00:00+08:00');

const lc = usePageCloud(() => startCloudWithAdmin(ADMIN));

interface SearchData extends Record<string, unknown> {
  items: Array<{ id: string; title: string }>;
  listKey: string;
  invalid: string;
  empty: boolean;
  hasMore: boolean;
}

function publish(input: ArticleInput): Promise<string> {
  return publishReport(lc, ADMIN, input);
}

function rows(page: Rendered<SearchData>): SimNode[] {
  return page.querySelectorAll('article-item');
}

/** Types into the Vant search field and presses the keyboard's search key. */
async function search(page: Rendered<SearchData>, q: string): Promise<void> {
  await input(page, '#search-input', q);
  const field = page.querySelector('#search-input')?.querySelector('input');
  if (!field) throw new Error('no input in the search field');
  await trigger(page, field, 'confirm', { value: q });
}

beforeAll(async () => {
  for (let i = 0; i < 12; i += 1) {
    await publish({
      column: '行业资讯',
      title: `污水处理技术交流第${i + 1}期`,
      publishedAt: BASE + i * DAY,
      summary: '行业技术交流',
      blocks: [{ type: 'paragraph', text: '正文' }],
    });
  }
  await publish({
    column: '党建活动',
    title: '我会率团赴界首开展党建共建',
    publishedAt: BASE - DAY,
    summary: '党建共建与治理需求观摩座谈对接活动',
    blocks: [
      { type: 'paragraph', text: '正文' },
      { type: 'paragraph', text: '合肥工业大学资环学院副院长崔康平在发言中介绍了学院学科设置。' },
    ],
  });
}, 60_000);

describe('search', () => {
  it('shows a hint before the first search and asks nothing', async () => {
    const binding = useLocalCloud(lc, MEMBER);
    const page = await renderPage<SearchData>('pages/search/index');
    expect(text(page.querySelector('#search-hint') as SimNode)).toContain('搜索协会报道');
    expect(binding.calls).toHaveLength(0);
  });

  it('explains an empty keyword before calling, and typing clears the message', async () => {
    const binding = useLocalCloud(lc, MEMBER);
    const page = await renderPage<SearchData>('pages/search/index');

    await search(page, '   ');
    expect(text(page.querySelector('#search-invalid') as SimNode)).toBe('请输入要搜索的关键词');
    expect(binding.calls).toHaveLength(0);

    await input(page, '#search-input', '党建');
    expect(page.querySelector('#search-invalid')).toBeFalsy();
  });

  it('keeps a keyword within the limit: the field stops at 40, a longer link query is explained', async () => {
    const binding = useLocalCloud(lc, MEMBER);
    const tooLong = '环'.repeat(ARTICLE_RULES.searchMax + 1);

    const typed = await renderPage<SearchData>('pages/search/index');
    await input(typed, '#search-input', tooLong);
    expect(typed.data.q).toBe('环'.repeat(ARTICLE_RULES.searchMax));

    const linked = await renderPage<SearchData>('pages/search/index', { q: encodeURIComponent(tooLong) });
    expect(text(linked.querySelector('#search-invalid') as SimNode)).toBe(
      `关键词不能超过${ARTICLE_RULES.searchMax}个字`,
    );
    expect(binding.calls).toHaveLength(0);
  });

  it('lists what the cloud finds, and a result opens its report', async () => {
    const binding = useLocalCloud(lc, MEMBER);
    const page = await renderPage<SearchData>('pages/search/index');

    await search(page, ' 党建 ');
    await waitFor(() => rows(page).length === 1);
    expect(binding.calls.map((c) => c.data)).toEqual([{ action: 'articles.search', payload: { q: '党建' } }]);
    expect(text(rows(page)[0] as SimNode)).toContain('我会率团赴界首开展党建共建');

    await tap(page, rows(page)[0] as SimNode);
    const id = page.data.items[0]?.id;
    expect(wxCalls<{ url: string }>('navigateTo').map((n) => n.url)).toEqual([
      `/pages/article/index?id=${id}&c=${encodeURIComponent('党建活动')}&t=${BASE - DAY}`,
    ]);
  });

  it('finds a name that appears only in a report body, and shows its sentence with the name marked', async () => {
    const binding = useLocalCloud(lc, MEMBER);
    const page = await renderPage<SearchData>('pages/search/index');

    await search(page, '崔康平');
    await waitFor(() => rows(page).length === 1);
    expect(binding.calls.map((c) => c.data)).toEqual([{ action: 'articles.search', payload: { q: '崔康平' } }]);
    const row = rows(page)[0] as SimNode;
    expect(text(row)).toContain('我会率团赴界首开展党建共建');
    expect(text(row.querySelector('.article-item__snippet') as SimNode)).toBe(
      '合肥工业大学资环学院副院长崔康平在发言中介绍了学院学科设置。',
    );
    expect(row.querySelectorAll('.article-item__hit').map((n) => text(n))).toEqual(['崔康平']);
  });

  it('punctuation only: nothing found, no error', async () => {
    useLocalCloud(lc, MEMBER);
    const page = await renderPage<SearchData>('pages/search/index');
    await search(page, '，。！');
    await waitFor(() => !!page.querySelector('#search-empty'));
    expect(page.querySelector('#search-error')).toBeFalsy();
    expect(rows(page)).toHaveLength(0);
  });

  it('pages on when the member reaches the bottom', async () => {
    useLocalCloud(lc, MEMBER);
    const page = await renderPage<SearchData>('pages/search/index');
    await search(page, '污水处理');
    await waitFor(() => rows(page).length > 0);
    const firstPage = rows(page).length;
    expect(page.data.hasMore).toBe(true);

    await callPage(page, 'onReachBottom');
    await waitFor(() => rows(page).length === 12);
    expect(firstPage).toBeLessThan(12);
    expect(new Set(page.data.items.map((i) => i.id)).size).toBe(12);
    expect(page.data.hasMore).toBe(false);
  });

  it('says nothing was found, also for regex characters', async () => {
    useLocalCloud(lc, MEMBER);
    const page = await renderPage<SearchData>('pages/search/index');

    await search(page, '.*(');
    await waitFor(() => !!page.querySelector('#search-empty'));
    expect(text(page.querySelector('#search-empty') as SimNode)).toContain('没有找到与“.*(”相关的报道');
    expect(rows(page)).toHaveLength(0);
  });

  it('runs the search from a link query', async () => {
    useLocalCloud(lc, MEMBER);
    const page = await renderPage<SearchData>('pages/search/index', { q: encodeURIComponent('党建') });
    await waitFor(() => rows(page).length === 1);
    expect(page.data.listKey).toBe('党建');
  });

  it('shows the error with a retry, and retry recovers', async () => {
    setTransport(() => Promise.reject(new Error('request:fail')));
    const page = await renderPage<SearchData>('pages/search/index');
    await search(page, '党建');
    await waitFor(() => !!page.querySelector('#search-error'));
    const errorView = page.querySelector('#search-error') as SimNode;
    expect(text(errorView)).toContain(ERROR_MESSAGES.NETWORK);

    useLocalCloud(lc, MEMBER);
    await tap(page, errorView.querySelector('#state-action') as SimNode);
    await waitFor(() => rows(page).length === 1);
  });
});

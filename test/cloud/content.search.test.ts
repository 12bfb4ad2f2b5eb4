// articles.search: title and summary, case-insensitive, the member's text
// matched literally (regex metacharacters escaped), published only.
import { ARTICLE_RULES } from '../../miniprogram/contract/index';
import { startTestCloud, type TestCloud } from '../helpers/cloud';
import { ADMIN, createDraft, createPublished, MINUTE, T0 } from './content.fixtures';

let tc: TestCloud;
const ids: Record<string, string> = {};
const made: Array<{ id: string; title: string; summary: string }> = [];

beforeAll(async () => {
  tc = await startTestCloud({ functions: ['content'], functionEnv: { ADMIN_OPENIDS: ADMIN } });
  const make = async (key: string, title: string, summary: string, minutes: number) => {
    ids[key] = (await createPublished(tc, { title, summary, publishedAt: T0 + minutes * MINUTE })).id;
    made.unshift({ id: ids[key]!, title, summary });
  };
  await make('party', '我会率团赴界首开展党建共建', '党建引领产业发展', 1);
  await make('vocs', 'VOCs 治理技术交流会', '挥发性有机物治理', 2);
  await make('regex', '正则.*(测试) 标题', '包含特殊字符 [a-z]+ 与 $1 \\d', 3);
  await make('summaryOnly', '普通标题', '摘要里提到界首高新区', 4);
  for (let k = 0; k < 25; k++) await make(`bulk${k}`, `环保产业 第${k}期`, '例行报道', 10 + k);
  ids.draft = (await createDraft(tc, { title: '界首 草稿', summary: '界首' })).id;
}, 60_000);
afterAll(() => tc.close());

async function search(q: string): Promise<string[]> {
  const out: string[] = [];
  let cursor: string | undefined;
  for (;;) {
    const res = await tc.ok('content', 'articles.search', { q, ...(cursor ? { cursor } : {}) }, { openid: 'reader' });
    out.push(...res.items.map((i) => i.id));
    if (!res.nextCursor) return out;
    cursor = res.nextCursor;
  }
}

test('matches title and summary, newest first, published only', async () => {
  expect(await search('界首')).toEqual([ids.summaryOnly, ids.party]);
  expect(await search('  界首 ')).toEqual([ids.summaryOnly, ids.party]);
  expect(await search('党建引领')).toEqual([ids.party]);
  expect(await search('没有这个词')).toEqual([]);
});

test('is case-insensitive', async () => {
  expect(await search('vocs')).toEqual([ids.vocs]);
  expect(await search('VOCS 治理')).toEqual([ids.vocs]);
});

test('regex metacharacters are matched literally', async () => {
  const literal = (q: string) =>
    made.filter((m) => `${m.title}\n${m.summary}`.toLowerCase().includes(q.toLowerCase())).map((m) => m.id);
  for (const q of [
    '.*(',
    '.*',
    '(',
    ')',
    '[',
    '[a-z]+',
    '\\',
    '\\d',
    '$1',
    '^',
    '|',
    '?',
    '+',
    '{2}',
    '.*(测试)',
    'a-z]',
  ]) {
    const found = await search(q);
    // Exactly the reports that contain the text as typed: never everything, never an error.
    expect(found).toEqual(literal(q));
  }
  expect(await search('.*(')).toEqual([ids.regex]);
  expect(await search('.*')).toEqual([ids.regex]);
  expect(await search('^')).toEqual([]);
  expect(await search('|')).toEqual([]);
});

test('pages by cursor: 25 bulk reports in pages of 10, each once', async () => {
  const res1 = await tc.ok('content', 'articles.search', { q: '环保产业' }, { openid: 'reader' });
  expect(res1.items).toHaveLength(ARTICLE_RULES.pageSizeDefault);
  const all = await search('环保产业');
  expect(all).toHaveLength(25);
  expect(new Set(all).size).toBe(25);
  expect(all[0]).toBe(ids.bulk24);
});

test('1 to 40 characters, else VALIDATION', async () => {
  for (const q of ['', '   ', 'x'.repeat(41), '界'.repeat(41)]) {
    const env = await tc.call('content', 'articles.search', { q }, { openid: 'reader' });
    expect(env).toMatchObject({ ok: false, code: 'VALIDATION', field: 'q' });
  }
  for (const payload of [undefined, {}, { q: 5 }, { q: '界首', extra: 1 }, { q: '界首', cursor: 'garbage' }]) {
    const env = await tc.callRaw('content', { action: 'articles.search', payload }, { openid: 'reader' });
    expect(env).toMatchObject({ ok: false, code: 'VALIDATION' });
  }
  expect(await search('界'.repeat(40))).toEqual([]);
});

// articles.search: the whole report (title, source, summary, paragraphs,
// headings, captions) through its indexed search terms, case-insensitive,
// published only, newest first by cursor; the matching sentence with the
// searched words marked.
import { ARTICLE_RULES, type SearchResult } from '../../miniprogram/contract/index';
import { startTestCloud, type TestCloud } from '../helpers/cloud';
import { ADMIN, body, createDraft, createPublished, MINUTE, T0 } from './content.fixtures';

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

test('regex metacharacters are plain text: punctuation finds nothing, never an error, never everything', async () => {
  for (const q of ['.*(', '.*', '(', ')', '[', '\\', '^', '|', '?', '+', '。，！', '…', '——']) {
    expect(await search(q)).toEqual([]);
  }
  // The words around them still count.
  expect(await search('.*(测试)')).toEqual([ids.regex]);
  expect(await search('[a-z]+')).toEqual([ids.regex]);
});

test('pages by cursor: 25 bulk reports in pages of 10, each once', async () => {
  const res1 = await tc.ok('content', 'articles.search', { q: '环保产业' }, { openid: 'reader' });
  expect(res1.items).toHaveLength(ARTICLE_RULES.pageSizeDefault);
  const all = await search('环保产业');
  expect(all).toHaveLength(25);
  expect(new Set(all).size).toBe(25);
  expect(all[0]).toBe(ids.bulk24);
});

test('blank or punctuation-only text answers an empty page; over 40 characters is refused with the length', async () => {
  for (const q of ['', '   ', '，。！？', ' ... ']) {
    expect(await tc.ok('content', 'articles.search', { q }, { openid: 'reader' })).toEqual({
      items: [],
      nextCursor: null,
    });
  }
  for (const q of ['x'.repeat(41), '界'.repeat(52)]) {
    const env = await tc.call('content', 'articles.search', { q }, { openid: 'reader' });
    expect(env).toMatchObject({
      ok: false,
      code: 'VALIDATION',
      field: 'q',
      message: `搜索内容不能超过40个字（现有${q.length}个字）`,
    });
  }
  for (const payload of [undefined, {}, { q: 5 }, { q: '界首', extra: 1 }, { q: '界首', cursor: 'garbage' }]) {
    const env = await tc.callRaw('content', { action: 'articles.search', payload }, { openid: 'reader' });
    expect(env).toMatchObject({ ok: false, code: 'VALIDATION' });
  }
  expect(await search('界'.repeat(40))).toEqual([]);
});

describe('the whole text', () => {
  const found: Record<string, string> = {};
  beforeAll(async () => {
    const make = async (key: string, minutes: number, overrides: Parameters<typeof createPublished>[1]) => {
      found[key] = (await createPublished(tc, { publishedAt: T0 + minutes * MINUTE, ...overrides })).id;
    };
    await make('body', 100, {
      title: '赴界首高新区开展党建共建观摩',
      summary: '观摩座谈对接活动',
      blocks: [
        {
          type: 'paragraph',
          text: '参建人员观摩了多家企业。在华铂科技会议室举行的交流座谈上，合肥工业大学资环学院副院长崔康平发言。',
        },
      ],
    });
    await make('heading', 101, {
      title: '年会纪要',
      blocks: [{ type: 'heading', text: '蓝鼎环保分享经验' }, ...body()],
    });
    await make('caption', 102, {
      title: '现场图片',
      blocks: [{ type: 'image', src: 'https://example.com/a.jpg', caption: '泓济环境展台' }, ...body()],
    });
    await make('source', 103, { title: '转载报道', source: '中国环境报', blocks: body() });
    await make('ascii', 104, { title: '标准宣贯', blocks: body('ISO14001 体系认证与 PM2.5 监测。') });
  });

  test('a word only in a paragraph, heading, caption or source finds the report', async () => {
    expect(await search('崔康平')).toEqual([found.body]);
    expect(await search('华铂科技')).toEqual([found.body]);
    expect(await search('蓝鼎环保')).toEqual([found.heading]);
    expect(await search('泓济')).toEqual([found.caption]);
    expect(await search('中国环境报')).toEqual([found.source]);
    expect(await search('iso14001')).toEqual([found.ascii]);
    expect(await search('ＩＳＯ１４００１')).toEqual([found.ascii]);
    expect(await search('PM2')).toEqual([found.ascii]);
    // Every term must be there: 崔康平 and 华铂 are in one report, 崔康平 and 蓝鼎 in none.
    expect(await search('崔康平 华铂')).toEqual([found.body]);
    expect(await search('崔康平 蓝鼎')).toEqual([]);
    // A whole word only: "iso" is not "iso14001".
    expect(await search('iso')).toEqual([]);
  });

  test('shows the matching sentence with the searched words marked', async () => {
    const res = await tc.ok('content', 'articles.search', { q: '崔康平' }, { openid: 'reader' });
    const item = res.items[0] as SearchResult;
    expect(item.snippet.filter((p) => p.hit).map((p) => p.text)).toEqual(['崔康平']);
    expect(item.snippet.map((p) => p.text).join('')).toBe(
      '在华铂科技会议室举行的交流座谈上，合肥工业大学资环学院副院长崔康平发言。',
    );
    // Never the body: a result carries its row and the one sentence.
    expect(item).not.toHaveProperty('blocks');
    expect(item).not.toHaveProperty('terms');
    const ascii = (await tc.ok('content', 'articles.search', { q: 'iso14001' }, { openid: 'reader' })).items[0]!;
    expect(ascii.snippet.filter((p) => p.hit).map((p) => p.text)).toEqual(['ISO14001']);
  });

  test('a report edited later is found by its new text only', async () => {
    const before = await tc.ok('content', 'articles.get', { id: found.heading! }, { openid: ADMIN });
    await tc.ok(
      'content',
      'articles.save',
      {
        id: before.id,
        column: before.column,
        title: before.title,
        blocks: [{ type: 'paragraph', text: '东晟环保介绍了做法。' }],
      },
      { openid: ADMIN },
    );
    expect(await search('蓝鼎环保')).toEqual([]);
    expect(await search('东晟环保')).toEqual([found.heading]);
  });
});

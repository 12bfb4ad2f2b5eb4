// The importer: the seed page and HTML pages parsed faithfully, validated
// like articles.save, idempotent, broken pages reported while the rest of
// the batch imports; and the demo seed.
import { execFile } from 'child_process';
import fs from 'fs';
import path from 'path';
import { COLUMNS, PLACEHOLDER_IMAGE, type ImageBlock } from '../../miniprogram/contract/index';
import { parseChinaDate, parseMeta } from '../../tools/import/common';
import { parseHtmlPage } from '../../tools/import/html';
import { decodePage, importFiles, parsePage } from '../../tools/import/run';
import { parseTextPage } from '../../tools/import/text';
import { seedLocalCloud } from '../../tools/seed/index';
import { DEMO_ARTICLES } from '../../tools/seed/articles';
import { startTestCloud, type TestCloud } from '../helpers/cloud';
import { makeTempDir } from '../helpers/temp';

const ROOT = path.join(__dirname, '..', '..');
const SEED_FILE = path.join(ROOT, 'tools', 'seed', 'pages', '000_0346b879158eed4e.txt');
const FIXTURES = path.join(ROOT, 'tools', 'import', 'fixtures');
const SEED_TEXT = fs.readFileSync(SEED_FILE, 'utf8');
const SEED_CAPTIONS = [
  '界首市委组织部副部长刘治邦',
  '界首市高新区管委会副主任曹伟',
  '合肥工业大学资环学院副院长崔康平',
  '安徽科技学院资环学院副院长李飞跃',
];

function tmpDir(): string {
  return makeTempDir('import-test-');
}

describe('parsing the seed page', () => {
  const result = parseTextPage(SEED_TEXT);
  if (!result.ok) throw new Error(result.problems.join('; '));
  const page = result.page;

  test('column, exact title, date in Asia/Shanghai', () => {
    expect(page.column).toBe('党建活动');
    expect(page.title).toBe('我会率团赴界首开展党建共建');
    expect(page.publishedAt).toBe(new Date('2023-02-27T11:12:00+08:00').getTime());
    expect(page.views).toBeUndefined();
    expect(page.source).toBe('');
  });

  test('every paragraph, verbatim and in order', () => {
    // The file's indented lines are its paragraphs.
    const expected = SEED_TEXT.split('\n')
      .filter((l) => /^\s{2,}\S/.test(l))
      .map((l) => l.trim());
    expect(expected).toHaveLength(6);
    const paragraphs = page.blocks
      .filter((b) => b.type === 'paragraph')
      .map((b) => (b.type === 'paragraph' ? b.text : ''));
    expect(paragraphs).toEqual(expected);
  });

  test('four image blocks carrying the four captions, after the first paragraph', () => {
    const images = page.blocks.filter((b): b is ImageBlock => b.type === 'image');
    expect(images.map((b) => b.caption)).toEqual(SEED_CAPTIONS);
    expect(images.every((b) => b.src === PLACEHOLDER_IMAGE)).toBe(true);
    expect(page.blocks.map((b) => b.type)).toEqual([
      'paragraph',
      'image',
      'image',
      'image',
      'image',
      'paragraph',
      'paragraph',
      'paragraph',
      'paragraph',
      'paragraph',
    ]);
  });
});

describe('tolerance of real variation', () => {
  test.each([
    ['2023-02-27 11:12', '2023-02-27T11:12:00+08:00'],
    ['2018/1/15 8:43:42', '2018-01-15T08:43:42+08:00'],
    ['2017-07-11', '2017-07-11T00:00:00+08:00'],
    ['2017年7月11日 09:05', '2017-07-11T09:05:00+08:00'],
    ['2017.07.11', '2017-07-11T00:00:00+08:00'],
    ['2019-12-31 23:59', '2019-12-31T23:59:00+08:00'],
  ])('date %s', (text, iso) => {
    expect(parseChinaDate(text)).toBe(new Date(iso).getTime());
  });

  test.each(['2023-02-31', '2023-13-01', '2023-02-27 25:00', '二〇二三年', ''])('not a date: %s', (text) => {
    expect(parseChinaDate(text)).toBeNull();
  });

  test('meta fields in any order, full-width colons, view counts carried', () => {
    expect(parseMeta('发布时间:2023-02-27 11:12来源:点击率:')).toMatchObject({
      publishedAt: new Date('2023-02-27T11:12:00+08:00').getTime(),
      source: '',
      views: undefined,
    });
    expect(parseMeta('阅读量：1,234　来源：安徽省环保产业协会　发布时间：2018/1/15 8:43:42')).toMatchObject({
      publishedAt: new Date('2018-01-15T08:43:42+08:00').getTime(),
      source: '安徽省环保产业协会',
      views: 1234,
    });
    expect(parseMeta('作者：张三 | 点击率：56次 | 日期：2017-07-11')).toMatchObject({ author: '张三', views: 56 });
  });

  test('a text page with full-width indentation, breadcrumb only, fields reordered', () => {
    const text = [
      '\ufeff当前位置：首页 >> 协会动态 > 正文',
      '',
      '协会召开理事会',
      '来源：协会秘书处　阅读量：88　发布时间：2017-07-11',
      '',
      '\u3000\u3000本次理事会审议通过了年度工作报告。',
      '',
      '理事会现场',
      '',
      '\u3000\u3000会议还研究了下半年重点工作，',
      '并对会员发展工作作出部署。',
      '',
      '一、会员发展',
      '',
      '\u3000\u3000新吸纳会员单位十二家。',
      '',
      '上一篇：关于……的通知',
      '下一篇：……',
    ].join('\r\n');
    const r = parseTextPage(text);
    if (!r.ok) throw new Error(r.problems.join('; '));
    expect(r.page).toMatchObject({
      column: '协会动态',
      title: '协会召开理事会',
      source: '协会秘书处',
      views: 88,
      publishedAt: new Date('2017-07-11T00:00:00+08:00').getTime(),
    });
    expect(r.page.blocks).toEqual([
      { type: 'paragraph', text: '本次理事会审议通过了年度工作报告。' },
      { type: 'image', src: PLACEHOLDER_IMAGE, caption: '理事会现场', width: 750, height: 500 },
      { type: 'paragraph', text: '会议还研究了下半年重点工作，' },
      { type: 'paragraph', text: '并对会员发展工作作出部署。' },
      { type: 'heading', text: '一、会员发展' },
      { type: 'paragraph', text: '新吸纳会员单位十二家。' },
    ]);
  });

  test('an HTML page: breadcrumb column, title, meta line, paragraphs, photos with captions', () => {
    const html = fs.readFileSync(path.join(FIXTURES, 'association-page.html'), 'utf8');
    const r = parseHtmlPage(html);
    if (!r.ok) throw new Error(r.problems.join('; '));
    expect(r.page).toMatchObject({
      column: '协会动态',
      title: '协会召开2018年度会长办公会议',
      source: '协会秘书处',
      views: 1234,
      publishedAt: new Date('2018-01-15T08:43:42+08:00').getTime(),
    });
    expect(r.page.blocks).toEqual([
      {
        type: 'paragraph',
        text: '1月12日，协会在合肥召开2018年度会长办公会议，总结2017年工作，研究部署2018年重点任务。',
      },
      // Relative to the canonical address, and on https.
      {
        type: 'image',
        src: 'https://www.example.org/uploads/2018/01/meeting.jpg',
        caption: '会议现场',
        width: 600,
        height: 400,
      },
      { type: 'paragraph', text: '会议听取了秘书处关于2017年工作情况的汇报，审议了2018年工作要点。' },
      { type: 'heading', text: '一、2017年工作回顾' },
      { type: 'paragraph', text: '一年来，协会围绕服务会员、服务行业、服务政府，扎实开展各项工作。' },
      { type: 'image', src: 'https://www.example.org/uploads/2018/01/group.png', caption: '与会人员合影' },
      { type: 'paragraph', text: '会议强调，要进一步加强行业自律，提升服务能力。' },
      { type: 'paragraph', text: '会议由协会会长主持。' },
      { type: 'image', src: 'https://www.example.org/uploads/2018/01/award.jpg', caption: '颁发荣誉证书' },
    ]);
  });

  test('a GB18030 CMS page with <meta> tags; an unusable image URL becomes the placeholder', () => {
    const file = path.join(FIXTURES, 'cms-page.gbk.html');
    const r = parsePage(decodePage(fs.readFileSync(file)), file);
    if (!r.ok) throw new Error(r.problems.join('; '));
    expect(r.page).toMatchObject({
      column: '通知公告',
      title: '关于征集环保产业优秀技术案例的通知',
      source: '省环保产业协会',
      publishedAt: new Date('2017-07-11T00:00:00+08:00').getTime(),
    });
    expect(r.page.blocks).toContainEqual({ type: 'heading', text: '（一）征集范围' });
    expect(r.page.blocks).toContainEqual({
      type: 'image',
      src: PLACEHOLDER_IMAGE,
      caption: '示例案例图片',
      width: 750,
      height: 500,
    });
    expect(r.page.warnings.join()).toMatch(/占位图/);
    // With the site's address the same image resolves.
    const withBase = parsePage(decodePage(fs.readFileSync(file)), file, {
      baseUrl: 'https://www.example.org/tzgg/2017/',
    });
    expect(withBase.ok && withBase.page.blocks).toContainEqual({
      type: 'image',
      src: 'https://www.example.org/tzgg/images/case.jpg',
      caption: '示例案例图片',
    });
  });

  test('a notice whose body has 时间/地点 lines: the page date comes from the meta line, the body keeps them', () => {
    const html = `<html><body>
      <div class="crumb">首页 &gt; 通知公告</div>
      <h2 class="news_title">关于召开年度会员大会的通知</h2>
      <div class="meta"><span>发布时间：2023-02-20 10:00</span> <span>来源：协会秘书处</span></div>
      <div class="content">
        <p>各会员单位：</p>
        <p>时间：2023年3月1日 9:00</p>
        <p>地点：合肥市</p>
        <p>请各单位按时参加。</p>
      </div></body></html>`;
    const r = parseHtmlPage(html);
    if (!r.ok) throw new Error(r.problems.join('; '));
    expect(r.page.column).toBe('通知公告');
    expect(r.page.title).toBe('关于召开年度会员大会的通知');
    expect(r.page.publishedAt).toBe(new Date('2023-02-20T10:00:00+08:00').getTime());
    expect(r.page.source).toBe('协会秘书处');
    expect(r.page.blocks).toEqual([
      { type: 'paragraph', text: '各会员单位：' },
      { type: 'paragraph', text: '时间：2023年3月1日 9:00' },
      { type: 'paragraph', text: '地点：合肥市' },
      { type: 'paragraph', text: '请各单位按时参加。' },
    ]);
  });

  test('broken pages name what is missing', () => {
    const noDate = parseTextPage('党建活动\n\n标题在此\n\n  正文段落。\n');
    expect(noDate).toEqual({ ok: false, problems: [expect.stringContaining('缺少发布时间')] });
    const noColumn = parseTextPage('某个标题\n发布时间：2023-02-27 11:12\n\n  正文段落。\n');
    expect(noColumn).toEqual({ ok: false, problems: [expect.stringContaining('缺少栏目')] });
    const nothing = parseTextPage('');
    expect(nothing.ok).toBe(false);
    expect(!nothing.ok && nothing.problems.map((p) => p.slice(0, 4))).toEqual([
      '缺少栏目',
      '缺少标题',
      '缺少发布',
      '缺少正文',
    ]);
    const badDate = parseTextPage('党建活动\n标题\n发布时间：2023-02-31\n\n  正文。\n');
    expect(badDate).toEqual({ ok: false, problems: [expect.stringContaining('发布时间无法识别')] });
    const html = parseHtmlPage('<html><body><h1>只有标题</h1></body></html>');
    expect(!html.ok && html.problems.length).toBe(3);
  });
});

describe('importing into the local cloud', () => {
  let tc: TestCloud;
  beforeAll(async () => {
    tc = await startTestCloud({ functions: ['content'], functionEnv: { ADMIN_OPENIDS: 'editor' } });
  });
  afterAll(() => tc.close());

  test('the seed page becomes one published article; re-import updates it, counters kept', async () => {
    const [first] = await importFiles([SEED_FILE]);
    expect(first).toMatchObject({ ok: true, created: true, title: '我会率团赴界首开展党建共建' });
    const id = first!.ok ? first!.id : '';
    const opened = await tc.ok('content', 'articles.open', { id }, { openid: 'm1' });
    expect(opened).toMatchObject({
      column: '党建活动',
      title: '我会率团赴界首开展党建共建',
      publishedAt: new Date('2023-02-27T11:12:00+08:00').getTime(),
      status: 'published',
      source: '安徽省环保产业协会',
      cover: PLACEHOLDER_IMAGE,
      views: 1,
    });
    expect(opened.blocks.filter((b) => b.type === 'image').map((b) => (b as ImageBlock).caption)).toEqual(
      SEED_CAPTIONS,
    );
    expect(opened.summary.startsWith('为深入贯彻落实党的“二十大”精神')).toBe(true);

    // An editor pins it, links an event and edits a paragraph in the console.
    await tc.ok(
      'content',
      'articles.save',
      {
        id,
        column: opened.column,
        title: opened.title,
        source: opened.source,
        pinned: true,
        eventId: 'event-jieshou',
        blocks: [{ type: 'paragraph', text: '编辑改过的正文。' }],
      },
      { openid: 'editor' },
    );

    const [again] = await importFiles([SEED_FILE]);
    expect(again).toMatchObject({ ok: true, created: false, id });
    const docs = tc.dump('articles').filter((d) => d.title === '我会率团赴界首开展党建共建');
    expect(docs).toHaveLength(1);
    // The page owns the content; status, pinned, linked event and counters stay.
    expect(docs[0]).toMatchObject({
      views: 1,
      readers: 1,
      status: 'published',
      pinned: true,
      eventId: 'event-jieshou',
      importKey: expect.any(String),
    });
    expect((docs[0]!.blocks as unknown[]).length).toBe(10);
    const list = await tc.ok('content', 'articles.list', { column: '党建活动' }, {});
    expect(list.items.map((i) => i.id)).toEqual([id]);
  });

  test('a batch with broken pages: each reported by file and reason, the rest imported', async () => {
    const dir = tmpDir();
    fs.copyFileSync(SEED_FILE, path.join(dir, 'a-seed.txt'));
    fs.copyFileSync(path.join(FIXTURES, 'association-page.html'), path.join(dir, 'b-page.html'));
    fs.writeFileSync(path.join(dir, 'c-broken.txt'), '协会动态\n\n没有日期的标题\n\n  正文段落。\n');
    fs.writeFileSync(
      path.join(dir, 'd-too-long.txt'),
      `协会动态\n${'长'.repeat(120)}\n发布时间：2023-01-01\n\n  正文。\n`,
    );
    fs.writeFileSync(path.join(dir, 'notes.md'), 'not a page');
    const before = tc.dump('articles').length;
    const out = await importFiles([dir, path.join(dir, 'missing.txt')]);
    const byName = new Map(out.map((o) => [path.basename(o.file), o]));
    expect(byName.get('missing.txt')).toMatchObject({ ok: false, problems: ['文件或目录不存在'] });
    expect(byName.get('a-seed.txt')).toMatchObject({ ok: true, created: false });
    expect(byName.get('b-page.html')).toMatchObject({ ok: true, created: true });
    expect(byName.get('c-broken.txt')).toMatchObject({
      ok: false,
      problems: [expect.stringContaining('缺少发布时间')],
    });
    expect(byName.get('d-too-long.txt')).toMatchObject({ ok: false, problems: ['标题：标题不能超过100个字'] });
    expect(byName.has('notes.md')).toBe(false);
    expect(tc.dump('articles').length).toBe(before + 1);
  });

  test('npm run import: the CLI names the broken file and exits non-zero; the rest lands in the data dir', async () => {
    const dir = tmpDir();
    const data = tmpDir();
    fs.copyFileSync(SEED_FILE, path.join(dir, 'seed.txt'));
    fs.writeFileSync(path.join(dir, 'broken.txt'), '\n\n');
    const run = () =>
      new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
        execFile(
          process.execPath,
          [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(ROOT, 'tools', 'import.ts'), dir],
          { cwd: ROOT, env: { ...process.env, LOCAL_CLOUD_DATA: data, LOCAL_CLOUD_PORT: '9' } },
          (err, stdout, stderr) => resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
        );
      });
    const res = await run();
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/broken\.txt：缺少栏目.*缺少标题.*缺少发布时间.*缺少正文段落/);
    expect(res.stdout).toMatch(/seed\.txt：已导入《我会率团赴界首开展党建共建》/);
    expect(res.stdout).toMatch(/成功 1，失败 1/);
    const log = fs.readFileSync(path.join(data, 'db', 'db.log'), 'utf8');
    expect(log).toContain('我会率团赴界首开展党建共建');
    const second = await run();
    expect(second.stdout).toMatch(/seed\.txt：已更新/);
  }, 60_000);
});

describe('demo seed', () => {
  let tc: TestCloud;
  beforeAll(async () => {
    tc = await startTestCloud({ functions: ['content'] });
  });
  afterAll(() => tc.close());

  test('the seed page plus demo reports in every column, marked demo; seeding twice duplicates nothing', async () => {
    const report = await seedLocalCloud();
    expect(report.pages).toEqual([expect.objectContaining({ ok: true })]);
    const docs = tc.dump('articles');
    expect(docs).toHaveLength(1 + DEMO_ARTICLES.length);
    const demo = docs.filter((d) => d.demo === true);
    expect(demo).toHaveLength(DEMO_ARTICLES.length);
    expect(new Set(docs.map((d) => d.column))).toEqual(new Set(COLUMNS));
    for (const column of COLUMNS) expect(demo.some((d) => d.column === column)).toBe(true);
    const seed = docs.find((d) => d.title === '我会率团赴界首开展党建共建');
    expect(seed && seed.demo).toBeUndefined();

    // The list shows them, the pinned notice first.
    const list = await tc.ok('content', 'articles.list', { pageSize: 20 }, {});
    expect(list.items).toHaveLength(docs.length);
    expect(list.items[0]).toMatchObject({ pinned: true, column: '通知公告' });

    // Demo events come from tools/seed/events.ts when the events side ships it.
    const events = tc.dump('events');
    expect(events).toHaveLength(report.demoEvents);
    expect(events.every((e) => e.demo === true)).toBe(true);
    if (fs.existsSync(path.join(ROOT, 'tools', 'seed', 'events.ts'))) {
      const { SEED_REPORT_EVENT_ID } = (await import('../../tools/seed/events')) as { SEED_REPORT_EVENT_ID: string };
      expect(report.demoEvents).toBeGreaterThan(0);
      // The seed report and the event it tells about point at each other.
      expect(seed).toMatchObject({ eventId: SEED_REPORT_EVENT_ID });
      expect(events.find((e) => e._id === SEED_REPORT_EVENT_ID)).toMatchObject({ articleId: seed!._id });
      const opened = await tc.ok('content', 'articles.open', { id: String(seed!._id) }, { openid: 'm' });
      expect(opened.eventId).toBe(SEED_REPORT_EVENT_ID);
    } else expect(report.demoEvents).toBe(0);

    const second = await seedLocalCloud();
    expect(tc.dump('articles')).toHaveLength(docs.length);
    expect(second.demoEvents).toBe(0);
    expect(tc.dump('events')).toHaveLength(events.length);
  });
});

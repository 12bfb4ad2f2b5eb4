// Content benchmarks (figures for the issue notes, no assertions):
//  - bytes of one articles.list page of 10 (goal ≤ 4 KB);
//  - time of page 1000 over page 1 on 100k reports (goal ≤ 1.5);
//  - articles.open calls per second on the local cloud (bound here by the
//    local cloud's scan for 上一篇/下一篇, see below);
//  - with a 20 ms delay per database request, the wall time of
//    articles.list and of articles.open for a returning reader
//    (goal ≤ 1.3 × 20 ms) and for a first read (goal ≤ 2.3 × 20 ms), from a
//    list (its place given: 上一篇/下一篇 in the first round) and without;
//  - articles.search for a name in 20 report bodies on 1k and on 100k
//    reports, side by side (the ratio is the figure: the indexed terms keep
//    it flat), next to a regex over the bodies on the same data.
import { createCollections } from '../../server/collections';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { COLUMNS, type Article, type ArticleSummary, type Envelope, type Page } from '../../miniprogram/contract/index';
import { encodeCursor } from '../../server/content/cursor';
import type { ArticleDoc } from '../../server/content/model';
import { articleTerms, TERMS_VERSION } from '../../server/content/terms';
import { startLocalCloud, type LocalCloud } from '../local-cloud/index';
import { seedLocalCloud } from '../seed/index';

const DELAY_MS = 20;
const T0 = Date.UTC(2015, 0, 1);

const TITLE_WORDS = [
  '协会',
  '组织',
  '会员单位',
  '赴合肥',
  '开展',
  '环保技术',
  '交流',
  '与',
  '党建共建',
  '活动',
  '座谈会',
  '顺利召开',
];

/** A report as the association writes them: titles of 12–30 characters, a first paragraph as summary. */
export function realisticDoc(k: number): ArticleDoc {
  const at = new Date(T0 + k * 60_000);
  let title = `第${k % 100}期`;
  const want = 12 + ((k * 7) % 19);
  for (let w = k; Array.from(title).length < want; w++) title += TITLE_WORDS[w % TITLE_WORDS.length];
  title = Array.from(title).slice(0, want).join('');
  const summary =
    '为深入贯彻落实党的二十大精神，充分发挥党建引领作用，促进党建与产业深度融合双向提升，我会党支部携手高校及会员企业开展观摩座谈对接活动，' +
    '围绕组织共建、资源共享、优势互补、共谋发展等主题深入交流。';
  return {
    // Generated ids in the cloud are 32 hex characters; these sort like them.
    _id: `${k.toString(16).padStart(8, '0')}${'0'.repeat(24)}`,
    column: COLUMNS[k % COLUMNS.length]!,
    title,
    source: '安徽省环保产业协会',
    author: '',
    publishedAt: at,
    status: 'published',
    pinned: false,
    // A real cloud fileID is about this long.
    cover: `cloud://prod-4g8x2b1c9e3d5f7a.7072-prod-4g8x2b1c9e3d5f7a-1318000000/articles/2023/02/${k.toString(16).padStart(8, '0')}.jpg`,
    summary,
    blocks: [{ type: 'paragraph', text: summary }],
    views: 1000 + (k % 5000),
    readers: 300,
    shares: 12,
    groups: 3,
    shareViews: 40,
    createdAt: at,
    updatedAt: at,
  };
}

export function insertBulk(lc: LocalCloud, docs: ArticleDoc[]): void {
  for (let i = 0; i < docs.length; i += 1000) {
    lc.store.commit(docs.slice(i, i + 1000).map((doc) => ({ c: 'articles', id: doc._id, doc: { ...doc } })));
  }
}

export async function call<T>(
  lc: LocalCloud,
  action: string,
  payload: unknown,
  openid?: string,
): Promise<{ env: Envelope<T>; ms: number }> {
  const start = process.hrtime.bigint();
  const env = (await lc.call('content', { action, payload }, openid ? { openid } : {})) as Envelope<T>;
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (!env.ok) throw new Error(`${action} failed: ${env.code} ${env.message}`);
  return { env, ms };
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function timed(n: number, fn: (i: number) => Promise<number>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) times.push(await fn(i));
  return median(times);
}

function line(label: string, value: string): void {
  console.log(`  ${label.padEnd(58)} ${value}`);
}

function requestsOf(lc: LocalCloud): number {
  let n = 0;
  for (const v of lc.engine.stats.values()) n += v;
  return n;
}

export async function loadContent(): Promise<Record<string, (event: unknown, context: unknown) => Promise<unknown>>> {
  const mod = (await import('../../cloudfunctions/content/index')) as {
    main: (event: unknown, context: unknown) => Promise<unknown>;
  };
  return { content: mod.main };
}

const BODIES = [
  '协会组织会员单位赴合肥开展环保技术交流，围绕污水处理提标改造深入座谈。',
  '会上，与会企业介绍了固废资源化利用项目的建设进展和运营经验。',
  '活动期间，代表们观摩了园区监测站和危废处置中心，听取了情况介绍。',
  '大家表示，将以此次活动为契机，推动党建与业务深度融合、双向提升。',
  '省生态环境厅有关处室负责同志出席会议并就环评审批改革作了解读。',
  '本次培训围绕排污许可、自行监测、台账记录等内容进行了系统讲解。',
  '秘书处介绍了年度工作安排，会员单位就行业发展热点问题交流发言。',
  '与会专家围绕大气污染防治、挥发性有机物治理等方面提出建议。',
];
const NAME = '崔康平';
const NAME_REPORTS = 20;

/** A report for the search figures: a title and a one-paragraph body with its terms; NAME in NAME_REPORTS of them. */
function searchDoc(k: number, n: number, intern: Map<string, string>): ArticleDoc {
  const doc = realisticDoc(k);
  const named = k % Math.floor(n / NAME_REPORTS) === 0;
  const text = BODIES[k % BODIES.length]! + (named ? `合肥工业大学资环学院副院长${NAME}发言。` : '');
  const blocks: ArticleDoc['blocks'] = [{ type: 'paragraph', text }];
  const summary = text.slice(0, 40);
  // Equal terms share one string, as a database would store them compactly.
  const terms = articleTerms({ title: doc.title, source: doc.source, summary, blocks }).map((t) => {
    const seen = intern.get(t);
    if (seen !== undefined) return seen;
    intern.set(t, t);
    return t;
  });
  return { ...doc, summary, blocks, terms, termsVersion: TERMS_VERSION };
}

/** Median ms of articles.search for NAME, and of a regex over the bodies, on n reports. */
async function searchCost(
  functions: Record<string, (event: unknown, context: unknown) => Promise<unknown>>,
  n: number,
): Promise<{ search: number; found: number; regex: number; regexFound: number }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-content-search-'));
  const lc = startLocalCloud({ dataDir, functions, dbDelayMs: 0 });
  try {
    await createCollections(lc.db);
    const intern = new Map<string, string>();
    for (let k = 0; k < n; k += 1000) {
      insertBulk(
        lc,
        Array.from({ length: Math.min(1000, n - k) }, (_, j) => searchDoc(k + j, n, intern)),
      );
    }
    const page = await call<Page<ArticleSummary>>(lc, 'articles.search', { q: NAME });
    const found = page.env.ok ? page.env.data.items.length : 0;
    const runs = 15;
    // Warm-up: the first calls of a fresh cloud pay for compiling, not for the query.
    await timed(5, async () => (await call(lc, 'articles.search', { q: NAME })).ms);
    const search = await timed(runs, async () => (await call(lc, 'articles.search', { q: NAME })).ms);
    // What search did before: a regex over the text, which no index serves.
    const _ = lc.db.command;
    const regexQuery = () =>
      lc.db
        .collection('articles')
        .where(_.and([{ status: 'published' }, { 'blocks.text': lc.db.RegExp({ regexp: NAME, options: 'i' }) }]))
        .orderBy('publishedAt', 'desc')
        .orderBy('_id', 'desc')
        .limit(11)
        .field({ _id: true })
        .get() as Promise<{ data: unknown[] }>;
    const regexFound = (await regexQuery()).data.length;
    await regexQuery();
    const regex = await timed(5, async () => {
      const start = process.hrtime.bigint();
      await regexQuery();
      return Number(process.hrtime.bigint() - start) / 1e6;
    });
    return { search, found, regex, regexFound };
  } finally {
    await lc.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function benchSearch(
  functions: Record<string, (event: unknown, context: unknown) => Promise<unknown>>,
): Promise<void> {
  const small = await searchCost(functions, 1_000);
  const large = await searchCost(functions, 100_000);
  console.log(`  articles.search "${NAME}" (in ${NAME_REPORTS} report bodies), median ms:`);
  line('  reports', `${'1k'.padStart(9)} ${'100k'.padStart(9)} ${'100k / 1k'.padStart(10)}`);
  const row = (label: string, a: number, b: number) =>
    line(`  ${label}`, `${a.toFixed(1).padStart(9)} ${b.toFixed(1).padStart(9)} ${(b / a).toFixed(2).padStart(10)}`);
  row(`indexed terms, _.all (page of ${small.found} / ${large.found})`, small.search, large.search);
  row(`regex over bodies, no index (${small.regexFound} / ${large.regexFound} rows)`, small.regex, large.regex);
}

export async function benchContent(): Promise<void> {
  console.log('\n# content (cloud function `content` on the local cloud)');
  const functions = await loadContent();

  await benchSearch(functions);

  // --- 100k reports: page size in bytes, deep page vs first page, open throughput
  {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-content-'));
    const lc = startLocalCloud({ dataDir, functions, dbDelayMs: 0 });
    // A fresh store per cloud: the functions' once-per-instance setup ran for the previous one.
    await createCollections(lc.db);
    const N = 100_000;
    const docs = Array.from({ length: N }, (_, k) => realisticDoc(k));
    insertBulk(lc, docs);
    await seedLocalCloud(lc, { nowMs: T0 + N * 60_000 });

    const page1 = await call<Page<ArticleSummary>>(lc, 'articles.list', { pageSize: 10 });
    const bytes = Buffer.byteLength(JSON.stringify(page1.env));
    line('articles.list page 1 of 10 (8 seed/demo + 2 generated): bytes (goal ≤ 4096)', `${bytes} B`);
    const cursor1 = page1.env.ok ? page1.env.data.nextCursor : null;
    const page2 = await call<Page<ArticleSummary>>(lc, 'articles.list', { pageSize: 10, cursor: cursor1 });
    const page3 = await call<Page<ArticleSummary>>(lc, 'articles.list', {
      pageSize: 10,
      cursor: page2.env.ok ? page2.env.data.nextCursor : null,
    });
    line(
      'articles.list page of 10 generated reports (cloud fileID covers)',
      `${Buffer.byteLength(JSON.stringify(page3.env))} B`,
    );

    // The cursor after the 9,990 newest stream items: the start of page 1000.
    const pinned = page1.env.ok ? page1.env.data.items.filter((i) => i.pinned).length : 0;
    const newest = [...docs].sort((a, b) => b.publishedAt!.getTime() - a.publishedAt!.getTime());
    const demoNewer = 8; // seed + demo reports are dated after the generated ones
    const before = newest[999 * 10 - demoNewer - 1 + pinned]!;
    const deepCursor = encodeCursor('l', { t: before.publishedAt!.getTime(), i: before._id });
    const deep = await call<Page<ArticleSummary>>(lc, 'articles.list', { pageSize: 10, cursor: deepCursor });
    const ok = deep.env.ok && deep.env.data.items.length === 10;
    const runs = 15;
    const t1 = await timed(runs, async () => (await call(lc, 'articles.list', { pageSize: 10 })).ms);
    const t1000 = await timed(
      runs,
      async () => (await call(lc, 'articles.list', { pageSize: 10, cursor: deepCursor })).ms,
    );
    line('articles.list page 1 on 100k reports (median)', `${t1.toFixed(1)} ms`);
    line(`articles.list page 1000 on 100k reports (median${ok ? '' : ', SHORT PAGE'})`, `${t1000.toFixed(1)} ms`);
    line('page 1000 / page 1 (goal ≤ 1.5)', `${(t1000 / t1).toFixed(2)}`);

    const target = docs[N - 1]!._id;
    // Each open also reads 上一篇/下一篇: two index seeks in the cloud (index
    // `neighbours`), but a scan of the 25k-report column here (the local
    // cloud has equality indexes only), so few opens make the figure.
    const opens = 48;
    let next = 0;
    const start = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < opens) {
          const i = next++;
          await call<Article>(lc, 'articles.open', { id: target }, `bench-member-${i}`);
        }
      }),
    );
    const secs = Number(process.hrtime.bigint() - start) / 1e9;
    line(
      `articles.open calls/s (16 in flight, ${opens} members, 100k reports; local column scan for 上/下一篇)`,
      `${(opens / secs).toFixed(1)} /s`,
    );
    await lc.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }

  // --- round trips: 20 ms per database request, a small database so the
  // figures show request structure, not the embedded store's scan time
  {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-content-delay-'));
    const lc = startLocalCloud({ dataDir, functions, dbDelayMs: 0 });
    // A fresh store per cloud: the functions' once-per-instance setup ran for the previous one.
    await createCollections(lc.db);
    insertBulk(
      lc,
      Array.from({ length: 500 }, (_, k) => realisticDoc(k)),
    );
    await seedLocalCloud(lc);
    const first = await call<Page<ArticleSummary>>(lc, 'articles.list', { pageSize: 10 });
    const items = first.env.ok ? first.env.data.items : [];
    const cursor = first.env.ok ? first.env.data.nextCursor : null;
    const opened = items[items.length - 1]!;
    const id = opened.id;
    // What a list passes: the report's place, so 上一篇/下一篇 are read in the first round.
    const place = { column: opened.column, at: opened.publishedAt };
    await call(lc, 'articles.open', { id }, 'returning-reader');
    lc.dbDelayMs = DELAY_MS;
    const runs = 15;
    const count = async (fn: () => Promise<number>) => {
      const before = requestsOf(lc);
      const ms = await fn();
      return { ms, requests: requestsOf(lc) - before };
    };
    const stat = async (label: string, goal: number, fn: (i: number) => Promise<number>) => {
      const { requests } = await count(() => fn(-1));
      const ms = await timed(runs, fn);
      line(
        `${label} (${requests} DB requests)`,
        `${ms.toFixed(1)} ms = ${(ms / DELAY_MS).toFixed(2)} × ${DELAY_MS} ms (goal ≤ ${goal} ×)`,
      );
    };
    console.log(`  with LOCAL_CLOUD_DB_DELAY_MS=${DELAY_MS}:`);
    await stat('articles.list, first page', 1.3, async () => (await call(lc, 'articles.list', { pageSize: 10 })).ms);
    await stat(
      'articles.list, by cursor',
      1.3,
      async () => (await call(lc, 'articles.list', { pageSize: 10, cursor })).ms,
    );
    await stat(
      'articles.open, returning reader',
      1.3,
      async () => (await call(lc, 'articles.open', { id }, 'returning-reader')).ms,
    );
    await stat(
      'articles.open from a list (place given), returning reader',
      1.3,
      async () => (await call(lc, 'articles.open', { id, place }, 'returning-reader')).ms,
    );
    let firstReader = 0;
    await stat(
      'articles.open from a list (place given), first read',
      2.3,
      async () => (await call(lc, 'articles.open', { id, place }, `new-${firstReader++}`)).ms,
    );
    await stat('articles.open, no OPENID (Moments)', 1.3, async () => (await call(lc, 'articles.open', { id })).ms);
    await stat('articles.search', 1.3, async () => (await call(lc, 'articles.search', { q: '党建' })).ms);
    await lc.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (require.main === module) void benchContent();

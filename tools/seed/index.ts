// Demo data for the local cloud: the association's real report page(s) in
// tools/seed/pages, the demo reports, and the demo events from
// tools/seed/events.ts (`demoEvents`) when the events side ships it; the
// event a seed report tells about is linked both ways. Idempotent: every
// record has a deterministic _id, so seeding twice changes nothing members
// did (counters, sign-ups are kept).
import fs from 'fs';
import path from 'path';
import { createCollections } from '../../server/collections';
import { ARTICLES } from '../../server/content/model';
import { importArticle, importFiles, type ImportOutcome } from '../import/run';
import { DEMO_ARTICLES, demoArticleInput } from './articles';
import { insertDoc, isDuplicateKey, updateDoc } from '../../server/data';

export const SEED_PAGES_DIR = path.join(__dirname, 'pages');
export const EVENTS = 'events';

export interface SeedReport {
  pages: ImportOutcome[];
  demoArticles: number;
  /** Events inserted by this run (0 when already seeded or no events.ts). */
  demoEvents: number;
}

interface DemoEventsModule {
  events: Array<Record<string, unknown>>;
  /** The event a seed report tells about: linked both ways (article.eventId, event.articleId). */
  link: { eventId: string; title: string } | null;
}

/**
 * Loads tools/seed/events.ts when it exists: `demoEvents` as a list or a
 * function of now; optionally SEED_REPORT_EVENT_ID + SEED_REPORT_TITLE.
 */
async function loadDemoEvents(nowMs: number): Promise<DemoEventsModule> {
  const file = ['events.ts', 'events.js'].map((f) => path.join(__dirname, f)).find((f) => fs.existsSync(f));
  if (!file) return { events: [], link: null };
  const mod = (await import(file)) as {
    demoEvents?: unknown;
    SEED_REPORT_EVENT_ID?: unknown;
    SEED_REPORT_TITLE?: unknown;
  };
  const value =
    typeof mod.demoEvents === 'function' ? await (mod.demoEvents as (now: number) => unknown)(nowMs) : mod.demoEvents;
  const events = Array.isArray(value)
    ? value.filter((e): e is Record<string, unknown> => !!e && typeof e === 'object')
    : [];
  const link =
    typeof mod.SEED_REPORT_EVENT_ID === 'string' && typeof mod.SEED_REPORT_TITLE === 'string'
      ? { eventId: mod.SEED_REPORT_EVENT_ID, title: mod.SEED_REPORT_TITLE }
      : null;
  return { events, link };
}

/** Seeds the running local cloud (server/data.ts's db() talks to it). */
export async function seedLocalCloud(
  options: { nowMs?: number; log?: (line: string) => void } = {},
): Promise<SeedReport> {
  const nowMs = options.nowMs ?? Date.now();
  const log = options.log ?? (() => undefined);
  await createCollections();

  const pages = await importFiles([SEED_PAGES_DIR], { nowMs });
  for (const o of pages) if (!o.ok) log(`种子页面导入失败 ${o.file}：${o.problems.join('；')}`);

  for (const demo of DEMO_ARTICLES) {
    await importArticle(demoArticleInput(demo, nowMs), {
      importKey: demo.key,
      views: demo.views,
      demo: true,
      nowMs,
    });
  }

  let demoEvents = 0;
  const { events, link } = await loadDemoEvents(nowMs);
  for (const [k, event] of events.entries()) {
    const doc = { ...event, _id: typeof event._id === 'string' ? event._id : `demo_event_${k + 1}`, demo: true };
    try {
      await insertDoc(EVENTS, doc);
      demoEvents++;
    } catch (err) {
      // Already seeded: keep it as members left it.
      if (!isDuplicateKey(err)) throw err;
    }
  }
  const report = link ? pages.find((o) => o.ok && o.title === link.title) : undefined;
  if (link && report && report.ok && events.some((e) => e._id === link.eventId)) {
    await updateDoc(ARTICLES, report.id, { eventId: link.eventId });
    await updateDoc(EVENTS, link.eventId, { articleId: report.id });
  }
  log(
    `示例数据：报道 ${pages.filter((o) => o.ok).length} 篇 + 示例 ${DEMO_ARTICLES.length} 篇，新增活动 ${demoEvents} 个`,
  );
  return { pages, demoArticles: DEMO_ARTICLES.length, demoEvents };
}

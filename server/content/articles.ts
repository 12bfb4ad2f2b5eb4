// Write paths of the content function (and the one read that counts):
// open with view/reader counting, save, publish, unpublish, remove, and the
// importer's idempotent upsert.
import { ARTICLE_RULES, type Article, type ArticleInput, type ArticleStatus } from '../../miniprogram/contract/content';
import type { OpenAttribution } from '../../miniprogram/contract/shares';
import { docOrNull, type Db } from '../cloud';
import { fail } from '../errors';
import { recordAttribution, resolveAttribution } from '../shares/attribution';
import { countDocs, findDocs, insertDoc, isDuplicateKeyError, updateById, updateWhere } from './db';
import {
  ARTICLE_READERS,
  ARTICLES,
  deriveCover,
  deriveSummary,
  readerId,
  toArticle,
  type ArticleDoc,
  type ArticleReaderDoc,
} from './model';

const LIVE: ArticleStatus[] = ['draft', 'published'];

/**
 * At most this many published reports are pinned: the first page of the
 * list fetches the pinned ones in one query of at most pageSizeMax, so a
 * 21st would never show anywhere.
 */
export const PINNED_MAX = ARTICLE_RULES.pageSizeMax;

/**
 * Refuses to make one more published report pinned when PINNED_MAX already
 * are. A count cannot run in a transaction, so two editors pinning at the
 * same moment may both pass; the cap is for the editors' overview, not a
 * safety property.
 */
async function assertRoomToPin(d: Db): Promise<void> {
  const pinned = await countDocs(d.collection(ARTICLES).where({ status: 'published', pinned: true }));
  if (pinned >= PINNED_MAX) fail('VALIDATION', `置顶报道最多 ${PINNED_MAX} 篇`, 'pinned');
}

async function findPublished(d: Db, id: string): Promise<ArticleDoc | undefined> {
  const rows = await findDocs<ArticleDoc>(d.collection(ARTICLES).where({ _id: id, status: 'published' }).limit(1));
  return rows[0];
}

/** A draft or published report (not removed), or NOT_FOUND. */
export async function getLive(d: Db, id: string): Promise<ArticleDoc> {
  const rows = await findDocs<ArticleDoc>(
    d
      .collection(ARTICLES)
      .where({ _id: id, status: d.command.in(LIVE) })
      .limit(1),
  );
  return rows[0] ?? fail('NOT_FOUND');
}

/**
 * articles.open: the report and its view counted, in one call.
 *
 * First round trip: the read, the view count, whether this member has a
 * reader record, and the attribution reads. The count is guarded by
 * `status: 'published'`, so a draft, removed or unknown id updates nothing
 * and is answered NOT_FOUND with nothing written (no reader record is made
 * for it and taken back). A returning reader costs that one round trip.
 * A member's first read then inserts the reader record and, if that insert
 * won (not a duplicate from a concurrent open), adds readers +1 together
 * with the attribution counts.
 */
export async function openArticle(
  d: Db,
  id: string,
  openid: string | undefined,
  attribution?: OpenAttribution,
): Promise<Article> {
  const _ = d.command;
  const articles = d.collection(ARTICLES);
  const readers = d.collection(ARTICLE_READERS);
  const rid = openid ? readerId(id, openid) : null;

  // The read is sent first so that it sees the count before this view;
  // the answer adds this view itself.
  const [read, counted, known, shared] = await Promise.all([
    findPublished(d, id),
    updateWhere(articles.where({ _id: id, status: 'published' }), { views: _.inc(1) }),
    // A failed lookup only means we try the insert (a duplicate then counts nothing).
    rid ? docOrNull<ArticleReaderDoc>(readers.doc(rid)).catch(() => null) : Promise.resolve(null),
    resolveAttribution(d, { type: 'article', id }, openid, attribution),
  ]);
  if (counted === 0) fail('NOT_FOUND');

  // Published between the read and the count: read it again.
  const doc = read ?? (await findPublished(d, id));
  if (!doc) fail('NOT_FOUND');

  let firstRead = false;
  if (openid && rid && !known) {
    try {
      await insertDoc(readers, { _id: rid, articleId: id, openid, createdAt: new Date() } satisfies ArticleReaderDoc);
      firstRead = true;
    } catch (err) {
      // A duplicate is a concurrent first open that already counted; anything
      // else is not fatal: without the record the next open is a first read again.
      if (!isDuplicateKeyError(err)) console.warn('article reader record failed', err);
    }
  }

  await recordAttribution(d, { type: 'article', id }, shared, firstRead ? { readers: 1 } : {});
  return toArticle({
    ...doc,
    views: (doc.views || 0) + 1,
    readers: (doc.readers || 0) + (firstRead ? 1 : 0),
  });
}

/** The editable fields of an input, as stored. */
function contentFields(input: ArticleInput) {
  return {
    column: input.column,
    title: input.title,
    source: input.source ?? '',
    author: input.author ?? '',
    pinned: input.pinned ?? false,
    cover: input.cover || deriveCover(input.blocks),
    summary: input.summary || deriveSummary(input.blocks),
    blocks: input.blocks,
  };
}

function newDoc(input: ArticleInput, now: Date, status: ArticleStatus): Omit<ArticleDoc, '_id'> {
  return {
    ...contentFields(input),
    publishedAt: input.publishedAt !== undefined ? new Date(input.publishedAt) : status === 'published' ? now : null,
    status,
    views: 0,
    readers: 0,
    shares: 0,
    groups: 0,
    shareViews: 0,
    ...(input.eventId ? { eventId: input.eventId } : {}),
    createdAt: now,
    updatedAt: now,
  };
}

/** articles.save: create a draft, or replace the content of a live report (counters and status kept). */
export async function saveArticle(d: Db, input: ArticleInput, nowMs: number): Promise<Article> {
  const now = new Date(nowMs);
  const articles = d.collection(ARTICLES);
  if (!input.id) {
    const doc = newDoc(input, now, 'draft');
    const id = await insertDoc(articles, doc);
    return toArticle({ ...doc, _id: id });
  }
  const _ = d.command;
  if (input.pinned) {
    // Pinning a published report: one more on the first page.
    const current = await getLive(d, input.id);
    if (current.status === 'published' && !current.pinned) await assertRoomToPin(d);
  }
  const data = {
    ...contentFields(input),
    ...(input.publishedAt !== undefined ? { publishedAt: new Date(input.publishedAt) } : {}),
    eventId: input.eventId ? input.eventId : _.remove(),
    updatedAt: now,
  };
  await updateWhere(articles.where({ _id: input.id, status: _.in(LIVE) }), data);
  return toArticle(await getLive(d, input.id));
}

/** articles.publish / articles.unpublish. Publishing without a date dates it now. */
export async function setStatus(d: Db, id: string, status: ArticleStatus, nowMs: number): Promise<Article> {
  const _ = d.command;
  const doc = await getLive(d, id);
  if (status === 'published' && doc.status !== 'published' && doc.pinned) await assertRoomToPin(d);
  const now = new Date(nowMs);
  const data =
    status === 'published'
      ? { status, publishedAt: doc.publishedAt ?? now, updatedAt: now }
      : { status, updatedAt: now };
  // Guarded so a concurrent remove wins.
  const n = await updateWhere(d.collection(ARTICLES).where({ _id: id, status: _.in(LIVE) }), data);
  if (n === 0) await getLive(d, id);
  return toArticle({ ...doc, ...data });
}

/** articles.remove: soft (the record and its counters stay for the books); gone for everyone after. */
export async function removeArticle(d: Db, id: string, nowMs: number): Promise<{ id: string }> {
  const _ = d.command;
  const now = new Date(nowMs);
  const n = await updateWhere(d.collection(ARTICLES).where({ _id: id, status: _.in(LIVE) }), {
    status: 'removed',
    pinned: false,
    removedAt: now,
    updatedAt: now,
  });
  if (n === 0) fail('NOT_FOUND');
  return { id };
}

export function importedId(importKey: string): string {
  return `imp_${importKey}`;
}

/**
 * The importer's write: one article per importKey (a deterministic _id, so
 * "one per page" is a database fact). A new page is inserted published; a
 * re-import replaces the content and keeps status, pinned, the linked
 * event and the counters, raising views to the carried-over count if that
 * is higher.
 */
export async function upsertImported(
  d: Db,
  input: ArticleInput,
  opts: { importKey: string; views?: number | undefined; demo?: boolean | undefined; nowMs: number },
): Promise<{ id: string; created: boolean }> {
  const now = new Date(opts.nowMs);
  const id = importedId(opts.importKey);
  const articles = d.collection(ARTICLES);
  const doc: ArticleDoc = {
    ...newDoc(input, now, 'published'),
    _id: id,
    views: opts.views ?? 0,
    importKey: opts.importKey,
    ...(opts.demo ? { demo: true } : {}),
  };
  try {
    await insertDoc(articles, doc);
    return { id, created: true };
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
  }
  const _ = d.command;
  // The page owns the content; what an editor set in the console
  // (status, pinned, linked event) and the counters stay.
  const { pinned: _pinned, ...content } = contentFields(input);
  await updateById(articles, id, {
    ...content,
    publishedAt: doc.publishedAt,
    ...(input.pinned !== undefined ? { pinned: input.pinned } : {}),
    ...(input.eventId ? { eventId: input.eventId } : {}),
    ...(opts.views ? { views: _.max(opts.views) } : {}),
    ...(opts.demo ? { demo: true } : {}),
    updatedAt: now,
  });
  return { id, created: false };
}

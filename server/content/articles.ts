// Write paths of the content function (and the one read that counts):
// open with view/reader counting, save, publish, unpublish, remove, and the
// importer's idempotent upsert.
import {
  ARTICLE_RULES,
  deriveSummary,
  type Article,
  type ArticleInput,
  type ArticleLink,
  type ArticlePlace,
  type ArticleStatus,
  type Column,
  type OpenedArticle,
} from '../../miniprogram/contract/content';
import type { OpenAttribution } from '../../miniprogram/contract/shares';
import { fail } from '../errors';
import { recordAttribution, resolveAttribution } from '../shares/attribution';
import {
  ARTICLE_READERS,
  ARTICLES,
  deriveCover,
  deriveCoverThumb,
  readerId,
  toArticle,
  toMs,
  type ArticleDoc,
  type ArticleReaderDoc,
} from './model';
import { articleTerms, TERMS_VERSION } from './terms';
import { cmd, countDocs, db, findDocs, getDoc, insertDoc, isDuplicateKey, updateDoc, updateWhere } from '../data';

/** The body is read; the search terms never leave the database. */
const WITHOUT_TERMS = { terms: false, termsVersion: false } as const;

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
async function assertRoomToPin(): Promise<void> {
  const pinned = await countDocs(db().collection(ARTICLES).where({ status: 'published', pinned: true }));
  if (pinned >= PINNED_MAX) fail('VALIDATION', `置顶报道最多 ${PINNED_MAX} 篇`, 'pinned');
}

async function findPublished(id: string): Promise<ArticleDoc | undefined> {
  const rows = await findDocs<ArticleDoc>(
    db().collection(ARTICLES).where({ _id: id, status: 'published' }).limit(1).field(WITHOUT_TERMS),
  );
  return rows[0];
}

/** A draft or published report (not removed), or NOT_FOUND. */
export async function getLive(id: string): Promise<ArticleDoc> {
  const rows = await findDocs<ArticleDoc>(
    db()
      .collection(ARTICLES)
      .where({ _id: id, status: cmd().in(LIVE) })
      .limit(1)
      .field(WITHOUT_TERMS),
  );
  return rows[0] ?? fail('NOT_FOUND');
}

/**
 * The published reports next to one in its column by (publishedAt, _id):
 * the next newer (上一篇, first above it in the list) and the next older
 * (下一篇). Two single-row reads in parallel, served by the `neighbours` index.
 */
export async function neighboursOf(doc: {
  _id: string;
  column: Column;
  publishedAt: Date | null;
}): Promise<{ prev: ArticleLink | null; next: ArticleLink | null }> {
  if (!doc.publishedAt) return { prev: null, next: null };
  const _ = cmd();
  const at = doc.publishedAt;
  const one = async (newer: boolean): Promise<ArticleLink | null> => {
    const beyond = newer ? _.gt : _.lt;
    const order = newer ? 'asc' : 'desc';
    const rows = await findDocs<{ _id: string; title: string; publishedAt: Date }>(
      db()
        .collection(ARTICLES)
        .where(
          _.and([
            { status: 'published', column: doc.column },
            _.or([{ publishedAt: beyond(at) }, { publishedAt: _.eq(at), _id: beyond(doc._id) }]),
          ]),
        )
        .orderBy('publishedAt', order)
        .orderBy('_id', order)
        .limit(1)
        .field({ _id: true, title: true, publishedAt: true }),
    );
    const row = rows[0];
    return row ? { id: String(row._id), title: row.title, at: toMs(row.publishedAt) } : null;
  };
  const [prev, next] = await Promise.all([one(true), one(false)]);
  return { prev, next };
}

/** Inserts a member's reader record; true when this call made it (a first read). */
async function addReader(rid: string, articleId: string, openid: string): Promise<boolean> {
  try {
    await insertDoc(ARTICLE_READERS, { _id: rid, articleId, openid, createdAt: new Date() } satisfies ArticleReaderDoc);
    return true;
  } catch (err) {
    // A duplicate is a concurrent first open that already counted; anything
    // else is not fatal: without the record the next open is a first read again.
    if (!isDuplicateKey(err)) console.warn('article reader record failed', err);
    return false;
  }
}

/**
 * articles.open: the report and its view counted, in one call.
 *
 * First round trip: the read, the view count, whether this member has a
 * reader record, and the attribution reads. The count is guarded by
 * `status: 'published'`, so a draft, removed or unknown id updates nothing
 * and is answered NOT_FOUND with nothing written (no reader record is made
 * for it and taken back). A returning reader costs that one round trip.
 *
 * Second round, once the report is known to be published: a member's first
 * read inserts the reader record; if that insert won (not a duplicate from
 * a concurrent open), readers +1 goes out with the attribution counts
 * (server/shares), whose token and group were read in the first round.
 *
 * 上一篇/下一篇 need the report's column and date. Opened from a list, the
 * page passes them (`place`) and the neighbours are read in the first round
 * too; without it (a shared link, a code), or when it does not match the
 * report, they are read in the second round. Either way the page makes one
 * call.
 */
export async function openArticle(
  id: string,
  openid: string | undefined,
  attribution?: OpenAttribution & { place?: ArticlePlace | undefined },
): Promise<OpenedArticle> {
  const _ = cmd();
  const articles = db().collection(ARTICLES);
  const rid = openid ? readerId(id, openid) : null;

  // The read is sent first so that it sees the count before this view;
  // the answer adds this view itself.
  const place = attribution?.place;
  const [read, counted, known, shared, guessed] = await Promise.all([
    findPublished(id),
    updateWhere(articles.where({ _id: id, status: 'published' }), { views: _.inc(1) }),
    // A failed lookup only means we try the insert (a duplicate then counts nothing).
    rid ? getDoc<ArticleReaderDoc>(ARTICLE_READERS, rid).catch(() => null) : Promise.resolve(null),
    resolveAttribution({ type: 'article', id }, openid, attribution),
    place
      ? neighboursOf({ _id: id, column: place.column, publishedAt: new Date(place.at) }).catch(() => null)
      : Promise.resolve(null),
  ]);
  if (counted === 0) fail('NOT_FOUND');

  // Published between the read and the count: read it again.
  const doc = read ?? (await findPublished(id));
  if (!doc) fail('NOT_FOUND');

  const placed = place && doc.column === place.column && toMs(doc.publishedAt) === place.at ? guessed : null;
  const [firstRead, links] = await Promise.all([
    openid && rid && !known ? addReader(rid, id, openid) : Promise.resolve(false),
    placed ??
      // Not fatal: the report reads fine without its neighbours.
      neighboursOf(doc).catch((err: unknown) => {
        console.warn('article neighbours failed', err);
        return { prev: null, next: null };
      }),
  ]);
  await recordAttribution({ type: 'article', id }, shared, firstRead ? { readers: 1 } : {});
  const article: Article = toArticle({
    ...doc,
    views: (doc.views || 0) + 1,
    readers: (doc.readers || 0) + (firstRead ? 1 : 0),
  });
  return { ...article, ...links };
}

/** The editable fields of an input, as stored, with what is derived from them (cover thumbnail, search terms). */
function contentFields(input: ArticleInput) {
  const source = input.source ?? '';
  const cover = input.cover || deriveCover(input.blocks);
  const summary = input.summary || deriveSummary(input.blocks);
  return {
    column: input.column,
    title: input.title,
    source,
    author: input.author ?? '',
    pinned: input.pinned ?? false,
    cover,
    coverThumb: deriveCoverThumb(cover, input.blocks),
    summary,
    blocks: input.blocks,
    terms: articleTerms({ title: input.title, source, summary, blocks: input.blocks }),
    termsVersion: TERMS_VERSION,
  };
}

/** Reports per articles.reindex call: each is read whole, so a batch stays well inside one call's time. */
export const REINDEX_BATCH = 20;

/**
 * articles.reindex: derives the terms of up to REINDEX_BATCH reports whose
 * terms are missing or older than TERMS_VERSION (any status). Each write is
 * guarded by the `updatedAt` it read, so a report saved meanwhile (which
 * derived its own terms) is left alone; running it again only finds what
 * is left, so it is safe to repeat until `remaining` is false.
 */
export async function reindexBatch(): Promise<{ updated: number; remaining: boolean }> {
  const _ = cmd();
  const articles = db().collection(ARTICLES);
  const rows = await findDocs<ArticleDoc>(
    articles
      .where(_.or([{ termsVersion: _.exists(false) }, { termsVersion: _.lt(TERMS_VERSION) }]))
      .limit(REINDEX_BATCH)
      .field(WITHOUT_TERMS),
  );
  const counts = await Promise.all(
    rows.map((row) => {
      const blocks = Array.isArray(row.blocks) ? row.blocks : [];
      return updateWhere(articles.where({ _id: row._id, updatedAt: _.eq(row.updatedAt) }), {
        terms: articleTerms({ title: row.title || '', source: row.source, summary: row.summary, blocks }),
        termsVersion: TERMS_VERSION,
        coverThumb: deriveCoverThumb(row.cover || '', blocks),
      });
    }),
  );
  return { updated: counts.reduce((a, b) => a + b, 0), remaining: rows.length === REINDEX_BATCH };
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
export async function saveArticle(input: ArticleInput, nowMs: number): Promise<Article> {
  const now = new Date(nowMs);
  const articles = db().collection(ARTICLES);
  if (!input.id) {
    const doc = newDoc(input, now, 'draft');
    const id = await insertDoc(ARTICLES, doc);
    return toArticle({ ...doc, _id: id });
  }
  const _ = cmd();
  if (input.pinned) {
    // Pinning a published report: one more on the first page.
    const current = await getLive(input.id);
    if (current.status === 'published' && !current.pinned) await assertRoomToPin();
  }
  const data = {
    ...contentFields(input),
    ...(input.publishedAt !== undefined ? { publishedAt: new Date(input.publishedAt) } : {}),
    eventId: input.eventId ? input.eventId : _.remove(),
    updatedAt: now,
  };
  await updateWhere(articles.where({ _id: input.id, status: _.in(LIVE) }), data);
  return toArticle(await getLive(input.id));
}

/** articles.publish / articles.unpublish. Publishing without a date dates it now. */
export async function setStatus(id: string, status: ArticleStatus, nowMs: number): Promise<Article> {
  const _ = cmd();
  const doc = await getLive(id);
  if (status === 'published' && doc.status !== 'published' && doc.pinned) await assertRoomToPin();
  const now = new Date(nowMs);
  const data =
    status === 'published'
      ? { status, publishedAt: doc.publishedAt ?? now, updatedAt: now }
      : { status, updatedAt: now };
  // Guarded so a concurrent remove wins.
  const n = await updateWhere(
    db()
      .collection(ARTICLES)
      .where({ _id: id, status: _.in(LIVE) }),
    data,
  );
  if (n === 0) await getLive(id);
  return toArticle({ ...doc, ...data });
}

/** articles.remove: soft (the record and its counters stay for the books); gone for everyone after. */
export async function removeArticle(id: string, nowMs: number): Promise<{ id: string }> {
  const _ = cmd();
  const now = new Date(nowMs);
  const n = await updateWhere(
    db()
      .collection(ARTICLES)
      .where({ _id: id, status: _.in(LIVE) }),
    {
      status: 'removed',
      pinned: false,
      removedAt: now,
      updatedAt: now,
    },
  );
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
  input: ArticleInput,
  opts: { importKey: string; views?: number | undefined; demo?: boolean | undefined; nowMs: number },
): Promise<{ id: string; created: boolean }> {
  const now = new Date(opts.nowMs);
  const id = importedId(opts.importKey);
  const doc: ArticleDoc = {
    ...newDoc(input, now, 'published'),
    _id: id,
    views: opts.views ?? 0,
    importKey: opts.importKey,
    ...(opts.demo ? { demo: true } : {}),
  };
  try {
    await insertDoc(ARTICLES, doc);
    return { id, created: true };
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
  const _ = cmd();
  // The page owns the content; what an editor set in the console
  // (status, pinned, linked event) and the counters stay.
  const { pinned: _pinned, ...content } = contentFields(input);
  await updateDoc(ARTICLES, id, {
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

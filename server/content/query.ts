// Read paths of the content function: the public list, search and the
// admin list. All page by cursor over (sort field desc, _id desc).
import {
  ARTICLE_RULES,
  type ArticleStatus,
  type ArticleSummary,
  type Column,
  type Block,
  type Page,
  type SearchResult,
} from '../../miniprogram/contract/content';
import { decodeCursor, encodeCursor, type CursorKind, type CursorPosition } from './cursor';
import { ARTICLES, SUMMARY_FIELDS, toMs, toSummary, type ArticleDoc, type SummaryDoc } from './model';
import { queryTerms, snippetOf } from './terms';
import { cmd, type Condition, db, findDocs } from '../data';

type Row = SummaryDoc & Pick<ArticleDoc, 'status'>;

type SortField = 'publishedAt' | 'createdAt';

/** `field < t OR (field == t AND _id < i)`: strictly after the last item seen, in (field desc, _id desc). */
function afterCondition(field: SortField, after: CursorPosition): Condition {
  const _ = cmd();
  const at = new Date(after.t);
  return _.or([{ [field]: _.lt(at) }, { [field]: _.eq(at), _id: _.lt(after.i) }]);
}

type Fields = Readonly<Record<string, boolean>>;

async function fetchRows<R extends Row = Row>(
  conditions: Condition[],
  field: SortField,
  limit: number,
  fields: Fields = SUMMARY_FIELDS,
): Promise<R[]> {
  const where = conditions.length === 1 ? conditions[0]! : cmd().and(conditions);
  return findDocs<R>(
    db().collection(ARTICLES).where(where).orderBy(field, 'desc').orderBy('_id', 'desc').limit(limit).field(fields),
  );
}

function positionOf(row: Row, field: SortField): CursorPosition {
  return { t: toMs(row[field]), i: String(row._id) };
}

/** One cursor page over a stream: pageSize items and the cursor after the last. */
async function streamPage<R extends Row = Row>(
  kind: CursorKind,
  base: Condition,
  field: SortField,
  after: CursorPosition | null,
  pageSize: number,
  fields?: Fields,
): Promise<{ rows: R[]; nextCursor: string | null }> {
  const conditions = after ? [base, afterCondition(field, after)] : [base];
  const rows = await fetchRows<R>(conditions, field, pageSize + 1, fields);
  const taken = rows.slice(0, pageSize);
  const last = taken[taken.length - 1];
  const nextCursor = rows.length > pageSize && last ? encodeCursor(kind, positionOf(last, field)) : null;
  return { rows: taken, nextCursor };
}

export async function listPublished(input: {
  column?: Column | undefined;
  cursor?: string | undefined;
  pageSize?: number | undefined;
}): Promise<Page<ArticleSummary>> {
  const pageSize = input.pageSize ?? ARTICLE_RULES.pageSizeDefault;
  const base: Record<string, unknown> = { status: 'published', ...(input.column ? { column: input.column } : {}) };
  // Pinned reports lead the first page and are kept out of the cursor
  // stream, so paging never shows them twice.
  const stream: Condition = { ...base, pinned: false };
  if (input.cursor) {
    const { after } = decodeCursor('l', input.cursor);
    const page = await streamPage('l', stream, 'publishedAt', after, pageSize);
    return { items: page.rows.map(toSummary), nextCursor: page.nextCursor };
  }
  // First page: pinned and the stream's head in parallel (one round trip).
  // Every pinned report shows (up to the page cap), even when they outnumber
  // pageSize: they are nowhere else in the stream.
  const [pinnedRows, head] = await Promise.all([
    fetchRows([{ ...base, pinned: true }], 'publishedAt', ARTICLE_RULES.pageSizeMax),
    fetchRows([stream], 'publishedAt', pageSize + 1),
  ]);
  const room = Math.max(pageSize - pinnedRows.length, 0);
  const taken = head.slice(0, room);
  let nextCursor: string | null = null;
  if (room === 0) {
    nextCursor = head.length > 0 ? encodeCursor('l', null) : null;
  } else if (head.length > room) {
    const last = taken[taken.length - 1]!;
    nextCursor = encodeCursor('l', positionOf(last, 'publishedAt'));
  }
  return { items: [...pinnedRows, ...taken].map(toSummary), nextCursor };
}

type SearchRow = Row & Pick<ArticleDoc, 'blocks'>;

/** A search reads the body too, for the matching sentence; only that sentence goes to the phone. */
const SEARCH_FIELDS = { ...SUMMARY_FIELDS, blocks: true } as const;

/**
 * articles.search: published reports holding every term of the query
 * (server/content/terms.ts) in their indexed `terms` array, newest first,
 * by cursor. `terms: _.all([...])` is served by the `search` index
 * (server/content/indexes.ts), so the cost follows the matches, not the
 * size of the corpus. Text without a letter, digit or CJK character finds
 * nothing, without a database call.
 * `_.all`: https://developers.weixin.qq.com/miniprogram/dev/wxcloud/reference-sdk-api/database/command/Command.all.html
 */
export async function searchPublished(input: { q: string; cursor?: string | undefined }): Promise<Page<SearchResult>> {
  const after = input.cursor ? decodeCursor('s', input.cursor).after : null;
  const terms = queryTerms(input.q);
  if (terms.length === 0) return { items: [], nextCursor: null };
  const base: Condition = { status: 'published', terms: cmd().all(terms) };
  const page = await streamPage<SearchRow>(
    's',
    base,
    'publishedAt',
    after,
    ARTICLE_RULES.pageSizeDefault,
    SEARCH_FIELDS,
  );
  return {
    items: page.rows.map((row) => ({
      ...toSummary(row),
      snippet: snippetOf({ ...row, blocks: Array.isArray(row.blocks) ? (row.blocks as Block[]) : [] }, terms),
    })),
    nextCursor: page.nextCursor,
  };
}

export async function listForAdmin(input: {
  status: ArticleStatus;
  cursor?: string | undefined;
}): Promise<Page<ArticleSummary & { status: ArticleStatus }>> {
  const after = input.cursor ? decodeCursor('a', input.cursor).after : null;
  const page = await streamPage('a', { status: input.status }, 'createdAt', after, ARTICLE_RULES.pageSizeDefault * 2);
  return {
    items: page.rows.map((row) => ({ ...toSummary(row), status: input.status })),
    nextCursor: page.nextCursor,
  };
}

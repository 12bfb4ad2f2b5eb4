// The stored shape of a report and its conversion to what the API returns.
// Dates are JS Dates in the database and epoch ms on the wire.
import {
  ARTICLE_RULES,
  truncate,
  type Article,
  type ArticleStatus,
  type ArticleSummary,
  type Block,
  type Column,
} from '../../miniprogram/contract/content';

export const ARTICLES = 'articles';
export const ARTICLE_READERS = 'article_readers';

/** `removed` exists only in the database: a removed report is gone for everyone. */
export type StoredStatus = ArticleStatus | 'removed';

export interface ArticleDoc {
  _id: string;
  column: Column;
  title: string;
  source: string;
  author: string;
  /** null for a draft that was never given a date; set when published. */
  publishedAt: Date | null;
  status: StoredStatus;
  pinned: boolean;
  cover: string;
  /** The cover's thumbnail (its image block's `thumb`), '' when none was made: lists show it. */
  coverThumb?: string;
  summary: string;
  blocks: Block[];
  /** Search terms (server/content/terms.ts), in the indexed array field; never sent to clients. */
  terms?: string[];
  /** TERMS_VERSION the terms were derived with; older or missing ones are redone by articles.reindex. */
  termsVersion?: number;
  views: number;
  readers: number;
  shares: number;
  /** Distinct group chats the report reached (sharing issue). */
  groups: number;
  /** Views that came through a share (sharing issue). */
  shareViews: number;
  eventId?: string;
  demo?: boolean;
  importKey?: string;
  createdAt: Date;
  updatedAt: Date;
  removedAt?: Date;
}

export interface ArticleReaderDoc {
  _id: string;
  articleId: string;
  openid: string;
  createdAt: Date;
}

export function readerId(articleId: string, openid: string): string {
  return `${articleId}_${openid}`;
}

/** The fields a list reads: never the body. */
export const SUMMARY_FIELDS = {
  _id: true,
  column: true,
  title: true,
  source: true,
  publishedAt: true,
  cover: true,
  coverThumb: true,
  summary: true,
  views: true,
  pinned: true,
  status: true,
  createdAt: true,
} as const;

export function toMs(value: unknown): number {
  // Realm-independent Date check (tools may hand in Dates from another context).
  if (Object.prototype.toString.call(value) === '[object Date]') return (value as Date).getTime();
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    const t = Date.parse(value);
    return Number.isNaN(t) ? 0 : t;
  }
  return 0;
}

function num(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

/** Cuts text to `max` characters (code points), marking the cut with an ellipsis. */
/** The cover a list shows: the chosen one, else the first photo. */
export function deriveCover(blocks: readonly Block[]): string {
  const first = blocks.find((b): b is Extract<Block, { type: 'image' }> => b.type === 'image');
  return first ? first.src : '';
}

/** The thumbnail of the cover: the `thumb` of the body photo that is the cover ('' when none). */
export function deriveCoverThumb(cover: string, blocks: readonly Block[]): string {
  if (!cover) return '';
  const photo = blocks.find((b): b is Extract<Block, { type: 'image' }> => b.type === 'image' && b.src === cover);
  return photo?.thumb ?? '';
}

/** What a list row reads of a report (SUMMARY_FIELDS). */
export type SummaryDoc = Pick<
  ArticleDoc,
  | '_id'
  | 'column'
  | 'title'
  | 'source'
  | 'publishedAt'
  | 'cover'
  | 'coverThumb'
  | 'summary'
  | 'views'
  | 'pinned'
  | 'createdAt'
>;

export function toSummary(doc: SummaryDoc): ArticleSummary {
  return {
    id: String(doc._id),
    title: doc.title,
    column: doc.column,
    source: doc.source || '',
    // A draft without a date sorts and shows by when it was written.
    publishedAt: toMs(doc.publishedAt ?? doc.createdAt),
    // Lists load the thumbnail: a row shows the cover at 220rpx.
    cover: doc.coverThumb || doc.cover || '',
    summary: truncate(doc.summary || '', ARTICLE_RULES.listSummaryMax),
    views: num(doc.views),
    pinned: doc.pinned === true,
  };
}

export function toArticle(doc: ArticleDoc): Article {
  return {
    ...toSummary(doc),
    cover: doc.cover || '',
    summary: doc.summary || '',
    author: doc.author || '',
    status: doc.status === 'published' ? 'published' : 'draft',
    blocks: Array.isArray(doc.blocks) ? doc.blocks : [],
    readers: num(doc.readers),
    shares: num(doc.shares),
    ...(doc.eventId ? { eventId: doc.eventId } : {}),
    updatedAt: toMs(doc.updatedAt),
  };
}

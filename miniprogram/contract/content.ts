// Contract of the `content` cloud function: reports (articles), views,
// search, publishing. Dates cross the wire as epoch milliseconds.
import { findBadChar } from './text';

/** The columns, in display order. The one place they are defined. */
export const COLUMNS = ['党建活动', '协会动态', '通知公告', '行业资讯'] as const;
export type Column = (typeof COLUMNS)[number];

export function isColumn(value: unknown): value is Column {
  return typeof value === 'string' && (COLUMNS as readonly string[]).includes(value);
}

export const ARTICLE_RULES = {
  titleMax: 100,
  sourceMax: 50,
  authorMax: 30,
  summaryMax: 200,
  paragraphMax: 5000,
  headingMax: 100,
  captionMax: 100,
  blocksMax: 200,
  pageSizeMax: 20,
  pageSizeDefault: 10,
  searchMin: 1,
  searchMax: 40,
  /** Thumbnail width in px: a list row's cover is 220rpx ≈ 110 pt wide, × 3 for a 3× screen. */
  thumbWidth: 330,
  /** A list item's summary is cut to this many characters: one line on a phone, and a page of 10 stays near 4 KB. */
  listSummaryMax: 24,
} as const;

/**
 * Photo shipped in the package, used where an imported page had a photo
 * but no usable URL (the association's plain-text pages carry captions only).
 * Renders as-is in <image>; the page shows the caption under it.
 */
export const PLACEHOLDER_IMAGE = '/images/photo-placeholder.png';
export const PLACEHOLDER_IMAGE_SIZE = { width: 750, height: 500 } as const;

/** At most `max` characters (code points), with … when cut. */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return chars.slice(0, max - 1).join('') + '…';
}

/** The summary stored with a report: its first paragraphs, whitespace collapsed. */
export function deriveSummary(blocks: readonly Block[]): string {
  const text = blocks
    .filter((b): b is Extract<Block, { type: 'paragraph' }> => b.type === 'paragraph')
    .map((b) => b.text)
    .join(' ')
    .replace(/[\s\u3000]+/g, ' ')
    .trim();
  return truncate(text, ARTICLE_RULES.summaryMax);
}

/**
 * Where an image may come from: a cloud fileID, an https URL, or an image
 * bundled in the package under /images/ (the placeholder).
 */
export function isImageSrc(src: unknown): src is string {
  if (typeof src !== 'string' || src.length > 500 || /\s/.test(src) || findBadChar(src)) return false;
  if (/^cloud:\/\/[^/]+\/.+/.test(src)) return true;
  if (/^https:\/\/[^/]+/.test(src)) return true;
  return /^\/images\/[\w-]+(\/[\w-]+)*\.(png|jpe?g|gif|webp|svg)$/.test(src);
}

export interface ParagraphBlock {
  type: 'paragraph';
  text: string;
}
export interface HeadingBlock {
  type: 'heading';
  text: string;
}
export interface ImageBlock {
  type: 'image';
  /** A cloud fileID (cloud://…) or an https URL. */
  src: string;
  caption?: string;
  width?: number;
  height?: number;
  /**
   * A small copy made on the phone when the photo was uploaded (about 3× a
   * list row's cover size, compressed): lists show it when this photo is the
   * cover; the report page always shows `src`.
   */
  thumb?: string;
}
export type Block = ParagraphBlock | HeadingBlock | ImageBlock;

export type ArticleStatus = 'draft' | 'published';

/** What a list shows: never the body. */
export interface ArticleSummary {
  id: string;
  title: string;
  column: Column;
  source: string;
  publishedAt: number;
  /** In a list: the cover's thumbnail when one was made, else the cover. In an Article: the full cover. */
  cover: string;
  summary: string;
  views: number;
  pinned: boolean;
}

/** Part of a search result's matching sentence; `hit` parts are the searched words. */
export interface SnippetPart {
  text: string;
  hit: boolean;
}

/** A search result: the row and the sentence that matched, words marked. */
export interface SearchResult extends ArticleSummary {
  snippet: SnippetPart[];
}

/** The report before or after another in its column. */
export interface ArticleLink {
  id: string;
  title: string;
  /** Its publishedAt: with the column, the place to pass when opening it. */
  at: number;
}

/**
 * Where a report sits in its column, as a list (or 上一篇/下一篇) knows it:
 * given to articles.open, the neighbours are read in its first round
 * instead of after the report. Checked against the report; ignored when wrong.
 */
export interface ArticlePlace {
  column: Column;
  at: number;
}

/**
 * What `articles.open` answers: the report, and its neighbours in its
 * column by publish time (newest first, like the list): `prev` (上一篇) the
 * next newer one, `next` (下一篇) the next older one; null at either end.
 */
export interface OpenedArticle extends Article {
  prev: ArticleLink | null;
  next: ArticleLink | null;
}

export interface Article extends ArticleSummary {
  author: string;
  status: ArticleStatus;
  blocks: Block[];
  readers: number;
  shares: number;
  eventId?: string;
  updatedAt: number;
}

/** Opaque to the client: pass back what the server gave. */
export type Cursor = string;

export interface Page<T> {
  items: T[];
  nextCursor: Cursor | null;
}

export interface ArticleInput {
  /** Absent to create, present to update. */
  id?: string;
  column: Column;
  title: string;
  source?: string;
  author?: string;
  /** Epoch ms; defaults to now when published. */
  publishedAt?: number;
  pinned?: boolean;
  cover?: string;
  summary?: string;
  blocks: Block[];
  eventId?: string;
}

export interface ContentActions {
  columns: { payload: undefined; result: { columns: Column[] } };
  'articles.list': {
    payload: { column?: Column; cursor?: Cursor; pageSize?: number };
    result: Page<ArticleSummary>;
  };
  /** Attribution fields: miniprogram/contract/shares.ts. */
  'articles.open': {
    payload: { id: string; shareToken?: string; groupCloudId?: string; place?: ArticlePlace };
    result: OpenedArticle;
  };
  /** Whole text (title, source, summary, body); punctuation-only text answers no results. */
  'articles.search': { payload: { q: string; cursor?: Cursor }; result: Page<SearchResult> };
  /** Admin: drafts and published, for the console. */
  'articles.adminList': {
    payload: { status: ArticleStatus; cursor?: Cursor };
    result: Page<ArticleSummary & { status: ArticleStatus }>;
  };
  /** Admin: read any article (draft too) without counting a view. */
  'articles.get': { payload: { id: string }; result: Article };
  'articles.save': { payload: ArticleInput; result: Article };
  'articles.publish': { payload: { id: string }; result: Article };
  'articles.unpublish': { payload: { id: string }; result: Article };
  'articles.remove': { payload: { id: string }; result: { id: string } };
  /**
   * Admin: derive the search terms of up to a batch of reports saved before
   * search covered the whole text. Safe to re-run; call until `remaining` is false.
   */
  'articles.reindex': { payload: undefined; result: { updated: number; remaining: boolean } };
}

// What a report row shows, derived once when a page arrives so the
// template stays dumb and setData carries only display fields.

import type { ArticlePlace, ArticleSummary, SearchResult, SnippetPart } from '../../contract/index';
import { formatCount, formatListDate } from '../../utils/format';

export interface ArticleItemView {
  id: string;
  title: string;
  column: string;
  cover: string;
  date: string;
  views: string;
  pinned: boolean;
  /** publishedAt, for the report page's link (its place in the column). */
  at: number;
  /** Search results only: the sentence that matched, searched words marked. */
  snippet?: SnippetPart[];
}

export function toArticleItem(a: ArticleSummary, now: number = Date.now()): ArticleItemView {
  return {
    id: a.id,
    title: a.title,
    column: a.column,
    cover: a.cover || '',
    date: formatListDate(a.publishedAt, now),
    views: formatCount(a.views),
    pinned: !!a.pinned,
    at: a.publishedAt,
  };
}

/** A search result's row: the report's row and the sentence that matched. */
export function toSearchItem(a: SearchResult, now: number = Date.now()): ArticleItemView {
  return { ...toArticleItem(a, now), snippet: a.snippet.filter((p) => p.text) };
}

/** The report page; with its place in the column (`c`, `t`) the open reads 上一篇/下一篇 at once. */
export function articleUrl(id: string, place?: ArticlePlace): string {
  const base = `/pages/article/index?id=${encodeURIComponent(id)}`;
  return place ? `${base}&c=${encodeURIComponent(place.column)}&t=${place.at}` : base;
}

// What a report row shows, derived once when a page arrives so the
// template stays dumb and setData carries only display fields.

import type { ArticleSummary, SearchResult, SnippetPart } from '../../contract/index';
import { formatCount, formatListDate } from '../../utils/format';

export interface ArticleItemView {
  id: string;
  title: string;
  column: string;
  cover: string;
  date: string;
  views: string;
  pinned: boolean;
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
  };
}

/** A search result's row: the report's row and the sentence that matched. */
export function toSearchItem(a: SearchResult, now: number = Date.now()): ArticleItemView {
  return { ...toArticleItem(a, now), snippet: a.snippet.filter((p) => p.text) };
}

export function articleUrl(id: string): string {
  return `/pages/article/index?id=${encodeURIComponent(id)}`;
}

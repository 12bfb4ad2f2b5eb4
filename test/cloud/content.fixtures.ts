// Shared setup for the content cloud tests (not a test file itself).
import type { Article, ArticleInput, Block, Column } from '../../miniprogram/contract/index';
import type { TestCloud } from '../helpers/cloud';

export const ADMIN = 'content-admin';
export const MINUTE = 60_000;
/** 2024-01-01 00:00 +08:00: dates of test reports count from here. */
export const T0 = Date.UTC(2023, 11, 31, 16, 0);

export const CONTENT_COLLECTIONS = ['articles', 'article_readers'] as const;

export function body(text = '正文段落。'): Block[] {
  return [{ type: 'paragraph', text }];
}

export function input(overrides: Partial<ArticleInput> = {}): ArticleInput {
  return {
    column: '协会动态',
    title: '测试报道',
    blocks: body(),
    ...overrides,
  };
}

/** A draft through articles.save as the admin. */
export async function createDraft(tc: TestCloud, overrides: Partial<ArticleInput> = {}): Promise<Article> {
  return tc.ok('content', 'articles.save', input(overrides), { openid: ADMIN });
}

/** A published report through articles.save + articles.publish as the admin. */
export async function createPublished(tc: TestCloud, overrides: Partial<ArticleInput> = {}): Promise<Article> {
  const draft = await createDraft(tc, overrides);
  return tc.ok('content', 'articles.publish', { id: draft.id }, { openid: ADMIN });
}

/** Runs `fn` over items with at most `width` in flight. */
export async function inBatches<T, R>(
  items: T[],
  width: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const k = next++;
      out[k] = await fn(items[k]!, k);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
  return out;
}

/** Every id of a column's list, paging by cursor until the end; also returns each page's ids. */
export async function pageThrough(
  tc: TestCloud,
  opts: { column?: Column; pageSize?: number; betweenPages?: (page: number) => Promise<void> } = {},
): Promise<{ ids: string[]; pages: string[][] }> {
  const ids: string[] = [];
  const pages: string[][] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 1000; page++) {
    const res = await tc.ok(
      'content',
      'articles.list',
      {
        ...(opts.column ? { column: opts.column } : {}),
        ...(opts.pageSize ? { pageSize: opts.pageSize } : {}),
        ...(cursor ? { cursor } : {}),
      },
      { openid: 'reader' },
    );
    pages.push(res.items.map((i) => i.id));
    ids.push(...res.items.map((i) => i.id));
    if (!res.nextCursor) return { ids, pages };
    cursor = res.nextCursor;
    if (opts.betweenPages) await opts.betweenPages(page);
  }
  throw new Error('paging did not end');
}

export function sortedCopy(values: string[]): string[] {
  return [...values].sort();
}

// Import pages into the database: parse, validate with the same schema as
// articles.save, upsert one article per page. Each file is its own unit:
// a broken page is reported and the rest of the batch goes on.
import { createCollections } from '../../server/collections';
import crypto from 'crypto';
import fs from 'fs';
import path from 'path';
import type { ArticleInput } from '../../miniprogram/contract/content';
import { articleInputSchema, describeIssue, upsertImported } from '../../server/content/index';
import type { ParseOptions, ParsedPage, ParseResult } from './common';
import { parseHtmlPage } from './html';
import { parseTextPage } from './text';

export const PAGE_EXTENSIONS = ['.txt', '.html', '.htm'];

export type ImportOutcome =
  | { file: string; ok: true; id: string; created: boolean; title: string; warnings: string[] }
  | { file: string; ok: false; problems: string[] };

/** UTF-8, else GB18030 (what older Chinese CMS sites save as). */
export function decodePage(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

export function looksLikeHtml(text: string): boolean {
  return /<(html|body|head|p|div|article)[\s>]/i.test(text.slice(0, 5000));
}

export function parsePage(text: string, file: string, options: ParseOptions = {}): ParseResult {
  const html = /\.html?$/i.test(file) || looksLikeHtml(text);
  return html ? parseHtmlPage(text, options) : parseTextPage(text, options);
}

/** One article per page: the same column, title and date always land on the same article. */
export function importKeyOf(page: Pick<ParsedPage, 'column' | 'title' | 'publishedAt'>): string {
  return crypto
    .createHash('sha1')
    .update(`${page.column}\n${page.title}\n${page.publishedAt}`)
    .digest('hex')
    .slice(0, 24);
}

export function pageToInput(page: ParsedPage): ArticleInput {
  return {
    column: page.column,
    title: page.title,
    // The association's own site: an empty 来源 means the association.
    source: page.source || '安徽省环保产业协会',
    author: page.author,
    publishedAt: page.publishedAt,
    blocks: page.blocks,
  };
}

const FIELD_LABELS: Record<string, string> = {
  column: '栏目',
  title: '标题',
  source: '来源',
  author: '作者',
  publishedAt: '发布时间',
  blocks: '正文',
};

function fieldLabel(field: string | undefined): string {
  if (!field) return '';
  const [head, index] = field.split('.');
  if (head === 'blocks' && index !== undefined && /^\d+$/.test(index)) return `正文第${Number(index) + 1}块`;
  return FIELD_LABELS[head ?? ''] ?? field;
}

export class ImportProblem extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('；'));
  }
}

/** Validates an article exactly as articles.save does and upserts it by importKey. */
export async function importArticle(
  input: ArticleInput,
  opts: { importKey: string; views?: number | undefined; demo?: boolean | undefined; nowMs?: number | undefined },
): Promise<{ id: string; created: boolean }> {
  const parsed = articleInputSchema.safeParse(input);
  if (!parsed.success) {
    const { field, message } = describeIssue(parsed.error);
    const label = fieldLabel(field);
    throw new ImportProblem([label ? `${label}：${message}` : message]);
  }
  return upsertImported(parsed.data, {
    importKey: opts.importKey,
    views: opts.views,
    demo: opts.demo,
    nowMs: opts.nowMs ?? Date.now(),
  });
}

/** Validates and upserts one parsed page. */
export async function importPage(
  page: ParsedPage,
  opts: { nowMs?: number; demo?: boolean } = {},
): Promise<{ id: string; created: boolean }> {
  return importArticle(pageToInput(page), { ...opts, importKey: importKeyOf(page), views: page.views });
}

/** Files to import: the files named, and the page files inside named directories (sorted). */
export function collectFiles(paths: string[]): { files: string[]; missing: string[] } {
  const files: string[] = [];
  const missing: string[] = [];
  const visit = (p: string, top: boolean): void => {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(p);
    } catch {
      missing.push(p);
      return;
    }
    if (stat.isDirectory()) {
      for (const name of fs.readdirSync(p).sort()) visit(path.join(p, name), false);
    } else if (top || PAGE_EXTENSIONS.includes(path.extname(p).toLowerCase())) files.push(p);
  };
  for (const p of paths) visit(p, true);
  return { files, missing };
}

export async function importFiles(
  paths: string[],
  options: ParseOptions & { nowMs?: number; demo?: boolean } = {},
): Promise<ImportOutcome[]> {
  await createCollections();
  const { files, missing } = collectFiles(paths);
  const out: ImportOutcome[] = missing.map((file) => ({ file, ok: false, problems: ['文件或目录不存在'] }));
  for (const file of files) {
    try {
      const text = decodePage(fs.readFileSync(file));
      const result = parsePage(text, file, options);
      if (!result.ok) {
        out.push({ file, ok: false, problems: result.problems });
        continue;
      }
      const { id, created } = await importPage(result.page, {
        ...(options.nowMs !== undefined ? { nowMs: options.nowMs } : {}),
        ...(options.demo !== undefined ? { demo: options.demo } : {}),
      });
      out.push({ file, ok: true, id, created, title: result.page.title, warnings: result.page.warnings });
    } catch (err) {
      const problems = err instanceof ImportProblem ? err.problems : [`无法导入：${(err as Error).message}`];
      out.push({ file, ok: false, problems });
    }
  }
  return out;
}

/** One line per file, for the console. */
export function formatOutcome(o: ImportOutcome): string {
  if (!o.ok) return `✗ ${o.file}：${o.problems.join('；')}`;
  const warn = o.warnings.length ? `（注意：${o.warnings.join('；')}）` : '';
  return `✓ ${o.file}：${o.created ? '已导入' : '已更新'}《${o.title}》 id=${o.id}${warn}`;
}

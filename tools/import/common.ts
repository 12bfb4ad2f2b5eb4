// Pieces shared by the text and HTML page parsers: dates in Asia/Shanghai,
// the meta line (发布时间/来源/点击率 …), columns, captions.
import { ARTICLE_RULES, COLUMNS, type Block, type Column } from '../../miniprogram/contract/content';

/** What a page yields before validation. */
export interface ParsedPage {
  column: Column;
  title: string;
  /** Epoch ms. */
  publishedAt: number;
  source: string;
  author: string;
  /** A view count the old site showed, carried over. */
  views?: number;
  blocks: Block[];
  /** Things worth telling the editor that did not stop the import. */
  warnings: string[];
}

export type ParseResult = { ok: true; page: ParsedPage } | { ok: false; problems: string[] };

export interface ParseOptions {
  /** Use this column whatever the page says. */
  column?: Column;
  /** The page's address, to resolve relative image URLs (HTML). */
  baseUrl?: string;
}

/** Full-width spaces, no-break spaces and the like count as whitespace. */
export const SPACE = '[\\s\\u00a0\\u3000\\u2002\\u2003\\ufeff]';
const TRIM = new RegExp(`^${SPACE}+|${SPACE}+$`, 'g');

export function clean(text: string): string {
  return text.replace(TRIM, '');
}

/** Collapses runs of whitespace inside a line (HTML text). */
export function squash(text: string): string {
  return clean(text.replace(new RegExp(`${SPACE}+`, 'g'), ' '));
}

const SHANGHAI_OFFSET_H = 8;

/**
 * Dates as the association's sites print them, in Asia/Shanghai:
 * `2023-02-27 11:12`, `2018/1/15 8:43:42`, `2017-07-11`, `2017年7月11日 9:05`,
 * `2017.07.11`. Returns epoch ms, or null.
 */
export function parseChinaDate(text: string): number | null {
  const m =
    /(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[\sT]*(\d{1,2})\s*[:：时]\s*(\d{1,2})(?:\s*[:：分]\s*(\d{1,2}))?)?/.exec(
      text,
    );
  if (!m) return null;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4] ?? '0', m[5] ?? '0', m[6] ?? '0'].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return null;
  const ms = Date.UTC(y, mo - 1, d, h - SHANGHAI_OFFSET_H, mi, s);
  // Reject 2023-02-31 and friends: the date must survive the round trip.
  const check = new Date(ms + SHANGHAI_OFFSET_H * 3600_000);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return null;
  return ms;
}

type MetaKey = 'date' | 'source' | 'author' | 'views' | 'editor';

const META_LABELS: Record<string, MetaKey> = {
  发布时间: 'date',
  发布日期: 'date',
  发表时间: 'date',
  更新时间: 'date',
  日期: 'date',
  时间: 'date',
  来源: 'source',
  信息来源: 'source',
  文章来源: 'source',
  稿件来源: 'source',
  作者: 'author',
  发布人: 'author',
  发布者: 'author',
  撰稿: 'author',
  责任编辑: 'editor',
  编辑: 'editor',
  点击率: 'views',
  点击数: 'views',
  点击量: 'views',
  点击: 'views',
  阅读量: 'views',
  阅读数: 'views',
  阅读次数: 'views',
  阅读: 'views',
  浏览量: 'views',
  浏览次数: 'views',
  浏览: 'views',
  访问量: 'views',
};

// Longest first, so 发布时间 wins over 时间 at the same place.
const LABEL_RE = new RegExp(
  `(${Object.keys(META_LABELS)
    .sort((a, b) => b.length - a.length)
    .join('|')})${SPACE}*[:：]`,
  'g',
);

export interface Meta {
  publishedAt: number | null;
  source: string;
  author: string;
  views: number | undefined;
  /** How many labels the line carried. */
  labels: number;
  /** It has a date label (发布时间 …), whether or not the value parsed. */
  dateLabel: boolean;
}

/** Reads a meta line: labelled fields in any order, either colon, values possibly empty. */
export function parseMeta(line: string): Meta {
  const found: Array<{ key: MetaKey; start: number; end: number }> = [];
  for (const m of line.matchAll(LABEL_RE)) {
    found.push({ key: META_LABELS[m[1]!]!, start: m.index, end: m.index + m[0].length });
  }
  const meta: Meta = {
    publishedAt: null,
    source: '',
    author: '',
    views: undefined,
    labels: found.length,
    dateLabel: found.some((f) => f.key === 'date'),
  };
  found.forEach((f, k) => {
    const next = found[k + 1];
    // Separators sites put between fields: spaces, |, ·, brackets.
    const value = clean(line.slice(f.end, next ? next.start : line.length).replace(/[|｜·•【】[\]（）()]+/g, ' '));
    if (!value) return;
    if (f.key === 'date' && meta.publishedAt === null) meta.publishedAt = parseChinaDate(value);
    else if (f.key === 'source' && !meta.source) meta.source = value;
    else if (f.key === 'author' && !meta.author) meta.author = value;
    else if (f.key === 'views' && meta.views === undefined) {
      const n = /\d[\d,]*/.exec(value);
      if (n) meta.views = Number(n[0].replace(/,/g, ''));
    }
  });
  return meta;
}

/**
 * Whether a line reads as the meta line: a labelled date, or two labels of
 * any kind. `loose` also takes a date label whose value does not parse (so
 * the page can be reported as having an unreadable date).
 */
export function isMetaLine(line: string, loose = false): boolean {
  if (Array.from(line).length > 200) return false;
  const meta = parseMeta(line);
  return meta.publishedAt !== null || meta.labels >= 2 || (loose && meta.dateLabel);
}

const COLUMN_ALIASES: Record<Column, string[]> = {
  党建活动: ['党建活动', '党建工作', '党建动态', '党建园地', '党建'],
  协会动态: ['协会动态', '协会新闻', '协会要闻', '工作动态', '协会工作'],
  通知公告: ['通知公告', '通知通告', '通知', '公告'],
  行业资讯: ['行业资讯', '行业动态', '行业新闻', '行业信息', '行业要闻'],
};

/** The column a label names (exact name or a known alias), or null. */
export function resolveColumn(label: string): Column | null {
  const text = clean(label);
  for (const column of COLUMNS) if (text === column) return column;
  for (const column of COLUMNS) if (COLUMN_ALIASES[column].includes(text)) return column;
  return null;
}

/** `首页 > 党建活动`, `当前位置：首页 >> 协会动态 > 正文`: the segments, or null when not a breadcrumb. */
export function breadcrumbSegments(line: string): string[] | null {
  const text = clean(line).replace(/^(当前位置|您的位置|你的位置|您现在的位置|位置)[是为]?[:：]?/, '');
  const parts = text
    .split(/>>|>|»|›|→|＞|\/\//)
    .map(clean)
    .filter(Boolean);
  if (parts.length < 2 || parts.length > 8) return null;
  if (!/^(首页|网站首页|主页|home)$/i.test(parts[0]!) && !/当前位置|您的位置|位置/.test(line)) return null;
  return parts;
}

/** The column of a breadcrumb: its last segment that names one. */
export function columnFromBreadcrumb(segments: string[]): Column | null {
  for (let k = segments.length - 1; k >= 0; k--) {
    const column = resolveColumn(segments[k]!);
    if (column) return column;
  }
  return null;
}

const TERMINAL = /[。！？；!?;…]$/;

/** A photo caption: a short line with no sentence ending. */
export function looksLikeCaption(text: string): boolean {
  const len = Array.from(text).length;
  return len >= 2 && len <= 40 && !TERMINAL.test(text) && !/[:：]$/.test(text);
}

/** `一、总体要求`, `（二）工作安排`, `3. 下一步`: a section heading. */
export function looksLikeHeading(text: string): boolean {
  const len = Array.from(text).length;
  if (len > Math.min(30, ARTICLE_RULES.headingMax) || TERMINAL.test(text)) return false;
  return /^([一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|第[一二三四五六七八九十\d]+[章节部分条]|\d{1,2}[、.．]\D)/.test(
    text,
  );
}

/** Site chrome that is not part of the report. */
export function isBoilerplate(text: string): boolean {
  return /^(上一篇|下一篇|上一条|下一条|【?打印(本页|此页)?】?|【?关闭(窗口)?】?|分享到|返回顶部|【字体|字号[:：]|扫一扫|相关(文章|阅读|链接)[:：]?$)/.test(
    text,
  );
}

/** Footer lines that end the body (the rest is navigation). */
export function endsBody(text: string): boolean {
  return /^(上一篇|下一篇|上一条|下一条|相关(文章|阅读|链接))/.test(text);
}

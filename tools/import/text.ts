// The association's report pages as plain text (the seed's format):
//
//   党建活动                         ← column
//   首页 > 党建活动                   ← breadcrumb (also names the column)
//   我会率团赴界首开展党建共建          ← title
//   发布时间:2023-02-27 11:12来源:点击率:   ← meta line, fields in any order
//     为深入贯彻…                     ← paragraphs, indented
//   界首市委组织部副部长刘治邦          ← a short line alone: a photo's caption
//
// The text has no image URLs, so a caption becomes an image block showing
// the bundled placeholder photo with that caption.
import { PLACEHOLDER_IMAGE, PLACEHOLDER_IMAGE_SIZE, type Block, type Column } from '../../miniprogram/contract/content';
import {
  breadcrumbSegments,
  clean,
  columnFromBreadcrumb,
  endsBody,
  isBoilerplate,
  isMetaLine,
  looksLikeCaption,
  looksLikeHeading,
  parseChinaDate,
  parseMeta,
  resolveColumn,
  SPACE,
  type ParseOptions,
  type ParseResult,
} from './common';

const INDENT = new RegExp(`^${SPACE}{2,}|^\\t`);

interface Line {
  text: string;
  indented: boolean;
  /** Blank line (or edge) before / after it. */
  aloneBefore: boolean;
  aloneAfter: boolean;
}

export function placeholderImage(caption: string | undefined): Block {
  return {
    type: 'image',
    src: PLACEHOLDER_IMAGE,
    ...(caption ? { caption } : {}),
    width: PLACEHOLDER_IMAGE_SIZE.width,
    height: PLACEHOLDER_IMAGE_SIZE.height,
  };
}

export function parseTextPage(raw: string, options: ParseOptions = {}): ParseResult {
  const rows = raw
    .replace(/^\ufeff/, '')
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.replace(/\s+$/, ''));

  let column: Column | null = options.column ?? null;
  let title = '';
  let metaAt = -1;
  const meta = { publishedAt: null as number | null, source: '', author: '', views: undefined as number | undefined };

  // Header: everything up to the meta line (or the first indented line).
  let k = 0;
  for (; k < rows.length; k++) {
    const row = rows[k]!;
    const text = clean(row);
    if (!text) continue;
    if (INDENT.test(row) && title) break;
    const crumbs = breadcrumbSegments(text);
    if (crumbs) {
      column = column ?? columnFromBreadcrumb(crumbs);
      continue;
    }
    if (!title && resolveColumn(text)) {
      column = column ?? resolveColumn(text);
      continue;
    }
    if (isMetaLine(text, true)) {
      const m = parseMeta(text);
      meta.publishedAt = meta.publishedAt ?? m.publishedAt;
      meta.source = meta.source || m.source;
      meta.author = meta.author || m.author;
      meta.views = meta.views ?? m.views;
      // A meta line without a labelled date may still hold one.
      meta.publishedAt = meta.publishedAt ?? parseChinaDate(text);
      metaAt = k;
      if (title) {
        k++;
        break;
      }
      continue;
    }
    if (!title) {
      title = text;
      continue;
    }
    // A bare date line right under the title.
    if (meta.publishedAt === null && parseChinaDate(text) !== null && Array.from(text).length <= 25) {
      meta.publishedAt = parseChinaDate(text);
      metaAt = k;
      continue;
    }
    break;
  }

  // Body lines with what surrounds them.
  const lines: Line[] = [];
  for (let j = k; j < rows.length; j++) {
    const row = rows[j]!;
    const text = clean(row);
    if (!text) continue;
    if (endsBody(text)) break;
    if (isBoilerplate(text)) continue;
    const prevBlank = j === k || !clean(rows[j - 1] ?? '');
    const nextBlank = j === rows.length - 1 || !clean(rows[j + 1] ?? '');
    const indented = INDENT.test(row);
    const last = lines[lines.length - 1];
    // A wrapped paragraph: a plain line glued to the paragraph above.
    if (last && !prevBlank && !indented && !/[。！？!?]$/.test(last.text) && last.text.length > 40) {
      last.text += text;
      last.aloneAfter = nextBlank;
      continue;
    }
    lines.push({ text, indented, aloneBefore: prevBlank, aloneAfter: nextBlank });
  }

  const blocks: Block[] = [];
  for (const line of lines) {
    if (looksLikeHeading(line.text)) blocks.push({ type: 'heading', text: line.text });
    else if (!line.indented && line.aloneBefore && line.aloneAfter && looksLikeCaption(line.text)) {
      blocks.push(placeholderImage(line.text));
    } else blocks.push({ type: 'paragraph', text: line.text });
  }

  const problems: string[] = [];
  if (!column) problems.push('缺少栏目（第一行或“首页 > 栏目”导航中应有：党建活动、协会动态、通知公告、行业资讯之一）');
  if (!title) problems.push('缺少标题');
  if (meta.publishedAt === null) {
    problems.push(
      metaAt === -1
        ? '缺少发布时间（未找到“发布时间：YYYY-MM-DD HH:mm”一行）'
        : '发布时间无法识别（应如 2023-02-27 11:12）',
    );
  }
  if (!blocks.some((b) => b.type === 'paragraph')) problems.push('缺少正文段落');
  if (problems.length || !column || meta.publishedAt === null) return { ok: false, problems };

  return {
    ok: true,
    page: {
      column,
      title,
      publishedAt: meta.publishedAt,
      source: meta.source,
      author: meta.author,
      ...(meta.views !== undefined ? { views: meta.views } : {}),
      blocks,
      warnings: blocks.some((b) => b.type === 'image')
        ? ['纯文本页面不含图片地址：图片以占位图显示，可在后台替换为原图']
        : [],
    },
  };
}

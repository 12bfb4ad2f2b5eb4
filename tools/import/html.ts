// HTML report pages of such association / government CMS sites: a title
// element, a meta line (发布时间/来源/点击率), a content area of <p> and
// <img> with captions under the photos. Also reads the CMS <meta> tags
// (ArticleTitle, PubDate, ColumnName, ContentSource) when present.
import { DomUtils, parseDocument } from 'htmlparser2';
import type { AnyNode, Element } from 'domhandler';
import { PLACEHOLDER_IMAGE, type Block, type Column } from '../../miniprogram/contract/content';
import {
  breadcrumbSegments,
  columnFromBreadcrumb,
  endsBody,
  isBoilerplate,
  isMetaLine,
  looksLikeCaption,
  looksLikeHeading,
  parseChinaDate,
  parseMeta,
  resolveColumn,
  squash,
  type ParseOptions,
  type ParseResult,
} from './common';
import { placeholderImage } from './text';

const SKIP = new Set(['script', 'style', 'noscript', 'iframe', 'select', 'button', 'form', 'head', 'nav', 'template']);
const BLOCK = new Set([
  'p',
  'div',
  'section',
  'article',
  'figure',
  'figcaption',
  'li',
  'ul',
  'ol',
  'table',
  'tbody',
  'tr',
  'td',
  'th',
  'blockquote',
  'center',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'footer',
  'dl',
  'dt',
  'dd',
  'pre',
]);
const TITLE_RE =
  /(^|[\s_-])(title|tit|biaoti|bt|art_?title|article[-_]?title|news[-_]?title|detail[-_]?title|con[-_]?title|wz[-_]?title)([\s_-]|$)/i;
const CRUMB_RE = /crumb|position|location|weizhi|dqwz|current|path|daohang/i;

function attr(el: Element, name: string): string {
  return el.attribs[name] ?? '';
}

function classAndId(el: Element): string {
  return `${attr(el, 'class')} ${attr(el, 'id')}`;
}

/** Text of a node, skipping scripts and the like; <br> becomes a newline. */
function textOf(node: AnyNode): string {
  if (DomUtils.isText(node)) return node.data;
  if (!DomUtils.isTag(node)) return DomUtils.hasChildren(node) ? node.children.map(textOf).join('') : '';
  if (SKIP.has(node.name)) return '';
  if (node.name === 'br') return '\n';
  const inner = node.children.map(textOf).join('');
  return BLOCK.has(node.name) ? `\n${inner}\n` : inner;
}

function oneLine(node: AnyNode): string {
  return squash(textOf(node).replace(/\n+/g, ' '));
}

function isCentered(el: Element): boolean {
  return (
    /text-align\s*:\s*center/i.test(attr(el, 'style')) || /^center$/i.test(attr(el, 'align')) || el.name === 'center'
  );
}

function contains(outer: AnyNode, inner: AnyNode): boolean {
  for (let n: AnyNode | null = inner; n; n = n.parent) if (n === outer) return true;
  return false;
}

interface TextItem {
  kind: 'text';
  text: string;
  heading: boolean;
  centered: boolean;
  figcaption: boolean;
}
interface ImageItem {
  kind: 'image';
  src: string | null;
  alt: string;
  width?: number;
  height?: number;
}
type Item = TextItem | ImageItem;

function resolveSrc(raw: string, baseUrl: string | undefined): string | null {
  const src = raw.trim();
  if (!src || src.startsWith('data:')) return null;
  let url: URL;
  try {
    url = baseUrl ? new URL(src, baseUrl) : new URL(src);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  // WeChat loads network images over https only.
  url.protocol = 'https:';
  return url.toString();
}

function pixels(value: string): number | undefined {
  const n = Number(value.replace(/px$/i, ''));
  return Number.isInteger(n) && n > 0 && n <= 20000 ? n : undefined;
}

export function parseHtmlPage(html: string, options: ParseOptions = {}): ParseResult {
  const doc = parseDocument(html, { decodeEntities: true });
  const elements = DomUtils.findAll(() => true, doc.children);
  const metaTags = new Map<string, string>();
  for (const el of elements) {
    if (el.name === 'meta' && attr(el, 'name'))
      metaTags.set(attr(el, 'name').toLowerCase(), squash(attr(el, 'content')));
  }
  const baseEl = elements.find((el) => el.name === 'base' && attr(el, 'href'));
  const canonical = elements.find((el) => el.name === 'link' && /canonical/i.test(attr(el, 'rel')) && attr(el, 'href'));
  const ogUrl = elements.find((el) => el.name === 'meta' && attr(el, 'property') === 'og:url');
  const baseUrl =
    options.baseUrl ||
    (baseEl && attr(baseEl, 'href')) ||
    (canonical && attr(canonical, 'href')) ||
    (ogUrl && attr(ogUrl, 'content')) ||
    undefined;
  const body = elements.find((el) => el.name === 'body');
  const inBody = body ? elements.filter((el) => contains(body, el)) : elements;

  // Title.
  let titleEl: Element | undefined;
  let title = metaTags.get('articletitle') || '';
  if (!title) {
    titleEl = inBody.find((el) => {
      if (!/^(h1|h2|h3|div|p|span|td|strong)$/.test(el.name) || !TITLE_RE.test(classAndId(el))) return false;
      const t = oneLine(el);
      return t.length >= 4 && t.length <= 120 && !isMetaLine(t);
    });
    titleEl = titleEl ?? inBody.find((el) => el.name === 'h1' && oneLine(el).length >= 2);
    if (titleEl) title = oneLine(titleEl);
  }
  if (!title) {
    const t = elements.find((el) => el.name === 'title');
    if (t) title = squash((oneLine(t).split(/\s[-_|–—]\s|[_|]/)[0] ?? '').trim());
  }

  // Content area: the element directly holding the most paragraph text.
  const score = new Map<Element, number>();
  for (const el of inBody) {
    if (el.name !== 'p' || !el.parent || !DomUtils.isTag(el.parent)) continue;
    score.set(el.parent, (score.get(el.parent) ?? 0) + oneLine(el).length);
  }
  let container: Element | undefined;
  for (const [el, s] of score) if (!container || s > (score.get(container) ?? 0)) container = el;
  if (!container) {
    container = inBody
      .filter((el) => /content|article|detail|zoom|text|body|main/i.test(classAndId(el)))
      .sort((a, b) => oneLine(b).length - oneLine(a).length)[0];
  }

  // Meta line: the element whose text reads best as one (发布时间 over a
  // bare 时间, several fields over one, outside the content over inside it:
  // a notice's body has lines like "时间：3月1日"), smallest on a tie. One
  // with a readable date first, else one that at least has a date label.
  let metaEl: Element | undefined;
  let metaText = '';
  let best = -1;
  for (const loose of [false, true]) {
    for (const el of inBody) {
      if (SKIP.has(el.name)) continue;
      const t = oneLine(el);
      if (t.length > 200 || !isMetaLine(t, loose)) continue;
      const m = parseMeta(t);
      const score =
        (/发布时间|发布日期|发表时间/.test(t) ? 4 : 0) +
        (m.labels >= 2 ? 2 : 0) +
        (container && contains(container, el) ? 0 : 1);
      if (score > best || (score === best && t.length < metaText.length)) {
        metaEl = el;
        metaText = t;
        best = score;
      }
    }
    if (metaEl) break;
  }
  const meta = parseMeta(metaText);
  const publishedAt =
    parseChinaDate(metaTags.get('pubdate') || metaTags.get('publishdate') || '') ??
    meta.publishedAt ??
    (metaText ? parseChinaDate(metaText) : null);
  const source = metaTags.get('contentsource') || meta.source;
  const author = metaTags.get('author') || meta.author;

  // Column.
  let column: Column | null = options.column ?? resolveColumn(metaTags.get('columnname') || '');
  if (!column) {
    const crumbs = inBody
      .filter((el) => CRUMB_RE.test(classAndId(el)) || /^(当前位置|您的位置|你的位置|您现在的位置)/.test(oneLine(el)))
      .map(oneLine)
      .concat(inBody.filter((el) => /^(首页|网站首页)\s*(>|»|›|＞)/.test(oneLine(el))).map(oneLine));
    for (const text of crumbs) {
      const segments = breadcrumbSegments(text);
      column = segments ? columnFromBreadcrumb(segments) : null;
      if (column) break;
    }
  }

  const items: Item[] = [];
  if (container) {
    let buffer = '';
    let ctx = { heading: false, centered: false, figcaption: false };
    const flush = () => {
      for (const line of buffer.split('\n')) {
        const text = squash(line);
        if (text) items.push({ kind: 'text', text, ...ctx });
      }
      buffer = '';
    };
    const walk = (node: AnyNode, inherited: typeof ctx): void => {
      if (DomUtils.isText(node)) {
        buffer += node.data;
        return;
      }
      if (!DomUtils.isTag(node)) return;
      if (SKIP.has(node.name) || node === titleEl || node === metaEl) return;
      if (node.name === 'br') {
        buffer += '\n';
        return;
      }
      if (node.name === 'img') {
        flush();
        const raw = attr(node, 'src') || attr(node, 'data-src') || attr(node, 'data-original');
        const width = pixels(attr(node, 'width'));
        const height = pixels(attr(node, 'height'));
        // Icons and spacers are not photos.
        if ((width !== undefined && width < 60) || (height !== undefined && height < 60)) return;
        items.push({
          kind: 'image',
          src: resolveSrc(raw, baseUrl),
          alt: squash(attr(node, 'alt') || attr(node, 'title')),
          ...(width ? { width } : {}),
          ...(height ? { height } : {}),
        });
        return;
      }
      const block = BLOCK.has(node.name);
      const here = block
        ? {
            heading: inherited.heading || /^h[2-6]$/.test(node.name),
            centered: inherited.centered || isCentered(node),
            figcaption: inherited.figcaption || node.name === 'figcaption',
          }
        : inherited;
      if (block) flush();
      const saved = ctx;
      ctx = here;
      for (const child of node.children) walk(child, here);
      if (block) flush();
      ctx = saved;
    };
    walk(container, ctx);
    flush();
  }

  const blocks: Block[] = [];
  const warnings: string[] = [];
  let unresolved = 0;
  for (let k = 0; k < items.length; k++) {
    const item = items[k]!;
    if (item.kind === 'image') {
      const next = items[k + 1];
      let caption: string | undefined;
      if (
        next &&
        next.kind === 'text' &&
        (next.figcaption || ((next.centered || Array.from(next.text).length <= 30) && looksLikeCaption(next.text)))
      ) {
        caption = next.text;
        k++;
      } else if (
        item.alt &&
        looksLikeCaption(item.alt) &&
        !/\.(jpe?g|png|gif|webp)$|^(图片|image|img|photo)\s*\d*$/i.test(item.alt)
      ) {
        caption = item.alt;
      }
      if (!item.src) {
        unresolved++;
        blocks.push(placeholderImage(caption));
        continue;
      }
      blocks.push({
        type: 'image',
        src: item.src,
        ...(caption ? { caption } : {}),
        ...(item.width ? { width: item.width } : {}),
        ...(item.height ? { height: item.height } : {}),
      });
      continue;
    }
    const text = item.text;
    if (endsBody(text)) break;
    if (isBoilerplate(text) || text === title || text === metaText) continue;
    if (item.heading || looksLikeHeading(text)) blocks.push({ type: 'heading', text });
    else blocks.push({ type: 'paragraph', text });
  }
  if (unresolved) {
    warnings.push(
      `${unresolved} 张图片地址无法使用（相对路径或非网络地址），已用占位图 ${PLACEHOLDER_IMAGE}；可用 --base 指定网站地址`,
    );
  }

  const problems: string[] = [];
  if (!column)
    problems.push(
      '缺少栏目（页面导航或 ColumnName 中应有：党建活动、协会动态、通知公告、行业资讯之一；也可用 --column 指定）',
    );
  if (!title) problems.push('缺少标题');
  if (publishedAt === null) {
    problems.push(metaText ? '发布时间无法识别（应如 2023-02-27 11:12）' : '缺少发布时间（未找到“发布时间：…”）');
  }
  if (!blocks.some((b) => b.type === 'paragraph')) problems.push('缺少正文段落');
  if (problems.length || !column || publishedAt === null) return { ok: false, problems };
  return {
    ok: true,
    page: {
      column,
      title,
      publishedAt,
      source,
      author,
      ...(meta.views !== undefined ? { views: meta.views } : {}),
      blocks,
      warnings,
    },
  };
}

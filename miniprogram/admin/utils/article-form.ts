// The report editor's model: what the form holds, its checks (the contract's
// ARTICLE_RULES, worded like the server's), and the conversions to the
// `articles.save` payload and to the member's view for the preview.
import {
  ARTICLE_RULES as R,
  COLUMNS,
  deriveSummary,
  isImageSrc,
  type Article,
  type ArticleInput,
  type Block,
  type Column,
} from '../../contract/index';
import { toArticleView, type ArticleView } from '../../pages/article/view';
import { dateOf, fromBeijing, timeOf } from './time';

export type BlockType = Block['type'];
export type UploadState = 'done' | 'uploading' | 'failed';

/** One body block as edited. Flat, so setData can address `blocks[i].text`. */
export interface EditorBlock {
  /** Stable across reorders (wx:key, upload callbacks). */
  key: string;
  type: BlockType;
  /** Paragraph or heading text. */
  text: string;
  /** Image: its cloud fileID (or https URL) once uploaded; '' before. */
  src: string;
  /** Image: the photo on this phone, shown while uploading and used to retry. */
  localPath: string;
  /** Image: its list-size copy's fileID ('' when none was made; lists then load `src`). */
  thumb: string;
  caption: string;
  width: number;
  height: number;
  upload: UploadState;
  progress: number;
  /** This block's problem, shown under it ('' when fine). */
  error: string;
}

export type EditorStatus = 'new' | 'draft' | 'published';

export interface ArticleForm {
  id: string;
  status: EditorStatus;
  /** Index into COLUMNS. */
  column: number;
  title: string;
  source: string;
  /** Optional summary; '' lets the server take the body's beginning. */
  summary: string;
  /** Publish time in Beijing time; both '' means "when published". */
  date: string;
  time: string;
  /**
   * The editor picked the time in this form. A loaded draft shows the time
   * the server gives (its creation time when none was set); it is sent back
   * only when changed, so publishing an undated draft dates it then.
   */
  timeTouched: boolean;
  /** Kept as loaded and sent back, so saving never drops them. */
  author: string;
  pinned: boolean;
  cover: string;
  eventId: string;
  views: number;
  updatedAt: number;
}

export interface FormErrors {
  title: string;
  source: string;
  summary: string;
  publishedAt: string;
  blocks: string;
}

export const NO_ERRORS: FormErrors = { title: '', source: '', summary: '', publishedAt: '', blocks: '' };

export const MESSAGES = {
  title: '标题不能为空',
  titleMax: `标题不能超过${R.titleMax}个字`,
  sourceMax: `来源不能超过${R.sourceMax}个字`,
  summaryMax: `摘要不能超过${R.summaryMax}个字`,
  timeIncomplete: '请同时选择发布日期和时间，或都清空',
  timeInvalid: '发布时间无效',
  blocksEmpty: '正文不能为空，请添加段落或图片',
  blocksMax: `正文内容块不能超过${R.blocksMax}个`,
  paragraph: '段落不能为空',
  paragraphMax: `段落不能超过${R.paragraphMax}个字`,
  heading: '小标题不能为空',
  headingMax: `小标题不能超过${R.headingMax}个字`,
  captionMax: `图片说明不能超过${R.captionMax}个字`,
  uploading: '图片正在上传，请稍候',
  uploadFailed: '图片上传失败，请点“重试”或删除',
  fix: '请先修改标红的内容',
} as const;

const EARLIEST = Date.UTC(1990, 0, 1);
const LATEST = Date.UTC(2100, 0, 1);

let seq = 0;
export function newKey(): string {
  seq += 1;
  return `k${Date.now().toString(36)}${seq}`;
}

export function emptyForm(): ArticleForm {
  return {
    id: '',
    status: 'new',
    column: 0,
    title: '',
    source: '',
    summary: '',
    date: '',
    time: '',
    timeTouched: false,
    author: '',
    pinned: false,
    cover: '',
    eventId: '',
    views: 0,
    updatedAt: 0,
  };
}

export function textBlock(type: 'paragraph' | 'heading', text = ''): EditorBlock {
  return {
    key: newKey(),
    type,
    text,
    src: '',
    localPath: '',
    thumb: '',
    caption: '',
    width: 0,
    height: 0,
    upload: 'done',
    progress: 0,
    error: '',
  };
}

export function photoBlock(localPath: string, width = 0, height = 0): EditorBlock {
  return {
    key: newKey(),
    type: 'image',
    text: '',
    src: '',
    localPath,
    thumb: '',
    caption: '',
    width: width > 0 ? Math.round(width) : 0,
    height: height > 0 ? Math.round(height) : 0,
    upload: 'uploading',
    progress: 0,
    error: '',
  };
}

function firstPhoto(blocks: readonly Block[]): string {
  const first = blocks.find((b) => b.type === 'image');
  return first && first.type === 'image' ? first.src : '';
}

/** The form for a saved report. A summary or cover the server derived is left to derive again. */
export function fromArticle(a: Article): { form: ArticleForm; blocks: EditorBlock[] } {
  const column = COLUMNS.indexOf(a.column);
  const summary = a.summary && a.summary !== deriveSummary(a.blocks) ? a.summary : '';
  const cover = a.cover && a.cover !== firstPhoto(a.blocks) ? a.cover : '';
  const blocks = a.blocks.map((b): EditorBlock => {
    if (b.type !== 'image') return textBlock(b.type, b.text);
    return {
      ...photoBlock('', b.width, b.height),
      src: b.src,
      thumb: b.thumb || '',
      caption: b.caption || '',
      upload: 'done',
      progress: 100,
    };
  });
  return {
    form: {
      id: a.id,
      status: a.status,
      column: column >= 0 ? column : 0,
      title: a.title,
      source: a.source,
      summary,
      date: a.publishedAt ? dateOf(a.publishedAt) : '',
      time: a.publishedAt ? timeOf(a.publishedAt) : '',
      timeTouched: false,
      author: a.author,
      pinned: a.pinned,
      cover,
      eventId: a.eventId || '',
      views: a.views,
      updatedAt: a.updatedAt,
    },
    blocks,
  };
}

/** This block's problem ('' when fine). */
export function blockError(b: EditorBlock): string {
  if (b.type === 'image') {
    if (b.upload === 'uploading') return MESSAGES.uploading;
    if (b.upload === 'failed' || !isImageSrc(b.src)) return MESSAGES.uploadFailed;
    return b.caption.trim().length > R.captionMax ? MESSAGES.captionMax : '';
  }
  const text = b.text.trim();
  if (b.type === 'heading') {
    if (!text) return MESSAGES.heading;
    return text.length > R.headingMax ? MESSAGES.headingMax : '';
  }
  if (!text) return MESSAGES.paragraph;
  return text.length > R.paragraphMax ? MESSAGES.paragraphMax : '';
}

export interface Checked {
  errors: FormErrors;
  /** Per block, in order. */
  blockErrors: string[];
  ok: boolean;
}

/** Every check the server makes that the phone can make first (lengths count as the server's). */
export function checkArticle(form: ArticleForm, blocks: readonly EditorBlock[]): Checked {
  const errors: FormErrors = { ...NO_ERRORS };
  const title = form.title.trim();
  if (!title) errors.title = MESSAGES.title;
  else if (title.length > R.titleMax) errors.title = MESSAGES.titleMax;
  if (form.source.trim().length > R.sourceMax) errors.source = MESSAGES.sourceMax;
  if (form.summary.trim().length > R.summaryMax) errors.summary = MESSAGES.summaryMax;
  if (!!form.date !== !!form.time) errors.publishedAt = MESSAGES.timeIncomplete;
  else if (form.date) {
    const at = fromBeijing(form.date, form.time);
    if (at === null || at < EARLIEST || at > LATEST) errors.publishedAt = MESSAGES.timeInvalid;
  }
  if (blocks.length === 0) errors.blocks = MESSAGES.blocksEmpty;
  else if (blocks.length > R.blocksMax) errors.blocks = MESSAGES.blocksMax;
  const blockErrors = blocks.map(blockError);
  const ok = !Object.values(errors).some(Boolean) && !blockErrors.some(Boolean);
  return { errors, blockErrors, ok };
}

export function toBlocks(blocks: readonly EditorBlock[]): Block[] {
  return blocks.map((b): Block => {
    if (b.type !== 'image') return { type: b.type, text: b.text.trim() };
    const caption = b.caption.trim();
    return {
      type: 'image',
      src: b.src,
      ...(caption ? { caption } : {}),
      ...(b.width > 0 && b.height > 0 ? { width: b.width, height: b.height } : {}),
      ...(b.thumb ? { thumb: b.thumb } : {}),
    };
  });
}

/** The articles.save payload (call only after checkArticle passed). */
export function toInput(form: ArticleForm, blocks: readonly EditorBlock[]): ArticleInput {
  const column: Column = COLUMNS[form.column] ?? COLUMNS[0];
  const at = form.date ? fromBeijing(form.date, form.time) : null;
  const summary = form.summary.trim();
  return {
    ...(form.id ? { id: form.id } : {}),
    column,
    title: form.title.trim(),
    source: form.source.trim(),
    ...(form.author ? { author: form.author } : {}),
    ...(at !== null && form.timeTouched ? { publishedAt: at } : {}),
    pinned: form.pinned,
    ...(form.cover ? { cover: form.cover } : {}),
    ...(summary ? { summary } : {}),
    blocks: toBlocks(blocks),
    ...(form.eventId ? { eventId: form.eventId } : {}),
  };
}

/**
 * The report as members will see it, through the report page's own view
 * function (pages/article/view.ts) and template. A photo not uploaded yet
 * shows from the phone.
 */
export function previewOf(form: ArticleForm, blocks: readonly EditorBlock[], now: number): ArticleView {
  const shown = blocks.map((b) => (b.type === 'image' && !b.src ? { ...b, src: b.localPath } : b));
  const at = form.date ? fromBeijing(form.date, form.time) : null;
  const article: Article = {
    id: form.id,
    title: form.title.trim(),
    column: COLUMNS[form.column] ?? COLUMNS[0],
    source: form.source.trim(),
    publishedAt: at ?? now,
    cover: form.cover,
    summary: form.summary,
    // The member's own open counts one more view.
    views: form.views + 1,
    pinned: form.pinned,
    author: form.author,
    status: 'published',
    blocks: toBlocks(shown),
    readers: 0,
    shares: 0,
    updatedAt: form.updatedAt,
  };
  return toArticleView(article);
}

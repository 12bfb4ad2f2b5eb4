// Payload schemas of the content function, with the messages a member or
// an editor sees. The importer validates through the same articleInputSchema
// as articles.save, so an imported report obeys exactly the same rules.
import { z } from 'zod';
import {
  ARTICLE_RULES as R,
  COLUMNS,
  isImageSrc,
  type ArticleInput,
  type Block,
  type Column,
} from '../../miniprogram/contract/content';
import { ID_PATTERN } from '../../miniprogram/contract/text';
import { attributionShape } from '../shares/fields';
import { plainText } from '../text';

/** Article ids: generated ids and our deterministic import ids (the contract's id characters). */
export { ID_PATTERN };

export const idSchema = z.string({ error: '缺少报道编号' }).regex(ID_PATTERN, '报道编号无效');

function text(max: number, label: string, multiline = false) {
  return plainText(z.string({ error: `${label}必须是文字` }), label, multiline)
    .min(1, `${label}不能为空`)
    .max(max, `${label}不能超过${max}个字`);
}

function optionalText(max: number, label: string, multiline = false) {
  return plainText(z.string({ error: `${label}必须是文字` }), label, multiline)
    .max(max, `${label}不能超过${max}个字`)
    .optional();
}

const imageSrc = z.string({ error: '缺少图片地址' }).refine(isImageSrc, '图片地址须为云存储文件或 https 链接');

const pixels = (label: string) =>
  z
    .number({ error: `图片${label}必须是数字` })
    .int(`图片${label}必须是整数`)
    .min(1, `图片${label}无效`)
    .max(20000, `图片${label}无效`)
    .optional();

export const unknownKeys = { error: '包含不支持的字段' };

export const paragraphSchema = z.strictObject(
  { type: z.literal('paragraph'), text: text(R.paragraphMax, '段落', true) },
  unknownKeys,
);
export const headingSchema = z.strictObject(
  { type: z.literal('heading'), text: text(R.headingMax, '小标题') },
  unknownKeys,
);
export const imageSchema = z.strictObject(
  {
    type: z.literal('image'),
    src: imageSrc,
    caption: optionalText(R.captionMax, '图片说明'),
    width: pixels('宽度'),
    height: pixels('高度'),
    thumb: z.string({ error: '缩略图地址无效' }).refine(isImageSrc, '缩略图须为云存储文件或 https 链接').optional(),
  },
  unknownKeys,
);

export const blockSchema = z.discriminatedUnion('type', [paragraphSchema, headingSchema, imageSchema], {
  error: '正文内容块类型无效',
});

/** Blocks as stored: no empty caption, no undefined keys. */
export function normalizeBlocks(blocks: ReadonlyArray<z.output<typeof blockSchema>>): Block[] {
  return blocks.map((b): Block => {
    if (b.type !== 'image') return { type: b.type, text: b.text };
    return {
      type: 'image',
      src: b.src,
      ...(b.caption ? { caption: b.caption } : {}),
      ...(b.width ? { width: b.width } : {}),
      ...(b.height ? { height: b.height } : {}),
      ...(b.thumb ? { thumb: b.thumb } : {}),
    };
  });
}

/** Every time we store or hand out (publish dates, event times, cursors) lies in here. */
export const EARLIEST = Date.UTC(1990, 0, 1);
export const LATEST = Date.UTC(2100, 0, 1);

export const articleInputSchema: z.ZodType<ArticleInput> = z.strictObject(
  {
    id: idSchema.optional(),
    column: z.enum(COLUMNS as unknown as [Column, ...Column[]], { error: '请选择栏目' }),
    title: text(R.titleMax, '标题'),
    source: optionalText(R.sourceMax, '来源'),
    author: optionalText(R.authorMax, '作者'),
    publishedAt: z
      .number({ error: '发布时间无效' })
      .int('发布时间无效')
      .min(EARLIEST, '发布时间无效')
      .max(LATEST, '发布时间无效')
      .optional(),
    pinned: z.boolean({ error: '置顶须为是或否' }).optional(),
    cover: z
      .string({ error: '封面地址无效' })
      .refine((s) => s === '' || isImageSrc(s), '封面须为云存储文件或 https 链接')
      .optional(),
    summary: optionalText(R.summaryMax, '摘要', true),
    blocks: z
      .array(blockSchema, { error: '正文格式无效' })
      .min(1, '正文不能为空')
      .max(R.blocksMax, `正文内容块不能超过${R.blocksMax}个`)
      .transform(normalizeBlocks),
    eventId: idSchema.optional(),
  },
  unknownKeys,
);

/** Payloads that may be omitted by the client altogether. */
export function objectOrEmpty<T extends z.ZodType>(schema: T) {
  return z.preprocess((v) => (v === undefined || v === null ? {} : v), schema);
}

export const cursorSchema = z.string({ error: '分页参数无效' }).min(1, '分页参数无效').max(300, '分页参数无效');

export const listSchema = objectOrEmpty(
  z.strictObject(
    {
      column: z.enum(COLUMNS as unknown as [Column, ...Column[]], { error: '栏目不存在' }).optional(),
      cursor: cursorSchema.optional(),
      pageSize: z
        .number({ error: '每页条数无效' })
        .int('每页条数无效')
        .min(1, '每页条数无效')
        .max(R.pageSizeMax, `每页最多${R.pageSizeMax}条`)
        .optional(),
    },
    unknownKeys,
  ),
);

export const searchSchema = z.strictObject(
  {
    // Blank or punctuation-only text is not an error: it finds nothing (server/content/query.ts).
    q: plainText(z.string({ error: '请输入搜索内容' }), '搜索内容').max(R.searchMax, {
      error: (iss) =>
        `搜索内容不能超过${R.searchMax}个字（现有${typeof iss.input === 'string' ? iss.input.length : '更多'}个字）`,
    }),
    cursor: cursorSchema.optional(),
  },
  unknownKeys,
);

export const openSchema = z.strictObject(
  {
    id: idSchema,
    /** Attribution (server/shares): the share token and the group chat's cloudID. */
    ...attributionShape,
    /** Where the list showed it: lets the open read 上一篇/下一篇 at once (checked against the report). */
    place: z
      .strictObject(
        {
          column: z.enum(COLUMNS as unknown as [Column, ...Column[]], { error: '栏目不存在' }),
          at: z
            .number({ error: '发布时间无效' })
            .int('发布时间无效')
            .min(EARLIEST, '发布时间无效')
            .max(LATEST, '发布时间无效'),
        },
        unknownKeys,
      )
      .optional(),
  },
  unknownKeys,
);

export const idPayloadSchema = z.strictObject({ id: idSchema }, unknownKeys);

export const adminListSchema = z.strictObject(
  {
    status: z.enum(['draft', 'published'], { error: '状态无效' }),
    cursor: cursorSchema.optional(),
  },
  unknownKeys,
);

export const noPayloadSchema: z.ZodType<undefined> = z
  .union([z.undefined(), z.null(), z.strictObject({}, unknownKeys)])
  .transform(() => undefined);

/** The first problem of a failed parse, as a field and a Chinese message. */
export function describeIssue(error: z.ZodError): { field: string | undefined; message: string } {
  const issue = error.issues[0];
  const field = issue && issue.path.length ? issue.path.map(String).join('.') : undefined;
  const message = issue && /[\u4e00-\u9fa5]/.test(issue.message) ? issue.message : '内容格式有误';
  return { field, message };
}

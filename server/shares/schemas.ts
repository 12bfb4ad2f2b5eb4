// Payload schemas of the sharing actions, and the attribution fields that
// `articles.open` and `events.get` accept.
import { z } from 'zod';
import { isNewShareToken, SHARE_TARGET_TYPES, type ShareTargetType } from '../../miniprogram/contract/index';
import { ID_PATTERN } from '../content/schemas';
import { eventRefSchema } from '../events/schemas';
import { attributionShape } from './fields';

const unknownKeys = { error: '包含不支持的字段' };

export const targetTypeSchema = z.enum(SHARE_TARGET_TYPES as unknown as [ShareTargetType, ...ShareTargetType[]], {
  error: '分享对象类型无效',
});

/** Report and event ids alike: generated ids and the importer's deterministic ones. */
export const targetIdSchema = z.string({ error: '缺少编号' }).regex(ID_PATTERN, '编号无效');

export { attributionShape };

/** events.get with attribution. */
export const eventGetSchema = eventRefSchema.extend(attributionShape);

export const shareCreateSchema = z.strictObject(
  {
    targetType: targetTypeSchema,
    targetId: targetIdSchema,
    /** Proposed by the page so a Moments share can carry it synchronously; retries are idempotent. */
    token: z.string({ error: '分享参数无效' }).refine(isNewShareToken, '分享参数无效').optional(),
  },
  unknownKeys,
);

export const statsSchema = z.strictObject({ id: targetIdSchema }, unknownKeys);

export const qrcodeSchema = z.strictObject({ targetType: targetTypeSchema, id: targetIdSchema }, unknownKeys);

export const sceneSchema = z.strictObject(
  { scene: z.string({ error: '小程序码参数无效' }).min(1, '小程序码参数无效').max(64, '小程序码参数无效') },
  unknownKeys,
);

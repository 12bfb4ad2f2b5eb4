// The attribution fields an open accepts (articles.open, events.get). Apart
// from the other schemas so the content and events schemas can import it
// without a cycle.
import { z } from 'zod';
import { isShareToken, SHARE_RULES } from '../../miniprogram/contract/shares';

export const attributionShape = {
  shareToken: z.string({ error: '分享参数无效' }).refine(isShareToken, '分享参数无效').optional(),
  groupCloudId: z
    .string({ error: '群信息无效' })
    .min(1, '群信息无效')
    .max(SHARE_RULES.groupCloudIdMax, '群信息无效')
    .optional(),
};

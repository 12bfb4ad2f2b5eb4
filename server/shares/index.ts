// Sharing, one implementation for reports and events: share tokens and
// attribution (server/shares/attribution.ts, used by articles.open and
// events.get), statistics for staff, mini program codes. The actions below
// are served by the `content` function.
import type { SharesActions } from '../../miniprogram/contract/index';
import type { ActionTable } from '../router';
import { createShare } from './create';
import { qrcodeFor, resolveScene } from './qrcode';
import { qrcodeSchema, sceneSchema, shareCreateSchema, statsSchema } from './schemas';
import { articleStats, shareStats } from './stats';

export * from './model';
export * from './attribution';
export * from './schemas';
export { createShare } from './create';
export { articleStats, shareStats, topSharers } from './stats';
export { qrcodeFor, resolveScene, sceneCodeFor, sceneFor } from './qrcode';

export const sharesActions: ActionTable<SharesActions> = {
  'shares.create': {
    access: 'member',
    schema: shareCreateSchema,
    run: (p, ctx) => createShare({ type: p.targetType, id: p.targetId }, ctx.member(), p.token, ctx.now),
  },
  'stats.article': { access: 'admin', schema: statsSchema, run: (p) => articleStats(p.id) },
  'stats.event': { access: 'admin', schema: statsSchema, run: (p) => shareStats({ type: 'event', id: p.id }) },
  'content.qrcode': {
    // Members draw posters; a code is made once per target, then served from the cache.
    access: 'member',
    schema: qrcodeSchema,
    run: (p) => qrcodeFor({ type: p.targetType, id: p.id }),
  },
  'scene.resolve': { access: 'public', schema: sceneSchema, run: (p) => resolveScene(p.scene) },
};

// Cloud function `content`: activity reports. One router, actions per
// miniprogram/contract/content.ts; sharing per miniprogram/contract/shares.ts.
import { COLUMNS, type ContentActions } from '../../miniprogram/contract/content';
import type { SharesActions } from '../../miniprogram/contract/shares';
import { createMain } from '../../server/router';
import {
  adminListSchema,
  articleInputSchema,
  getLive,
  idPayloadSchema,
  listForAdmin,
  listPublished,
  listSchema,
  noPayloadSchema,
  openArticle,
  openSchema,
  reindexBatch,
  removeArticle,
  saveArticle,
  searchPublished,
  searchSchema,
  setStatus,
  toArticle,
} from '../../server/content/index';
import { sharesActions } from '../../server/shares/index';

export const main = createMain<ContentActions & SharesActions>({
  // Sharing (server/shares): shares.create, stats.article, stats.event, content.qrcode, scene.resolve.
  ...sharesActions,
  columns: {
    access: 'public',
    schema: noPayloadSchema,
    run: async () => ({ columns: [...COLUMNS] }),
  },
  'articles.list': {
    access: 'public',
    schema: listSchema,
    run: (p) => listPublished(p),
  },
  'articles.open': {
    // Public: Moments single-page mode calls without OPENID; then the view
    // is counted and nothing else (no reader record, no attribution).
    access: 'public',
    schema: openSchema,
    run: (p, ctx) => openArticle(p.id, ctx.openid, p),
  },
  'articles.search': {
    access: 'public',
    schema: searchSchema,
    run: (p) => searchPublished(p),
  },
  'articles.adminList': {
    access: 'admin',
    schema: adminListSchema,
    run: (p) => listForAdmin(p),
  },
  'articles.get': {
    access: 'admin',
    schema: idPayloadSchema,
    run: async (p) => toArticle(await getLive(p.id)),
  },
  'articles.save': {
    access: 'admin',
    schema: articleInputSchema,
    run: (p, ctx) => saveArticle(p, ctx.now),
  },
  'articles.publish': {
    access: 'admin',
    schema: idPayloadSchema,
    run: (p, ctx) => setStatus(p.id, 'published', ctx.now),
  },
  'articles.unpublish': {
    access: 'admin',
    schema: idPayloadSchema,
    run: (p, ctx) => setStatus(p.id, 'draft', ctx.now),
  },
  'articles.remove': {
    access: 'admin',
    schema: idPayloadSchema,
    run: (p, ctx) => removeArticle(p.id, ctx.now),
  },
  'articles.reindex': {
    access: 'admin',
    schema: noPayloadSchema,
    run: () => reindexBatch(),
  },
});

// What a shared report looks like in a chat. Issue 5 adds the sharer's
// token to the path and the Moments variant; keep this the one place.

export const DEFAULT_SHARE_IMAGE = '/images/share-default.png';

export interface ArticleShareInput {
  id: string;
  title: string;
  /** Cover or first photo; '' falls back to the default card. */
  image: string;
}

export function articleSharePath(id: string): string {
  return `/pages/article/index?id=${encodeURIComponent(id)}`;
}

export function buildArticleShare(a: ArticleShareInput): WechatMiniprogram.Page.ICustomShareContent {
  return {
    title: a.title || '安徽省环保产业协会',
    path: articleSharePath(a.id),
    imageUrl: a.image || DEFAULT_SHARE_IMAGE,
  };
}

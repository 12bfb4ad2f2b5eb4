// What a shared report looks like in a chat and in Moments. The work is in
// utils/share.ts (one implementation for reports and events); this keeps
// the report's own names.

import {
  chatShare,
  sharePath,
  timelineShare,
  type ChatShare,
  type ShareTarget,
  type TimelineShare,
} from '../../utils/share';

export { DEFAULT_SHARE_IMAGE, pickShareImage } from '../../utils/share';

export interface ArticleShareInput {
  id: string;
  title: string;
  /** Picked by pickShareImage: cover, else first photo, else the default card. */
  image: string;
}

export function articleShareTarget(a: ArticleShareInput): ShareTarget {
  return { type: 'article', id: a.id, title: a.title, image: a.image };
}

export function articleSharePath(id: string, token?: string): string {
  return sharePath('article', id, token);
}

export function buildArticleShare(a: ArticleShareInput, token?: string): ChatShare {
  return chatShare(articleShareTarget(a), token);
}

export function buildArticleTimeline(a: ArticleShareInput, token?: string): TimelineShare {
  return timelineShare(articleShareTarget(a), token);
}

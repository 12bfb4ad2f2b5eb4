// The report page's display data, derived once from an Article so the
// template stays dumb and setData carries only what is shown.

import { PLACEHOLDER_IMAGE, type Article, type Block, type EventDetail } from '../../contract/index';
import { formatArticleMeta, formatDateTime, formatTimeRange } from '../../utils/format';
import { pickShareImage } from '../../utils/share';

export type BlockView =
  | { key: string; type: 'paragraph'; text: string }
  | { key: string; type: 'heading'; text: string }
  /** photo: index into ArticleView.photos, -1 for the bundled placeholder (nothing to enlarge). */
  | { key: string; type: 'image'; src: string; caption: string; photo: number; style: string };

export interface ArticleView {
  column: string;
  title: string;
  meta: string;
  blocks: BlockView[];
  /** Every photo of the report, in order: what wx.previewImage pages through. */
  photos: string[];
  /** Cover, else first photo, else the default card (pickShareImage; never the placeholder). */
  shareImage: string;
}

function blockView(block: Block, index: number, photos: string[]): BlockView | null {
  const key = `b${index}`;
  switch (block.type) {
    case 'paragraph': {
      const text = block.text.trim();
      return text ? { key, type: 'paragraph', text } : null;
    }
    case 'heading': {
      const text = block.text.trim();
      return text ? { key, type: 'heading', text } : null;
    }
    case 'image': {
      if (!block.src) return null;
      // An imported report may only know a photo's caption: the bundled
      // placeholder stands in, and is neither previewed nor shared.
      const real = block.src !== PLACEHOLDER_IMAGE;
      if (real) photos.push(block.src);
      // Reserve the photo's height before it loads when its size is known.
      const style =
        block.width && block.height && block.width > 0 && block.height > 0
          ? `min-height: calc((750rpx - 64rpx) * ${block.height} / ${block.width});`
          : '';
      return {
        key,
        type: 'image',
        src: block.src,
        caption: (block.caption || '').trim(),
        photo: real ? photos.length - 1 : -1,
        style,
      };
    }
    default:
      return null;
  }
}

export function toArticleView(a: Article): ArticleView {
  const photos: string[] = [];
  const blocks: BlockView[] = [];
  (a.blocks || []).forEach((b, i) => {
    const v = blockView(b, i, photos);
    if (v) blocks.push(v);
  });
  return {
    column: a.column,
    title: a.title,
    meta: formatArticleMeta(a),
    blocks,
    photos,
    shareImage: pickShareImage(a.cover, photos),
  };
}

export interface EventCardView {
  id: string;
  title: string;
  time: string;
  place: string;
  /** A short state next to the button: 报名截止时间, 已截止, 已取消, 已报名. */
  note: string;
  action: string;
}

export function toEventCard(e: EventDetail, now: number = Date.now()): EventCardView {
  let note: string;
  let action = '报名';
  if (e.status === 'cancelled') {
    note = '活动已取消';
    action = '查看';
  } else if (e.mySignup && e.mySignup.status !== 'cancelled') {
    note = e.mySignup.status === 'waitlisted' ? '候补中' : '已报名';
    action = '查看';
  } else if (now > e.signupDeadline || now > e.startAt) {
    note = '报名已截止';
    action = '查看';
  } else {
    note = `报名截止 ${formatDateTime(e.signupDeadline)}`;
  }
  return { id: e.id, title: e.title, time: formatTimeRange(e.startAt, e.endAt), place: e.place, note, action };
}

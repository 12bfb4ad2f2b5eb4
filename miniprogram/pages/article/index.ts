// A report: column, title, meta line, body blocks, a linked event's card,
// share. Opening it is one call (`articles.open`) that also counts the view.

import type { EventCardView, BlockView } from './view';
import { toArticleView, toEventCard } from './view';
import { buildArticleShare } from './share';
import { call, CloudError, errorMessage } from '../../services/cloud';
import { queryText } from '../../utils/format';

type Status = 'loading' | 'ready' | 'error' | 'not-found';

/** Codes that mean "there is no such report for you", not "try again". */
function isGone(err: unknown): boolean {
  return err instanceof CloudError && (err.code === 'NOT_FOUND' || err.code === 'VALIDATION');
}

Component({
  data: {
    status: 'loading' as Status,
    error: '',
    errorType: 'error',
    id: '',
    column: '',
    title: '',
    meta: '',
    blocks: [] as BlockView[],
    photos: [] as string[],
    shareImage: '',
    event: null as EventCardView | null,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const id = queryText(query.id);
      if (!id) {
        this.setData({ status: 'not-found' });
        return;
      }
      this.setData({ id });
      this.openArticle();
    },

    async openArticle(): Promise<void> {
      const id = this.data.id;
      if (this.data.status !== 'loading') this.setData({ status: 'loading', error: '' });
      try {
        const article = await call('content', 'articles.open', { id });
        const view = toArticleView(article);
        this.setData({ status: 'ready', ...view });
        if (article.eventId) this.loadEvent(article.eventId);
      } catch (err) {
        if (isGone(err)) {
          this.setData({ status: 'not-found' });
          return;
        }
        const network = err instanceof CloudError && err.code === 'NETWORK';
        this.setData({ status: 'error', error: errorMessage(err), errorType: network ? 'network' : 'error' });
      }
    },

    /** Best effort: a report reads fine without its event card. */
    async loadEvent(eventId: string): Promise<void> {
      try {
        const detail = await call('events', 'events.get', { id: eventId });
        this.setData({ event: toEventCard(detail) });
      } catch {
        if (this.data.event) this.setData({ event: null });
      }
    },

    onRetry() {
      this.openArticle();
    },

    onImageTap(e: WechatMiniprogram.TouchEvent<Record<string, never>, Record<string, never>, { photo: number }>) {
      const urls = this.data.photos;
      const index = e.currentTarget.dataset.photo;
      const current = index >= 0 ? urls[index] : undefined;
      if (!current) return;
      wx.previewImage({ current, urls, showmenu: true });
    },

    onEventTap() {
      const event = this.data.event;
      if (!event) return;
      wx.navigateTo({ url: `/pages/event/index?id=${encodeURIComponent(event.id)}` });
    },

    onHomeTap() {
      wx.switchTab({ url: '/pages/home/index' });
    },

    onShareAppMessage(): WechatMiniprogram.Page.ICustomShareContent {
      return buildArticleShare({ id: this.data.id, title: this.data.title, image: this.data.shareImage });
    },
  },
});

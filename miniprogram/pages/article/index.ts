// A report: column, title, meta line, body blocks, a linked event's card,
// share. Opening it is one call (`articles.open`) that also counts the view
// and, for a report opened through a share or from a group chat, credits
// the sharer and counts the group (utils/share.ts).
//
// Entry: `?id=…&st=…` from a share, `?scene=…` from a mini program code.
// In Moments single-page mode (scene 1154) the report reads the same, but
// member actions (sign-up, sharing, posters) prompt to open the full mini
// program: there is no login and no navigation there.

import type { EventCardView, BlockView } from './view';
import { toArticleView, toEventCard } from './view';
import { articleShareTarget } from './share';
import { call, CloudError, errorMessage } from '../../services/cloud';
import {
  attributionFor,
  chatShareWithToken,
  entryId,
  prepareShareImage,
  readEntry,
  SINGLE_PAGE_PROMPT,
  timelineShareWithToken,
  type Entry,
} from '../../utils/share';
import { isColumn, type ArticleLink, type ArticlePlace, type OpenAttribution } from '../../contract/index';
import { articleUrl } from '../../components/article-item/view';
import { singlePageMode } from '../../behaviors/single-page';

type Status = 'loading' | 'ready' | 'error' | 'not-found';

const ROUTE = 'pages/article/index';

/** Codes that mean "there is no such report for you", not "try again". */
function isGone(err: unknown): boolean {
  return err instanceof CloudError && (err.code === 'NOT_FOUND' || err.code === 'VALIDATION');
}

interface Hidden {
  entry: Entry;
  /** Attribution goes with the first open that succeeds, never with a later one. */
  attributed: boolean;
  /** Where the list showed it (`c`, `t` in the link): the open reads 上一篇/下一篇 at once. */
  place: ArticlePlace | null;
}

function placeOf(query: Record<string, string | undefined>): ArticlePlace | null {
  const column = query.c ? decodeURIComponent(query.c) : '';
  const at = Number(query.t);
  return isColumn(column) && Number.isSafeInteger(at) && at > 0 ? { column, at } : null;
}
const hidden = new WeakMap<object, Hidden>();

Component({
  behaviors: [singlePageMode],
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
    /** 上一篇 (newer) and 下一篇 (older) in the column: they come with the open, no call of their own. */
    prev: null as ArticleLink | null,
    next: null as ArticleLink | null,
    /** Moments single-page mode. */
    singlePagePrompt: SINGLE_PAGE_PROMPT,
    posterShown: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const entry = readEntry(query, 'article');
      hidden.set(this, { entry, attributed: false, place: placeOf(query) });
      // The share menus only for a report that can be found.
      const found = !!(entry.id || entry.scene);
      this.checkSinglePage(found);
      if (!found) {
        this.setData({ status: 'not-found' });
        return;
      }
      this.setData({ id: entry.id });
      this.openArticle();
    },

    async openArticle(): Promise<void> {
      const state = hidden.get(this);
      if (this.data.status !== 'loading') this.setData({ status: 'loading', error: '' });
      try {
        let id = this.data.id;
        if (!id && state) {
          id = await entryId(state.entry, 'article');
          if (!id) {
            this.setData({ status: 'not-found' });
            return;
          }
          this.setData({ id });
        }
        // Without a login (single-page mode) the server counts the view and ignores the rest.
        const attribution: OpenAttribution =
          state && !state.attributed ? await attributionFor(ROUTE, id, state.entry.token) : {};
        const place = state?.place;
        const article = await call('content', 'articles.open', { id, ...attribution, ...(place ? { place } : {}) });
        if (state) state.attributed = true;
        const view = toArticleView(article);
        this.setData({ status: 'ready', ...view, prev: article.prev ?? null, next: article.next ?? null });
        if (!this.data.singlePage) prepareShareImage(view.shareImage);
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
      // No navigation in single-page mode: sign-up happens in the full mini program.
      if (this.promptIfSinglePage()) return;
      wx.navigateTo({ url: `/pages/event/index?id=${encodeURIComponent(event.id)}` });
    },

    /** Reading on replaces this page, so going back still returns to the list. */
    onNeighbourTap(e: WechatMiniprogram.TouchEvent<Record<string, never>, Record<string, never>, { id?: string }>) {
      const id = e.currentTarget.dataset.id;
      const link = [this.data.prev, this.data.next].find((l) => l && l.id === id);
      if (!id || !link) return;
      if (this.promptIfSinglePage()) return;
      const column = this.data.column;
      wx.redirectTo({ url: articleUrl(id, isColumn(column) ? { column, at: link.at } : undefined) });
    },

    onPosterTap() {
      if (this.promptIfSinglePage()) return;
      this.setData({ posterShown: true });
    },

    onPosterClose() {
      this.setData({ posterShown: false });
    },

    onHomeTap() {
      // No navigation in single-page mode: the member opens the full mini program first.
      if (this.promptIfSinglePage()) return;
      wx.switchTab({ url: '/pages/home/index' });
    },

    shareTarget() {
      return articleShareTarget({ id: this.data.id, title: this.data.title, image: this.data.shareImage });
    },

    /** Registers the share only for a report that is on screen, and never in single-page mode (no login). */
    canRegisterShare(): boolean {
      return this.data.status === 'ready' && !this.data.singlePage;
    },

    onShareAppMessage() {
      return chatShareWithToken(this.shareTarget(), this.canRegisterShare());
    },

    onShareTimeline() {
      return timelineShareWithToken(this.shareTarget(), this.canRegisterShare());
    },
  },
});

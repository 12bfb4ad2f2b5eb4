// Event detail: everything about the event (the venue with 导航 when staff
// picked it on the map), a live countdown to the sign-up deadline, the 报名 button (disabled with the reason when it cannot be
// used) and, once signed up, the result and the member's check-in code
// (with 添加到日历 where the base library has it).
// Sharing (utils/share.ts): both menus, the sharer's token in the path, the
// first load attributed (share token, group chat); `?scene=` from a code;
// in Moments single-page mode 报名 prompts to open the full mini program.
import { COMPANION_MESSAGES, type EventDetail, type OpenAttribution } from '../../contract/index';
import { call, CloudError, errorMessage } from '../../services/cloud';
import {
  availability,
  formatCountdown,
  isActiveSignup,
  seatsText,
  signupBadge,
  signupBlockedReason,
  signupResultView,
  submittedNotice,
  type SignupResultView,
} from '../../utils/event-view';
import { formatDateTime, formatTimeRange } from '../../utils/format';
import {
  attributionFor,
  chatShareWithToken,
  entryId,
  prepareShareImage,
  readEntry,
  timelineShareWithToken,
  type Entry,
  type ShareTarget,
} from '../../utils/share';
import { signupVersion, takeLastResult } from '../../utils/signup-state';
import { addToCalendarFromTap, offersCalendar, openVenue } from '../../utils/venue';
import { singlePageMode } from '../../behaviors/single-page';

const ROUTE = 'pages/event/index';

interface Hidden {
  id: string;
  event: EventDetail | null;
  timer: ReturnType<typeof setInterval> | null;
  /** signupVersion() when this page last loaded. */
  version: number;
  entry: Entry;
  /** Attribution goes with the first load that succeeds only (not refreshes). */
  attributed: boolean;
}
const hidden = new WeakMap<object, Hidden>();

function stopTimer(state: Hidden | undefined): void {
  if (state && state.timer !== null) {
    clearInterval(state.timer);
    state.timer = null;
  }
}

/** A scene that resolves to nothing (unknown or malformed code): retrying cannot help. */
function isGone(err: unknown): boolean {
  return err instanceof CloudError && (err.code === 'NOT_FOUND' || err.code === 'VALIDATION');
}

/** state-view's picture for an error that 重试 may fix. */
function errorType(err: unknown): 'network' | 'error' {
  return err instanceof CloudError && err.code === 'NETWORK' ? 'network' : 'error';
}

Component({
  behaviors: [singlePageMode],
  data: {
    loading: true,
    loadError: '',
    loadErrorType: 'error',
    ev: {
      title: '',
      summary: '',
      place: '',
      /** The map venue's address, when staff picked one: the place cell then offers 导航. */
      address: '',
      time: '',
      deadline: '',
      seats: '',
      capacityText: '',
      cover: '',
      articleId: '',
      cancelled: false,
      /** 需审核: sign-ups wait for the organiser's approval. */
      reviewRequired: false,
    },
    badge: null as ReturnType<typeof signupBadge>,
    signup: null as SignupResultView | null,
    notice: '',
    countdown: '',
    blockedReason: '',
    buttonText: '立即报名',
    showSignupButton: true,
    /** 添加到日历: a confirmed sign-up, an event still to come, a base library that has the API. */
    showCalendar: false,
    /** Moments single-page mode. */
  },

  lifetimes: {
    detached() {
      stopTimer(hidden.get(this));
      hidden.delete(this);
    },
  },

  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const entry = readEntry(query, 'event');
      hidden.set(this, {
        id: entry.id,
        event: null,
        timer: null,
        version: signupVersion(),
        entry,
        attributed: false,
      });
      this.checkSinglePage();
      this.load();
    },

    onShow() {
      // Back from the form or from 我的报名 after a change: show it.
      const state = hidden.get(this);
      if (state && state.event && state.version !== signupVersion()) this.load();
    },

    onUnload() {
      stopTimer(hidden.get(this));
    },

    onPullDownRefresh() {
      this.load().then(() => wx.stopPullDownRefresh());
    },

    onRetry() {
      this.setData({ loading: true, loadError: '' });
      this.load();
    },

    async load() {
      const state = hidden.get(this);
      if (!state) return;
      if (!state.id && state.entry.scene) {
        try {
          state.id = await entryId(state.entry, 'event');
        } catch (err) {
          // Only a code the server does not know is "not found"; anything
          // else (offline, a timeout) may work on 重试.
          if (!isGone(err)) {
            this.setData({ loading: false, loadError: errorMessage(err), loadErrorType: errorType(err) });
            return;
          }
          state.id = '';
        }
      }
      if (!state.id) {
        this.setData({
          loading: false,
          loadError: '活动不存在或已下线',
          loadErrorType: 'not-found',
        });
        return;
      }
      state.version = signupVersion();
      try {
        const attribution: OpenAttribution = state.attributed
          ? {}
          : await attributionFor(ROUTE, state.id, state.entry.token);
        const event = await call('events', 'events.get', { id: state.id, ...attribution });
        state.attributed = true;
        state.event = event;
        this.render(event);
        if (!this.data.singlePage) prepareShareImage(event.cover);
      } catch (err) {
        // Keep what is on screen when a refresh fails.
        if (state.event) {
          wx.showToast({ title: errorMessage(err), icon: 'none' });
          return;
        }
        const notFound = err instanceof CloudError && err.code === 'NOT_FOUND';
        this.setData({
          loading: false,
          loadError: errorMessage(err),
          loadErrorType: notFound ? 'not-found' : errorType(err),
        });
      }
    },

    render(event: EventDetail) {
      const now = Date.now();
      const state = hidden.get(this);
      const just = state ? takeLastResult(state.id) : null;
      const mine = event.mySignup;
      const active = isActiveSignup(mine);
      this.setData({
        loading: false,
        loadError: '',
        ev: {
          title: event.title,
          summary: event.summary,
          place: event.place,
          address: event.location ? event.location.address : '',
          time: formatTimeRange(event.startAt, event.endAt),
          deadline: formatDateTime(event.signupDeadline),
          seats: seatsText(event, now),
          capacityText: `共${event.capacity}个名额，已报名${event.confirmed}人${
            event.waitlistEnabled ? `，候补${event.waitlisted}人` : ''
          }${event.groupMax > 1 ? `；${COMPANION_MESSAGES.tooMany(event.groupMax)}` : ''}`,
          cover: event.cover,
          articleId: event.articleId || '',
          cancelled: event.status === 'cancelled',
          reviewRequired: event.reviewRequired,
        },
        badge: signupBadge(mine),
        showCalendar: !this.data.singlePage && offersCalendar(event, mine, now),
        signup: mine ? signupResultView(event.id, mine) : null,
        notice: submittedNotice(just, mine),
        showSignupButton: !active,
        blockedReason: active ? '' : signupBlockedReason(event, now),
        buttonText:
          availability(event, now) === 'waitlist'
            ? '报名候补'
            : mine && mine.status === 'cancelled'
              ? '重新报名'
              : '立即报名',
      });
      wx.setNavigationBarTitle({ title: event.title });
      this.startCountdown();
    },

    /** Ticks every second until the deadline, then shows 报名已截止. */
    startCountdown() {
      const state = hidden.get(this);
      if (!state || !state.event) return;
      stopTimer(state);
      const tick = (): boolean => {
        const event = state.event;
        if (!event) return false;
        const now = Date.now();
        const countdown = event.status === 'cancelled' ? '' : formatCountdown(event.signupDeadline, now);
        if (countdown !== this.data.countdown) this.setData({ countdown });
        if (countdown) return true;
        const blockedReason = isActiveSignup(event.mySignup) ? '' : signupBlockedReason(event, now);
        if (blockedReason !== this.data.blockedReason) {
          this.setData({ blockedReason, 'ev.seats': seatsText(event, now) });
        }
        return false;
      };
      if (tick()) {
        state.timer = setInterval(() => {
          if (!tick()) stopTimer(state);
        }, 1000);
      }
    },

    onSignup() {
      const state = hidden.get(this);
      if (!state || this.data.blockedReason) return;
      // No login and no navigation in single-page mode: sign-up is in the full mini program.
      if (this.promptIfSinglePage()) return;
      wx.navigateTo({
        url: `/pages/signup/index?id=${encodeURIComponent(state.id)}`,
      });
    },

    onNavigate() {
      const state = hidden.get(this);
      const loc = state && state.event ? state.event.location : undefined;
      if (loc) openVenue(loc);
    },

    /** Synchronous from the tap: WeChat allows wx.addPhoneCalendar only there. */
    onAddToCalendar() {
      const state = hidden.get(this);
      if (!state || !state.event || !this.data.showCalendar) return;
      addToCalendarFromTap(state.event);
    },

    onMySignups() {
      if (this.promptIfSinglePage()) return;
      wx.navigateTo({ url: '/pages/my-signups/index' });
    },

    shareTarget(): ShareTarget {
      const state = hidden.get(this);
      return {
        type: 'event',
        id: state && state.event ? state.event.id : '',
        title: this.data.ev.title,
        image: this.data.ev.cover,
      };
    },

    /** Registers the share only for an event on screen, and never in single-page mode (no login). */
    canRegisterShare(): boolean {
      const state = hidden.get(this);
      return !!(state && state.event) && !this.data.singlePage;
    },

    onShareAppMessage() {
      return chatShareWithToken(this.shareTarget(), this.canRegisterShare());
    },

    onShareTimeline() {
      return timelineShareWithToken(this.shareTarget(), this.canRegisterShare());
    },
  },
});

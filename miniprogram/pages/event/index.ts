// Event detail: everything about the event, a live countdown to the sign-up
// deadline, the 报名 button (disabled with the reason when it cannot be
// used) and, once signed up, the result and the member's check-in code.
import type { EventDetail, MySignup } from '../../contract/index';
import { call, CloudError, errorMessage } from '../../services/cloud';
import {
  availability,
  formatCountdown,
  isActiveSignup,
  seatsText,
  signupBadge,
  signupBlockedReason,
  signupStatusText,
} from '../../utils/event-view';
import { formatDateTime, formatTimeRange } from '../../utils/format';
import { signupVersion, takeLastResult } from '../../utils/signup-state';

interface Hidden {
  id: string;
  event: EventDetail | null;
  timer: ReturnType<typeof setInterval> | null;
  /** signupVersion() when this page last loaded. */
  version: number;
}
const hidden = new WeakMap<object, Hidden>();

function stopTimer(state: Hidden | undefined): void {
  if (state && state.timer !== null) {
    clearInterval(state.timer);
    state.timer = null;
  }
}

function signupView(signup: MySignup) {
  return {
    status: signup.status,
    statusText: signupStatusText(signup),
    checkinCode: signup.checkinCode,
    showCode: signup.status === 'confirmed' || signup.status === 'checked_in',
  };
}

Component({
  data: {
    loading: true,
    loadError: '',
    loadErrorType: 'error',
    ev: {
      title: '',
      summary: '',
      place: '',
      time: '',
      deadline: '',
      seats: '',
      capacityText: '',
      cover: '',
      articleId: '',
      cancelled: false,
    },
    badge: null as ReturnType<typeof signupBadge>,
    signup: null as ReturnType<typeof signupView> | null,
    notice: '',
    countdown: '',
    blockedReason: '',
    buttonText: '立即报名',
    showSignupButton: true,
  },

  lifetimes: {
    detached() {
      stopTimer(hidden.get(this));
      hidden.delete(this);
    },
  },

  methods: {
    onLoad(query: Record<string, string | undefined>) {
      hidden.set(this, {
        id: query.id || '',
        event: null,
        timer: null,
        version: signupVersion(),
      });
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
        const event = await call('events', 'events.get', { id: state.id });
        state.event = event;
        this.render(event);
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
          loadErrorType: notFound ? 'not-found' : 'error',
        });
      }
    },

    render(event: EventDetail) {
      const now = Date.now();
      const state = hidden.get(this);
      const just = state ? takeLastResult(state.id) : null;
      const mine = event.mySignup;
      const active = isActiveSignup(mine);
      let notice = '';
      if (just && active) notice = just.status === 'waitlisted' ? '已进入候补名单' : '报名成功';
      this.setData({
        loading: false,
        loadError: '',
        ev: {
          title: event.title,
          summary: event.summary,
          place: event.place,
          time: formatTimeRange(event.startAt, event.endAt),
          deadline: formatDateTime(event.signupDeadline),
          seats: seatsText(event, now),
          capacityText: `共${event.capacity}个名额，已报名${event.confirmed}人${
            event.waitlistEnabled ? `，候补${event.waitlisted}人` : ''
          }`,
          cover: event.cover,
          articleId: event.articleId || '',
          cancelled: event.status === 'cancelled',
        },
        badge: signupBadge(mine),
        signup: mine ? signupView(mine) : null,
        notice,
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
      wx.navigateTo({
        url: `/pages/signup/index?id=${encodeURIComponent(state.id)}`,
      });
    },

    onMySignups() {
      wx.navigateTo({ url: '/pages/my-signups/index' });
    },

    onShareAppMessage() {
      const state = hidden.get(this);
      return {
        title: this.data.ev.title || '共建活动',
        path: `/pages/event/index?id=${encodeURIComponent(state ? state.id : '')}`,
      };
    },
  },
});

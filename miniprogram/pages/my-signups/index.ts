// 我的报名: every sign-up with its status and a check-in code per person
// (the member and each companion); in review or rejected with the staff's
// reason; cancel (after a confirm dialog) until the event starts, and the row
// updates in place; 添加到日历 on a confirmed one (utils/venue.ts).
import type { EventSummary, MySignup, SignupStatus } from '../../contract/index';
import { pagedList } from '../../behaviors/paged-list';
import { call, errorMessage } from '../../services/cloud';
import {
  cancelPrompt,
  peopleText,
  reviewHint,
  signupBadge,
  signupCancellable,
  ticketsOf,
  toEventRow,
  type EventRow,
  type Ticket,
} from '../../utils/event-view';
import { markSignupChanged, signupVersion } from '../../utils/signup-state';
import { addToCalendarFromTap, offersCalendar, type CalendarEvent } from '../../utils/venue';

interface SignupRow extends EventRow {
  /** One code per person; none until the sign-up holds seats. */
  tickets: Ticket[];
  /** 共N人 for a group. */
  peopleText: string;
  canCancel: boolean;
  /** What the cancel dialog says depends on it. */
  status: SignupStatus;
  hint: string;
  /** What 添加到日历 sends; null when not offered. */
  calendar: CalendarEvent | null;
}

interface MineItem {
  event: EventSummary;
  signup: MySignup;
}

function toRow(item: MineItem, now: number): SignupRow {
  const { event, signup } = item;
  const cancellable = signupCancellable(signup) && event.status !== 'cancelled' && event.startAt > now;
  let hint = '';
  if (event.status === 'cancelled') hint = '活动已取消';
  else if (signup.status === 'waitlisted') hint = '有人取消时按顺序递补';
  else hint = reviewHint(signup);
  return {
    ...toEventRow({ ...event, mySignup: signup }, now),
    tickets: ticketsOf(signup),
    peopleText: peopleText(signup),
    canCancel: cancellable,
    status: signup.status,
    hint,
    calendar: offersCalendar(event, signup, now)
      ? {
          title: event.title,
          startAt: event.startAt,
          endAt: event.endAt,
          place: event.place,
          ...(event.location ? { location: event.location } : {}),
        }
      : null,
  };
}

function confirmCancel(row: SignupRow): Promise<boolean> {
  return new Promise((resolve) => {
    wx.showModal({
      ...cancelPrompt(row.title, row.status),
      confirmColor: '#ee0a24',
      cancelText: '再想想',
      success: (res) => resolve(!!res.confirm),
      fail: () => resolve(false),
    });
  });
}

// signup.mine is one short list; the behavior still gives it skeleton,
// empty, error+retry and pull-down refresh.
const list = pagedList<MineItem, SignupRow>({
  load: async () => {
    const res = await call('events', 'signup.mine');
    return { items: res.items, nextCursor: null };
  },
  toView: (item) => toRow(item, Date.now()),
  version: signupVersion,
  start: { key: 'mine' },
});

Component({
  behaviors: [list],
  data: {
    cancellingId: '',
  },
  methods: {
    async onCancel(e: { currentTarget: { dataset: { id?: string } } }) {
      const id = e.currentTarget.dataset.id;
      if (!id || this.data.cancellingId) return;
      const index = this.data.items.findIndex((row) => row.id === id);
      const row = this.data.items[index];
      if (!row || !row.canCancel) return;
      if (!(await confirmCancel(row))) return;
      this.setData({ cancellingId: id });
      try {
        const signup = await call('events', 'signup.cancel', { eventId: id });
        markSignupChanged(id);
        // Our own change: no need to reload on the next show.
        this.markListCurrent();
        const updated: SignupRow = {
          ...row,
          badge: signupBadge(signup),
          tickets: ticketsOf(signup),
          canCancel: false,
          status: signup.status,
          calendar: null,
          hint: signup.status === 'cancelled' ? '已取消报名' : row.hint,
        };
        this.setData({ cancellingId: '', [`items[${index}]`]: updated });
        wx.showToast({ title: '已取消报名', icon: 'success' });
      } catch (err) {
        this.setData({ cancellingId: '' });
        wx.showToast({ title: errorMessage(err), icon: 'none' });
      }
    },

    /** Synchronous from the tap: WeChat allows wx.addPhoneCalendar only there. */
    onAddToCalendar(e: { currentTarget: { dataset: { id?: string } } }) {
      const row = this.data.items.find((r) => r.id === e.currentTarget.dataset.id);
      if (row && row.calendar) addToCalendarFromTap(row.calendar);
    },

    onBrowse() {
      wx.switchTab({ url: '/pages/events/index' });
    },

    /** Keeps taps on the extra lines from opening the event. */
    onNoop() {},
  },
});

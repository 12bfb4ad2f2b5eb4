// Events in the console: upcoming and past, with their counters, and the
// ways into editing, the attendee list and the check-in scanner.
import type { EventSummary } from '../../../contract/index';
import { pagedList, tabKey } from '../../../behaviors/paged-list';
import { call } from '../../../services/cloud';
import { formatTimeRange } from '../../../utils/format';
import { SCOPE_TABS } from '../../../utils/event-view';
import { ensureAdmin, FORBIDDEN_TITLE, isForbidden } from '../../utils/guard';

interface EventRow {
  id: string;
  title: string;
  time: string;
  place: string;
  cancelled: boolean;
  counts: string;
}

/** 已报名 12/40 · 候补 3 · 已签到 10 */
export function countsLine(e: EventSummary): string {
  const parts = [`已报名 ${e.confirmed}/${e.capacity}`];
  if (e.waitlistEnabled || e.waitlisted > 0) parts.push(`候补 ${e.waitlisted}`);
  parts.push(`已签到 ${e.checkedIn || 0}`);
  return parts.join(' · ');
}

const list = pagedList<EventSummary, EventRow>({
  load: (key, cursor) =>
    call('events', 'events.list', { scope: tabKey(SCOPE_TABS, key), ...(cursor ? { cursor } : {}) }),
  toView: (e) => ({
    id: e.id,
    title: e.title,
    time: formatTimeRange(e.startAt, e.endAt),
    place: e.place,
    cancelled: e.status === 'cancelled',
    counts: countsLine(e),
  }),
  tabs: SCOPE_TABS,
  // Back from the editor or the attendees: refreshed on show.
  start: { query: 'scope' },
});

Component({
  behaviors: [list],
  data: {
    forbidden: false,
    forbiddenTitle: FORBIDDEN_TITLE,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      // The list itself is public; the console is not.
      ensureAdmin().catch((err: unknown) => {
        if (isForbidden(err)) this.setData({ forbidden: true });
      });
      this.startList(query);
    },

    go(e: { currentTarget: { dataset: { id?: string; to?: string } } }) {
      const { id, to } = e.currentTarget.dataset;
      if (!id) return;
      const q = encodeURIComponent(id);
      if (to === 'edit') wx.navigateTo({ url: `/admin/pages/event-edit/index?id=${q}` });
      else if (to === 'attendees') wx.navigateTo({ url: `/admin/pages/attendees/index?eventId=${q}` });
      else if (to === 'checkin') wx.navigateTo({ url: `/admin/pages/checkin/index?eventId=${q}` });
    },

    onNew() {
      wx.navigateTo({ url: '/admin/pages/event-edit/index' });
    },
  },
});

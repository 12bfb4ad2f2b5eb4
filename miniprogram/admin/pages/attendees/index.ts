// Attendees of an event: counts per status, a status filter, search by
// name or unit, tap-to-call, manual check-in per person (a member and each
// companion), companions and custom-field answers on each row, review
// (通过 / 拒绝 with a reason, one by one or in bulk), and the xlsx export
// (made by the server, downloaded with progress, opened with
// wx.openDocument, or its link copied).
import { REVIEW_RULES, type EventDetail } from '../../../contract/index';
import { call, errorMessage } from '../../../services/cloud';
import { formatTimeRange, queryText } from '../../../utils/format';
import {
  countsOf,
  FILTERS,
  filterRows,
  isFilter,
  REVIEW_MESSAGES,
  reviewSelectionProblem,
  reviewSummary,
  toRow,
  visibleFilters,
  type AttendeeRow,
  type ReviewSummary,
  type StatusFilter,
} from '../../utils/attendees';
import { askText, confirm, toast } from '../../utils/guard';
import { charLength } from '../../../utils/validate';
import { firstLoad } from '../../behaviors/first-load';
import { sheetExport } from '../../behaviors/sheet-export';

interface Tab {
  name: StatusFilter;
  title: string;
}

/** Rows as loaded, per page instance (the template only gets the filtered ones). */
const allRows = new WeakMap<object, AttendeeRow[]>();

function headerOf(e: EventDetail) {
  return {
    title: e.title,
    time: formatTimeRange(e.startAt, e.endAt),
    place: e.place,
    cancelled: e.status === 'cancelled',
    capacity: e.capacity,
    confirmed: e.confirmed,
    waitlisted: e.waitlisted,
    checkedIn: e.checkedIn || 0,
    reviewRequired: e.reviewRequired,
    groups: e.groupMax > 1,
  };
}

type Decision = 'approve' | 'reject';

/** The title when the reason typed is too long: how many characters to cut. */
function reasonTooLong(over: number): string {
  return `原因超出${over}个字，请删减后再拒绝`;
}

interface RowTap {
  currentTarget: { dataset: { id?: string; index?: number | string } };
}

Component({
  behaviors: [firstLoad, sheetExport],
  data: {
    eventId: '',
    event: null as ReturnType<typeof headerOf> | null,
    tabs: FILTERS.map((f) => ({ name: f.name, title: f.label })) as Tab[],
    counts: countsOf([]),
    filter: 'all' as StatusFilter,
    q: '',
    rows: [] as AttendeeRow[],
    /** The person being checked in: a row id, or `${rowId}#${companionIndex}`. */
    checkingIn: '',
    /** Bulk review mode: checkboxes on the rows in review. */
    bulk: false,
    /** The sign-ups ticked in bulk mode, by id. */
    picked: {} as Record<string, boolean>,
    pickedCount: 0,
    /** The review call under way: the sign-up's id, or 'bulk' ('' when none). */
    reviewing: '',
    /** What that call decides: the button that spins ('' when none). */
    reviewDecision: '' as Decision | '',
    reviewResult: null as ReviewSummary | null,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const eventId = queryText(query.eventId);
      this.setData({ eventId, ...(isFilter(query.status) ? { filter: query.status } : {}) });
      if (!eventId) {
        this.setData({ status: 'not-found' });
        return;
      }
      this.load();
    },

    onPullDownRefresh() {
      this.load().then(() => wx.stopPullDownRefresh());
    },

    async load(): Promise<void> {
      try {
        const { event, attendees } = await call('events', 'signup.list', { eventId: this.data.eventId });
        const rows = attendees.map(toRow);
        allRows.set(this, rows);
        const counts = countsOf(rows);
        const filters = visibleFilters(event.reviewRequired, counts);
        // A tab that is gone (review switched off, its last row moved on) falls back to 全部, rows too.
        const filter: StatusFilter = filters.some((f) => f.name === this.data.filter) ? this.data.filter : 'all';
        this.setData({
          status: 'ready',
          event: headerOf(event),
          counts,
          tabs: filters.map((f) => ({ name: f.name, title: `${f.label} ${counts[f.name]}` })),
          filter,
          rows: filterRows(rows, filter, this.data.q),
        });
      } catch (err) {
        if (this.data.status === 'ready') {
          toast(errorMessage(err));
          return;
        }
        this.loadFailed(err);
      }
    },

    onRetryLoad() {
      this.setData({ status: 'loading' });
      this.load();
    },

    refilter() {
      this.setData({ rows: filterRows(allRows.get(this) || [], this.data.filter, this.data.q) });
    },

    onFilterChange(e: { detail: { name?: unknown } }) {
      if (!isFilter(e.detail.name)) return;
      this.setData({ filter: e.detail.name });
      this.refilter();
    },

    onSearch(e: { detail: unknown }) {
      this.setData({ q: typeof e.detail === 'string' ? e.detail : '' });
      this.refilter();
    },

    onCall(e: { currentTarget: { dataset: { phone?: string } } }) {
      const phone = e.currentTarget.dataset.phone;
      if (phone) wx.makePhoneCall({ phoneNumber: phone });
    },

    rowOf(id: unknown): AttendeeRow | undefined {
      return (allRows.get(this) || []).find((r) => r.id === id);
    },

    onCheckin(e: RowTap) {
      const row = this.rowOf(e.currentTarget.dataset.id);
      if (!row || !row.canCheckin) return;
      this.checkinPerson(row.id, `${row.name}（${row.unit}）`, row.code);
    },

    /** A companion checks in by their own code. */
    onCheckinCompanion(e: RowTap) {
      const row = this.rowOf(e.currentTarget.dataset.id);
      const i = Number(e.currentTarget.dataset.index);
      const companion = row?.companions[i];
      if (!row || !companion || !companion.canCheckin) return;
      this.checkinPerson(`${row.id}#${i}`, `${companion.name}（${row.name}的同行人员）`, companion.code);
    },

    async checkinPerson(key: string, who: string, code: string) {
      if (this.data.checkingIn) return;
      const ok = await confirm({ title: '手动签到', content: `为 ${who} 签到？`, confirmText: '签到' });
      if (!ok) return;
      this.setData({ checkingIn: key });
      try {
        const res = await call('events', 'signup.checkin', { eventId: this.data.eventId, code });
        const name = res.person.name;
        toast(res.result === 'checked_in' ? `${name} 已签到` : `${name} 已签到过，未重复计数`, 'none');
        await this.load();
      } catch (err) {
        toast(errorMessage(err));
      }
      this.setData({ checkingIn: '' });
    },

    // ---- review ----------------------------------------------------------

    onApprove(e: RowTap) {
      const row = this.rowOf(e.currentTarget.dataset.id);
      if (row?.canReview) this.review([row.id], 'approve');
    },

    onReject(e: RowTap) {
      const row = this.rowOf(e.currentTarget.dataset.id);
      if (row?.canReview) this.askReason([row.id]);
    },

    onToggleBulk() {
      this.setPicked([]);
      this.setData({ bulk: !this.data.bulk });
    },

    /** The picked rows still in review (a reload may have moved some on), in list order. */
    pickedIds(): string[] {
      const picked = this.data.picked;
      return (allRows.get(this) || []).filter((r) => r.canReview && picked[r.id]).map((r) => r.id);
    },

    setPicked(ids: readonly string[]) {
      this.setData({ picked: Object.fromEntries(ids.map((id) => [id, true])), pickedCount: ids.length });
    },

    onPick(e: RowTap) {
      const row = this.rowOf(e.currentTarget.dataset.id);
      if (!row?.canReview) return;
      const ids = this.pickedIds();
      this.setPicked(ids.includes(row.id) ? ids.filter((id) => id !== row.id) : [...ids, row.id]);
    },

    /** 全选 the rows in review on screen (filter and search apply); again to clear. */
    onPickAll() {
      const shown = this.data.rows.filter((r) => r.canReview).map((r) => r.id);
      const all = shown.length > 0 && shown.every((id) => this.data.picked[id]);
      this.setPicked(all ? [] : shown);
    },

    onBulk(e: { currentTarget: { dataset: { decision?: string } } }) {
      const ids = this.pickedIds();
      const problem = reviewSelectionProblem(ids);
      if (problem) {
        toast(problem);
        return;
      }
      if (e.currentTarget.dataset.decision === 'approve') this.review(ids, 'approve');
      else this.askReason(ids);
    },

    /**
     * 拒绝 asks for an optional reason (at most REVIEW_RULES.reasonMax
     * characters), then sends. Too long: asked again with the text as typed
     * and how much to cut; nothing is sent until it fits or staff cancel.
     */
    async askReason(ids: string[]) {
      if (this.data.reviewing) return;
      const title = ids.length > 1 ? `拒绝所选的 ${ids.length} 条报名` : '拒绝报名';
      let typed = '';
      for (;;) {
        const over = charLength(typed.trim()) - REVIEW_RULES.reasonMax;
        const answer = await askText({
          title: over > 0 ? reasonTooLong(over) : title,
          placeholder: `原因（选填，${REVIEW_RULES.reasonMax}字以内），成员会收到通知`,
          confirmText: '拒绝',
          text: typed,
        });
        if (answer === null) return;
        typed = answer;
        if (charLength(typed.trim()) <= REVIEW_RULES.reasonMax) break;
        toast(REVIEW_MESSAGES.reasonMax);
      }
      await this.review(ids, 'reject', typed.trim());
    },

    /** One signup.review call; its outcomes shown above the list, then the list as the cloud has it. */
    async review(ids: string[], decision: Decision, reason = '') {
      if (this.data.reviewing) return;
      this.setData({
        reviewing: ids.length === 1 && !this.data.bulk ? (ids[0] ?? '') : 'bulk',
        reviewDecision: decision,
      });
      try {
        const { outcomes } = await call('events', 'signup.review', {
          eventId: this.data.eventId,
          ids,
          decision,
          ...(decision === 'reject' && reason ? { reason } : {}),
        });
        const summary = reviewSummary(decision, outcomes, allRows.get(this) || []);
        this.setPicked([]);
        this.setData({ reviewResult: summary, bulk: false });
        toast(summary.headline);
        await this.load();
      } catch (err) {
        toast(errorMessage(err));
      }
      this.setData({ reviewing: '', reviewDecision: '' });
    },

    onCloseReviewResult() {
      this.setData({ reviewResult: null });
    },

    // ---- export (behaviors/sheet-export.ts) ----------------------------------

    onExport() {
      void this.exportSheet(() => call('events', 'signup.export', { eventId: this.data.eventId }));
    },
  },
});

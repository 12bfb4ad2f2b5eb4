// The attendee list as the console shows it: rows (with companions and
// answers), counts per status, the status filter, the name/unit search, and
// what a review call's outcomes say.
import { REVIEW_RULES, type Attendee, type ReviewOutcome, type SignupStatus } from '../../contract/index';
import { signupStatusText, type BadgeType } from '../../utils/event-view';
import { formatDateTime } from '../../utils/format';

export type StatusFilter = 'all' | SignupStatus;

export const FILTERS: Array<{ name: StatusFilter; label: string }> = [
  { name: 'all', label: '全部' },
  { name: 'reviewing', label: '待审核' },
  { name: 'confirmed', label: '待签到' },
  { name: 'checked_in', label: '已签到' },
  { name: 'waitlisted', label: '候补' },
  { name: 'rejected', label: '未通过' },
  { name: 'cancelled', label: '已取消' },
];

/** Filters about review: shown only for events in review mode, or that have such sign-ups. */
const REVIEW_FILTERS: ReadonlySet<StatusFilter> = new Set(['reviewing', 'rejected']);

export function visibleFilters(
  reviewRequired: boolean,
  counts: Record<StatusFilter, number>,
): Array<{ name: StatusFilter; label: string }> {
  return FILTERS.filter((f) => reviewRequired || !REVIEW_FILTERS.has(f.name) || counts[f.name] > 0);
}

const TAG: Record<SignupStatus, BadgeType> = {
  reviewing: 'warning',
  rejected: 'default',
  confirmed: 'success',
  checked_in: 'primary',
  waitlisted: 'warning',
  cancelled: 'default',
};

/** A companion under their member's row: checked in on their own, by their own code. */
export interface CompanionRow {
  name: string;
  /** 职务 · 手机号 */
  line: string;
  phone: string;
  code: string;
  /** 签到于 … ('' when not yet). */
  checkedAt: string;
  canCheckin: boolean;
}

export interface AttendeeRow {
  id: string;
  name: string;
  unit: string;
  /** 单位 · 职务 */
  line: string;
  phone: string;
  remark: string;
  status: SignupStatus;
  statusText: string;
  tagType: BadgeType;
  code: string;
  /** Confirmed and not yet checked in: the manual check-in button. */
  canCheckin: boolean;
  /** 签到于 … */
  checkedAt: string;
  people: number;
  companions: CompanionRow[];
  /** Answers to the custom fields, as `label: text`. */
  answers: Array<{ label: string; text: string }>;
  /** In review: the 通过 / 拒绝 buttons and the bulk checkbox. */
  canReview: boolean;
  /** 未通过原因：… */
  reviewNote: string;
}

/** The sign-up holds seats: each person may check in (the member and each companion alike). */
function holdsSeats(status: SignupStatus): boolean {
  return status === 'confirmed' || status === 'checked_in';
}

export function toRow(a: Attendee): AttendeeRow {
  return {
    id: a.id,
    name: a.name,
    unit: a.unit,
    line: [a.unit, a.position].filter(Boolean).join(' · '),
    phone: a.phone,
    remark: a.remark,
    status: a.status,
    statusText: signupStatusText(a),
    tagType: TAG[a.status],
    code: a.checkinCode || '',
    canCheckin: a.status === 'confirmed' && !!a.checkinCode,
    checkedAt: a.checkedInAt ? `签到于 ${formatDateTime(a.checkedInAt)}` : '',
    people: a.people,
    companions: a.companions.map((c) => ({
      name: c.name,
      line: [c.position, c.phone].filter(Boolean).join(' · '),
      phone: c.phone,
      code: c.checkinCode,
      checkedAt: c.checkedInAt ? `签到于 ${formatDateTime(c.checkedInAt)}` : '',
      canCheckin: holdsSeats(a.status) && !c.checkedInAt && !!c.checkinCode,
    })),
    answers: a.answers.map((v) => ({ label: v.label, text: v.text })),
    canReview: a.status === 'reviewing',
    reviewNote: a.status === 'rejected' && a.reviewNote ? `未通过原因：${a.reviewNote}` : '',
  };
}

/** Someone of the sign-up may still check in: the member or any companion. */
function awaitsCheckin(r: AttendeeRow): boolean {
  return r.canCheckin || r.companions.some((c) => c.canCheckin);
}

/**
 * Whether a row is under a status tab. 待签到 ('confirmed') also holds a
 * group whose member checked in while a companion has not yet: it stays
 * under 已签到 too, and leaves 待签到 once everyone is in.
 */
function underFilter(r: AttendeeRow, filter: StatusFilter): boolean {
  if (filter === 'all') return true;
  if (filter === 'confirmed') return r.status === 'confirmed' || (r.status === 'checked_in' && awaitsCheckin(r));
  return r.status === filter;
}

export function countsOf(rows: readonly AttendeeRow[]): Record<StatusFilter, number> {
  const counts: Record<StatusFilter, number> = {
    all: rows.length,
    reviewing: 0,
    rejected: 0,
    confirmed: 0,
    checked_in: 0,
    waitlisted: 0,
    cancelled: 0,
  };
  for (const r of rows) counts[r.status] += 1;
  counts.confirmed = rows.filter((r) => underFilter(r, 'confirmed')).length;
  return counts;
}

/** Rows of one status (or all) whose name or unit contains `q`. */
export function filterRows(rows: readonly AttendeeRow[], filter: StatusFilter, q: string): AttendeeRow[] {
  const needle = q.trim().toLowerCase();
  return rows.filter(
    (r) =>
      underFilter(r, filter) &&
      (!needle || r.name.toLowerCase().includes(needle) || r.unit.toLowerCase().includes(needle)),
  );
}

export function isFilter(value: unknown): value is StatusFilter {
  return typeof value === 'string' && FILTERS.some((f) => f.name === value);
}

/** The server's wording (server/events/schemas.ts reviewSchema). */
export const REVIEW_MESSAGES = {
  none: '请先勾选待审核的报名',
  batchMax: `每次最多审核${REVIEW_RULES.batchMax}条报名`,
  reasonMax: `审核说明不能超过${REVIEW_RULES.reasonMax}个字`,
} as const;

/** Why a review cannot be sent as selected; '' when it can. */
export function reviewSelectionProblem(ids: readonly string[]): string {
  if (!ids.length) return REVIEW_MESSAGES.none;
  if (ids.length > REVIEW_RULES.batchMax) return REVIEW_MESSAGES.batchMax;
  return '';
}

export interface ReviewSummary {
  /** 已通过 3 人 / 已拒绝 2 人 (with the waitlisted share of approvals). */
  headline: string;
  /** One line per refusal: 姓名：原因. */
  failures: string[];
}

/** What a signup.review call did, in the staff's words; names come from the rows shown. */
export function reviewSummary(
  decision: 'approve' | 'reject',
  outcomes: readonly ReviewOutcome[],
  rows: readonly Pick<AttendeeRow, 'id' | 'name'>[],
): ReviewSummary {
  const nameOf = (id: string) => rows.find((r) => r.id === id)?.name ?? id;
  const done = outcomes.filter((o) => o.ok);
  const waiting = done.filter((o) => o.ok && o.status === 'waitlisted').length;
  const verb = decision === 'approve' ? '通过' : '拒绝';
  let headline = done.length ? `已${verb} ${done.length} 条` : `未能${verb}所选报名`;
  if (waiting) headline += `，其中 ${waiting} 条名额已满，转入候补`;
  const failures = outcomes.flatMap((o) => (o.ok ? [] : [`${nameOf(o.id)}：${o.message}`]));
  if (failures.length && done.length) headline += `；${failures.length} 条未能${verb}`;
  return { headline, failures };
}

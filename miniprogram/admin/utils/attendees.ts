// The attendee list as the console shows it: rows, counts per status, the
// status filter and the name/unit search.
import type { Attendee, SignupStatus } from '../../contract/index';
import { signupStatusText, type BadgeType } from '../../utils/event-view';
import { formatDateTime } from '../../utils/format';

export type StatusFilter = 'all' | SignupStatus;

export const FILTERS: Array<{ name: StatusFilter; label: string }> = [
  { name: 'all', label: '全部' },
  { name: 'confirmed', label: '待签到' },
  { name: 'checked_in', label: '已签到' },
  { name: 'waitlisted', label: '候补' },
  { name: 'cancelled', label: '已取消' },
];

const TAG: Record<SignupStatus, BadgeType> = {
  reviewing: 'warning',
  rejected: 'default',
  confirmed: 'success',
  checked_in: 'primary',
  waitlisted: 'warning',
  cancelled: 'default',
};

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
  };
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
  return counts;
}

/** Rows of one status (or all) whose name or unit contains `q`. */
export function filterRows(rows: readonly AttendeeRow[], filter: StatusFilter, q: string): AttendeeRow[] {
  const needle = q.trim().toLowerCase();
  return rows.filter(
    (r) =>
      (filter === 'all' || r.status === filter) &&
      (!needle || r.name.toLowerCase().includes(needle) || r.unit.toLowerCase().includes(needle)),
  );
}

export function isFilter(value: unknown): value is StatusFilter {
  return typeof value === 'string' && FILTERS.some((f) => f.name === value);
}

// What the event pages show, derived from the contract's types in one place
// so the list, the detail and 我的报名 word things the same way.
import { SIGNUP_STATUS_LABELS, type EventSummary, type MySignup, type SignupStatus } from '../contract/events';
import type { ListTab } from '../behaviors/paged-list';
import { formatTimeRange } from './format';

export type EventScope = 'upcoming' | 'past';

/** The event lists' tabs, for members and in the console. */
export const SCOPE_TABS: [ListTab<EventScope>, ListTab<EventScope>] = [
  { name: 'upcoming', title: '即将开始' },
  { name: 'past', title: '已结束' },
];

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

export type BadgeType = 'success' | 'warning' | 'primary' | 'default' | 'danger';

export interface StatusBadge {
  text: string;
  type: BadgeType;
}

const STATUS_TYPE: Record<SignupStatus, BadgeType> = {
  reviewing: 'warning',
  rejected: 'default',
  confirmed: 'success',
  waitlisted: 'warning',
  checked_in: 'primary',
  cancelled: 'default',
};

/** 已报名 / 候补第N位 / 已签到 / 已取消 / 待审核 / 未通过. */
export function signupStatusText(signup: Pick<MySignup, 'status' | 'waitlistPosition'>): string {
  if (signup.status === 'waitlisted') {
    return signup.waitlistPosition ? `候补第${signup.waitlistPosition}位` : SIGNUP_STATUS_LABELS.waitlisted;
  }
  return SIGNUP_STATUS_LABELS[signup.status];
}

export function signupBadge(signup: MySignup | null): StatusBadge | null {
  if (!signup) return null;
  return { text: signupStatusText(signup), type: STATUS_TYPE[signup.status] };
}

/**
 * A sign-up that stands: it holds a seat, a place in the queue or one in
 * review, or it was rejected (final). Only a cancelled one may sign up again.
 */
export function isActiveSignup(signup: MySignup | null): signup is MySignup {
  return !!signup && signup.status !== 'cancelled';
}

/** Why the member cannot sign up again because of their own sign-up ('' when they may). */
export function ownSignupReason(signup: MySignup | null): string {
  if (!isActiveSignup(signup)) return '';
  if (signup.status === 'rejected') return '你的报名未通过审核';
  return `你已报名本活动（${signupStatusText(signup)}）`;
}

/** What a member reads under their status: in review, or the staff's reason for a rejection. */
export function reviewHint(signup: Pick<MySignup, 'status' | 'reviewNote'>): string {
  if (signup.status === 'reviewing') return '报名已提交，等待主办方审核';
  if (signup.status === 'rejected' && signup.reviewNote) return `未通过原因：${signup.reviewNote}`;
  return '';
}

/** One person's check-in code: the member's own (本人) or a companion's, with the name. */
export interface Ticket {
  name: string;
  code: string;
  checkedIn: boolean;
}

/** Codes to check in with, one per person; none until the sign-up holds a seat. */
export function ticketsOf(signup: MySignup): Ticket[] {
  if (signup.status !== 'confirmed' && signup.status !== 'checked_in') return [];
  return [
    { name: '本人', code: signup.checkinCode, checkedIn: signup.status === 'checked_in' },
    ...signup.companions.map((c) => ({ name: c.name, code: c.checkinCode, checkedIn: c.checkedInAt !== undefined })),
  ];
}

/**
 * Whether the member may still cancel: the sign-up holds a seat, a place in the
 * queue or one in review, and nobody in it (the member or a companion) has
 * checked in yet: once someone attended, the sign-up is history, not a plan.
 */
export function signupCancellable(signup: Pick<MySignup, 'status' | 'companions'>): boolean {
  const holds = signup.status === 'confirmed' || signup.status === 'waitlisted' || signup.status === 'reviewing';
  return holds && signup.companions.every((c) => c.checkedInAt === undefined);
}

/** The cancel dialog for `status`: only a confirmed sign-up has a seat that goes to the waitlist. */
export function cancelPrompt(
  title: string,
  status: SignupStatus,
): { title: string; content: string; confirmText: string } {
  if (status === 'reviewing') {
    return { title: '撤回报名', content: '撤回报名后需重新提交并等待审核，确定撤回吗？', confirmText: '撤回报名' };
  }
  const after = status === 'waitlisted' ? '取消后将退出候补名单。' : '取消后名额会让给候补的会员。';
  return { title: '取消报名', content: `确定取消「${title}」的报名吗？${after}`, confirmText: '取消报名' };
}

/** 共N人 for a group sign-up, '' for the member alone. */
export function peopleText(signup: Pick<MySignup, 'people'>): string {
  return signup.people > 1 ? `共${signup.people}人` : '';
}

/** The member's own sign-up as the event page shows it. */
export interface SignupResultView {
  eventId: string;
  status: SignupStatus;
  statusText: string;
  peopleText: string;
  /** 等待审核 / 未通过原因：… */
  reviewHint: string;
  /** One check-in code per person once the sign-up holds seats. */
  tickets: Ticket[];
}

export function signupResultView(eventId: string, signup: MySignup): SignupResultView {
  return {
    eventId,
    status: signup.status,
    statusText: signupStatusText(signup),
    peopleText: peopleText(signup),
    reviewHint: reviewHint(signup),
    tickets: ticketsOf(signup),
  };
}

/** What the event page announces right after the form sent `just` ('' when the status says it all). */
export function submittedNotice(just: MySignup | null, now: MySignup | null): string {
  if (!just || !isActiveSignup(now)) return '';
  if (just.status === 'waitlisted') return '已进入候补名单';
  return just.status === 'reviewing' ? '' : '报名成功';
}

export type Availability = 'cancelled' | 'ended' | 'closed' | 'full' | 'waitlist' | 'open';

export function availability(event: EventSummary, now: number): Availability {
  if (event.status === 'cancelled') return 'cancelled';
  if (event.endAt <= now) return 'ended';
  if (event.signupDeadline <= now) return 'closed';
  if (event.seatsLeft <= 0) return event.waitlistEnabled ? 'waitlist' : 'full';
  return 'open';
}

/** The list's seats line for each availability but open (剩余N个名额). */
const SEATS_TEXT: Record<Exclude<Availability, 'open'>, string> = {
  cancelled: '活动已取消',
  ended: '已结束',
  closed: '已截止',
  full: '已满',
  waitlist: '已满，可候补',
};

/** Why the 报名 button is disabled ('' when it may be tapped: open, or full with a waitlist). */
const BLOCKED_REASON: Record<Availability, string> = {
  cancelled: '活动已取消',
  ended: '活动已结束',
  closed: '报名已截止',
  full: '名额已满',
  waitlist: '',
  open: '',
};

/** The list's seats line: 剩余N个名额 / 已满 / 已截止 … */
export function seatsText(event: EventSummary, now: number): string {
  const a = availability(event, now);
  return a === 'open' ? `剩余${event.seatsLeft}个名额` : SEATS_TEXT[a];
}

/** Why the 报名 button is disabled, or '' when it may be tapped. */
export function signupBlockedReason(event: EventSummary, now: number): string {
  return BLOCKED_REASON[availability(event, now)];
}

/** 2天3小时4分5秒 until `target`; '' once it has passed. */
export function formatCountdown(target: number, now: number): string {
  const left = Math.floor((target - now) / 1000);
  if (left <= 0) return '';
  const days = Math.floor(left / 86400);
  const hours = Math.floor((left % 86400) / 3600);
  const minutes = Math.floor((left % 3600) / 60);
  const seconds = left % 60;
  const hms = `${pad(hours)}小时${pad(minutes)}分${pad(seconds)}秒`;
  return days > 0 ? `${days}天${hms}` : hms;
}

/** One row of the events list, flat so setData stays small. */
export interface EventRow {
  id: string;
  title: string;
  place: string;
  time: string;
  seats: string;
  seatsMuted: boolean;
  cover: string;
  badge: StatusBadge | null;
  /** 需审核: sign-ups wait for the organiser's approval. */
  reviewRequired: boolean;
}

export function toEventRow(event: EventSummary, now: number): EventRow {
  const avail = availability(event, now);
  return {
    id: event.id,
    title: event.title,
    place: event.place,
    time: formatTimeRange(event.startAt, event.endAt),
    seats: seatsText(event, now),
    seatsMuted: avail !== 'open' && avail !== 'waitlist',
    cover: event.cover,
    badge: signupBadge(event.mySignup),
    reviewRequired: event.reviewRequired,
  };
}

// The events collections: their names, their documents, and how documents
// become contract shapes, with the small pure helpers around them. Reads and
// writes go through server/data.ts, typed as these interfaces. The
// collections hold only what these functions wrote (clients cannot write
// them: database rules).
import type {
  Answers,
  AnswerView,
  Attendee,
  EventDetail,
  EventLocation,
  EventSummary,
  MySignup,
  SignupField,
} from '../../miniprogram/contract/index';
import { answerOf, answerText } from '../../miniprogram/contract/index';
import { ID_PATTERN } from '../content/schemas';
import { isCursorTime } from '../content/cursor';

export const EVENTS = 'events';
export const SIGNUPS = 'signups';
export const MEMBERS = 'members';

/**
 * `pending`: a sign-up being placed (server/events/signup.ts); members and
 * staff never see it. `reviewing` holds no seat until approved; `rejected` is final.
 */
export type DocStatus = 'pending' | 'reviewing' | 'rejected' | 'confirmed' | 'waitlisted' | 'cancelled' | 'checked_in';

export interface EventDoc {
  _id: string;
  title: string;
  summary: string;
  place: string;
  /** The venue on the map; null or absent when none was picked (events from before it). */
  location?: EventLocation | null;
  startAt: number;
  endAt: number;
  signupDeadline: number;
  capacity: number;
  waitlistEnabled: boolean;
  /** Absent on events from before review mode: false. */
  reviewRequired?: boolean;
  /** Most people per sign-up; absent: 1. */
  groupMax?: number;
  /** Custom sign-up fields in form order; absent: none. */
  fields?: SignupField[];
  /** Fields removed while sign-ups had answers to them: their answers stay readable. */
  formerFields?: SignupField[];
  cover: string;
  articleId?: string;
  status: 'open' | 'cancelled';
  /** People holding a seat: the sum of the holders' sizes (changed by the same atomic update). */
  confirmed: number;
  /** Waitlist entries (sign-ups, a group is one) not yet left: queue minus left (the same atomic update). */
  waitlisted: number;
  /** People on the waitlist: the sum of the waiting entries' sizes; absent on events from before groups (= waitlisted). */
  waitlistedPeople?: number;
  /** Monotonic: the last waitlist sequence handed out; always queue.length. */
  waitlistSeq: number;
  /**
   * The seat ledger (server/events/signup.ts): entries `${openid}:${attempt}`
   * (a group's attempt ends in `~${people}`: the entry's size).
   * holders: those holding a seat. queue: every waitlist entry in arrival
   * order, append only (seq = index + 1). left: queue entries that left the
   * waitlist (promoted or cancelled). Absent on events from before the ledger.
   */
  holders?: string[];
  queue?: string[];
  left?: string[];
  /** People checked in (member and companions alike): always checkedInCodes.length on events since groups. */
  checkedIn: number;
  /** The codes counted in checkedIn (admin.ts countCheckin: each person once, whatever retries). */
  checkedInCodes?: string[];
  createdAt: number;
  updatedAt: number;
  cancelledAt?: number;
  demo?: boolean;
}

/** A companion on a sign-up: a seat and a check-in code of their own. */
export interface CompanionDoc {
  name: string;
  phone: string;
  position: string;
  checkinCode: string;
  checkedInAt?: number;
}

export interface SignupDoc {
  /** `${eventId}_${openid}`: one sign-up per member and event is a database fact. */
  _id: string;
  eventId: string;
  openid: string;
  status: DocStatus;
  name: string;
  unit: string;
  position: string;
  phone: string;
  remark: string;
  checkinCode: string;
  /** People in this sign-up (1 + companions); absent on sign-ups from before groups: 1. */
  people?: number;
  companions?: CompanionDoc[];
  /** Answers to the event's custom fields, by field id. */
  answers?: Answers;
  /** Review mode: when staff decided, and their reason for a rejection. */
  reviewedAt?: number;
  reviewNote?: string;
  /** Set when staff approved it: a pending record with it goes back to review, never away, if no place is left. */
  approvedAt?: number;
  /** Waitlist order; 0 when the member never waited. */
  waitlistSeq: number;
  /** This sign-up attempt's id; its ledger entry is `${openid}:${attempt}`. A new one after each cancel. */
  attempt?: string;
  createdAt: number;
  updatedAt: number;
  confirmedAt?: number;
  cancelledAt?: number;
  checkedInAt?: number;
  /**
   * Subscribe-message credits still unused (one-time subscriptions: one
   * acceptance allows one message), by template role.
   */
  notify: { result: boolean; reminder: boolean; change: boolean };
  /** Set (by a conditional update) when the day-before reminder was handled. */
  reminded: boolean;
}

export interface MemberDoc {
  _id: string;
  name?: string;
  unit?: string;
  position?: string;
  phone?: string;
  role?: 'member' | 'admin';
  updatedAt?: number;
}

export function signupId(eventId: string, openid: string): string {
  return `${eventId}_${openid}`;
}

/** A seat is held by confirmed and checked-in sign-ups. */
export function holdsSeat(status: SignupDoc['status']): boolean {
  return status === 'confirmed' || status === 'checked_in';
}

/** A sign-up members and staff may see: anything but one still being placed. */
export type VisibleSignup = SignupDoc & { status: Exclude<SignupDoc['status'], 'pending'> };

export function isVisible(doc: SignupDoc): doc is VisibleSignup {
  return doc.status !== 'pending';
}

/** People in a sign-up: the member and their companions. */
export function peopleOf(doc: Pick<SignupDoc, 'people' | 'companions'>): number {
  return doc.people ?? 1 + (doc.companions?.length ?? 0);
}

export function toMySignup(doc: VisibleSignup, waitlistPosition?: number): MySignup {
  return {
    id: doc._id,
    status: doc.status,
    ...(doc.status === 'waitlisted' && waitlistPosition ? { waitlistPosition } : {}),
    checkinCode: doc.checkinCode,
    createdAt: doc.createdAt,
    people: peopleOf(doc),
    companions: (doc.companions ?? []).map((c) => ({
      name: c.name,
      checkinCode: c.checkinCode,
      ...(c.checkedInAt ? { checkedInAt: c.checkedInAt } : {}),
    })),
    ...(doc.status === 'rejected' && doc.reviewNote ? { reviewNote: doc.reviewNote } : {}),
  };
}

export function toSummary(e: EventDoc, mine: MySignup | null): EventSummary {
  return {
    id: e._id,
    title: e.title,
    place: e.place,
    ...(e.location ? { location: e.location } : {}),
    startAt: e.startAt,
    endAt: e.endAt,
    signupDeadline: e.signupDeadline,
    capacity: e.capacity,
    confirmed: e.confirmed,
    waitlisted: e.waitlistedPeople ?? e.waitlisted,
    // While anyone waits, a free seat is theirs (a group at the head may be waiting for more): none for newcomers.
    seatsLeft: e.waitlisted > 0 ? 0 : Math.max(0, e.capacity - e.confirmed),
    waitlistEnabled: e.waitlistEnabled,
    status: e.status,
    cover: e.cover || '',
    mySignup: mine,
    checkedIn: e.checkedIn || 0,
    reviewRequired: e.reviewRequired === true,
    groupMax: e.groupMax ?? 1,
  };
}

export function toDetail(e: EventDoc, mine: MySignup | null): EventDetail {
  return {
    ...toSummary(e, mine),
    summary: e.summary,
    ...(e.articleId ? { articleId: e.articleId } : {}),
    fields: e.fields ?? [],
  };
}

/**
 * The fields staff read answers under: the current ones in form order, then
 * those since removed (not re-added), labelled 「…（已删除）」. The attendee
 * list and the export both label by this.
 */
export function labelledFields(
  e: Pick<EventDoc, 'fields' | 'formerFields'> | undefined,
): Array<{ field: SignupField; label: string; removed: boolean }> {
  const current = e?.fields ?? [];
  const currentIds = new Set(current.map((f) => f.id));
  return [
    ...current.map((field) => ({ field, label: field.label, removed: false })),
    ...(e?.formerFields ?? [])
      .filter((f) => !currentIds.has(f.id))
      .map((field) => ({ field, label: `${field.label}（已删除）`, removed: true })),
  ];
}

/** Answers as staff read them, in labelledFields order; unanswered fields left out. */
export function answerViews(
  e: Pick<EventDoc, 'fields' | 'formerFields'> | undefined,
  answers: Answers | undefined,
): AnswerView[] {
  if (!answers) return [];
  return labelledFields(e).flatMap(({ field, label }) => {
    const value = answerOf(answers, field.id);
    return value === undefined ? [] : [{ fieldId: field.id, label, text: answerText(value) }];
  });
}

export function toAttendee(
  doc: VisibleSignup,
  waitlistPosition?: number,
  ev?: Pick<EventDoc, 'fields' | 'formerFields'>,
): Attendee {
  return {
    id: doc._id,
    name: doc.name,
    unit: doc.unit,
    position: doc.position || '',
    phone: doc.phone,
    remark: doc.remark || '',
    status: doc.status,
    ...(doc.status === 'waitlisted' && waitlistPosition ? { waitlistPosition } : {}),
    createdAt: doc.createdAt,
    ...(doc.checkedInAt ? { checkedInAt: doc.checkedInAt } : {}),
    checkinCode: doc.checkinCode,
    people: peopleOf(doc),
    companions: (doc.companions ?? []).map((c) => ({
      name: c.name,
      phone: c.phone,
      position: c.position || '',
      checkinCode: c.checkinCode,
      ...(c.checkedInAt ? { checkedInAt: c.checkedInAt } : {}),
    })),
    answers: answerViews(ev, doc.answers),
    ...(doc.reviewNote ? { reviewNote: doc.reviewNote } : {}),
    ...(doc.reviewedAt ? { reviewedAt: doc.reviewedAt } : {}),
  };
}

/** Beijing time; cloud functions run in UTC. */
export const BEIJING_OFFSET_MS = 8 * 3600 * 1000;

export function formatBeijing(ms: number, withSeconds = false): string {
  const iso = new Date(ms + BEIJING_OFFSET_MS).toISOString(); // 2025-05-20T06:30:00.000Z
  const text = `${iso.slice(0, 10)} ${iso.slice(11, withSeconds ? 19 : 16)}`;
  return text;
}

/** The `time` value subscribe messages accept: 2019年10月1日 15:01 (Beijing). */
export function formatMessageTime(ms: number): string {
  const d = new Date(ms + BEIJING_OFFSET_MS);
  const hh = String(d.getUTCHours()).padStart(2, '0');
  const mm = String(d.getUTCMinutes()).padStart(2, '0');
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${hh}:${mm}`;
}

/** Start of the Beijing calendar day containing `ms`, as epoch ms. */
export function beijingDayStart(ms: number): number {
  const day = 24 * 3600 * 1000;
  return Math.floor((ms + BEIJING_OFFSET_MS) / day) * day - BEIJING_OFFSET_MS;
}

// Cursor paging by (startAt, _id), never by skip.
export interface EventCursor {
  startAt: number;
  id: string;
}

export function encodeCursor(c: EventCursor): string {
  return Buffer.from(JSON.stringify([c.startAt, c.id]), 'utf8').toString('base64url');
}

/** null for anything we did not hand out. */
export function decodeCursor(text: string): EventCursor | null {
  try {
    const v: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === 2 && isCursorTime(v[0]) && typeof v[1] === 'string' && ID_PATTERN.test(v[1])) {
      return { startAt: v[0], id: v[1] };
    }
  } catch {
    // fall through
  }
  return null;
}

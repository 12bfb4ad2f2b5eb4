// The events collections: their names, their documents, and how documents
// become contract shapes, with the small pure helpers around them. Reads and
// writes go through server/data.ts, typed as these interfaces. The
// collections hold only what these functions wrote (clients cannot write
// them: database rules).
import type { Attendee, EventDetail, EventLocation, EventSummary, MySignup } from '../../miniprogram/contract/index';
import { ID_PATTERN } from '../content/schemas';
import { isCursorTime } from '../content/cursor';

export const EVENTS = 'events';
export const SIGNUPS = 'signups';
export const MEMBERS = 'members';

/** `pending`: a sign-up being placed (server/events/signup.ts); members and staff never see it. */
export type DocStatus = 'pending' | 'confirmed' | 'waitlisted' | 'cancelled' | 'checked_in';

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
  cover: string;
  articleId?: string;
  status: 'open' | 'cancelled';
  /** Seats held: always holders.length (changed by the same atomic update). */
  confirmed: number;
  /** Waitlist entries not yet left: queue minus left (changed by the same atomic update). */
  waitlisted: number;
  /** Monotonic: the last waitlist sequence handed out; always queue.length. */
  waitlistSeq: number;
  /**
   * The seat ledger (server/events/signup.ts): entries `${openid}:${attempt}`.
   * holders: those holding a seat. queue: every waitlist entry in arrival
   * order, append only (seq = index + 1). left: queue entries that left the
   * waitlist (promoted or cancelled). Absent on events from before the ledger.
   */
  holders?: string[];
  queue?: string[];
  left?: string[];
  checkedIn: number;
  createdAt: number;
  updatedAt: number;
  cancelledAt?: number;
  demo?: boolean;
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

export function toMySignup(doc: VisibleSignup, waitlistPosition?: number): MySignup {
  return {
    id: doc._id,
    status: doc.status,
    ...(doc.status === 'waitlisted' && waitlistPosition ? { waitlistPosition } : {}),
    checkinCode: doc.checkinCode,
    createdAt: doc.createdAt,
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
    waitlisted: e.waitlisted,
    seatsLeft: Math.max(0, e.capacity - e.confirmed),
    waitlistEnabled: e.waitlistEnabled,
    status: e.status,
    cover: e.cover || '',
    mySignup: mine,
    checkedIn: e.checkedIn || 0,
  };
}

export function toDetail(e: EventDoc, mine: MySignup | null): EventDetail {
  return {
    ...toSummary(e, mine),
    summary: e.summary,
    ...(e.articleId ? { articleId: e.articleId } : {}),
  };
}

export function toAttendee(doc: VisibleSignup, waitlistPosition?: number): Attendee {
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

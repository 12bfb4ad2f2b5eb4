// Documents → contract shapes, and the small pure helpers around them.
import type { Attendee, EventDetail, EventSummary, MySignup } from '../../miniprogram/contract/index';
import { ID_PATTERN } from '../content/schemas';
import { isCursorTime } from '../content/cursor';
import type { EventDoc, SignupDoc } from './store';

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

// The events collections and their documents. Reads and writes go through
// server/data.ts, typed as these interfaces. The collections hold only what
// these functions wrote (clients cannot write them: database rules).
import type { EventLocation } from '../../miniprogram/contract/index';

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

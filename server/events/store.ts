// Typed access to the events collections. wx-server-sdk types documents as
// `any`; every read of ours goes through here, so the rest of the events code
// sees only the document interfaces below. The collections hold only what
// these functions wrote (clients cannot write them: database rules).
import type { EventLocation } from '../../miniprogram/contract/index';
import { AppError } from '../errors';
import { db } from '../cloud';

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

export type Fields = Record<string, unknown>;

/** One document by id, or null (db() sets throwOnNotFound false: server/cloud.ts). Any failure propagates. */
export async function getDoc<T>(collection: string, id: string): Promise<T | null> {
  const res = (await db().collection(collection).doc(id).get()) as unknown as { data?: unknown } | undefined;
  const data: unknown = res ? res.data : null;
  return data ? (data as T) : null;
}

/** A query result typed as the collection's documents. */
export async function findDocs<T>(query: { get(): unknown }): Promise<T[]> {
  const res = (await query.get()) as { data: unknown[] };
  return res.data as T[];
}

export async function countDocs(query: { count(): unknown }): Promise<number> {
  const res = (await query.count()) as { total: number };
  return res.total;
}

/** The single-document operations WeChat allows inside a transaction. */
export interface TxDocRef {
  get(): Promise<{ data: unknown }>;
  set(options: { data: Fields }): Promise<unknown>;
  update(options: { data: Fields }): Promise<unknown>;
}
interface TxHandle {
  collection(name: string): { doc(id: string): TxDocRef };
}

export class Tx {
  constructor(private readonly t: TxHandle) {}

  /** Reads one document in the transaction; missing is null (throwOnNotFound false, server/cloud.ts). */
  async get<T>(collection: string, id: string): Promise<T | null> {
    const res = await this.t.collection(collection).doc(id).get();
    return res && res.data ? (res.data as T) : null;
  }

  async update(collection: string, id: string, data: Fields): Promise<void> {
    await this.t.collection(collection).doc(id).update({ data });
  }

  /** Replaces (or creates) the whole document; `data` must not carry `_id`. */
  async set(collection: string, id: string, data: Fields): Promise<void> {
    await this.t.collection(collection).doc(id).set({ data });
  }
}

/**
 * A transaction conflict, by code: @cloudbase/database throws its response
 * ({code: 'DATABASE_TRANSACTION_CONFLICT'}) from start/commit, while
 * wx-server-sdk has no number for that code and reports a conflicting
 * document operation as SYS_ERR (errCode -501001). Retrying the whole
 * transaction is safe on either: nothing of it was committed.
 */
function isConflict(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const e = err as { code?: unknown; errCode?: unknown };
  return e.code === 'DATABASE_TRANSACTION_CONFLICT' || e.errCode === SYS_ERR;
}

const SYS_ERR = -501001;
const TX_ATTEMPTS = 8;

/**
 * One `db.runTransaction`. The SDK retries a conflict reported by
 * start/commit, but a conflict on a document operation reaches us wrapped;
 * we retry those too, with jitter. A thrown AppError aborts and propagates.
 */
export async function runTx<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    // The callback may run more than once (SDK retries); the last run wins.
    const box: { done: boolean; value?: T } = { done: false };
    try {
      await db().runTransaction(async (t: TxHandle) => {
        box.value = await fn(new Tx(t));
        box.done = true;
      });
    } catch (err) {
      if (isConflict(err)) {
        if (attempt < TX_ATTEMPTS) {
          await new Promise((r) => setTimeout(r, Math.random() * 20 * attempt));
          continue;
        }
        // Nothing was applied; the member can simply try again.
        throw new AppError('CONFLICT', '当前操作人数较多，请稍后重试');
      }
      throw err;
    }
    if (!box.done) throw new Error('transaction finished without a result');
    return box.value as T;
  }
}

/** The query command (`_`), typed loosely as the SDK does; used for where() only. */
export function cmd(): ReturnType<typeof db>['command'] {
  return db().command;
}

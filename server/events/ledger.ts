// The seat ledger on the event doc (model.ts: holders, queue, left, with the
// counters confirmed / waitlisted / waitlistedPeople / waitlistSeq): its
// entries and their sizes, where an entry stands, the counters read without
// the arrays, and release. Every change to it is one conditional atomic
// update (signup.ts places, promotion.ts moves the line, release frees);
// why there is no transaction: signup.ts.
import crypto from 'crypto';
import type { MySignup } from '../../miniprogram/contract/index';
import { cmd, countDocs, db, findDocs } from '../data';
import type { EventDoc, SignupDoc, VisibleSignup } from './model';
import { EVENTS, SIGNUPS, toMySignup } from './model';

/** Longer than the function timeout (cloudfunctions/events/config.json: 60 s): an older pending record has no live owner. */
export const STALE_PENDING_MS = 2 * 60 * 1000;

/** Reads of the event that need its counters only (the ledger arrays can be long). */
export const WITHOUT_LEDGER = { holders: false, queue: false, left: false, checkedInCodes: false };

/** 1-based position among the event's waitlisted sign-ups (a count outside any transaction). */
export async function waitlistPosition(doc: SignupDoc): Promise<number> {
  const _ = cmd();
  const before = await countDocs(
    db()
      .collection(SIGNUPS)
      .where({ eventId: doc.eventId, status: 'waitlisted', waitlistSeq: _.lt(doc.waitlistSeq) }),
  );
  return before + 1;
}

/**
 * The sign-up with its waitlist position. `ev`, when given, is the event's
 * counters read during the same request: while nobody has ever left its
 * waitlist (promoted or cancelled: waitlisted still equals waitlistSeq) and
 * the entry was queued by then, the position is the sequence itself, and the
 * count is not needed (a crowd's repeated requests ask exactly this).
 */
export async function withPosition(doc: VisibleSignup, ev?: EventDoc): Promise<MySignup> {
  if (doc.status !== 'waitlisted') return toMySignup(doc);
  const nobodyLeft = ev && ev.waitlisted === ev.waitlistSeq && ev.waitlistSeq >= doc.waitlistSeq;
  return toMySignup(doc, nobodyLeft ? doc.waitlistSeq : await waitlistPosition(doc));
}

// ---- the ledger ---------------------------------------------------------------

export function entryOf(openid: string, attempt: string | undefined): string {
  return `${openid}:${attempt ?? ''}`;
}

export function parseEntry(entry: string): { openid: string; attempt: string } {
  const at = entry.lastIndexOf(':');
  return { openid: entry.slice(0, at), attempt: entry.slice(at + 1) };
}

/** A new attempt id; a group's carries its size, which its ledger entry then says. */
export function newAttempt(people: number): string {
  const id = crypto.randomBytes(6).toString('hex');
  return people > 1 ? `${id}~${people}` : id;
}

/** Seats an entry (or attempt) takes: the size its attempt ends in, else 1. */
export function sizeOf(entryOrAttempt: string): number {
  const m = /~(\d+)$/.exec(entryOrAttempt);
  return m ? Number(m[1]) : 1;
}

/** Waitlist entries still waiting, in arrival order. */
export function waiting(ev: EventDoc): string[] {
  const left = new Set(ev.left ?? []);
  return (ev.queue ?? []).filter((e) => !left.has(e));
}

export type Place = { status: 'confirmed' } | { status: 'waitlisted'; seq: number; position: number };

export function placeOf(ev: EventDoc, entry: string): Place | null {
  if ((ev.holders ?? []).includes(entry)) return { status: 'confirmed' };
  const queue = ev.queue ?? [];
  const at = queue.indexOf(entry);
  const left = new Set(ev.left ?? []);
  if (at < 0 || left.has(entry)) return null;
  const ahead = queue.slice(0, at).filter((e) => !left.has(e)).length;
  return { status: 'waitlisted', seq: at + 1, position: ahead + 1 };
}

/** A newcomer (of `people`) may take seats only while they fit and nobody waits for one. */
export function seatFree(ev: EventDoc, people: number): boolean {
  return ev.confirmed + people <= ev.capacity && !(ev.waitlisted > 0);
}

export async function changed(res: unknown): Promise<number> {
  const r = (await res) as { stats?: { updated?: number; removed?: number } } | undefined;
  return r?.stats?.updated ?? r?.stats?.removed ?? 0;
}

export function events() {
  return db().collection(EVENTS);
}
export function signups() {
  return db().collection(SIGNUPS);
}

/** The event's counters and settings, without the ledger arrays. */
export async function eventCounters(id: string): Promise<EventDoc | null> {
  const [ev] = await findDocs<EventDoc>(events().where({ _id: id }).field(WITHOUT_LEDGER).limit(1));
  if (ev && ev.waitlistedPeople === undefined) return withPeopleCounter(id);
  return ev ?? null;
}

/**
 * Guard of every step that moves `waitlistedPeople`: an _.inc on a missing
 * field starts it from 0, so on an event from before groups the first step
 * would set it wrong. Those steps wait until the counter exists.
 */
export function peopleCounted(): { waitlistedPeople: unknown } {
  return { waitlistedPeople: cmd().exists(true) };
}

/**
 * An event from before groups gets its people-waiting counter from its
 * ledger (every entry of then is one person; sizes are read all the same).
 * While it is missing no step can change the waitlist (peopleCounted), so
 * the ledger read is the one the counter must match; the update is
 * conditional on it still being missing. Returns the counters after.
 */
async function withPeopleCounter(id: string): Promise<EventDoc | null> {
  const _ = cmd();
  const [ev] = await findDocs<EventDoc>(events().where({ _id: id }).limit(1));
  if (!ev) return null;
  if (ev.waitlistedPeople === undefined) {
    const people = waiting(ev).reduce((n, e) => n + sizeOf(e), 0);
    await events()
      .where({ _id: id, waitlistedPeople: _.exists(false) })
      .update({ data: { waitlistedPeople: people } });
  }
  const [after] = await findDocs<EventDoc>(events().where({ _id: id }).field(WITHOUT_LEDGER).limit(1));
  return after ?? null;
}

/** Takes `entry` out of the ledger, whichever place it holds. Idempotent. */
export async function release(eventId: string, entry: string, now: number): Promise<void> {
  const _ = cmd();
  // The waitlist first: a promotion may move the entry to a seat meanwhile, never back.
  const size = sizeOf(entry);
  const fromQueue = await changed(
    events()
      .where({ _id: eventId, queue: entry, left: _.nin([entry]), ...peopleCounted() })
      .update({
        data: { waitlisted: _.inc(-1), waitlistedPeople: _.inc(-size), left: _.push([entry]), updatedAt: now },
      }),
  );
  if (fromQueue) return;
  await changed(
    events()
      .where({ _id: eventId, holders: entry })
      .update({ data: { confirmed: _.inc(-size), holders: _.pull(entry), updatedAt: now } }),
  );
}

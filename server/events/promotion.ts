// Waitlist promotion on the seat ledger (ledger.ts): the head moves to a
// free seat by one conditional update (a group only when all of it fits;
// nobody behind it overtakes), then its record follows and its member hears.
// Run after a cancel, a raised capacity, and by the repair.
import { cmd, getDoc } from '../data';
import { crashPoint } from './faults';
import { changed, eventCounters, events, parseEntry, peopleCounted, signups, sizeOf, waiting } from './ledger';
import { type EventDoc, EVENTS, type SignupDoc, signupId, SIGNUPS } from './model';
import { eachLimited, NOTIFY_CONCURRENCY, sendSignupResult } from './notify';

/** Promotion rounds per call: enough for many cancels at once, each round promotes someone or stops. */
const MAX_PROMOTE_ROUNDS = 200;

/**
 * Moves the waitlist head to a free seat, one conditional update each (it
 * cannot overbook, nor promote anyone twice), until no seat is free or nobody
 * waits; then the promoted records follow, a few at a time, and each member
 * hears once. Returns how many this call promoted.
 */
export async function promoteWaiting(eventId: string, now: number): Promise<number> {
  const _ = cmd();
  const promoted: string[] = [];
  let last: EventDoc | null = null;
  for (let round = 1; round <= MAX_PROMOTE_ROUNDS; round++) {
    const ev = await getDoc<EventDoc>(EVENTS, eventId);
    if (ev && ev.waitlistedPeople === undefined) {
      // An event from before groups: its people counter first (no step moves the line without it).
      await eventCounters(eventId);
      continue;
    }
    if (!ev || ev.status !== 'open' || ev.confirmed >= ev.capacity) break;
    last = ev;
    const head = waiting(ev)[0];
    if (!head) break;
    // A group that does not fit yet waits whole; nobody behind it overtakes.
    const size = sizeOf(head);
    if (ev.confirmed + size > ev.capacity) break;
    const moved = await changed(
      events()
        .where({
          _id: eventId,
          status: 'open',
          capacity: ev.capacity,
          confirmed: _.lte(ev.capacity - size),
          queue: head,
          left: _.nin([head]),
          ...peopleCounted(),
        })
        .update({
          data: {
            confirmed: _.inc(size),
            waitlisted: _.inc(-1),
            waitlistedPeople: _.inc(-size),
            holders: _.push([head]),
            left: _.push([head]),
            updatedAt: now,
          },
        }),
    );
    if (moved) promoted.push(head);
  }
  if (!last || !promoted.length) return 0;
  crashPoint('promote:seated');
  const ev = last;
  await eachLimited(promoted, NOTIFY_CONCURRENCY, (entry) => confirmPromoted(ev, entry, now));
  return promoted.length;
}

/** Capacity was raised: the waitlist moves up. */
export function fillFromWaitlist(eventId: string, now: number): Promise<number> {
  return promoteWaiting(eventId, now);
}

const PENDING_POLLS = 5;
const PENDING_POLL_MS = 50;

/** The record of an entry just given a seat follows; its member hears once. */
export async function confirmPromoted(ev: EventDoc, entry: string, now: number): Promise<boolean> {
  const { openid, attempt } = parseEntry(entry);
  const sid = signupId(ev._id, openid);
  for (let poll = 0; poll <= PENDING_POLLS; poll++) {
    const doc = await getDoc<SignupDoc>(SIGNUPS, sid);
    if (!doc || (doc.attempt ?? '') !== attempt) return false;
    if (doc.status === 'pending') {
      // Its own request is finishing; it may still write "waitlisted" from an older look at the ledger.
      await new Promise((r) => setTimeout(r, PENDING_POLL_MS));
      continue;
    }
    if (doc.status !== 'waitlisted') return false;
    const done = await changed(
      signups()
        .where({ _id: sid, status: 'waitlisted', updatedAt: doc.updatedAt })
        .update({
          data: { status: 'confirmed', confirmedAt: now, updatedAt: now, notify: { ...doc.notify, result: false } },
        }),
    );
    if (done && doc.notify.result) await sendSignupResult(openid, ev, '候补转正');
    return done > 0;
  }
  // Still pending: the repair (reminder timer) finishes it.
  return false;
}

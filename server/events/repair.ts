// Repair of what a killed function left half done (signup.ts takes its steps
// outside any transaction). Run by the reminder timer for every open upcoming
// event. The ledger on the event doc is the truth for seats and the
// waitlist, and the counters change with it in one update, so they never
// drift from it; the records are what may lag one step behind:
// - a sign-up left `pending` by a dead function is placed now (its request
//   did arrive in time) or dropped when the event refuses it;
// - an entry whose record is cancelled, gone, or a newer attempt is released,
//   and the freed seat goes to the waitlist head;
// - a record still `waitlisted` whose entry holds a seat is confirmed (its
//   member then hears of the promotion);
// - an event from before group sign-up gets its people-waiting counter
//   (ledger.ts eventCounters; any request about the event does the same).
import { AppError } from '../errors';
import { allSignups } from './admin';
import { type EventDoc, EVENTS, type SignupDoc, signupId, SIGNUPS } from './model';
import { eventCounters, parseEntry, release, STALE_PENDING_MS, waiting, WITHOUT_LEDGER } from './ledger';
import { confirmPromoted, promoteWaiting } from './promotion';
import { placeSignup } from './signup';
import { cmd, db, findDocs, getDoc } from '../data';

export interface RepairReport {
  placed: number;
  released: number;
  confirmed: number;
}

export async function repairEvent(eventId: string, now: number): Promise<RepairReport> {
  const _ = cmd();
  const report: RepairReport = { placed: 0, released: 0, confirmed: 0 };
  const stale = await findDocs<SignupDoc>(
    db()
      .collection(SIGNUPS)
      .where({ eventId, status: 'pending', updatedAt: _.lt(now - STALE_PENDING_MS) })
      .limit(100),
  );
  for (const doc of stale) {
    const ev = await eventCounters(eventId);
    if (!ev) return report;
    try {
      await placeSignup(doc, ev, now);
    } catch (err) {
      // Refused (event cancelled or full): placeSignup dropped the pending record.
      if (!(err instanceof AppError)) throw err;
    }
    report.placed += 1;
  }

  // Records first, then the ledger: a record moves only after its ledger step
  // (cancel: before it), and every doubt is settled on a fresh read below.
  const records = new Map((await allSignups(eventId)).map((d) => [d._id, d]));
  await eventCounters(eventId); // an event from before groups gets its people-waiting counter
  const ev = await getDoc<EventDoc>(EVENTS, eventId);
  if (!ev) return report;
  const holders = new Set(ev.holders ?? []);
  for (const entry of [...holders, ...waiting(ev)]) {
    const { openid, attempt } = parseEntry(entry);
    const sid = signupId(eventId, openid);
    const seen = records.get(sid);
    const settled = seen && (seen.attempt ?? '') === attempt && seen.status !== 'cancelled';
    if (settled && !(holders.has(entry) && seen.status === 'waitlisted')) continue;
    const doc = await getDoc<SignupDoc>(SIGNUPS, sid);
    if (doc && doc.status === 'pending' && (doc.attempt ?? '') === attempt) continue; // being placed
    if (!doc || (doc.attempt ?? '') !== attempt || doc.status === 'cancelled') {
      await release(eventId, entry, now);
      report.released += 1;
    } else if (holders.has(entry) && doc.status === 'waitlisted' && (await confirmPromoted(ev, entry, now))) {
      report.confirmed += 1;
    }
  }
  if (report.released) await promoteWaiting(eventId, now);
  return report;
}

/** Every open event that has not started: where a half-done sign-up can still matter. */
export async function repairOpenEvents(now: number): Promise<RepairReport> {
  const _ = cmd();
  const total: RepairReport = { placed: 0, released: 0, confirmed: 0 };
  const open = await findDocs<EventDoc>(
    db()
      .collection(EVENTS)
      .where({ status: 'open', startAt: _.gt(now) })
      .field(WITHOUT_LEDGER)
      .orderBy('startAt', 'asc')
      .limit(100),
  );
  for (const ev of open) {
    const r = await repairEvent(ev._id, now);
    total.placed += r.placed;
    total.released += r.released;
    total.confirmed += r.confirmed;
  }
  return total;
}

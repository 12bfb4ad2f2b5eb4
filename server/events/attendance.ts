// Attendance for the staff (issue 15 part 6): per event of a year, signed
// up / approved / checked in / no-show; per member unit, the events someone
// from it checked in at. Counted from the sign-ups themselves (what the
// attendee list shows), not from the event's seat counters.
import type { AttendanceReport, EventAttendance, UnitAttendance } from '../../miniprogram/contract/index';
import { cmd, db, findAllById, PAGE_SIZE } from '../data';
import { allSignups } from './admin';
import { BEIJING_OFFSET_MS, type EventDoc, EVENTS, peopleOf, type VisibleSignup } from './model';
import { eachLimited } from './notify';
import { WITHOUT_LEDGER } from './ledger';

/** The calendar year (Beijing) that `ms` falls in. */
export function beijingYear(ms: number): number {
  return new Date(ms + BEIJING_OFFSET_MS).getUTCFullYear();
}

/** [start, end) of a Beijing calendar year, as epoch ms. */
export function yearBounds(year: number): { start: number; end: number } {
  return { start: Date.UTC(year, 0, 1) - BEIJING_OFFSET_MS, end: Date.UTC(year + 1, 0, 1) - BEIJING_OFFSET_MS };
}

/** People of a sign-up who checked in: the member (status) and each companion (their own time). */
export function checkedInPeople(s: Pick<VisibleSignup, 'status' | 'companions'>): number {
  return (s.status === 'checked_in' ? 1 : 0) + (s.companions ?? []).filter((c) => c.checkedInAt).length;
}

/**
 * One event's figures from its visible sign-ups, in people (a group counts
 * each person). "Approved" is holding a seat (confirmed or checked in); in
 * review mode a sign-up gets there only through the staff's approval, and one
 * still in review counts as signed up only. Rejected and cancelled count nowhere.
 */
export function attendanceOf(
  ev: Pick<EventDoc, '_id' | 'title' | 'startAt' | 'endAt'>,
  signups: ReadonlyArray<Pick<VisibleSignup, 'status' | 'people' | 'companions'>>,
  now: number,
): EventAttendance {
  let signedUp = 0;
  let approved = 0;
  let checkedIn = 0;
  for (const s of signups) {
    if (s.status === 'cancelled' || s.status === 'rejected') continue;
    const people = peopleOf(s);
    signedUp += people;
    if (s.status === 'confirmed' || s.status === 'checked_in') approved += people;
    checkedIn += checkedInPeople(s);
  }
  const ended = ev.endAt <= now;
  return {
    eventId: ev._id,
    title: ev.title,
    startAt: ev.startAt,
    endAt: ev.endAt,
    ended,
    signedUp,
    approved,
    checkedIn,
    // Before the end a member may still come: nobody is a no-show yet.
    noShow: ended ? approved - checkedIn : 0,
  };
}

/** Units by events attended, then check-ins, then name (stable for the sheet). */
export function unitsOf(checkins: ReadonlyArray<{ eventId: string; unit: string }>): UnitAttendance[] {
  const byUnit = new Map<string, { events: Set<string>; checkins: number }>();
  for (const c of checkins) {
    const entry = byUnit.get(c.unit) ?? { events: new Set<string>(), checkins: 0 };
    entry.events.add(c.eventId);
    entry.checkins += 1;
    byUnit.set(c.unit, entry);
  }
  return [...byUnit.entries()]
    .map(([unit, v]) => ({ unit, events: v.events.size, checkins: v.checkins }))
    .sort((a, b) => b.events - a.events || b.checkins - a.checkins || a.unit.localeCompare(b.unit, 'zh-CN'));
}

/** The year's events that were not cancelled, by start time, paged by _id under the 100-doc read cap. */
async function eventsOfYear(year: number): Promise<EventDoc[]> {
  const _ = cmd();
  const { start, end } = yearBounds(year);
  const docs = await findAllById<EventDoc>((after) =>
    db()
      .collection(EVENTS)
      .where({ startAt: _.gte(start).and(_.lt(end)), status: 'open', _id: _.gt(after) })
      .field(WITHOUT_LEDGER)
      .orderBy('_id', 'asc')
      .limit(PAGE_SIZE),
  );
  return docs.sort((a, b) => a.startAt - b.startAt || a._id.localeCompare(b._id));
}

/** Events whose sign-ups are read at once: fewer round trips in a row, a bounded load. */
const READ_CONCURRENCY = 6;

export async function attendanceReport(year: number, now: number): Promise<AttendanceReport> {
  const events = await eventsOfYear(year);
  const signupsOf: VisibleSignup[][] = new Array<VisibleSignup[]>(events.length);
  await eachLimited(
    events.map((ev, i) => ({ ev, i })),
    READ_CONCURRENCY,
    async ({ ev, i }) => {
      signupsOf[i] = await allSignups(ev._id, ['reviewing', 'confirmed', 'checked_in', 'waitlisted']);
    },
  );
  const checkins: Array<{ eventId: string; unit: string }> = [];
  const figures = events.map((ev, i) => {
    const signups = signupsOf[i] ?? [];
    // Companions come with their member's unit: each person checked in is one check-in of it.
    for (const s of signups) {
      for (let n = checkedInPeople(s); n > 0; n--) checkins.push({ eventId: ev._id, unit: s.unit });
    }
    return attendanceOf(ev, signups, now);
  });
  return { year, events: figures, units: unitsOf(checkins) };
}

// Staff actions (the router checks the admin role before any of these run):
// create/edit/cancel events, attendee lists, check-in.
import {
  CHECKIN_CODE_ALPHABET,
  CHECKIN_CODE_LENGTH,
  parseCheckinScan,
  type Attendee,
  type CheckinResult,
  type EventDetail,
  type EventInput,
} from '../../miniprogram/contract/index';
import { fail } from '../errors';
import { crashPoint } from './faults';
import {
  type EventDoc,
  EVENTS,
  isVisible,
  type SignupDoc,
  SIGNUPS,
  toAttendee,
  toDetail,
  type VisibleSignup,
} from './model';
import { eachLimited, NOTIFY_CONCURRENCY, sendCancelled } from './notify';
import { loadEvent } from './queries';
import { answeredFields, editedFields, sameFieldSets, storedField } from './fields';
import { eventCounters, sizeOf, waiting } from './ledger';
import { fillFromWaitlist } from './promotion';
import { finishStaleApprovals } from './review';
import { cmd, countDocs, db, findAllById, findDocs, getDoc, PAGE_SIZE, runTx, updateWhere } from '../data';

const ARTICLES = 'articles';

function eventFields(input: EventInput, now: number) {
  return {
    title: input.title,
    summary: input.summary,
    place: input.place,
    // null, not absent: an edit without a venue removes the one saved.
    location: input.location ?? null,
    startAt: input.startAt,
    endAt: input.endAt,
    signupDeadline: input.signupDeadline,
    capacity: input.capacity,
    waitlistEnabled: input.waitlistEnabled,
    // Switching review on or off, or lowering the group size, leaves existing sign-ups as they are.
    // Absent (a console from before them): an edit keeps what is stored, a new event takes the defaults.
    ...(input.reviewRequired !== undefined ? { reviewRequired: input.reviewRequired } : {}),
    ...(input.groupMax !== undefined ? { groupMax: input.groupMax } : {}),
    cover: input.cover ?? '',
    articleId: input.articleId ?? '',
    ...(input.fields !== undefined ? { fields: input.fields.map(storedField) } : {}),
    updatedAt: now,
  };
}

export async function saveEvent(input: EventInput, now: number): Promise<EventDetail> {
  if (input.articleId) {
    // Members follow the link from the event page: a draft or removed report would be a dead end.
    const article = await getDoc<{ _id: string; status?: string }>(ARTICLES, input.articleId);
    if (!article || article.status !== 'published') fail('VALIDATION', '关联的报道不存在或未发布', 'articleId');
  }
  if (!input.id) {
    const data = {
      reviewRequired: false,
      groupMax: 1,
      fields: [],
      ...eventFields(input, now),
      status: 'open',
      confirmed: 0,
      waitlisted: 0,
      waitlistedPeople: 0,
      waitlistSeq: 0,
      holders: [],
      queue: [],
      left: [],
      checkedIn: 0,
      checkedInCodes: [],
      createdAt: now,
    };
    const res = (await db().collection(EVENTS).add({ data })) as { _id: string };
    return toDetail(await loadEvent(res._id), null);
  }
  const eventId = input.id;
  // Which fields sign-ups answered is a count (no queries inside a transaction):
  // taken first, for the fields as they are now; an edit in between is a CONFLICT.
  // A sign-up checked against the old fields may still land after the edit: its
  // answers are stored all the same (one to a field the edit removed is not listed).
  // Lowering groupMax or switching reviewRequired with sign-ups present is
  // allowed: existing sign-ups keep their companions and status; new ones follow the new setting.
  const next = input.fields;
  const read = await eventCounters(eventId);
  const answered = read && next ? await answeredFields(eventId, read, next) : new Set<string>();
  const before = await runTx(async (tx) => {
    const ev = await tx.get<EventDoc>(EVENTS, eventId);
    if (!ev) fail('NOT_FOUND', '活动不存在或已删除');
    if (ev.status === 'cancelled') fail('EVENT_CANCELLED', '活动已取消，不能再修改');
    if (input.capacity < ev.confirmed) {
      fail('VALIDATION', `名额不能少于已报名人数（${ev.confirmed}人）`, 'capacity');
    }
    // A waiting group larger than the event could never be seated, and nobody behind it either.
    const largest = Math.max(0, ...waiting(ev).map(sizeOf));
    if (input.capacity < largest) {
      fail('VALIDATION', `候补名单中有${largest}人同行的报名，名额不能少于${largest}`, 'capacity');
    }
    if (!read || !sameFieldSets(read, ev)) fail('CONFLICT');
    await tx.update(EVENTS, eventId, { ...eventFields(input, now), ...(next ? editedFields(ev, next, answered) : {}) });
    return ev;
  });
  // More seats: the waitlist moves up, each promotion its own transaction.
  if (input.capacity > before.capacity && before.waitlisted > 0) await fillFromWaitlist(eventId, now);
  return toDetail(await loadEvent(eventId), null);
}

/** Every sign-up of an event (never one still being placed), paged by _id under the 100-doc read cap. */
export async function allSignups(eventId: string, statuses?: VisibleSignup['status'][]): Promise<VisibleSignup[]> {
  const _ = cmd();
  const docs = await findAllById<SignupDoc>((after) => {
    const where: Record<string, unknown> = { eventId, _id: _.gt(after) };
    if (statuses) where.status = _.in(statuses);
    return db().collection(SIGNUPS).where(where).orderBy('_id', 'asc').limit(PAGE_SIZE);
  });
  return docs.filter(isVisible);
}

const STATUS_ORDER: Record<VisibleSignup['status'], number> = {
  reviewing: 0,
  rejected: 3,
  checked_in: 0,
  confirmed: 0,
  waitlisted: 1,
  cancelled: 2,
};

/** Seat holders by sign-up time, then the waitlist in order (with positions), then cancelled. */
export function orderAttendees(docs: VisibleSignup[], ev?: Pick<EventDoc, 'fields' | 'formerFields'>): Attendee[] {
  const sorted = [...docs].sort(
    (a, b) =>
      STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
      (a.status === 'waitlisted' ? a.waitlistSeq - b.waitlistSeq : a.createdAt - b.createdAt) ||
      a._id.localeCompare(b._id),
  );
  let position = 0;
  // The event's fields give each answer its label.
  return sorted.map((d) => toAttendee(d, d.status === 'waitlisted' ? ++position : undefined, ev));
}

export async function listAttendees(
  eventId: string,
  now: number,
): Promise<{ event: EventDetail; attendees: Attendee[] }> {
  await finishStaleApprovals(eventId, now);
  const ev = await loadEvent(eventId);
  return { event: toDetail(ev, null), attendees: orderAttendees(await allSignups(eventId), ev) };
}

export async function cancelEvent(eventId: string, now: number): Promise<EventDetail> {
  const { ev, changed } = await runTx(async (tx) => {
    const ev = await tx.get<EventDoc>(EVENTS, eventId);
    if (!ev) fail('NOT_FOUND', '活动不存在或已删除');
    if (ev.status === 'cancelled') return { ev, changed: false };
    await tx.update(EVENTS, eventId, { status: 'cancelled', cancelledAt: now, updatedAt: now });
    return { ev: { ...ev, status: 'cancelled' as const, cancelledAt: now, updatedAt: now }, changed: true };
  });
  if (changed) {
    // Only on the transition, so a repeated cancel notifies nobody twice.
    const active = await allSignups(eventId, ['reviewing', 'confirmed', 'waitlisted', 'checked_in']);
    const toNotify = active.filter((s) => s.notify && s.notify.change);
    await eachLimited(toNotify, NOTIFY_CONCURRENCY, (s) => sendCancelled(s.openid, ev));
  }
  return toDetail(ev, null);
}

const CODE_PATTERN = new RegExp(`^[${CHECKIN_CODE_ALPHABET}]{${CHECKIN_CODE_LENGTH}}$`);

/** Rounds of "the sign-up changed under us, look again" per check-in. */
const CHECKIN_ROUNDS = 10;

/** Why a sign-up's people cannot check in, by its status (null: they hold seats). */
const NO_SEAT: Partial<Record<VisibleSignup['status'], string>> = {
  cancelled: '该报名已取消，签到码无效',
  waitlisted: '该成员仍在候补名单中，尚未获得参会名额',
  reviewing: '该报名尚未通过审核',
  rejected: '该报名未通过审核，签到码无效',
};

/** The sign-up holding `code` (the member's own, else a companion's) and whose it is. */
async function findByCode(eventId: string, code: string): Promise<{ doc: SignupDoc; companion: number } | null> {
  const signups = db().collection(SIGNUPS);
  const [own] = await findDocs<SignupDoc>(signups.where({ eventId, checkinCode: code }).limit(1));
  if (own) return { doc: own, companion: -1 };
  const [group] = await findDocs<SignupDoc>(signups.where({ eventId, 'companions.checkinCode': code }).limit(1));
  const companion = (group?.companions ?? []).findIndex((c) => c.checkinCode === code);
  return group && companion >= 0 ? { doc: group, companion } : null;
}

/**
 * Counts one person's check-in on the event, once: the code joins
 * checkedInCodes and checkedIn moves with it in one conditional update, so a
 * repeated count (a retry, a re-scan after a killed function) changes nothing.
 */
async function countCheckin(eventId: string, code: string, now: number, late = false): Promise<void> {
  const _ = cmd();
  // A late count (the person was marked before) only where every count is listed: an event from
  // before checkedInCodes counted its check-ins without them.
  const uncounted = late ? _.exists(true).and(_.nin([code])) : _.nin([code]);
  await db()
    .collection(EVENTS)
    .where({ _id: eventId, checkedInCodes: uncounted })
    .update({ data: { checkedIn: _.inc(1), checkedInCodes: _.push([code]), updatedAt: now } });
}

/**
 * Checks in the one person a code belongs to. No transaction on the event
 * doc (a crowd scanning at the door would make them conflict, DESIGN §8):
 * one conditional update marks the person on their sign-up (only once, only
 * while it holds seats), then countCheckin counts them on the event, also
 * once. The attendee list and attendance count from the sign-ups themselves.
 */
export async function checkin(eventId: string, text: string, now: number): Promise<CheckinResult> {
  const _ = cmd();
  const scan = parseCheckinScan(text);
  if (scan.eventId !== undefined && scan.eventId !== eventId) fail('CHECKIN_WRONG_EVENT');
  const code = scan.code;
  if (!CODE_PATTERN.test(code)) fail('CHECKIN_INVALID');
  // Settings and counters only: the ledger arrays of a big event are long and not needed here.
  const ev = await eventCounters(eventId);
  if (!ev) fail('NOT_FOUND', '活动不存在或已删除');
  if (ev.status === 'cancelled') fail('EVENT_CANCELLED');
  for (let round = 1; round <= CHECKIN_ROUNDS; round++) {
    const found = await findByCode(eventId, code);
    if (!found) {
      const signups = db().collection(SIGNUPS);
      const elsewhere =
        (await countDocs(signups.where({ checkinCode: code }))) +
        (await countDocs(signups.where({ 'companions.checkinCode': code })));
      fail(elsewhere > 0 ? 'CHECKIN_WRONG_EVENT' : 'CHECKIN_INVALID');
    }
    const { doc, companion } = found;
    if (!isVisible(doc)) fail('CHECKIN_INVALID', '该报名正在处理中，请稍后再试');
    const guest = companion >= 0 ? (doc.companions ?? [])[companion] : undefined;
    const person = guest ? { name: guest.name, companion: true } : { name: doc.name, companion: false };
    const doneAt = guest ? guest.checkedInAt : doc.status === 'checked_in' ? doc.checkedInAt : undefined;
    if (doneAt) {
      await countCheckin(eventId, code, now, true); // a count a killed function missed is made now
      return {
        result: 'already_checked_in',
        person: { ...person, checkedInAt: doneAt },
        attendee: toAttendee(doc, undefined, ev),
      };
    }
    const refusal = NO_SEAT[doc.status];
    if (refusal) fail('CHECKIN_INVALID', refusal);
    const where: Record<string, unknown> = guest
      ? {
          _id: doc._id,
          status: _.in(['confirmed', 'checked_in']),
          [`companions.${companion}.checkinCode`]: code,
          [`companions.${companion}.checkedInAt`]: _.exists(false),
        }
      : { _id: doc._id, status: 'confirmed', checkinCode: code };
    const data: Record<string, unknown> = guest
      ? { [`companions.${companion}.checkedInAt`]: now, updatedAt: now }
      : { status: 'checked_in', checkedInAt: now, updatedAt: now };
    // Cancelled, promoted or checked in meanwhile: look again.
    if (!(await updateWhere(db().collection(SIGNUPS).where(where), data))) continue;
    crashPoint('checkin:marked');
    await countCheckin(eventId, code, now);
    const after = await getDoc<SignupDoc>(SIGNUPS, doc._id);
    const shown = after && isVisible(after) ? after : doc;
    return {
      result: 'checked_in',
      person: { ...person, checkedInAt: now },
      attendee: toAttendee(shown, undefined, ev),
    };
  }
  fail('CONFLICT', '当前签到人数较多，请稍后重试');
}

// Sign-up, cancel and waitlist promotion, without any transaction on the
// hot event document: under WeChat's rules a transaction that writes it locks
// it, so a crowd's transactions fail (DESIGN §8). Instead:
//
// - The event doc carries a seat ledger (model.ts: holders, queue, left) and
//   its counters; every ledger step is ONE conditional atomic update that
//   changes the counters with the arrays, so counters always equal the
//   ledger, a seat is never handed out past capacity, and an entry cannot be
//   added twice. Entries are `${openid}:${attempt}`; a group's attempt ends in
//   `~${people}`, so every step knows how many seats the entry takes. Seats
//   and the waitlist count people; a group takes all its seats in one step or
//   waits whole, and nobody behind it in the queue overtakes it.
// - Review mode: a sign-up is written as `reviewing` and holds nothing; the
//   staff's approval (review.ts) turns it `pending` and places it like a new
//   sign-up (a seat, else the waitlist), or puts it back in review.
// - The sign-up doc (deterministic id: one per member) is written first as
//   `pending` (holding the form), then placed in the ledger, then set to what
//   the ledger says. Every step is idempotent, so a retried request (or the
//   twin a phone sends) finishes the same attempt instead of starting another.
// - Cancel writes the record first (a check-in in between wins), then
//   releases the entry, then promotes the waitlist head by a conditional
//   update on the counter (a freed seat goes to the head, never to a
//   newcomer: a newcomer takes a seat only while nobody waits).
// - A function killed between steps leaves a pending record (hidden from
//   everyone) or a record one step behind the ledger; the member's retry or
//   repair.ts (reminder timer) finishes the step.
import { COMPANION_MESSAGES, type MySignup, type SignupInput } from '../../miniprogram/contract/index';
import { textIsSafe } from '../cloud';
import { AppError, fail } from '../errors';
import { newCheckinCode } from './codes';
import { crashPoint } from './faults';
import { checkAnswers, checkAnswerText } from './fields';
import { saveProfile } from './members';
import type { EventDoc, SignupDoc, VisibleSignup } from './model';
import { EVENTS, isVisible, signupId, SIGNUPS, toMySignup } from './model';
import { creditsFrom, sendSignupResult } from './notify';
import { cmd, findDocs, getDoc, isDuplicateKey } from '../data';
import {
  changed,
  entryOf,
  eventCounters,
  events,
  newAttempt,
  type Place,
  peopleCounted,
  placeOf,
  release,
  seatFree,
  signups,
  sizeOf,
  withPosition,
} from './ledger';
import { promoteWaiting } from './promotion';

export type SignupResult = MySignup & { eventId: string };

/** Rounds of "look again" when the event changed under a step. */
const MAX_ROUNDS = 20;
// ---- sign-up ------------------------------------------------------------------

export async function submitSignup(input: SignupInput, openid: string, now: number): Promise<SignupResult> {
  const remark = input.remark ?? '';
  // Everything is checked before anything is written: the answers against the event's own fields.
  const [ev, existing, remarkSafe] = await Promise.all([
    eventCounters(input.eventId),
    getDoc<SignupDoc>(SIGNUPS, signupId(input.eventId, openid)),
    remark ? textIsSafe(remark, openid) : Promise.resolve(true),
  ]);
  if (!ev) fail('NOT_FOUND', '活动不存在或已删除');
  // A repeated or retried request gets its sign-up, even if staff changed the fields since.
  if (existing && isVisible(existing) && existing.status !== 'cancelled') {
    return { ...(await withPosition(existing, ev)), eventId: input.eventId };
  }
  const fields = ev.fields ?? [];
  const answers = checkAnswers(fields, input.answers);
  if (!remarkSafe) fail('CONTENT_REJECTED', undefined, 'remark');
  await checkAnswerText(fields, answers, openid);
  // The profile is remembered beside the sign-up's own steps, never ahead of its answer.
  let profile: Promise<void> = Promise.resolve();
  const remember = () => {
    profile = saveProfile(openid, input, now).catch((err: unknown) => console.warn('profile save failed', err));
  };
  try {
    const first = { doc: existing, ev };
    return { ...(await signUp({ ...input, answers }, remark, openid, now, remember, first)), eventId: input.eventId };
  } finally {
    await profile;
  }
}

async function signUp(
  input: SignupInput,
  remark: string,
  openid: string,
  now: number,
  onNewAttempt: () => void,
  /** The sign-up and event as submitSignup just read them: the first round needs no second read. */
  first?: { doc: SignupDoc | null; ev: EventDoc },
): Promise<MySignup> {
  const sid = signupId(input.eventId, openid);
  for (let round = 1; round <= MAX_ROUNDS; round++) {
    const [doc, ev] =
      round === 1 && first
        ? [first.doc, first.ev]
        : await Promise.all([getDoc<SignupDoc>(SIGNUPS, sid), eventCounters(input.eventId)]);
    if (!ev) fail('NOT_FOUND', '活动不存在或已删除');
    // A repeated or retried request: the existing sign-up, nothing counted again.
    if (doc && isVisible(doc) && doc.status !== 'cancelled') return withPosition(doc, ev);
    let pending: SignupDoc;
    if (doc && doc.status === 'pending') {
      // The twin request in flight, or one that died: finish that attempt (every step is idempotent).
      pending = doc;
    } else {
      const people = 1 + (input.companions?.length ?? 0);
      if (ev.status === 'cancelled') fail('EVENT_CANCELLED');
      if (now > ev.signupDeadline || now >= ev.startAt) fail('SIGNUP_CLOSED');
      if (people > (ev.groupMax ?? 1)) fail('VALIDATION', COMPANION_MESSAGES.tooMany(ev.groupMax ?? 1), 'companions');
      // A group larger than the event could never be seated: it would block the waitlist for good.
      if (people > ev.capacity) fail('EVENT_FULL', `本活动共${ev.capacity}个名额，无法容纳${people}人`);
      if (!ev.waitlistEnabled && !seatFree(ev, people)) {
        const left = ev.waitlisted > 0 ? 0 : ev.capacity - ev.confirmed;
        fail('EVENT_FULL', left > 0 ? `仅剩${left}个名额，无法容纳${people}人` : undefined);
      }
      const fresh = pendingDoc(input, remark, openid, now);
      if (ev.reviewRequired) {
        // Review mode: the sign-up waits for the staff and holds nothing; nothing to place.
        const inReview: SignupDoc = { ...fresh, status: 'reviewing' };
        if (!(await (doc ? reopen(doc, inReview) : insertPending(inReview)))) continue;
        onNewAttempt();
        return toMySignup({ ...inReview, status: 'reviewing' });
      }
      pending = fresh;
      if (!(await (doc ? reopen(doc, pending) : insertPending(pending)))) continue;
      crashPoint('submit:pending');
      onNewAttempt();
    }
    const out = await placeSignup(pending, ev, now);
    if (out) return out;
  }
  throw new AppError('CONFLICT', '当前操作人数较多，请稍后重试');
}

function pendingDoc(input: SignupInput, remark: string, openid: string, now: number): SignupDoc {
  const companions = (input.companions ?? []).map((c) => ({
    name: c.name,
    phone: c.phone,
    position: c.position ?? '',
    checkinCode: newCheckinCode(),
  }));
  return {
    _id: signupId(input.eventId, openid),
    eventId: input.eventId,
    openid,
    status: 'pending',
    name: input.name,
    unit: input.unit,
    position: input.position ?? '',
    phone: input.phone,
    remark,
    checkinCode: newCheckinCode(),
    people: 1 + companions.length,
    companions,
    waitlistSeq: 0,
    attempt: newAttempt(1 + companions.length),
    createdAt: now,
    updatedAt: now,
    notify: creditsFrom(input.subscribed),
    reminded: false,
    // Always set, so a member signing up again after cancelling replaces the old answers.
    answers: input.answers ?? {},
  };
}

/** The deterministic id makes this the "one per member" fact: a second insert is refused. */
async function insertPending(doc: SignupDoc): Promise<boolean> {
  try {
    await signups().add({ data: doc });
    return true;
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
}

/** A member who cancelled signs up again: the same doc, a new attempt (its old entry is no longer theirs). */
async function reopen(cancelled: SignupDoc, doc: SignupDoc): Promise<boolean> {
  const _ = cmd();
  const { _id, ...fields } = doc;
  return (
    (await changed(
      signups()
        .where({ _id, status: 'cancelled', updatedAt: cancelled.updatedAt })
        .update({
          data: {
            ...fields,
            // A plain object in an update merges key by key; _.set replaces the old answers whole:
            // https://developers.weixin.qq.com/miniprogram/dev/wxcloud/reference-sdk-api/database/command/Command.set.html
            answers: _.set(fields.answers ?? {}),
            cancelledAt: _.remove(),
            confirmedAt: _.remove(),
            checkedInAt: _.remove(),
            reviewedAt: _.remove(),
            reviewNote: _.remove(),
            approvedAt: _.remove(),
          },
        }),
    )) > 0
  );
}

/**
 * Puts a pending sign-up in the ledger (a seat, else the waitlist), then
 * sets its record to match. null: the event changed under us, look again.
 */
export async function placeSignup(pending: SignupDoc, ev: EventDoc, now: number): Promise<MySignup | null> {
  const _ = cmd();
  const entry = entryOf(pending.openid, pending.attempt);
  const size = sizeOf(entry);
  const fresh = { _id: ev._id, status: 'open', holders: _.nin([entry]), queue: _.nin([entry]) };
  let seat = false;
  let queued = false;
  if (seatFree(ev, size)) {
    seat =
      (await changed(
        events()
          .where({ ...fresh, capacity: ev.capacity, confirmed: _.lte(ev.capacity - size), waitlisted: 0 })
          .update({ data: { confirmed: _.inc(size), holders: _.push([entry]), updatedAt: now } }),
      )) > 0;
  }
  if (!seat && ev.waitlistEnabled && size <= ev.capacity) {
    queued =
      (await changed(
        events()
          // Capacity as well: a group larger than a capacity lowered meanwhile would block the line for good.
          .where({ ...fresh, waitlistEnabled: true, capacity: _.gte(size), ...peopleCounted() })
          .update({
            data: {
              waitlisted: _.inc(1),
              waitlistedPeople: _.inc(size),
              waitlistSeq: _.inc(1),
              queue: _.push([entry]),
              updatedAt: now,
            },
          }),
      )) > 0;
  }
  crashPoint('submit:placed');
  if (seat) return finishSignup(pending, { status: 'confirmed' }, ev, now);
  if (queued) {
    const place = await queuePlace(ev, entry, now);
    if (place) return finishSignup(pending, place, ev, now);
  }

  // Where the entry stands (placed by the twin request before us), from the whole ledger.
  const ledger = await getDoc<EventDoc>(EVENTS, ev._id);
  if (!ledger) fail('NOT_FOUND', '活动不存在或已删除');
  const place = placeOf(ledger, entry);
  if (place) return finishSignup(pending, place, ledger, now);
  // Not placed, and nothing of this attempt is in the ledger: the pending record goes, or an
  // approved one goes back to review (the staff's decision is theirs to retry, the member's form stays).
  const mine = signups().where({ _id: pending._id, status: 'pending', attempt: pending.attempt });
  if (pending.approvedAt) {
    await changed(
      mine.update({
        data: { status: 'reviewing', approvedAt: cmd().remove(), reviewedAt: cmd().remove(), updatedAt: now },
      }),
    );
  } else {
    await changed(mine.remove());
  }
  if (ledger.status === 'cancelled') fail('EVENT_CANCELLED');
  if (!ledger.waitlistEnabled || size > ledger.capacity) fail('EVENT_FULL');
  return null;
}

/**
 * The place of an entry this request just queued. The queue is append only
 * and was `waitlistSeq` long when we read the counters, so only its tail is
 * read. Position: the waitlisted count less those queued after us (exact
 * unless one of them cancelled within these milliseconds; never below 1).
 */
async function queuePlace(ev: EventDoc, entry: string, now: number): Promise<Place | null> {
  const _ = cmd();
  const from = ev.waitlistSeq;
  const read = async () => {
    const [tail] = await findDocs<EventDoc>(
      events()
        .where({ _id: ev._id })
        .field({
          status: true,
          capacity: true,
          confirmed: true,
          waitlisted: true,
          queue: _.project.slice([from, 1_000_000]),
        })
        .limit(1),
    );
    return tail;
  };
  let tail = await read();
  if (tail && tail.status === 'open' && tail.confirmed < tail.capacity) {
    // Seats free while people wait (a raised capacity, or a cancel not yet through): move the line.
    await promoteWaiting(ev._id, now);
    tail = await read();
  }
  const at = (tail?.queue ?? []).indexOf(entry);
  if (!tail || at < 0) return null;
  const after = (tail.queue ?? []).length - at - 1;
  return { status: 'waitlisted', seq: from + at + 1, position: Math.max(1, tail.waitlisted - after) };
}

async function finishSignup(pending: SignupDoc, place: Place, ev: EventDoc, now: number): Promise<MySignup | null> {
  const confirmed = place.status === 'confirmed';
  const data = {
    status: place.status,
    waitlistSeq: confirmed ? 0 : place.seq,
    updatedAt: now,
    ...(confirmed ? { confirmedAt: now } : {}),
    // A confirmed member's result message goes out now; a waitlisted one's is kept for the promotion.
    notify: { ...pending.notify, result: pending.notify.result && !confirmed },
  };
  const mine = await changed(
    signups().where({ _id: pending._id, status: 'pending', attempt: pending.attempt }).update({ data }),
  );
  if (mine) {
    if (confirmed && pending.notify.result) {
      await sendSignupResult(pending.openid, ev, pending.approvedAt ? '审核通过' : '报名成功');
    }
    const doc: VisibleSignup = { ...pending, ...data };
    return toMySignup(doc, confirmed ? undefined : place.position);
  }
  // Finished by someone else (the twin request, or the repair): theirs is the answer.
  const current = await getDoc<SignupDoc>(SIGNUPS, pending._id);
  if (current && current.attempt === pending.attempt && isVisible(current)) return withPosition(current);
  return null;
}

// ---- cancel ----------------------------------------------------------------------------

export async function cancelSignup(eventId: string, openid: string, now: number): Promise<SignupResult> {
  const sid = signupId(eventId, openid);
  for (let round = 1; round <= MAX_ROUNDS; round++) {
    const [doc, ev] = await Promise.all([getDoc<SignupDoc>(SIGNUPS, sid), eventCounters(eventId)]);
    if (!ev) fail('NOT_FOUND', '活动不存在或已删除');
    if (doc && doc.status === 'pending') {
      // Half placed: finish placing it, so that what is cancelled is what it holds.
      await placeSignup(doc, ev, now).catch((err: unknown) => {
        if (!(err instanceof AppError)) throw err;
      });
      continue;
    }
    if (!doc || !isVisible(doc)) fail('NOT_FOUND', '你还没有报名这个活动');
    if (doc.status === 'cancelled') return { ...toMySignup(doc), eventId };
    if (doc.status === 'rejected') fail('CONFLICT', '报名未通过审核，无需取消');
    if (now >= ev.startAt) fail('EVENT_STARTED');
    if (doc.status === 'checked_in' || (doc.companions ?? []).some((c) => c.checkedInAt)) {
      fail('CONFLICT', '已有人签到，无法取消报名');
    }
    // The record first, on the state just read: a check-in or promotion in between makes us look again.
    const done = await changed(
      signups()
        .where({ _id: sid, status: doc.status, updatedAt: doc.updatedAt })
        .update({ data: { status: 'cancelled', cancelledAt: now, updatedAt: now } }),
    );
    if (!done) continue;
    // In review it held nothing: nothing to release.
    if (doc.status === 'reviewing') {
      return { ...toMySignup({ ...doc, status: 'cancelled', cancelledAt: now, updatedAt: now }), eventId };
    }
    crashPoint('cancel:record');
    await release(eventId, entryOf(openid, doc.attempt), now);
    crashPoint('cancel:released');
    await promoteWaiting(eventId, now);
    return { ...toMySignup({ ...doc, status: 'cancelled', cancelledAt: now, updatedAt: now }), eventId };
  }
  throw new AppError('CONFLICT', '当前操作人数较多，请稍后重试');
}

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
import crypto from 'crypto';
import { COMPANION_MESSAGES, type MySignup, type SignupInput } from '../../miniprogram/contract/index';
import { textIsSafe } from '../cloud';
import { AppError, fail } from '../errors';
import { newCheckinCode } from './codes';
import { crashPoint } from './faults';
import { checkAnswers, checkAnswerText } from './fields';
import { saveProfile } from './members';
import type { EventDoc, SignupDoc, VisibleSignup } from './model';
import { EVENTS, isVisible, signupId, SIGNUPS, toMySignup } from './model';
import { creditsFrom, eachLimited, NOTIFY_CONCURRENCY, sendSignupResult } from './notify';
import { cmd, countDocs, db, findDocs, getDoc, isDuplicateKey } from '../data';

export type SignupResult = MySignup & { eventId: string };

/** Rounds of "look again" when the event changed under a step. */
const MAX_ROUNDS = 20;
/** Promotion rounds per call: enough for many cancels at once, each round promotes someone or stops. */
const MAX_PROMOTE_ROUNDS = 200;
/** Reads of the event that need its counters only (the ledger arrays can be long). */
export const WITHOUT_LEDGER = { holders: false, queue: false, left: false };

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

/** People waiting: the counter, or on events from before groups the entry count (all of one). */
export function peopleWaiting(ev: Pick<EventDoc, 'waitlisted' | 'waitlistedPeople'>): number {
  return ev.waitlistedPeople ?? ev.waitlisted;
}

/** Waitlist entries still waiting, in arrival order. */
export function waiting(ev: EventDoc): string[] {
  const left = new Set(ev.left ?? []);
  return (ev.queue ?? []).filter((e) => !left.has(e));
}

type Place = { status: 'confirmed' } | { status: 'waitlisted'; seq: number; position: number };

function placeOf(ev: EventDoc, entry: string): Place | null {
  if ((ev.holders ?? []).includes(entry)) return { status: 'confirmed' };
  const queue = ev.queue ?? [];
  const at = queue.indexOf(entry);
  const left = new Set(ev.left ?? []);
  if (at < 0 || left.has(entry)) return null;
  const ahead = queue.slice(0, at).filter((e) => !left.has(e)).length;
  return { status: 'waitlisted', seq: at + 1, position: ahead + 1 };
}

/** A newcomer (of `people`) may take seats only while they fit and nobody waits for one. */
function seatFree(ev: EventDoc, people: number): boolean {
  return ev.confirmed + people <= ev.capacity && !(ev.waitlisted > 0);
}

async function changed(res: unknown): Promise<number> {
  const r = (await res) as { stats?: { updated?: number; removed?: number } } | undefined;
  return r?.stats?.updated ?? r?.stats?.removed ?? 0;
}

function events() {
  return db().collection(EVENTS);
}
function signups() {
  return db().collection(SIGNUPS);
}

/** The event's counters and settings, without the ledger arrays. */
export async function eventCounters(id: string): Promise<EventDoc | null> {
  const [ev] = await findDocs<EventDoc>(events().where({ _id: id }).field(WITHOUT_LEDGER).limit(1));
  return ev ?? null;
}

/** Takes `entry` out of the ledger, whichever place it holds. Idempotent. */
export async function release(eventId: string, entry: string, now: number): Promise<void> {
  const _ = cmd();
  // The waitlist first: a promotion may move the entry to a seat meanwhile, never back.
  const size = sizeOf(entry);
  const fromQueue = await changed(
    events()
      .where({ _id: eventId, queue: entry, left: _.nin([entry]) })
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

// ---- sign-up ------------------------------------------------------------------

export async function submitSignup(input: SignupInput, openid: string, now: number): Promise<SignupResult> {
  const remark = input.remark ?? '';
  // Everything is checked before anything is written: the answers against the event's own fields.
  const [ev, remarkSafe] = await Promise.all([
    eventCounters(input.eventId),
    remark ? textIsSafe(remark, openid) : Promise.resolve(true),
  ]);
  if (!ev) fail('NOT_FOUND', '活动不存在或已删除');
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
    return { ...(await signUp({ ...input, answers }, remark, openid, now, remember)), eventId: input.eventId };
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
): Promise<MySignup> {
  const sid = signupId(input.eventId, openid);
  for (let round = 1; round <= MAX_ROUNDS; round++) {
    const [doc, ev] = await Promise.all([getDoc<SignupDoc>(SIGNUPS, sid), eventCounters(input.eventId)]);
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
      if (!ev.waitlistEnabled && !seatFree(ev, people)) fail('EVENT_FULL');
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
          .where({ ...fresh, waitlistEnabled: true })
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
    await changed(mine.update({ data: { status: 'reviewing', approvedAt: cmd().remove(), updatedAt: now } }));
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

// ---- cancel and promotion ------------------------------------------------------------

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

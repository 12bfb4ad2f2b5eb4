// Sign-up, cancel and waitlist promotion: each one `db.runTransaction` over
// the event doc and the sign-up doc(s) it touches. The event's counters are
// read and written inside the same transaction, so they always equal the
// sign-up docs. WeChat transactions allow single-doc operations only, so the
// waitlist head is found by a query OUTSIDE the transaction and re-read
// (and verified) inside it.
import type { MySignup, SignupInput } from '../../miniprogram/contract/index';
import { textIsSafe } from '../cloud';
import { db } from '../cloud';
import { AppError, fail } from '../errors';
import { newCheckinCode } from './codes';
import { saveProfile } from './members';
import { holdsSeat, signupId, toMySignup } from './model';
import { creditsFrom, eachLimited, NOTIFY_CONCURRENCY, sendSignupResult } from './notify';
import { cmd, countDocs, EVENTS, findDocs, runTx, SIGNUPS, type EventDoc, type SignupDoc, type Tx } from './store';

export type SignupResult = MySignup & { eventId: string };

/** How many waitlist heads one query fetches; stale ones are skipped. */
const CANDIDATES = 5;
/** Re-queries when every fetched candidate went stale (many cancels at once). */
const MAX_ROUNDS = 20;

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

export async function withPosition(doc: SignupDoc): Promise<MySignup> {
  return toMySignup(doc, doc.status === 'waitlisted' ? await waitlistPosition(doc) : undefined);
}

export async function submitSignup(input: SignupInput, openid: string, now: number): Promise<SignupResult> {
  const remark = input.remark ?? '';
  if (remark && !(await textIsSafe(remark, openid))) fail('CONTENT_REJECTED', undefined, 'remark');

  const sid = signupId(input.eventId, openid);
  const credits = creditsFrom(input.subscribed);
  const out = await runTx(async (tx) => {
    const ev = await tx.get<EventDoc>(EVENTS, input.eventId);
    if (!ev) fail('NOT_FOUND', '活动不存在或已删除');
    const existing = await tx.get<SignupDoc>(SIGNUPS, sid);
    // A repeated or retried request: the existing sign-up, nothing counted again.
    if (existing && existing.status !== 'cancelled') return { doc: existing, ev, created: false, position: 0 };
    if (ev.status === 'cancelled') fail('EVENT_CANCELLED');
    if (now > ev.signupDeadline || now >= ev.startAt) fail('SIGNUP_CLOSED');

    let status: 'confirmed' | 'waitlisted';
    let waitlistSeq = 0;
    let position = 0;
    if (ev.confirmed < ev.capacity) {
      status = 'confirmed';
      await tx.update(EVENTS, ev._id, { confirmed: ev.confirmed + 1, updatedAt: now });
    } else if (ev.waitlistEnabled) {
      status = 'waitlisted';
      waitlistSeq = ev.waitlistSeq + 1;
      // Every waitlisted doc has a smaller seq (monotonic), so this is exact at commit.
      position = ev.waitlisted + 1;
      await tx.update(EVENTS, ev._id, { waitlisted: ev.waitlisted + 1, waitlistSeq, updatedAt: now });
    } else {
      fail('EVENT_FULL');
    }
    const doc: SignupDoc = {
      _id: sid,
      eventId: ev._id,
      openid,
      status,
      name: input.name,
      unit: input.unit,
      position: input.position ?? '',
      phone: input.phone,
      remark,
      checkinCode: newCheckinCode(),
      waitlistSeq,
      createdAt: now,
      updatedAt: now,
      ...(status === 'confirmed' ? { confirmedAt: now } : {}),
      // A confirmed member's result message goes out now; a waitlisted one's is kept for the promotion.
      notify: { ...credits, result: credits.result && status === 'waitlisted' },
      reminded: false,
    };
    const { _id: _omit, ...data } = doc;
    await tx.set(SIGNUPS, sid, data);
    return { doc, ev, created: true, position };
  });

  if (!out.created) return { ...(await withPosition(out.doc)), eventId: input.eventId };

  const followUps: Array<Promise<unknown>> = [
    saveProfile(openid, input, now).catch((err: unknown) => console.warn('profile save failed', err)),
  ];
  if (out.doc.status === 'confirmed' && credits.result) followUps.push(sendSignupResult(openid, out.ev, '报名成功'));
  await Promise.all(followUps);
  return { ...toMySignup(out.doc, out.position || undefined), eventId: input.eventId };
}

/** Thrown inside a transaction when every fetched waitlist candidate went stale: re-query. */
class StaleCandidates extends Error {}

async function waitlistHeads(eventId: string): Promise<SignupDoc[]> {
  return findDocs<SignupDoc>(
    db().collection(SIGNUPS).where({ eventId, status: 'waitlisted' }).orderBy('waitlistSeq', 'asc').limit(CANDIDATES),
  );
}

/**
 * The first candidate that is still waitlisted, re-read in the transaction.
 * Correct as the head: seqs only grow, so a waitlisted doc with a smaller
 * seq existed at query time and was among the candidates.
 */
async function headInTx(tx: Tx, candidates: SignupDoc[], exclude: string): Promise<SignupDoc | null> {
  for (const c of candidates) {
    if (c._id === exclude) continue;
    const fresh = await tx.get<SignupDoc>(SIGNUPS, c._id);
    if (fresh && fresh.status === 'waitlisted') return fresh;
  }
  return null;
}

async function promoteDoc(tx: Tx, doc: SignupDoc, now: number): Promise<void> {
  await tx.update(SIGNUPS, doc._id, {
    status: 'confirmed',
    confirmedAt: now,
    updatedAt: now,
    notify: { ...doc.notify, result: false },
  });
}

function notifyPromoted(promoted: SignupDoc, ev: EventDoc): Promise<unknown> {
  return promoted.notify && promoted.notify.result
    ? sendSignupResult(promoted.openid, ev, '候补转正')
    : Promise.resolve(false);
}

export async function cancelSignup(eventId: string, openid: string, now: number): Promise<SignupResult> {
  const sid = signupId(eventId, openid);
  for (let round = 1; round <= MAX_ROUNDS; round++) {
    const candidates = await waitlistHeads(eventId);
    let out: { mine: SignupDoc; ev: EventDoc; promoted: SignupDoc | null };
    try {
      out = await runTx(async (tx) => {
        const ev = await tx.get<EventDoc>(EVENTS, eventId);
        if (!ev) fail('NOT_FOUND', '活动不存在或已删除');
        const mine = await tx.get<SignupDoc>(SIGNUPS, sid);
        if (!mine) fail('NOT_FOUND', '你还没有报名这个活动');
        if (mine.status === 'cancelled') return { mine, ev, promoted: null };
        if (now >= ev.startAt) fail('EVENT_STARTED');
        if (mine.status === 'checked_in') fail('CONFLICT', '已签到，无法取消报名');

        let confirmed = ev.confirmed;
        let waitlisted = ev.waitlisted;
        if (mine.status === 'waitlisted') waitlisted -= 1;
        else confirmed -= 1;

        let promoted: SignupDoc | null = null;
        if (holdsSeat(mine.status) && ev.status === 'open' && waitlisted > 0 && confirmed < ev.capacity) {
          promoted = await headInTx(tx, candidates, sid);
          if (!promoted) throw new StaleCandidates();
          await promoteDoc(tx, promoted, now);
          confirmed += 1;
          waitlisted -= 1;
        }
        await tx.update(EVENTS, eventId, { confirmed, waitlisted, updatedAt: now });
        const cancelled: SignupDoc = { ...mine, status: 'cancelled', cancelledAt: now, updatedAt: now };
        await tx.update(SIGNUPS, sid, { status: 'cancelled', cancelledAt: now, updatedAt: now });
        return { mine: cancelled, ev, promoted };
      });
    } catch (err) {
      if (err instanceof StaleCandidates) continue;
      throw err;
    }
    if (out.promoted) await notifyPromoted(out.promoted, out.ev);
    return { ...toMySignup(out.mine), eventId };
  }
  throw new AppError('CONFLICT', '当前操作人数较多，请稍后重试');
}

/**
 * Fills free seats from the waitlist (after capacity was raised), one
 * transaction per promotion, then tells the promoted members, a few at a
 * time. Returns how many were promoted.
 */
export async function fillFromWaitlist(eventId: string, now: number): Promise<number> {
  const done: Array<{ doc: SignupDoc; ev: EventDoc }> = [];
  let staleRounds = 0;
  try {
    while (staleRounds < MAX_ROUNDS) {
      const candidates = await waitlistHeads(eventId);
      let out: { ev: EventDoc; promoted: SignupDoc | null };
      try {
        out = await runTx(async (tx) => {
          const ev = await tx.get<EventDoc>(EVENTS, eventId);
          if (!ev) fail('NOT_FOUND', '活动不存在或已删除');
          if (ev.status !== 'open' || ev.waitlisted <= 0 || ev.confirmed >= ev.capacity) return { ev, promoted: null };
          const promoted = await headInTx(tx, candidates, '');
          if (!promoted) throw new StaleCandidates();
          await promoteDoc(tx, promoted, now);
          await tx.update(EVENTS, eventId, {
            confirmed: ev.confirmed + 1,
            waitlisted: ev.waitlisted - 1,
            updatedAt: now,
          });
          return { ev, promoted };
        });
      } catch (err) {
        if (err instanceof StaleCandidates) {
          staleRounds += 1;
          continue;
        }
        throw err;
      }
      if (!out.promoted) return done.length;
      done.push({ doc: out.promoted, ev: out.ev });
    }
    return done.length;
  } finally {
    // After the seats are settled, also when a later round failed: each promoted member hears once.
    await eachLimited(done, NOTIFY_CONCURRENCY, (p) => notifyPromoted(p.doc, p.ev));
  }
}

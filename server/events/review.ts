// Review mode (issue 15 part 3): staff approve or reject sign-ups waiting as
// `reviewing`. A reviewing sign-up holds nothing in the seat ledger; approval
// turns it `pending` (marked approvedAt) and places it exactly like a new
// sign-up (signup.ts placeSignup: a seat only while it fits and nobody waits,
// else the waitlist), so approvals racing members' own sign-ups can never
// overbook nor jump the queue. When no place is left it goes back to review
// (placeSignup never drops an approved record). Each sign-up is decided on
// its own; one refused leaves the others and itself unchanged.
import { REVIEW_RULES, type ReviewOutcome } from '../../miniprogram/contract/index';
import { AppError, fail } from '../errors';
import { cmd, db, findDocs, getDoc, updateWhere } from '../data';
import { type EventDoc, type SignupDoc, SIGNUPS } from './model';
import { eachLimited, NOTIFY_CONCURRENCY, sendSignupResult } from './notify';
import { crashPoint } from './faults';
import { eventCounters, STALE_PENDING_MS } from './ledger';
import { placeSignup } from './signup';

/** Rounds of "the event changed under us, look again" per approval. */
const MAX_ROUNDS = 20;

const DECIDED: Record<string, string> = {
  rejected: '该报名已被拒绝',
  confirmed: '该报名已通过',
  checked_in: '该成员已签到',
  waitlisted: '该报名已通过，正在候补',
  cancelled: '成员已取消报名',
  pending: '该报名正在处理中，请稍后刷新',
};

function refused(id: string, message: string): ReviewOutcome {
  return { id, ok: false, message };
}

export async function reviewSignups(
  eventId: string,
  ids: string[],
  decision: 'approve' | 'reject',
  reason: string | undefined,
  now: number,
): Promise<{ outcomes: ReviewOutcome[] }> {
  const ev = await eventCounters(eventId);
  if (!ev) fail('NOT_FOUND', '活动不存在或已删除');
  if (ev.status === 'cancelled') fail('EVENT_CANCELLED');
  if (decision === 'approve' && now >= ev.startAt) fail('SIGNUP_CLOSED', '活动已开始，不能再通过报名');
  const unique = [...new Set(ids)];
  // One read for the whole batch; each decision reads again only if its sign-up changed meanwhile.
  const known = new Map(
    (
      await findDocs<SignupDoc>(
        db()
          .collection(SIGNUPS)
          .where({ eventId, _id: cmd().in(unique) })
          .limit(REVIEW_RULES.batchMax),
      )
    ).map((d) => [d._id, d]),
  );
  const outcomes: ReviewOutcome[] = new Array<ReviewOutcome>(unique.length);
  if (decision === 'approve') {
    // One at a time, in the order given: the order approvals take seats in.
    for (const [i, id] of unique.entries()) outcomes[i] = await approve(ev, id, now, known.get(id));
  } else {
    // A rejection takes no seat: a few at once.
    await eachLimited([...unique.entries()], NOTIFY_CONCURRENCY, async ([i, id]) => {
      outcomes[i] = await reject(ev, id, reason ?? '', now, known.get(id));
    });
  }
  return { outcomes };
}

/**
 * An approval cut short (a function killed after marking it) leaves its
 * record pending, which nobody sees: the attendee list finishes such records
 * once they are older than any live call could be, placing each as the
 * approval would have (or back to review when nothing is left).
 */
export async function finishStaleApprovals(eventId: string, now: number): Promise<number> {
  const _ = cmd();
  const stale = await findDocs<SignupDoc>(
    db()
      .collection(SIGNUPS)
      .where({ eventId, status: 'pending', approvedAt: _.exists(true), updatedAt: _.lt(now - STALE_PENDING_MS) })
      .limit(REVIEW_RULES.batchMax),
  );
  for (const doc of stale) {
    const counters = await eventCounters(eventId);
    if (!counters) break;
    try {
      await placeSignup(doc, counters, now);
    } catch (err) {
      // Refused (full, cancelled): placeSignup put it back in review.
      if (!(err instanceof AppError)) throw err;
    }
  }
  return stale.length;
}

/** The sign-up if it is in review (or an approval of it was cut short), else why not. */
async function inReview(
  ev: EventDoc,
  id: string,
  approving: boolean,
  known: SignupDoc | undefined,
): Promise<SignupDoc | ReviewOutcome> {
  const doc = known ?? (await getDoc<SignupDoc>(SIGNUPS, id));
  if (!doc || doc.eventId !== ev._id) return refused(id, '报名记录不存在');
  if (doc.status === 'reviewing' || (approving && doc.status === 'pending' && doc.approvedAt)) return doc;
  return refused(id, DECIDED[doc.status] ?? '该报名已处理');
}

async function approve(ev: EventDoc, id: string, now: number, known?: SignupDoc): Promise<ReviewOutcome> {
  for (let round = 1; round <= MAX_ROUNDS; round++) {
    const doc = await inReview(ev, id, true, round === 1 ? known : undefined);
    if (!('_id' in doc)) return doc;
    let pending = doc;
    // The counters are read beside the mark (it does not touch the event): one round trip less.
    const reading = eventCounters(ev._id);
    if (doc.status === 'reviewing') {
      const marks = { status: 'pending' as const, approvedAt: now, reviewedAt: now, updatedAt: now };
      const took = await updateWhere(
        db().collection(SIGNUPS).where({ _id: id, status: 'reviewing', updatedAt: doc.updatedAt }),
        marks,
      );
      if (!took) {
        await reading;
        continue;
      }
      crashPoint('approve:marked');
      pending = { ...doc, ...marks };
    } // else: an approval cut short (a killed function): finish placing it.
    const counters = await reading;
    if (!counters) fail('NOT_FOUND', '活动不存在或已删除');
    try {
      const placed = await placeSignup(pending, counters, now);
      if (!placed) continue; // back in review, the event changed: look again
      // Finished meanwhile by someone else (the member cancelled as it was placed): say what it is now.
      if (placed.status !== 'confirmed' && placed.status !== 'waitlisted') {
        return refused(id, DECIDED[placed.status] ?? '该报名已处理');
      }
      return {
        id,
        ok: true,
        status: placed.status,
        ...(placed.waitlistPosition ? { waitlistPosition: placed.waitlistPosition } : {}),
      };
    } catch (err) {
      // Back in review (placeSignup): say why, the others go on.
      if (err instanceof AppError && (err.code === 'EVENT_FULL' || err.code === 'EVENT_CANCELLED')) {
        return refused(id, err.code === 'EVENT_FULL' ? '名额已满，无法通过' : err.message);
      }
      throw err;
    }
  }
  return refused(id, '当前操作人数较多，请稍后重试');
}

async function reject(
  ev: EventDoc,
  id: string,
  reason: string,
  now: number,
  known?: SignupDoc,
): Promise<ReviewOutcome> {
  for (let round = 1; round <= MAX_ROUNDS; round++) {
    const doc = await inReview(ev, id, false, round === 1 ? known : undefined);
    if (!('_id' in doc)) return doc;
    const data = {
      status: 'rejected' as const,
      reviewedAt: now,
      reviewNote: reason,
      updatedAt: now,
      notify: { ...doc.notify, result: false },
    };
    const done = await updateWhere(
      db().collection(SIGNUPS).where({ _id: id, status: 'reviewing', updatedAt: doc.updatedAt }),
      data,
    );
    if (!done) continue;
    if (doc.notify.result) await sendSignupResult(doc.openid, ev, '未通过');
    return { id, ok: true, status: 'rejected' };
  }
  return refused(id, '当前操作人数较多，请稍后重试');
}

// Crash safety of sign-up, cancel and promotion (server/events/signup.ts takes
// its steps outside any transaction): the function is killed right after
// each step (EVENTS_CRASH_AFTER, server/events/faults.ts). Nothing a member
// or staff sees is wrong meanwhile, and the member's retry or the repair on
// the reminder timer finishes the step: counters equal the records again.
import { SUBSCRIBE_TEMPLATES } from '../../miniprogram/contract/index';
import type { TestCloud } from '../helpers/cloud';
import {
  ADMIN,
  countersFromDocs,
  createEvent,
  member,
  signupInput,
  signupsOf,
  startEventsCloud,
  storedCounters,
} from './events.fixtures';

let tc: TestCloud;
let serial = 0;

beforeAll(async () => {
  tc = await startEventsCloud();
});
afterAll(async () => {
  delete process.env.EVENTS_CRASH_AFTER;
  await tc.close();
});

/** Runs `fn` with the function dying right after `step`; returns the member's answer. */
async function crashingAfter<T>(step: string, fn: () => Promise<T>): Promise<T> {
  process.env.EVENTS_CRASH_AFTER = step;
  try {
    return await fn();
  } finally {
    delete process.env.EVENTS_CRASH_AFTER;
  }
}

/** The reminder timer, run as if the dead function's leftovers were minutes old. */
async function repairLater(): Promise<void> {
  await tc.ok('events', 'reminders.run', { now: Date.now() + 5 * 60 * 1000 }, { openid: ADMIN });
}

function who(): number {
  serial += 1;
  return 9000 + serial;
}

async function visibleTo(eventId: string, i: number) {
  const ev = await tc.ok('events', 'events.get', { id: eventId }, { openid: member(i) });
  const mine = await tc.ok('events', 'signup.mine', undefined, { openid: member(i) });
  const listed = await tc.ok('events', 'signup.list', { eventId }, { openid: ADMIN });
  return {
    mySignup: ev.mySignup,
    inMine: mine.items.some((x) => x.event.id === eventId),
    listed: listed.attendees.length,
    confirmed: ev.confirmed,
    capacity: ev.capacity,
  };
}

function consistent(eventId: string): void {
  expect(storedCounters(tc, eventId)).toEqual(countersFromDocs(tc, eventId));
  expect(signupsOf(tc, eventId).every((d) => d.status !== 'pending')).toBe(true);
}

describe.each(['submit:pending', 'submit:placed'])('sign-up killed after %s', (step) => {
  test.each([
    ['a free seat', 2, 'confirmed'],
    ['a full event (waitlist)', 0, 'waitlisted'],
  ])('%s: hidden meanwhile, then the retry finishes the same sign-up', async (_label, seatsLeft, status) => {
    const ev = await createEvent(tc, { capacity: 1 });
    if (!seatsLeft) await tc.ok('events', 'signup.submit', signupInput(ev.id, who()), { openid: member(serial) });
    const i = who();
    const died = await crashingAfter(step, () =>
      tc.call('events', 'signup.submit', signupInput(ev.id, i), { openid: member(i) }),
    );
    expect(died).toMatchObject({ ok: false, code: 'INTERNAL' });
    const seen = await visibleTo(ev.id, i);
    expect(seen.mySignup).toBeNull();
    expect(seen.inMine).toBe(false);
    expect(seen.listed).toBe(seatsLeft ? 0 : 1);
    expect(seen.confirmed).toBeLessThanOrEqual(seen.capacity);

    const again = await tc.ok('events', 'signup.submit', signupInput(ev.id, i), { openid: member(i) });
    expect(again.status).toBe(status);
    // The same attempt finished: one record, counted once.
    expect(signupsOf(tc, ev.id).filter((d) => d.openid === member(i))).toHaveLength(1);
    consistent(ev.id);
  });

  test('nobody retries: the repair on the reminder timer finishes it', async () => {
    const ev = await createEvent(tc, { capacity: 1 });
    const i = who();
    await crashingAfter(step, () => tc.call('events', 'signup.submit', signupInput(ev.id, i), { openid: member(i) }));
    await repairLater();
    const seen = await visibleTo(ev.id, i);
    expect(seen.mySignup?.status).toBe('confirmed');
    consistent(ev.id);
    // The seat is really taken: the next member waits.
    const j = who();
    expect((await tc.ok('events', 'signup.submit', signupInput(ev.id, j), { openid: member(j) })).status).toBe(
      'waitlisted',
    );
    consistent(ev.id);
  });
});

describe('cancel and promotion killed between steps', () => {
  async function fullEventWithQueue(subscribed: boolean) {
    const ev = await createEvent(tc, { capacity: 1 });
    const holder = who();
    await tc.ok('events', 'signup.submit', signupInput(ev.id, holder), { openid: member(holder) });
    const head = who();
    await tc.ok(
      'events',
      'signup.submit',
      signupInput(ev.id, head, subscribed ? { subscribed: [SUBSCRIBE_TEMPLATES.signupResult] } : {}),
      { openid: member(head) },
    );
    return { ev, holder, head };
  }

  test.each(['cancel:record', 'cancel:released'])(
    'after %s: the member sees the cancel, nobody is overbooked, and the repair promotes the head',
    async (step) => {
      const { ev, holder, head } = await fullEventWithQueue(true);
      const died = await crashingAfter(step, () =>
        tc.call('events', 'signup.cancel', { eventId: ev.id }, { openid: member(holder) }),
      );
      expect(died).toMatchObject({ ok: false, code: 'INTERNAL' });
      expect((await visibleTo(ev.id, holder)).mySignup?.status).toBe('cancelled');
      const waiting = await visibleTo(ev.id, head);
      expect(waiting.mySignup?.status).toBe('waitlisted');
      expect(waiting.confirmed).toBeLessThanOrEqual(1);
      // A newcomer meanwhile queues behind the head instead of taking the freed seat (and may move the line).
      const sent = tc.records.subscribeMessages.length;
      const late = who();
      expect((await tc.ok('events', 'signup.submit', signupInput(ev.id, late), { openid: member(late) })).status).toBe(
        'waitlisted',
      );

      await repairLater();
      expect((await visibleTo(ev.id, head)).mySignup?.status).toBe('confirmed');
      expect((await visibleTo(ev.id, late)).mySignup).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });
      expect(tc.records.subscribeMessages.slice(sent).map((m) => m.touser)).toEqual([member(head)]);
      consistent(ev.id);
      expect(storedCounters(tc, ev.id)).toMatchObject({ confirmed: 1, waitlisted: 1 });
    },
  );

  test('after the promotion took the seat: the head still shows waiting, then the repair confirms it, once', async () => {
    const { ev, holder, head } = await fullEventWithQueue(true);
    const died = await crashingAfter('promote:seated', () =>
      tc.call('events', 'signup.cancel', { eventId: ev.id }, { openid: member(holder) }),
    );
    expect(died).toMatchObject({ ok: false, code: 'INTERNAL' });
    expect((await visibleTo(ev.id, head)).mySignup?.status).toBe('waitlisted');
    const sent = tc.records.subscribeMessages.length;
    await repairLater();
    await repairLater();
    expect((await visibleTo(ev.id, head)).mySignup?.status).toBe('confirmed');
    expect(tc.records.subscribeMessages.slice(sent).map((m) => m.touser)).toEqual([member(head)]);
    consistent(ev.id);
  });

  test('the member retrying a cancel that died finishes it', async () => {
    const { ev, holder, head } = await fullEventWithQueue(false);
    await crashingAfter('cancel:record', () =>
      tc.call('events', 'signup.cancel', { eventId: ev.id }, { openid: member(holder) }),
    );
    // Already cancelled: the answer is the cancelled sign-up; the seat then goes at the next repair.
    expect((await tc.ok('events', 'signup.cancel', { eventId: ev.id }, { openid: member(holder) })).status).toBe(
      'cancelled',
    );
    await repairLater();
    expect((await visibleTo(ev.id, head)).mySignup?.status).toBe('confirmed');
    consistent(ev.id);
  });
});

describe.each(['approve:marked', 'submit:placed'])('an approval killed after %s', (step) => {
  test('is finished by the staff retry, or else by the repair; counters equal the records', async () => {
    for (const finish of ['retry', 'repair'] as const) {
      const ev = await createEvent(tc, { capacity: 1, reviewRequired: true, waitlistEnabled: false });
      const i = who();
      const mine = await tc.ok('events', 'signup.submit', signupInput(ev.id, i), { openid: member(i) });
      const died = await crashingAfter(step, () =>
        tc.call('events', 'signup.review', { eventId: ev.id, ids: [mine.id], decision: 'approve' }, { openid: ADMIN }),
      );
      expect(died).toMatchObject({ ok: false, code: 'INTERNAL' });
      if (finish === 'retry') {
        const again = await tc.ok(
          'events',
          'signup.review',
          { eventId: ev.id, ids: [mine.id], decision: 'approve' },
          { openid: ADMIN },
        );
        expect(again.outcomes).toEqual([{ id: mine.id, ok: true, status: 'confirmed' }]);
      } else {
        await repairLater();
      }
      const seen = await visibleTo(ev.id, i);
      expect(seen.mySignup).toMatchObject({ status: 'confirmed' });
      consistent(ev.id);
    }
  });
});

describe('a check-in killed after marking the person', () => {
  test('is counted once: a re-scan makes the missed count, a third scan changes nothing', async () => {
    const ev = await createEvent(tc, { capacity: 5 });
    const i = who();
    const mine = await tc.ok('events', 'signup.submit', signupInput(ev.id, i), { openid: member(i) });
    const scan = () =>
      tc.call('events', 'signup.checkin', { eventId: ev.id, code: mine.checkinCode }, { openid: ADMIN });
    const died = await crashingAfter('checkin:marked', scan);
    expect(died).toMatchObject({ ok: false, code: 'INTERNAL' });
    expect(storedCounters(tc, ev.id).checkedIn).toBe(0);
    expect(await scan()).toMatchObject({ ok: true, data: { result: 'already_checked_in' } });
    expect(await scan()).toMatchObject({ ok: true, data: { result: 'already_checked_in' } });
    expect(storedCounters(tc, ev.id)).toEqual(countersFromDocs(tc, ev.id));
  });
});

describe('an approval killed after marking it, nobody retrying', () => {
  test('is finished by the attendee list once it is older than any live call', async () => {
    const ev = await createEvent(tc, { capacity: 1, reviewRequired: true, waitlistEnabled: false });
    const i = who();
    const mine = await tc.ok('events', 'signup.submit', signupInput(ev.id, i), { openid: member(i) });
    await crashingAfter('approve:marked', () =>
      tc.call('events', 'signup.review', { eventId: ev.id, ids: [mine.id], decision: 'approve' }, { openid: ADMIN }),
    );
    const fresh = await tc.ok('events', 'signup.list', { eventId: ev.id }, { openid: ADMIN });
    expect(fresh.attendees).toEqual([]); // still in the hands of a possibly live call: hidden
    // Three minutes later (older than the function timeout), the list finishes it.
    await tc.db
      .collection('signups')
      .doc(mine.id)
      .update({ data: { updatedAt: Date.now() - 3 * 60 * 1000 } });
    const later = await tc.ok('events', 'signup.list', { eventId: ev.id }, { openid: ADMIN });
    expect(later.attendees.map((a) => a.status)).toEqual(['confirmed']);
    consistent(ev.id);
  });
});

// Issue 15: groups and approvals racing single sign-ups and cancels on the
// real events function. Whatever the interleaving: seats are never handed
// out past capacity, the counters equal the sign-ups (in people), and the
// waitlist keeps its order (nobody seated from it ahead of someone who waited
// longer, and a head that fits is never left waiting).
import type { EventDetail } from '../../miniprogram/contract/index';
import type { TestCloud } from '../helpers/cloud';
import { cloudPerFile } from '../helpers/cloud';
import { ADMIN, companionsFrom, createEvent, editOf, member, signupInput, startEventsCloud } from './events.fixtures';

// A round trip per database call, so that requests interleave as they do on the platform.
const cloud = cloudPerFile(() => startEventsCloud({ functions: ['events'], dbDelayMs: 2 }));
const TRIALS = 3;

interface Row {
  status: string;
  people: number;
  waitlistSeq: number;
}

function rows(tc: TestCloud, eventId: string): Row[] {
  return tc
    .dump('signups')
    .filter((d) => d.eventId === eventId)
    .map((d) => ({ status: String(d.status), people: Number(d.people ?? 1), waitlistSeq: Number(d.waitlistSeq) }));
}

const sum = (list: Row[]) => list.reduce((n, r) => n + r.people, 0);

function expectLedgerHolds(tc: TestCloud, eventId: string): void {
  const ev = tc.dump('events').find((e) => e._id === eventId)!;
  const docs = rows(tc, eventId);
  expect(docs.filter((d) => d.status === 'pending')).toEqual([]);
  const seated = docs.filter((d) => d.status === 'confirmed' || d.status === 'checked_in');
  const waiting = docs.filter((d) => d.status === 'waitlisted').sort((a, b) => a.waitlistSeq - b.waitlistSeq);
  expect(sum(seated)).toBeLessThanOrEqual(Number(ev.capacity));
  expect({ confirmed: ev.confirmed, waitlisted: ev.waitlisted, waitlistedPeople: ev.waitlistedPeople }).toEqual({
    confirmed: sum(seated),
    waitlisted: waiting.length,
    waitlistedPeople: sum(waiting),
  });
  // Order: everyone seated from the waitlist had waited longer than anyone still waiting.
  const head = waiting[0];
  if (head) {
    const promoted = seated.filter((d) => d.waitlistSeq > 0).map((d) => d.waitlistSeq);
    expect(Math.max(0, ...promoted)).toBeLessThan(head.waitlistSeq);
    // And the head is waiting because it does not fit, not because it was forgotten.
    expect(sum(seated) + head.people).toBeGreaterThan(Number(ev.capacity));
  }
  expect(new Set(waiting.map((d) => d.waitlistSeq)).size).toBe(waiting.length);
}

function submit(ev: EventDetail, i: number, people: number) {
  return cloud().call(
    'events',
    'signup.submit',
    signupInput(ev.id, i, { companions: companionsFrom(people - 1, 10_000 + 10 * i) }),
    {
      openid: member(i),
    },
  );
}

it('groups of 1–3 and cancels at once never overbook and keep the waitlist in order', async () => {
  for (let t = 0; t < TRIALS; t++) await groupsTrial(t * 1000);
});

async function groupsTrial(base: number): Promise<void> {
  const ev = await createEvent(cloud(), { capacity: 30, groupMax: 3, waitlistEnabled: true });
  const first = await Promise.all(Array.from({ length: 60 }, (_, i) => submit(ev, base + i, 1 + (i % 3))));
  expect(first.filter((e) => !e.ok)).toEqual([]);
  expectLedgerHolds(cloud(), ev.id);
  // Cancels (seated and waiting alike) racing newcomers.
  const cancels = Array.from({ length: 20 }, (_, k) =>
    cloud().call('events', 'signup.cancel', { eventId: ev.id }, { openid: member(base + k * 3) }),
  );
  const late = Array.from({ length: 20 }, (_, k) => submit(ev, base + 100 + k, 1 + (k % 3)));
  const out = await Promise.all([...cancels, ...late]);
  expect(out.filter((e) => !e.ok)).toEqual([]);
  expectLedgerHolds(cloud(), ev.id);
}

it('approvals racing single sign-ups never overbook and keep the order', async () => {
  for (let t = 0; t < TRIALS; t++) await approvalsTrial(t * 1000);
});

async function approvalsTrial(base: number): Promise<void> {
  const ev = await createEvent(cloud(), { capacity: 20, groupMax: 2, waitlistEnabled: true, reviewRequired: true });
  const inReview = await Promise.all(Array.from({ length: 15 }, (_, i) => submit(ev, base + 200 + i, 1 + (i % 2))));
  const ids = inReview.map((e) => (e.ok ? e.data.id : ''));
  expect(inReview.every((e) => e.ok && e.data.status === 'reviewing')).toBe(true);
  // Review switched off: newcomers are placed at once, while staff approve those in review.
  await cloud().ok('events', 'events.save', editOf({ ...ev }, { reviewRequired: false, groupMax: 2 }), {
    openid: ADMIN,
  });
  const approvals = [0, 5, 10].map((from) =>
    cloud().call(
      'events',
      'signup.review',
      { eventId: ev.id, ids: ids.slice(from, from + 5), decision: 'approve' },
      { openid: ADMIN },
    ),
  );
  const singles = Array.from({ length: 20 }, (_, k) => submit(ev, base + 300 + k, 1));
  const out = await Promise.all([...approvals, ...singles]);
  expect(out.filter((e) => !e.ok)).toEqual([]);
  for (const env of out.slice(0, 3)) {
    if (!env.ok || !('outcomes' in env.data)) throw new Error('expected review outcomes');
    expect(env.data.outcomes.every((o) => o.ok)).toBe(true);
  }
  expect(rows(cloud(), ev.id).filter((d) => d.status === 'reviewing')).toEqual([]);
  expectLedgerHolds(cloud(), ev.id);
}

// Race-freedom under load: many members at once on the local cloud (real
// wx-server-sdk, serializable transactions). Counters must always equal the
// sign-up docs; nobody is overbooked or signed up twice.
import { SUBSCRIBE_TEMPLATES, type Envelope, type ResultOf } from '../../miniprogram/contract/index';
import type { TestCloud } from '../helpers/cloud';
import {
  countersFromDocs,
  createEvent,
  member,
  signupInput,
  signupsOf,
  startEventsCloud,
  storedCounters,
} from './events.fixtures';

type SubmitEnvelope = Envelope<ResultOf<'events', 'signup.submit'>>;

const MEMBERS = 500;
const SEATS = 50;
const TRIALS = 20;

let tc: TestCloud;

beforeAll(async () => {
  tc = await startEventsCloud();
});
afterAll(async () => {
  await tc.close();
});

function submitAll(eventId: string, count: number, offset = 0): Promise<SubmitEnvelope[]> {
  return Promise.all(
    Array.from({ length: count }, (_, i) =>
      tc.call('events', 'signup.submit', signupInput(eventId, offset + i), { openid: member(offset + i) }),
    ),
  );
}

function okData(envs: SubmitEnvelope[]): Array<ResultOf<'events', 'signup.submit'>> {
  return envs.flatMap((e) => (e.ok ? [e.data] : []));
}

async function waitlistTrial(): Promise<void> {
  const ev = await createEvent(tc, { capacity: SEATS, waitlistEnabled: true });
  const envs = await submitAll(ev.id, MEMBERS);
  expect(envs.filter((e) => !e.ok)).toEqual([]);
  const results = okData(envs);
  const confirmed = results.filter((r) => r.status === 'confirmed');
  const waitlisted = results.filter((r) => r.status === 'waitlisted');
  expect(confirmed).toHaveLength(SEATS);
  expect(waitlisted).toHaveLength(MEMBERS - SEATS);

  // Positions handed out are exactly 1..450, each once.
  const positions = waitlisted.map((r) => r.waitlistPosition ?? 0).sort((a, b) => a - b);
  expect(positions).toEqual(Array.from({ length: MEMBERS - SEATS }, (_, i) => i + 1));

  // "In order": the stored waitlist sequence agrees with the position each member was told.
  const docs = signupsOf(tc, ev.id);
  expect(docs).toHaveLength(MEMBERS);
  const seqById = new Map(docs.map((d) => [d._id, d.waitlistSeq]));
  for (const r of waitlisted) expect(seqById.get(r.id)).toBe(r.waitlistPosition);
  expect(new Set(docs.map((d) => d.checkinCode)).size).toBe(MEMBERS);

  expect(storedCounters(tc, ev.id)).toEqual({ confirmed: SEATS, waitlisted: MEMBERS - SEATS, checkedIn: 0 });
  expect(countersFromDocs(tc, ev.id)).toEqual(storedCounters(tc, ev.id));
}

async function noWaitlistTrial(): Promise<void> {
  const ev = await createEvent(tc, { capacity: SEATS, waitlistEnabled: false });
  const envs = await submitAll(ev.id, MEMBERS);
  expect(okData(envs).every((r) => r.status === 'confirmed')).toBe(true);
  expect(okData(envs)).toHaveLength(SEATS);
  const rejected = envs.filter((e) => !e.ok);
  expect(rejected).toHaveLength(MEMBERS - SEATS);
  expect(rejected.every((e) => !e.ok && e.code === 'EVENT_FULL')).toBe(true);
  expect(signupsOf(tc, ev.id)).toHaveLength(SEATS);
  expect(storedCounters(tc, ev.id)).toEqual({ confirmed: SEATS, waitlisted: 0, checkedIn: 0 });
  expect(countersFromDocs(tc, ev.id)).toEqual(storedCounters(tc, ev.id));
}

// Unindexed local scans grow with the collection: the smaller checks run before the 40 big trials.
describe('waitlist positions and promotion on cancel', () => {
  test('events.get reports each waitlisted member a distinct position 1..450', async () => {
    const ev = await createEvent(tc, { capacity: SEATS });
    await submitAll(ev.id, MEMBERS);
    const waiting = signupsOf(tc, ev.id).filter((d) => d.status === 'waitlisted');
    const got = await Promise.all(
      waiting.map((d) => tc.ok('events', 'events.get', { id: ev.id }, { openid: d.openid })),
    );
    const positions = got.map((g) => g.mySignup?.waitlistPosition ?? 0).sort((a, b) => a - b);
    expect(positions).toEqual(Array.from({ length: MEMBERS - SEATS }, (_, i) => i + 1));
    for (const [i, d] of waiting.entries()) expect(got[i]!.mySignup?.waitlistPosition).toBe(d.waitlistSeq);
  }, 60_000);

  test('one cancel promotes exactly the first waitlisted member, who gets a message', async () => {
    const ev = await createEvent(tc, { capacity: 3 });
    for (let i = 0; i < 8; i++) {
      await tc.ok(
        'events',
        'signup.submit',
        signupInput(ev.id, i, { subscribed: [SUBSCRIBE_TEMPLATES.signupResult] }),
        { openid: member(i) },
      );
    }
    const before = signupsOf(tc, ev.id);
    const head = before.filter((d) => d.status === 'waitlisted').sort((a, b) => a.waitlistSeq - b.waitlistSeq)[0]!;
    const sent = tc.records.subscribeMessages.length;

    await tc.ok('events', 'signup.cancel', { eventId: ev.id }, { openid: member(1) });

    const after = signupsOf(tc, ev.id);
    const changed = after.filter((d) => before.find((b) => b._id === d._id)?.status !== d.status);
    expect(changed.map((d) => [d.openid, d.status]).sort()).toEqual(
      [
        [member(1), 'cancelled'],
        [head.openid, 'confirmed'],
      ].sort(),
    );
    expect(storedCounters(tc, ev.id)).toEqual({ confirmed: 3, waitlisted: 4, checkedIn: 0 });
    expect(countersFromDocs(tc, ev.id)).toEqual(storedCounters(tc, ev.id));

    const msgs = tc.records.subscribeMessages.slice(sent);
    expect(msgs).toHaveLength(1);
    expect(msgs[0]).toMatchObject({ touser: head.openid, templateId: SUBSCRIBE_TEMPLATES.signupResult });
    expect(msgs[0]!.data.phrase4!.value).toBe('候补转正');

    const promoted = await tc.ok('events', 'events.get', { id: ev.id }, { openid: head.openid });
    expect(promoted.mySignup?.status).toBe('confirmed');
    const next = await tc.ok('events', 'events.get', { id: ev.id }, { openid: member(7) });
    expect(next.mySignup?.waitlistPosition).toBe(4);
  });

  test('20 confirmed members cancelling at once promote exactly the first 20 waitlisted', async () => {
    const ev = await createEvent(tc, { capacity: SEATS });
    const envs = await submitAll(ev.id, 150, 1000);
    expect(envs.every((e) => e.ok)).toBe(true);
    const docs = signupsOf(tc, ev.id);
    const confirmed = docs.filter((d) => d.status === 'confirmed').slice(0, 20);
    const queue = docs.filter((d) => d.status === 'waitlisted').sort((a, b) => a.waitlistSeq - b.waitlistSeq);

    const cancels = await Promise.all(
      confirmed.map((d) => tc.call('events', 'signup.cancel', { eventId: ev.id }, { openid: d.openid })),
    );
    expect(cancels.filter((c) => !c.ok)).toEqual([]);

    const after = new Map(signupsOf(tc, ev.id).map((d) => [d._id, d.status]));
    for (const d of confirmed) expect(after.get(d._id)).toBe('cancelled');
    expect(queue.slice(0, 20).map((d) => after.get(d._id))).toEqual(Array(20).fill('confirmed'));
    expect(queue.slice(20).every((d) => after.get(d._id) === 'waitlisted')).toBe(true);
    expect(storedCounters(tc, ev.id)).toEqual({ confirmed: SEATS, waitlisted: 80, checkedIn: 0 });
    expect(countersFromDocs(tc, ev.id)).toEqual(storedCounters(tc, ev.id));
  }, 60_000);

  test('cancels, waitlisted cancels, new sign-ups and retries all at once keep counters equal to the docs', async () => {
    const ev = await createEvent(tc, { capacity: 30 });
    await submitAll(ev.id, 60, 2000);
    const docs = signupsOf(tc, ev.id);
    const leavers = [
      ...docs.filter((d) => d.status === 'confirmed').slice(0, 10),
      ...docs.filter((d) => d.status === 'waitlisted').slice(0, 10),
    ];
    const calls: Array<Promise<unknown>> = [
      ...leavers.map((d) => tc.call('events', 'signup.cancel', { eventId: ev.id }, { openid: d.openid })),
      // The same leavers retrying their cancel.
      ...leavers.map((d) => tc.call('events', 'signup.cancel', { eventId: ev.id }, { openid: d.openid })),
      ...Array.from({ length: 40 }, (_, i) =>
        tc.call('events', 'signup.submit', signupInput(ev.id, 3000 + i), { openid: member(3000 + i) }),
      ),
    ];
    await Promise.all(calls);
    const c = countersFromDocs(tc, ev.id);
    expect(storedCounters(tc, ev.id)).toEqual(c);
    // Seats stay full while anyone waits.
    expect(c.confirmed).toBe(30);
    expect(c.waitlisted).toBe(60 - 20 + 40 - 30);
  }, 60_000);
});

describe(`${MEMBERS} members submit at once for ${SEATS} seats, ${TRIALS} trials each`, () => {
  test.each(Array.from({ length: TRIALS }, (_, i) => i + 1))('waitlist on, trial %i', waitlistTrial, 60_000);
  test.each(Array.from({ length: TRIALS }, (_, i) => i + 1))('waitlist off, trial %i', noWaitlistTrial, 60_000);
});

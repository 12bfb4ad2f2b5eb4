// Issue 15 parts 2 and 3 on the real events function: group sign-up (each
// person a seat, a group waits whole and in order), per-person check-in, and
// review mode (approve takes a seat under the never-overbooked rule, reject
// with a reason, bulk, the member hears and sees the result).
import { SUBSCRIBE_TEMPLATES, type EventDetail, type SignupInput } from '../../miniprogram/contract/index';
import { CallFailed } from '../helpers/cloud';
import {
  ADMIN,
  companionsFrom,
  createEvent,
  editOf,
  eventsCloudPerFile,
  member,
  phone,
  signupInput,
  snapshot,
} from './events.fixtures';

const cloud = eventsCloudPerFile();

function submit(ev: EventDetail, i: number, overrides: Partial<SignupInput> = {}) {
  return cloud().ok('events', 'signup.submit', signupInput(ev.id, i, overrides), { openid: member(i) });
}

function scan(ev: EventDetail, code: string) {
  return cloud().ok('events', 'signup.checkin', { eventId: ev.id, code }, { openid: ADMIN });
}

async function failure(p: Promise<unknown>): Promise<CallFailed> {
  try {
    await p;
  } catch (err) {
    if (err instanceof CallFailed) return err;
    throw err;
  }
  throw new Error('expected the call to fail');
}

function eventDoc(id: string): Record<string, unknown> {
  const d = cloud()
    .dump('events')
    .find((e) => e._id === id);
  if (!d) throw new Error(`no event ${id}`);
  return d;
}

function signupDoc(eventId: string, i: number): Record<string, unknown> | undefined {
  return cloud()
    .dump('signups')
    .find((d) => d._id === `${eventId}_${member(i)}`);
}

describe('group sign-up', () => {
  it('seats every person, counts people, and a group that does not fit waits whole, in order', async () => {
    const ev = await createEvent(cloud(), { capacity: 5, groupMax: 3, waitlistEnabled: true });
    expect(ev.groupMax).toBe(3);
    const a = await submit(ev, 1);
    const b = await submit(ev, 2, { companions: companionsFrom(2) });
    expect(a.status).toBe('confirmed');
    expect(b).toMatchObject({ status: 'confirmed', people: 3 });
    expect(b.companions.map((c) => c.name)).toEqual(['同行100', '同行101']);
    // Every person has a code of their own.
    expect(new Set([b.checkinCode, ...b.companions.map((c) => c.checkinCode)]).size).toBe(3);

    // 4 of 5 seats taken: a pair waits (whole), and a single behind it does not overtake it.
    const c = await submit(ev, 3, { companions: companionsFrom(1, 200) });
    const d = await submit(ev, 4);
    expect(c).toMatchObject({ status: 'waitlisted', waitlistPosition: 1, people: 2 });
    expect(d).toMatchObject({ status: 'waitlisted', waitlistPosition: 2 });
    const shown = await cloud().ok('events', 'events.get', { id: ev.id }, { openid: member(9) });
    // The one free seat is the waiting pair's to grow into: none is offered to newcomers.
    expect(shown).toMatchObject({ confirmed: 4, waitlisted: 3, seatsLeft: 0 });

    // One seat frees: 2 now free, the pair at the head fits and moves up; the single still waits.
    await cloud().ok('events', 'signup.cancel', { eventId: ev.id }, { openid: member(1) });
    expect(signupDoc(ev.id, 3)).toMatchObject({ status: 'confirmed' });
    expect(signupDoc(ev.id, 4)).toMatchObject({ status: 'waitlisted' });
    expect(eventDoc(ev.id)).toMatchObject({ confirmed: 5, waitlisted: 1, waitlistedPeople: 1 });

    // The group leaves: its three seats go to the single.
    await cloud().ok('events', 'signup.cancel', { eventId: ev.id }, { openid: member(2) });
    expect(signupDoc(ev.id, 4)).toMatchObject({ status: 'confirmed' });
    expect(eventDoc(ev.id)).toMatchObject({ confirmed: 3, waitlisted: 0, waitlistedPeople: 0 });
  });

  it('refuses a group larger than the event allows, or than its seats, and writes nothing', async () => {
    const ev = await createEvent(cloud(), { capacity: 3, groupMax: 2 });
    const before = snapshot(cloud());
    const tooBig = await failure(submit(ev, 10, { companions: companionsFrom(2) }));
    expect(tooBig).toMatchObject({ code: 'VALIDATION', field: 'companions' });
    expect(tooBig.said).toBe('本活动每次报名最多2人（含本人）');
    expect(snapshot(cloud())).toBe(before);
    const single = await createEvent(cloud(), { capacity: 3 });
    const alone = await failure(submit(single, 10, { companions: companionsFrom(1) }));
    expect(alone.said).toBe('本活动每次报名限本人一人');
    // Capacity lowered below the group size by an edit that does not send groupMax (it is kept).
    const small = await createEvent(cloud(), { capacity: 3, groupMax: 3 });
    await cloud().ok('events', 'events.save', editOf({ ...small }, { capacity: 2 }), { openid: ADMIN });
    const before2 = snapshot(cloud());
    const over = await failure(submit(small, 10, { companions: companionsFrom(2) }));
    expect(over).toMatchObject({ code: 'EVENT_FULL', said: '本活动共2个名额，无法容纳3人' });
    expect(snapshot(cloud())).toBe(before2);
  });

  it('refuses an event whose group size is above its capacity', async () => {
    const env = await cloud().call(
      'events',
      'events.save',
      {
        title: '小型座谈',
        summary: '',
        place: '合肥',
        startAt: Date.now() + 3 * 86400000,
        endAt: Date.now() + 3 * 86400000 + 3600000,
        signupDeadline: Date.now() + 86400000,
        capacity: 2,
        waitlistEnabled: false,
        groupMax: 3,
      },
      { openid: ADMIN },
    );
    expect(env).toMatchObject({
      ok: false,
      code: 'VALIDATION',
      field: 'groupMax',
      message: '每次报名人数不能超过名额',
    });
  });

  it('names the companion and the part that is wrong', async () => {
    const ev = await createEvent(cloud(), { groupMax: 4 });
    const before = snapshot(cloud());
    const cases: Array<[unknown, string, string]> = [
      [[{ name: '王五', phone: '123' }], 'companions.0.phone', '第1位同行人员的手机号不正确'],
      [[{ name: '王五', phone: phone(5) }, { phone: phone(6) }], 'companions.1.name', '请填写第2位同行人员的姓名'],
      [[{ name: '王', phone: phone(5) }], 'companions.0.name', '第1位同行人员的姓名需为2–20个字'],
      [[{ name: '王五', phone: '' }], 'companions.0.phone', '请填写第1位同行人员的手机号'],
      [[{ name: '王五', phone: phone(5), age: 3 }], 'companions.0.age', '第1位同行人员含有不支持的字段'],
      [['王五'], 'companions.0', '第1位同行人员格式不正确'],
    ];
    for (const [list, field, message] of cases) {
      const env = (await cloud().callRaw(
        'events',
        { action: 'signup.submit', payload: { ...signupInput(ev.id, 11), companions: list } },
        { openid: member(11) },
      )) as { ok: boolean; field?: string; message?: string };
      expect(env).toMatchObject({ ok: false, field, message });
    }
    expect(snapshot(cloud())).toBe(before);
  });
});

describe('check-in per person', () => {
  it('checks in the member and each companion on their own codes, once each', async () => {
    const ev = await createEvent(cloud(), { capacity: 10, groupMax: 3 });
    const mine = await submit(ev, 20, { companions: companionsFrom(2, 300) });
    const guest = mine.companions[1]!;
    const first = await scan(ev, guest.checkinCode);
    expect(first.result).toBe('checked_in');
    expect(first.person).toMatchObject({ name: '同行301', companion: true });
    expect(first.attendee.status).toBe('confirmed'); // the member has not arrived yet
    expect(first.attendee.companions[1]!.checkedInAt).toBeGreaterThan(0);
    const again = await scan(ev, guest.checkinCode);
    expect(again.result).toBe('already_checked_in');
    const own = await scan(ev, mine.checkinCode);
    expect(own).toMatchObject({ result: 'checked_in', person: { name: '会员20', companion: false } });
    expect(own.attendee.status).toBe('checked_in');
    expect(eventDoc(ev.id).checkedIn).toBe(2);
    // Someone of the group is in: the sign-up can no longer be cancelled.
    const cancel = await failure(cloud().ok('events', 'signup.cancel', { eventId: ev.id }, { openid: member(20) }));
    expect(cancel.said).toBe('已有人签到，无法取消报名');
    const year = await cloud().ok('events', 'attendance.year', {}, { openid: ADMIN });
    expect(year.events.find((e) => e.eventId === ev.id)).toMatchObject({ signedUp: 3, approved: 3, checkedIn: 2 });
  });

  it('refuses a waitlisted companion and a code of another event', async () => {
    const ev = await createEvent(cloud(), { capacity: 2, groupMax: 2 });
    await submit(ev, 30, { companions: companionsFrom(1, 400) });
    const waiting = await submit(ev, 31, { companions: companionsFrom(1, 410) });
    expect(waiting.status).toBe('waitlisted');
    const refused = await failure(scan(ev, waiting.companions[0]!.checkinCode));
    expect(refused).toMatchObject({ code: 'CHECKIN_INVALID', said: '该成员仍在候补名单中，尚未获得参会名额' });
    const other = await createEvent(cloud(), { capacity: 2 });
    const wrong = await failure(scan(other, waiting.companions[0]!.checkinCode));
    expect(wrong.code).toBe('CHECKIN_WRONG_EVENT');
  });

  it('counts every scan of a crowd at the door once, with no conflict', async () => {
    const ev = await createEvent(cloud(), { capacity: 60, groupMax: 3 });
    const signed = await Promise.all(
      Array.from({ length: 20 }, (_, i) => submit(ev, 500 + i, { companions: companionsFrom(2, 600 + 2 * i) })),
    );
    const codes = signed.flatMap((s) => [s.checkinCode, ...s.companions.map((c) => c.checkinCode)]);
    // Every code scanned twice at once (two staff phones), all 120 scans together.
    const envs = await Promise.all(
      [...codes, ...codes].map((code) =>
        cloud().call('events', 'signup.checkin', { eventId: ev.id, code }, { openid: ADMIN }),
      ),
    );
    expect(envs.filter((e) => !e.ok)).toEqual([]);
    const fresh = envs.flatMap((e) => (e.ok && e.data.result === 'checked_in' ? [e.data] : []));
    expect(fresh).toHaveLength(60);
    expect(eventDoc(ev.id).checkedIn).toBe(60);
  });
});

describe('review mode', () => {
  it('holds no seat while in review; approval seats, rejection tells the reason; the member hears both', async () => {
    const ev = await createEvent(cloud(), { capacity: 3, reviewRequired: true, waitlistEnabled: false, groupMax: 2 });
    expect(ev.reviewRequired).toBe(true);
    const subscribed = [SUBSCRIBE_TEMPLATES.signupResult];
    const sent = cloud().records.subscribeMessages.length;
    const a = await submit(ev, 40, { subscribed, companions: companionsFrom(1, 700) });
    const b = await submit(ev, 41, { subscribed });
    expect(a).toMatchObject({ status: 'reviewing', people: 2 });
    expect(cloud().records.subscribeMessages.length).toBe(sent); // nothing to tell yet
    expect(eventDoc(ev.id)).toMatchObject({ confirmed: 0 });
    // A repeated submit is the same sign-up.
    expect(await submit(ev, 40, { subscribed })).toMatchObject({ id: a.id, status: 'reviewing' });

    const approved = await cloud().ok(
      'events',
      'signup.review',
      { eventId: ev.id, ids: [a.id], decision: 'approve' },
      { openid: ADMIN },
    );
    expect(approved.outcomes).toEqual([{ id: a.id, ok: true, status: 'confirmed' }]);
    expect(eventDoc(ev.id)).toMatchObject({ confirmed: 2 });
    const rejected = await cloud().ok(
      'events',
      'signup.review',
      { eventId: ev.id, ids: [b.id], decision: 'reject', reason: '本次限会员单位负责人参加' },
      { openid: ADMIN },
    );
    expect(rejected.outcomes).toEqual([{ id: b.id, ok: true, status: 'rejected' }]);
    const msgs = cloud().records.subscribeMessages.slice(sent);
    expect(msgs.map((m) => [m.touser, m.data.phrase4!.value])).toEqual([
      [member(40), '审核通过'],
      [member(41), '未通过'],
    ]);
    const seen = await cloud().ok('events', 'events.get', { id: ev.id }, { openid: member(41) });
    expect(seen.mySignup).toMatchObject({ status: 'rejected', reviewNote: '本次限会员单位负责人参加' });
    // Rejected is final: signing up again gives the same answer, cancelling is refused.
    expect(await submit(ev, 41)).toMatchObject({ status: 'rejected' });
    const cancel = await failure(cloud().ok('events', 'signup.cancel', { eventId: ev.id }, { openid: member(41) }));
    expect(cancel.said).toBe('报名未通过审核，无需取消');
    // Deciding twice is refused for that sign-up only.
    const twice = await cloud().ok(
      'events',
      'signup.review',
      { eventId: ev.id, ids: [b.id, a.id], decision: 'approve' },
      { openid: ADMIN },
    );
    expect(twice.outcomes).toEqual([
      { id: b.id, ok: false, message: '该报名已被拒绝' },
      { id: a.id, ok: false, message: '该报名已通过' },
    ]);
  });

  it('never approves past capacity: the one that does not fit stays in review, the rest go on', async () => {
    const ev = await createEvent(cloud(), { capacity: 3, reviewRequired: true, waitlistEnabled: false, groupMax: 2 });
    const pair = await submit(ev, 50, { companions: companionsFrom(1, 800) });
    const pair2 = await submit(ev, 51, { companions: companionsFrom(1, 810) });
    const one = await submit(ev, 52);
    const out = await cloud().ok(
      'events',
      'signup.review',
      { eventId: ev.id, ids: [pair.id, pair2.id, one.id], decision: 'approve' },
      { openid: ADMIN },
    );
    expect(out.outcomes).toEqual([
      { id: pair.id, ok: true, status: 'confirmed' },
      { id: pair2.id, ok: false, message: '名额已满，无法通过' },
      { id: one.id, ok: true, status: 'confirmed' },
    ]);
    expect(signupDoc(ev.id, 51)).toMatchObject({ status: 'reviewing' });
    expect(signupDoc(ev.id, 51)!.approvedAt).toBeUndefined();
    expect(eventDoc(ev.id)).toMatchObject({ confirmed: 3 });
    // The member may still withdraw while in review.
    const withdrawn = await cloud().ok('events', 'signup.cancel', { eventId: ev.id }, { openid: member(51) });
    expect(withdrawn.status).toBe('cancelled');
    expect(eventDoc(ev.id)).toMatchObject({ confirmed: 3 });
  });

  it('approves into the waitlist when seats are gone and the event has one', async () => {
    const ev = await createEvent(cloud(), { capacity: 1, reviewRequired: true, waitlistEnabled: true });
    const a = await submit(ev, 60);
    const b = await submit(ev, 61);
    const out = await cloud().ok(
      'events',
      'signup.review',
      { eventId: ev.id, ids: [a.id, b.id], decision: 'approve' },
      { openid: ADMIN },
    );
    expect(out.outcomes).toEqual([
      { id: a.id, ok: true, status: 'confirmed' },
      { id: b.id, ok: true, status: 'waitlisted', waitlistPosition: 1 },
    ]);
    await cloud().ok('events', 'signup.cancel', { eventId: ev.id }, { openid: member(60) });
    expect(signupDoc(ev.id, 61)).toMatchObject({ status: 'confirmed' });
  });

  it('refuses bad review input and sign-ups of another event, changing nothing', async () => {
    const ev = await createEvent(cloud(), { capacity: 3, reviewRequired: true });
    const other = await createEvent(cloud(), { capacity: 3, reviewRequired: true });
    const theirs = await submit(other, 70);
    const before = snapshot(cloud());
    const bad: Array<[unknown, string]> = [
      [{ eventId: ev.id, ids: [], decision: 'approve' }, '请选择要审核的报名'],
      [{ eventId: ev.id, ids: [theirs.id], decision: 'maybe' }, '审核结果无效'],
      [{ eventId: ev.id, ids: [theirs.id], decision: 'reject', reason: '长'.repeat(61) }, '审核说明不能超过60个字'],
      [
        { eventId: ev.id, ids: Array.from({ length: 101 }, (_, i) => `x${i}`), decision: 'approve' },
        '每次最多审核100条报名',
      ],
    ];
    for (const [payload, message] of bad) {
      const env = (await cloud().callRaw('events', { action: 'signup.review', payload }, { openid: ADMIN })) as {
        ok: boolean;
        code?: string;
        message?: string;
      };
      expect(env).toMatchObject({ ok: false, code: 'VALIDATION', message });
    }
    const foreign = await cloud().ok(
      'events',
      'signup.review',
      { eventId: ev.id, ids: [theirs.id], decision: 'approve' },
      { openid: ADMIN },
    );
    expect(foreign.outcomes).toEqual([{ id: theirs.id, ok: false, message: '报名记录不存在' }]);
    const forbidden = await cloud().call(
      'events',
      'signup.review',
      { eventId: other.id, ids: [theirs.id], decision: 'approve' },
      { openid: member(70) },
    );
    expect(forbidden).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(snapshot(cloud())).toBe(before);
  });
});

describe('events from before groups and review', () => {
  it('get their people-waiting counter from the ledger before any step moves the line', async () => {
    const now = Date.now();
    const id = 'legacy_event_waitlist';
    const attempts = ['a1', 'a2', 'a3', 'a4'];
    const entries = attempts.map((a, k) => `${member(900 + k)}:${a}`);
    // As an event of then: the ledger and its counters, without waitlistedPeople, groupMax, fields.
    await cloud()
      .db.collection('events')
      .add({
        data: {
          _id: id,
          title: '旧活动',
          summary: '',
          place: '合肥',
          startAt: now + 3 * 86400000,
          endAt: now + 3 * 86400000 + 3600000,
          signupDeadline: now + 86400000,
          capacity: 2,
          waitlistEnabled: true,
          cover: '',
          status: 'open',
          confirmed: 2,
          waitlisted: 2,
          waitlistSeq: 2,
          holders: entries.slice(0, 2),
          queue: entries.slice(2),
          left: [],
          checkedIn: 0,
          createdAt: now,
          updatedAt: now,
        },
      });
    for (const [k, attempt] of attempts.entries()) {
      const waiting = k >= 2;
      await cloud()
        .db.collection('signups')
        .add({
          data: {
            _id: `${id}_${member(900 + k)}`,
            eventId: id,
            openid: member(900 + k),
            status: waiting ? 'waitlisted' : 'confirmed',
            name: `会员${900 + k}`,
            unit: '旧单位',
            position: '',
            phone: phone(900 + k),
            remark: '',
            checkinCode: `ABCDEFG${k + 2}`,
            waitlistSeq: waiting ? k - 1 : 0,
            attempt,
            createdAt: now,
            updatedAt: now,
            notify: { result: false, reminder: false, change: false },
            reminded: false,
          },
        });
    }
    await cloud().ok('events', 'signup.cancel', { eventId: id }, { openid: member(900) });
    expect(eventDoc(id)).toMatchObject({ confirmed: 2, waitlisted: 1, waitlistedPeople: 1 });
    const late = await cloud().ok('events', 'signup.submit', signupInput(id, 950), { openid: member(950) });
    expect(late).toMatchObject({ status: 'waitlisted', waitlistPosition: 2 });
    expect(eventDoc(id)).toMatchObject({ waitlisted: 2, waitlistedPeople: 2 });
    const shown = await cloud().ok('events', 'events.get', { id }, { openid: member(950) });
    expect(shown).toMatchObject({ confirmed: 2, waitlisted: 2, groupMax: 1, reviewRequired: false, fields: [] });
  });
});

describe('edits and retries', () => {
  it('an edit without the new settings keeps them; a retried sign-up is answered even after the fields changed', async () => {
    const ev = await createEvent(cloud(), {
      capacity: 5,
      groupMax: 3,
      reviewRequired: true,
      fields: [{ id: 'meal', type: 'single', label: '是否用餐', required: true, options: ['是', '否'] }],
    });
    const mine = await submit(ev, 980, { answers: { meal: '是' } });
    // A console of before (no reviewRequired, groupMax, fields in its payload) edits the title.
    await cloud().ok('events', 'events.save', editOf({ ...ev }, { title: '改过的标题' }), { openid: ADMIN });
    const kept = await cloud().ok('events', 'events.get', { id: ev.id }, { openid: ADMIN });
    expect(kept).toMatchObject({ title: '改过的标题', groupMax: 3, reviewRequired: true });
    expect(kept.fields.map((f) => f.id)).toEqual(['meal']);
    // Staff add a required field; the member's phone retries the old request: it gets its sign-up.
    await cloud().ok(
      'events',
      'events.save',
      editOf({ ...ev }, { fields: [...kept.fields, { id: 'plate', type: 'text', label: '车牌号', required: true }] }),
      { openid: ADMIN },
    );
    expect(await submit(ev, 980, { answers: { meal: '是' } })).toMatchObject({ id: mine.id, status: 'reviewing' });
  });
});

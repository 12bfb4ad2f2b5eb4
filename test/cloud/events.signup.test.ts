// signup.submit / cancel / mine, events.list / get, member.get / save on
// the local cloud with the real wx-server-sdk.
import { SUBSCRIBE_TEMPLATES, type SignupInput } from '../../miniprogram/contract/index';
import type { TestCloud } from '../helpers/cloud';
import {
  ADMIN,
  countersFromDocs,
  createEvent,
  DAY,
  HOUR,
  member,
  signupInput,
  signupsOf,
  snapshot,
  startEventsCloud,
  storedCounters,
} from './events.fixtures';

let tc: TestCloud;

beforeAll(async () => {
  tc = await startEventsCloud();
});
afterAll(async () => {
  await tc.close();
});

describe('signup.submit', () => {
  test('confirms a member, returns a check-in code, remembers the profile and sends the confirmation', async () => {
    const ev = await createEvent(tc, { capacity: 3 });
    const sent = tc.records.subscribeMessages.length;
    const res = await tc.ok(
      'events',
      'signup.submit',
      signupInput(ev.id, 1, { remark: '需要停车位', subscribed: [SUBSCRIBE_TEMPLATES.signupResult] }),
      { openid: member(1) },
    );
    expect(res).toMatchObject({ eventId: ev.id, id: `${ev.id}_${member(1)}`, status: 'confirmed' });
    expect(res.checkinCode).toMatch(/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}$/);
    expect(res.waitlistPosition).toBeUndefined();

    const msgs = tc.records.subscribeMessages.slice(sent);
    expect(msgs).toHaveLength(1);
    expect(msgs[0]).toMatchObject({ touser: member(1), templateId: SUBSCRIBE_TEMPLATES.signupResult });
    expect(msgs[0]!.data.phrase4!.value).toBe('报名成功');
    expect(msgs[0]!.data.time2!.value).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}$/);
    expect(msgs[0]!.page).toBe(`pages/event/index?id=${ev.id}`);
    expect(tc.records.secChecks.some((c) => c.content === '需要停车位' && c.suggest === 'pass')).toBe(true);

    const profile = await tc.ok('events', 'member.get', {}, { openid: member(1) });
    expect(profile).toEqual({
      openid: member(1),
      name: '会员1',
      unit: '安徽环保企业1号',
      position: '经理',
      phone: '13900000001',
      role: 'member',
    });

    const detail = await tc.ok('events', 'events.get', { id: ev.id }, { openid: member(1) });
    expect(detail.confirmed).toBe(1);
    expect(detail.seatsLeft).toBe(2);
    expect(detail.mySignup).toMatchObject({ id: res.id, status: 'confirmed', checkinCode: res.checkinCode });
    expect(storedCounters(tc, ev.id)).toEqual(countersFromDocs(tc, ev.id));
  });

  test('no confirmation message when the member did not allow it', async () => {
    const ev = await createEvent(tc);
    const sent = tc.records.subscribeMessages.length;
    await tc.ok('events', 'signup.submit', signupInput(ev.id, 2), { openid: member(2) });
    expect(tc.records.subscribeMessages.length).toBe(sent);
  });

  test('the same submit sent 20 times at once makes one sign-up and counts it once', async () => {
    const ev = await createEvent(tc, { capacity: 5 });
    const sent = tc.records.subscribeMessages.length;
    const payload = signupInput(ev.id, 3, { subscribed: [SUBSCRIBE_TEMPLATES.signupResult] });
    const results = await Promise.all(
      Array.from({ length: 20 }, () => tc.ok('events', 'signup.submit', payload, { openid: member(3) })),
    );
    const docs = signupsOf(tc, ev.id);
    expect(docs).toHaveLength(1);
    expect(new Set(results.map((r) => r.id))).toEqual(new Set([docs[0]!._id]));
    expect(new Set(results.map((r) => r.checkinCode))).toEqual(new Set([docs[0]!.checkinCode]));
    expect(results.every((r) => r.status === 'confirmed')).toBe(true);
    expect(storedCounters(tc, ev.id)).toEqual({ confirmed: 1, waitlisted: 0, checkedIn: 0 });
    expect(tc.records.subscribeMessages.length - sent).toBe(1);
  });

  test('a later retry returns the existing sign-up unchanged, even after the deadline passed', async () => {
    const ev = await createEvent(tc, { capacity: 1, waitlistEnabled: true });
    const first = await tc.ok('events', 'signup.submit', signupInput(ev.id, 4), { openid: member(4) });
    const second = await tc.ok('events', 'signup.submit', signupInput(ev.id, 4, { name: '改个名字' }), {
      openid: member(4),
    });
    expect(second).toEqual(first);
    expect(storedCounters(tc, ev.id)).toEqual({ confirmed: 1, waitlisted: 0, checkedIn: 0 });
  });

  test('a waitlisted member repeating the submit is told the current position, also after someone ahead left', async () => {
    const ev = await createEvent(tc, { capacity: 1, waitlistEnabled: true });
    for (let i = 50; i < 54; i++) await tc.ok('events', 'signup.submit', signupInput(ev.id, i), { openid: member(i) });
    const repeat = () => tc.ok('events', 'signup.submit', signupInput(ev.id, 53), { openid: member(53) });
    // Nobody has left the waitlist yet: the position is the sequence.
    expect(await repeat()).toMatchObject({ status: 'waitlisted', waitlistPosition: 3 });
    await tc.ok('events', 'signup.cancel', { eventId: ev.id }, { openid: member(51) });
    expect(await repeat()).toMatchObject({ status: 'waitlisted', waitlistPosition: 2 });
    // The seat holder leaves: the head is promoted, the repeat moves up again.
    await tc.ok('events', 'signup.cancel', { eventId: ev.id }, { openid: member(50) });
    expect(await repeat()).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });
    expect(storedCounters(tc, ev.id)).toEqual({ confirmed: 1, waitlisted: 1, checkedIn: 0 });
  });

  test('waitlists with a position when full, and EVENT_FULL when the waitlist is off', async () => {
    const withList = await createEvent(tc, { capacity: 2, waitlistEnabled: true });
    const statuses: string[] = [];
    for (let i = 10; i < 14; i++) {
      const r = await tc.ok('events', 'signup.submit', signupInput(withList.id, i), { openid: member(i) });
      statuses.push(r.status === 'waitlisted' ? `waitlisted#${r.waitlistPosition}` : r.status);
    }
    expect(statuses).toEqual(['confirmed', 'confirmed', 'waitlisted#1', 'waitlisted#2']);
    const got = await tc.ok('events', 'events.get', { id: withList.id }, { openid: member(13) });
    expect(got.mySignup).toMatchObject({ status: 'waitlisted', waitlistPosition: 2 });
    expect(got.seatsLeft).toBe(0);

    const noList = await createEvent(tc, { capacity: 2, waitlistEnabled: false });
    await tc.ok('events', 'signup.submit', signupInput(noList.id, 10), { openid: member(10) });
    await tc.ok('events', 'signup.submit', signupInput(noList.id, 11), { openid: member(11) });
    const before = snapshot(tc);
    const full = await tc.call('events', 'signup.submit', signupInput(noList.id, 12), { openid: member(12) });
    expect(full).toMatchObject({ ok: false, code: 'EVENT_FULL', message: '名额已满' });
    expect(snapshot(tc)).toBe(before);
  });

  describe('rejected submits change nothing', () => {
    let eventId = '';
    beforeAll(async () => {
      eventId = (await createEvent(tc)).id;
    });

    const invalid: Array<[string, Partial<SignupInput>, string]> = [
      ['name', { name: '' }, '请填写姓名'],
      ['name', { name: '王' }, '姓名需为2–20个字'],
      ['name', { name: '王'.repeat(21) }, '姓名需为2–20个字'],
      ['unit', { unit: '   ' }, '请填写单位名称'],
      ['unit', { unit: '单'.repeat(51) }, '单位名称不能超过50个字'],
      ['position', { position: '职'.repeat(31) }, '职务不能超过30个字'],
      ['phone', { phone: '' }, '请填写手机号'],
      ['phone', { phone: '12345678901' }, '请输入正确的11位手机号'],
      ['phone', { phone: '1391234567' }, '请输入正确的11位手机号'],
      ['phone', { phone: '139123456789' }, '请输入正确的11位手机号'],
      ['remark', { remark: '备'.repeat(201) }, '备注不能超过200个字'],
    ];
    test.each(invalid)('invalid %s (%j) → VALIDATION', async (field, patch, message) => {
      const before = snapshot(tc);
      const checks = tc.records.secChecks.length;
      const env = await tc.call('events', 'signup.submit', signupInput(eventId, 20, patch), { openid: member(20) });
      expect(env).toEqual({ ok: false, code: 'VALIDATION', field, message });
      expect(snapshot(tc)).toBe(before);
      expect(tc.records.secChecks.length).toBe(checks);
    });

    test('a wrong type is a field error too', async () => {
      const before = snapshot(tc);
      const env = await tc.callRaw(
        'events',
        { action: 'signup.submit', payload: { ...signupInput(eventId, 20), phone: 13900000020 } },
        { openid: member(20) },
      );
      expect(env).toMatchObject({ ok: false, code: 'VALIDATION', field: 'phone', message: '请填写手机号' });
      expect(snapshot(tc)).toBe(before);
    });

    test('2 and 20 characters are accepted as the limits (an emoji counts as one)', async () => {
      const ev = await createEvent(tc);
      await tc.ok('events', 'signup.submit', signupInput(ev.id, 21, { name: '王五' }), { openid: member(21) });
      await tc.ok('events', 'signup.submit', signupInput(ev.id, 22, { name: '😀'.repeat(20) }), {
        openid: member(22),
      });
      expect(signupsOf(tc, ev.id)).toHaveLength(2);
    });

    test('a remark failing msgSecCheck → CONTENT_REJECTED', async () => {
      const before = snapshot(tc);
      const env = await tc.call('events', 'signup.submit', signupInput(eventId, 23, { remark: '想了解赌博网站' }), {
        openid: member(23),
      });
      expect(env).toEqual({
        ok: false,
        code: 'CONTENT_REJECTED',
        field: 'remark',
        message: '内容含有不当信息，请修改后重试',
      });
      expect(snapshot(tc)).toBe(before);
    });

    test('after the deadline → SIGNUP_CLOSED', async () => {
      const now = Date.now();
      const ev = await createEvent(tc, { signupDeadline: now - HOUR, startAt: now + DAY, endAt: now + DAY + HOUR });
      const before = snapshot(tc);
      const env = await tc.call('events', 'signup.submit', signupInput(ev.id, 24), { openid: member(24) });
      expect(env).toEqual({ ok: false, code: 'SIGNUP_CLOSED', message: '报名已截止' });
      expect(snapshot(tc)).toBe(before);
    });

    test('on a cancelled event → EVENT_CANCELLED', async () => {
      const ev = await createEvent(tc);
      await tc.ok('events', 'events.cancel', { id: ev.id }, { openid: ADMIN });
      const before = snapshot(tc);
      const env = await tc.call('events', 'signup.submit', signupInput(ev.id, 25), { openid: member(25) });
      expect(env).toEqual({ ok: false, code: 'EVENT_CANCELLED', message: '活动已取消' });
      expect(snapshot(tc)).toBe(before);
    });

    test('an unknown event → NOT_FOUND; no OPENID → UNAUTHENTICATED', async () => {
      const before = snapshot(tc);
      const missing = await tc.call('events', 'signup.submit', signupInput('no-such-event', 26), {
        openid: member(26),
      });
      expect(missing).toMatchObject({ ok: false, code: 'NOT_FOUND' });
      const anon = await tc.call('events', 'signup.submit', signupInput(eventId, 26), {});
      expect(anon).toMatchObject({ ok: false, code: 'UNAUTHENTICATED' });
      expect(snapshot(tc)).toBe(before);
    });
  });
});

describe('signup.cancel', () => {
  test('frees the seat; signing up again gives a new check-in code', async () => {
    const ev = await createEvent(tc, { capacity: 1, waitlistEnabled: false });
    const first = await tc.ok('events', 'signup.submit', signupInput(ev.id, 30), { openid: member(30) });
    const cancelled = await tc.ok('events', 'signup.cancel', { eventId: ev.id }, { openid: member(30) });
    expect(cancelled).toMatchObject({ id: first.id, status: 'cancelled' });
    expect(storedCounters(tc, ev.id)).toEqual({ confirmed: 0, waitlisted: 0, checkedIn: 0 });
    // Cancelling twice is harmless.
    const again = await tc.ok('events', 'signup.cancel', { eventId: ev.id }, { openid: member(30) });
    expect(again.status).toBe('cancelled');
    expect(storedCounters(tc, ev.id)).toEqual({ confirmed: 0, waitlisted: 0, checkedIn: 0 });

    const other = await tc.ok('events', 'signup.submit', signupInput(ev.id, 31), { openid: member(31) });
    expect(other.status).toBe('confirmed');
    await tc.ok('events', 'signup.cancel', { eventId: ev.id }, { openid: member(31) });
    const back = await tc.ok('events', 'signup.submit', signupInput(ev.id, 30), { openid: member(30) });
    expect(back.status).toBe('confirmed');
    expect(back.checkinCode).not.toBe(first.checkinCode);
    expect(storedCounters(tc, ev.id)).toEqual(countersFromDocs(tc, ev.id));
  });

  test('a waitlisted member cancelling promotes nobody and moves the others up', async () => {
    const ev = await createEvent(tc, { capacity: 1 });
    for (let i = 40; i < 44; i++) await tc.ok('events', 'signup.submit', signupInput(ev.id, i), { openid: member(i) });
    await tc.ok('events', 'signup.cancel', { eventId: ev.id }, { openid: member(41) });
    expect(storedCounters(tc, ev.id)).toEqual({ confirmed: 1, waitlisted: 2, checkedIn: 0 });
    const last = await tc.ok('events', 'events.get', { id: ev.id }, { openid: member(43) });
    expect(last.mySignup).toMatchObject({ status: 'waitlisted', waitlistPosition: 2 });
  });

  test('no sign-up → NOT_FOUND; after the start → EVENT_STARTED; nothing changes', async () => {
    const now = Date.now();
    const ev = await createEvent(tc);
    await tc.ok('events', 'signup.submit', signupInput(ev.id, 50), { openid: member(50) });
    let before = snapshot(tc);
    const none = await tc.call('events', 'signup.cancel', { eventId: ev.id }, { openid: member(51) });
    expect(none).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(snapshot(tc)).toBe(before);

    // Staff move the event into the past (started an hour ago).
    await tc.ok(
      'events',
      'events.save',
      {
        id: ev.id,
        title: ev.title,
        summary: ev.summary,
        place: ev.place,
        startAt: now - HOUR,
        endAt: now + HOUR,
        signupDeadline: now - 2 * HOUR,
        capacity: ev.capacity,
        waitlistEnabled: ev.waitlistEnabled,
      },
      { openid: ADMIN },
    );
    before = snapshot(tc);
    const started = await tc.call('events', 'signup.cancel', { eventId: ev.id }, { openid: member(50) });
    expect(started).toEqual({ ok: false, code: 'EVENT_STARTED', message: '活动已开始，无法取消报名' });
    expect(snapshot(tc)).toBe(before);
  });
});

describe('events.list / events.get / signup.mine', () => {
  test('upcoming pages by cursor without repeats, soonest first, with my status', async () => {
    const base = Date.now() + 30 * DAY;
    const ids: string[] = [];
    // Two events share a start time: the _id breaks the tie.
    for (const offset of [5, 1, 3, 3, 2, 4, 6]) {
      const ev = await createEvent(tc, {
        startAt: base + offset * HOUR,
        endAt: base + offset * HOUR + HOUR,
        signupDeadline: base,
      });
      ids.push(ev.id);
    }
    await tc.ok('events', 'signup.submit', signupInput(ids[1]!, 60), { openid: member(60) });

    const seen: Array<{ id: string; startAt: number }> = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await tc.ok(
        'events',
        'events.list',
        { scope: 'upcoming', pageSize: 4, ...(cursor ? { cursor } : {}) },
        { openid: member(60) },
      );
      seen.push(...page.items.map((e) => ({ id: e.id, startAt: e.startAt })));
      for (const e of page.items) {
        expect(e.mySignup ? e.mySignup.status : null).toBe(e.id === ids[1] ? 'confirmed' : null);
      }
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor && pages < 50);
    expect(new Set(seen.map((s) => s.id)).size).toBe(seen.length);
    for (const id of ids) expect(seen.some((s) => s.id === id)).toBe(true);
    const starts = seen.map((s) => s.startAt);
    expect([...starts].sort((a, b) => a - b)).toEqual(starts);
  });

  test('past lists ended events, latest first; list without OPENID works (Moments)', async () => {
    const now = Date.now();
    const a = await createEvent(tc, {
      startAt: now - 10 * DAY,
      endAt: now - 10 * DAY + HOUR,
      signupDeadline: now - 11 * DAY,
    });
    const b = await createEvent(tc, {
      startAt: now - 5 * DAY,
      endAt: now - 5 * DAY + HOUR,
      signupDeadline: now - 6 * DAY,
    });
    const page = await tc.ok('events', 'events.list', { scope: 'past' }, {});
    const order = page.items.map((e) => e.id).filter((id) => id === a.id || id === b.id);
    expect(order).toEqual([b.id, a.id]);
    expect(page.items.every((e) => e.endAt <= now + 1000 && e.mySignup === null)).toBe(true);
    const upcoming = await tc.ok('events', 'events.list', { scope: 'upcoming' }, {});
    expect(upcoming.items.some((e) => e.id === a.id)).toBe(false);
  });

  test('a cursor we did not hand out → VALIDATION', async () => {
    const env = await tc.call('events', 'events.list', { scope: 'upcoming', cursor: 'bogus' }, {});
    expect(env).toMatchObject({ ok: false, code: 'VALIDATION', field: 'cursor' });
  });

  test('events.get of an unknown id → NOT_FOUND; without OPENID mySignup is null', async () => {
    expect(await tc.call('events', 'events.get', { id: 'nope' }, {})).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    const ev = await createEvent(tc);
    expect((await tc.ok('events', 'events.get', { id: ev.id }, {})).mySignup).toBeNull();
  });

  test('signup.mine lists my sign-ups with event summaries', async () => {
    const e1 = await createEvent(tc);
    const e2 = await createEvent(tc, { capacity: 1 });
    await tc.ok('events', 'signup.submit', signupInput(e2.id, 70), { openid: member(70) });
    await tc.ok('events', 'signup.submit', signupInput(e1.id, 71), { openid: member(71) });
    await tc.ok('events', 'signup.submit', signupInput(e2.id, 71), { openid: member(71) });
    const mine = await tc.ok('events', 'signup.mine', undefined, { openid: member(71) });
    expect(mine.items.map((i) => [i.event.id, i.signup.status, i.signup.waitlistPosition ?? null])).toEqual([
      [e2.id, 'waitlisted', 1],
      [e1.id, 'confirmed', null],
    ]);
    expect(mine.items[0]!.event.mySignup).toEqual(mine.items[0]!.signup);
  });
});

describe('member profile', () => {
  test('member.save validates, keeps the role, and only the member or staff read it', async () => {
    const bad = await tc.call(
      'events',
      'member.save',
      { name: '李', unit: '单位', phone: '13900000080' },
      {
        openid: member(80),
      },
    );
    expect(bad).toMatchObject({ ok: false, code: 'VALIDATION', field: 'name' });
    const saved = await tc.ok(
      'events',
      'member.save',
      { name: '李四', unit: '单位', phone: '13900000080' },
      {
        openid: member(80),
      },
    );
    expect(saved).toMatchObject({ openid: member(80), name: '李四', position: '', role: 'member' });

    const admin = await tc.ok(
      'events',
      'member.save',
      { name: '管理员', unit: '协会', phone: '13900000099' },
      {
        openid: ADMIN,
      },
    );
    expect(admin.role).toBe('admin');

    expect(await tc.call('events', 'member.get', { openid: member(80) }, { openid: member(81) })).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
    });
    expect(await tc.ok('events', 'member.get', { openid: member(80) }, { openid: ADMIN })).toMatchObject({
      name: '李四',
    });
    expect(await tc.ok('events', 'member.get', {}, { openid: member(82) })).toBeNull();
  });
});

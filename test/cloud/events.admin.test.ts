// Staff actions of the events function: role checks, event editing and
// cancelling, attendee list, check-in, xlsx export, day-before reminders.
import ExcelJS from 'exceljs';
import {
  checkinScanText,
  SUBSCRIBE_TEMPLATES,
  type ActionName,
  type EventInput,
} from '../../miniprogram/contract/index';
import type { TestCloud } from '../helpers/cloud';
import {
  ADMIN,
  countersFromDocs,
  createEvent,
  DAY,
  editOf,
  eventFiveDaysOut,
  HOUR,
  member,
  phone,
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

describe('admin actions are for staff only', () => {
  let eventId = '';
  let code = '';
  beforeAll(async () => {
    const ev = await createEvent(tc, { capacity: 2 });
    eventId = ev.id;
    code = (await tc.ok('events', 'signup.submit', signupInput(eventId, 1), { openid: member(1) })).checkinCode;
  });

  const now = Date.now();
  const cases: Array<[ActionName<'events'>, () => unknown]> = [
    ['events.save', () => eventFiveDaysOut(now, { title: '会员擅自创建', capacity: 10 })],
    ['events.save', () => eventFiveDaysOut(now, { id: eventId, title: '会员擅自修改', capacity: 100 })],
    ['events.cancel', () => ({ id: eventId })],
    ['signup.list', () => ({ eventId })],
    ['signup.export', () => ({ eventId })],
    ['signup.checkin', () => ({ eventId, code })],
    ['reminders.run', () => ({})],
  ];

  test.each(cases)('%s as a member → FORBIDDEN, nothing changed', async (action, payload) => {
    const before = snapshot(tc);
    const uploads = tc.records.uploads.length;
    const messages = tc.records.subscribeMessages.length;
    // The member who signed up, and a stranger.
    for (const openid of [member(1), member(2)]) {
      const env = await tc.callRaw('events', { action, payload: payload() }, { openid });
      expect(env).toEqual({ ok: false, code: 'FORBIDDEN', message: '没有权限进行此操作' });
    }
    const anon = await tc.callRaw('events', { action, payload: payload() }, {});
    expect(anon).toMatchObject({ ok: false, code: 'UNAUTHENTICATED' });
    expect(snapshot(tc)).toBe(before);
    expect(tc.records.uploads.length).toBe(uploads);
    expect(tc.records.subscribeMessages.length).toBe(messages);
  });

  test('an admin listed in ADMIN_OPENIDS needs no members doc', async () => {
    await tc.close();
    tc = await startEventsCloud({ functions: ['events'], functionEnv: { ADMIN_OPENIDS: 'env-admin' } });
    const ev = await createEvent(tc);
    const list = await tc.ok('events', 'signup.list', { eventId: ev.id }, { openid: 'env-admin' });
    expect(list.attendees).toEqual([]);
    expect(tc.dump('members').some((m) => m._id === 'env-admin')).toBe(false);
  });
});

describe('events.save', () => {
  test('rejects bad input field by field and changes nothing', async () => {
    const now = Date.now();
    const good = eventFiveDaysOut(now, { title: '企业观摩', place: '芜湖', capacity: 20, waitlistEnabled: true });
    const bad: Array<[Partial<EventInput>, string, string]> = [
      [{ title: '' }, 'title', '请填写活动标题'],
      [{ place: 'x'.repeat(101) }, 'place', '活动地点不能超过100个字'],
      [{ endAt: now + 5 * DAY - HOUR }, 'endAt', '结束时间需晚于开始时间'],
      [{ signupDeadline: now + 6 * DAY }, 'signupDeadline', '报名截止时间不能晚于活动开始时间'],
      [{ capacity: 0 }, 'capacity', '名额需为1–10000之间的整数'],
      [{ capacity: 2.5 }, 'capacity', '名额需为整数'],
      [{ articleId: 'no-such-article' }, 'articleId', '关联的报道不存在或未发布'],
    ];
    for (const [patch, field, message] of bad) {
      const before = snapshot(tc);
      const env = await tc.call('events', 'events.save', { ...good, ...patch }, { openid: ADMIN });
      expect(env).toEqual({ ok: false, code: 'VALIDATION', field, message });
      expect(snapshot(tc)).toBe(before);
    }
    const created = await tc.ok('events', 'events.save', good, { openid: ADMIN });
    expect(created).toMatchObject({ title: '企业观摩', confirmed: 0, waitlisted: 0, seatsLeft: 20, status: 'open' });
  });

  test('links a report that exists', async () => {
    await tc.db.collection('articles').add({ data: { _id: 'report-1', title: '党建共建', status: 'published' } });
    const ev = await createEvent(tc, { articleId: 'report-1' });
    expect(ev.articleId).toBe('report-1');
  });

  test('capacity cannot drop below the confirmed count; raising it promotes the waitlist in order', async () => {
    const ev = await createEvent(tc, { capacity: 2 });
    for (let i = 10; i < 16; i++) await tc.ok('events', 'signup.submit', signupInput(ev.id, i), { openid: member(i) });
    const before = snapshot(tc);
    const tooSmall = await tc.call('events', 'events.save', editOf(ev, { capacity: 1 }), { openid: ADMIN });
    expect(tooSmall).toEqual({
      ok: false,
      code: 'VALIDATION',
      field: 'capacity',
      message: '名额不能少于已报名人数（2人）',
    });
    expect(snapshot(tc)).toBe(before);

    const bigger = await tc.ok('events', 'events.save', editOf(ev, { capacity: 4 }), { openid: ADMIN });
    expect(bigger).toMatchObject({ capacity: 4, confirmed: 4, waitlisted: 2, seatsLeft: 0 });
    const status = new Map(signupsOf(tc, ev.id).map((d) => [d.openid, d.status]));
    expect([10, 11, 12, 13, 14, 15].map((i) => status.get(member(i)))).toEqual([
      'confirmed',
      'confirmed',
      'confirmed',
      'confirmed',
      'waitlisted',
      'waitlisted',
    ]);
    expect(countersFromDocs(tc, ev.id)).toEqual(storedCounters(tc, ev.id));
  });

  test('an unknown id → NOT_FOUND', async () => {
    const ev = await createEvent(tc);
    const env = await tc.call('events', 'events.save', editOf(ev, { id: 'missing' }), { openid: ADMIN });
    expect(env).toMatchObject({ ok: false, code: 'NOT_FOUND' });
  });
});

describe('events.cancel', () => {
  test('cancels once and notifies the signed-up members who allowed it', async () => {
    const ev = await createEvent(tc, { capacity: 2 });
    const sub = [SUBSCRIBE_TEMPLATES.signupResult, SUBSCRIBE_TEMPLATES.eventReminder, SUBSCRIBE_TEMPLATES.eventChange];
    await tc.ok('events', 'signup.submit', signupInput(ev.id, 20, { subscribed: sub }), { openid: member(20) });
    await tc.ok('events', 'signup.submit', signupInput(ev.id, 21), { openid: member(21) });
    await tc.ok('events', 'signup.submit', signupInput(ev.id, 22, { subscribed: sub }), { openid: member(22) });
    await tc.ok('events', 'signup.submit', signupInput(ev.id, 23, { subscribed: sub }), { openid: member(23) });
    await tc.ok('events', 'signup.cancel', { eventId: ev.id }, { openid: member(23) });

    const sent = tc.records.subscribeMessages.length;
    const res = await tc.ok('events', 'events.cancel', { id: ev.id }, { openid: ADMIN });
    expect(res.status).toBe('cancelled');
    const msgs = tc.records.subscribeMessages.slice(sent);
    expect(msgs.every((m) => m.templateId === SUBSCRIBE_TEMPLATES.eventChange)).toBe(true);
    // Confirmed 20 and waitlisted 22; not 21 (did not allow it), not 23 (had cancelled).
    expect(msgs.map((m) => m.touser).sort()).toEqual([member(20), member(22)]);

    const again = await tc.ok('events', 'events.cancel', { id: ev.id }, { openid: ADMIN });
    expect(again.status).toBe('cancelled');
    expect(tc.records.subscribeMessages.length).toBe(sent + 2);

    const edit = await tc.call('events', 'events.save', editOf(ev, { title: '改期' }), { openid: ADMIN });
    expect(edit).toMatchObject({ ok: false, code: 'EVENT_CANCELLED' });
  });
});

describe('signup.list', () => {
  test('attendees with status, phone and waitlist positions, seat holders first', async () => {
    const ev = await createEvent(tc, { capacity: 2 });
    for (let i = 30; i < 35; i++) await tc.ok('events', 'signup.submit', signupInput(ev.id, i), { openid: member(i) });
    await tc.ok('events', 'signup.cancel', { eventId: ev.id }, { openid: member(32) });
    const { event, attendees } = await tc.ok('events', 'signup.list', { eventId: ev.id }, { openid: ADMIN });
    expect(event).toMatchObject({ id: ev.id, confirmed: 2, waitlisted: 2 });
    expect(attendees.map((a) => [a.name, a.status, a.waitlistPosition ?? null, a.phone])).toEqual([
      ['会员30', 'confirmed', null, phone(30)],
      ['会员31', 'confirmed', null, phone(31)],
      ['会员33', 'waitlisted', 1, phone(33)],
      ['会员34', 'waitlisted', 2, phone(34)],
      ['会员32', 'cancelled', null, phone(32)],
    ]);
  });
});

describe('signup.checkin', () => {
  let a = '';
  let b = '';
  let codeA = '';
  let waitCodeA = '';
  beforeAll(async () => {
    a = (await createEvent(tc, { capacity: 1 })).id;
    b = (await createEvent(tc, { capacity: 5 })).id;
    codeA = (await tc.ok('events', 'signup.submit', signupInput(a, 40), { openid: member(40) })).checkinCode;
    waitCodeA = (await tc.ok('events', 'signup.submit', signupInput(a, 41), { openid: member(41) })).checkinCode;
    await tc.ok('events', 'signup.submit', signupInput(b, 40), { openid: member(40) });
  });

  test("event A's code at event B is rejected (typed code and scanned text), nothing changes", async () => {
    const before = snapshot(tc);
    for (const code of [codeA, checkinScanText(a, codeA)]) {
      const env = await tc.call('events', 'signup.checkin', { eventId: b, code }, { openid: ADMIN });
      expect(env).toEqual({ ok: false, code: 'CHECKIN_WRONG_EVENT', message: '不是本活动的签到码' });
    }
    expect(snapshot(tc)).toBe(before);
  });

  test('unknown, malformed and waitlisted codes → CHECKIN_INVALID', async () => {
    const before = snapshot(tc);
    for (const code of ['ZZZZZZZZ', 'abc', `${a}:22222222`]) {
      const env = await tc.call('events', 'signup.checkin', { eventId: a, code }, { openid: ADMIN });
      expect(env).toMatchObject({ ok: false, code: 'CHECKIN_INVALID' });
    }
    const waiting = await tc.call('events', 'signup.checkin', { eventId: a, code: waitCodeA }, { openid: ADMIN });
    expect(waiting).toMatchObject({
      ok: false,
      code: 'CHECKIN_INVALID',
      message: '该成员仍在候补名单中，尚未获得参会名额',
    });
    expect(snapshot(tc)).toBe(before);
  });

  test('checks in once; a second scan (even 10 at once) is reported, not counted again', async () => {
    const first = await tc.ok(
      'events',
      'signup.checkin',
      { eventId: a, code: checkinScanText(a, codeA) },
      { openid: ADMIN },
    );
    expect(first.result).toBe('checked_in');
    expect(first.attendee).toMatchObject({ name: '会员40', status: 'checked_in' });
    expect(first.attendee.checkedInAt).toEqual(expect.any(Number));
    const again = await Promise.all(
      Array.from({ length: 10 }, () =>
        tc.ok('events', 'signup.checkin', { eventId: a, code: codeA.toLowerCase() }, { openid: ADMIN }),
      ),
    );
    expect(again.every((r) => r.result === 'already_checked_in')).toBe(true);
    expect(storedCounters(tc, a)).toEqual({ confirmed: 1, waitlisted: 1, checkedIn: 1 });
    expect(countersFromDocs(tc, a)).toEqual(storedCounters(tc, a));
    // A checked-in member can no longer cancel (the seat was used).
    const cancel = await tc.call('events', 'signup.cancel', { eventId: a }, { openid: member(40) });
    expect(cancel).toMatchObject({ ok: false, code: 'CONFLICT' });
  });

  test('10 different members checked in at once are each counted once', async () => {
    const ev = await createEvent(tc, { capacity: 10 });
    const codes: string[] = [];
    for (let i = 50; i < 60; i++) {
      codes.push((await tc.ok('events', 'signup.submit', signupInput(ev.id, i), { openid: member(i) })).checkinCode);
    }
    const res = await Promise.all(
      codes.map((code) => tc.ok('events', 'signup.checkin', { eventId: ev.id, code }, { openid: ADMIN })),
    );
    expect(res.every((r) => r.result === 'checked_in')).toBe(true);
    expect(storedCounters(tc, ev.id)).toEqual({ confirmed: 10, waitlisted: 0, checkedIn: 10 });
  });
});

describe('signup.export', () => {
  test('an xlsx with the Chinese headers and every confirmed attendee, in cloud storage', async () => {
    const ev = await createEvent(tc, { capacity: 3 });
    for (let i = 60; i < 66; i++) {
      await tc.ok('events', 'signup.submit', signupInput(ev.id, i, i === 61 ? { remark: '素食' } : {}), {
        openid: member(i),
      });
    }
    await tc.ok('events', 'signup.cancel', { eventId: ev.id }, { openid: member(62) }); // 63 moves up
    const confirmedCode = signupsOf(tc, ev.id).find((d) => d.openid === member(60))!.checkinCode;
    await tc.ok('events', 'signup.checkin', { eventId: ev.id, code: confirmedCode }, { openid: ADMIN });

    const res = await tc.ok('events', 'signup.export', { eventId: ev.id }, { openid: ADMIN });
    expect(res.fileID).toMatch(/^cloud:\/\/.+\.xlsx$/);
    expect(res.tempFileURL).toMatch(/^https?:\/\//);
    expect(res.rows).toBe(5);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(tc.storage.read(res.fileID) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const rows: string[][] = [];
    ws.eachRow((row) => {
      const cells: string[] = [];
      for (let c = 1; c <= 8; c++) cells.push(String(row.getCell(c).value ?? ''));
      rows.push(cells);
    });
    expect(rows[0]).toEqual(['姓名', '单位', '职务', '手机号', '状态', '报名时间', '签到时间', '备注']);
    const body = rows.slice(1);
    const confirmed = signupsOf(tc, ev.id).filter((d) => d.status === 'confirmed' || d.status === 'checked_in');
    expect(confirmed).toHaveLength(3);
    for (const d of confirmed) {
      const i = Number(d.openid.slice('member-'.length));
      expect(body).toContainEqual(expect.arrayContaining([`会员${i}`, `安徽环保企业${i}号`, '经理', phone(i)]));
    }
    expect(body.map((r) => [r[0], r[4]])).toEqual([
      ['会员60', '已签到'],
      ['会员61', '已报名'],
      ['会员63', '已报名'],
      ['会员64', '候补第1位'],
      ['会员65', '候补第2位'],
    ]);
    expect(body[1]![7]).toBe('素食');
    expect(body[0]![5]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    expect(body[0]![6]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    expect(body[1]![6]).toBe('');
    expect(body.some((r) => r[0] === '会员62')).toBe(false);
  });
});

describe('reminders', () => {
  test('the timer reminds confirmed members of tomorrow’s event once', async () => {
    const now = Date.now();
    const soon = await createEvent(tc, {
      capacity: 2,
      startAt: now + 20 * HOUR,
      endAt: now + 22 * HOUR,
      signupDeadline: now + 10 * HOUR,
    });
    const later = await createEvent(tc, { startAt: now + 5 * DAY, endAt: now + 5 * DAY + HOUR });
    const sub = [SUBSCRIBE_TEMPLATES.eventReminder];
    await tc.ok('events', 'signup.submit', signupInput(soon.id, 70, { subscribed: sub }), { openid: member(70) });
    await tc.ok('events', 'signup.submit', signupInput(soon.id, 71), { openid: member(71) }); // did not allow
    await tc.ok('events', 'signup.submit', signupInput(soon.id, 72, { subscribed: sub }), { openid: member(72) }); // waitlisted
    await tc.ok('events', 'signup.submit', signupInput(later.id, 73, { subscribed: sub }), { openid: member(73) });

    const sent = tc.records.subscribeMessages.length;
    const first = await tc.runTimer('events', 'reminders');
    expect(first).toEqual({ ok: true, data: { sent: 1 } });
    const msgs = tc.records.subscribeMessages.slice(sent);
    expect(msgs).toHaveLength(1);
    expect(msgs[0]).toMatchObject({ touser: member(70), templateId: SUBSCRIBE_TEMPLATES.eventReminder });

    // A second run (timer retry, or staff running it by hand) sends nothing.
    expect(await tc.runTimer('events', 'reminders')).toEqual({ ok: true, data: { sent: 0 } });
    expect(await tc.ok('events', 'reminders.run', {}, { openid: ADMIN })).toEqual({ sent: 0 });
    expect(tc.records.subscribeMessages.length).toBe(sent + 1);
  });

  test('an unknown timer trigger → UNKNOWN_ACTION', async () => {
    expect(await tc.runTimer('events', 'nope')).toMatchObject({ ok: false, code: 'UNKNOWN_ACTION' });
  });
});

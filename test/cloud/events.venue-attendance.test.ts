// Issue 15 parts 4 and 6 on the server: the venue on the map (events.save
// with `location`, read back by events.get/list, plain-text places still
// fine) and the staff's attendance figures (attendance.year, the xlsx of
// attendance.export and the 出勤统计 sheet of signup.export).
import type { EventLocation } from '../../miniprogram/contract/index';
import * as fx from './events.fixtures';

const { ADMIN, DAY, HOUR, editOf, member, signupInput } = fx;
const cloud = fx.eventsCloudPerFile();

const VENUE: EventLocation = {
  name: '安徽省生态环境厅',
  address: '安徽省合肥市蜀山区潜山路1号',
  latitude: 31.8612,
  longitude: 117.2272,
};

/** The Beijing calendar year of `ms`, as the server counts it. */
function beijingYear(ms: number): number {
  return new Date(ms + 8 * HOUR).getUTCFullYear();
}

async function sheetRows(fileID: string, sheet: string, columns: number): Promise<string[][]> {
  return (await fx.sheetValues(cloud(), fileID, sheet, columns)).map((row) => row.map(String));
}

describe('venue on the map', () => {
  test('saved with the event, read back by events.get and events.list, removed by an edit without it', async () => {
    const ev = await fx.createEvent(cloud(), { location: VENUE });
    expect(ev.location).toEqual(VENUE);
    expect((await cloud().ok('events', 'events.get', { id: ev.id }, { openid: member(1) })).location).toEqual(VENUE);
    const list = await cloud().ok('events', 'events.list', { scope: 'upcoming' }, { openid: member(1) });
    expect(list.items.find((e) => e.id === ev.id)?.location).toEqual(VENUE);

    const edited = await cloud().ok('events', 'events.save', editOf(ev), { openid: ADMIN });
    expect(edited.location).toBeUndefined();
    expect(edited.place).toBe(ev.place);
  });

  test('an event with a plain-text place only keeps working (no location in the answer)', async () => {
    const ev = await fx.createEvent(cloud(), { place: '合肥市滨湖国际会展中心' });
    const got = await cloud().ok('events', 'events.get', { id: ev.id }, { openid: member(2) });
    expect(got.place).toBe('合肥市滨湖国际会展中心');
    expect('location' in got).toBe(false);
  });

  const bad: Array<[string, unknown, string, string]> = [
    ['latitude above 90', { ...VENUE, latitude: 90.5 }, 'location.latitude', '活动位置纬度需在 -90 到 90 之间'],
    ['latitude below -90', { ...VENUE, latitude: -91 }, 'location.latitude', '活动位置纬度需在 -90 到 90 之间'],
    ['longitude above 180', { ...VENUE, longitude: 181 }, 'location.longitude', '活动位置经度需在 -180 到 180 之间'],
    ['longitude as text', { ...VENUE, longitude: '117.2' }, 'location.longitude', '活动位置经度需在 -180 到 180 之间'],
    ['no name', { ...VENUE, name: '' }, 'location.name', '活动位置缺少名称，请重新在地图上选择'],
    ['no address', { ...VENUE, address: '  ' }, 'location.address', '活动位置缺少详细地址，请重新在地图上选择'],
    ['a name too long', { ...VENUE, name: '会'.repeat(101) }, 'location.name', '活动位置名称不能超过100个字'],
    [
      'an address too long',
      { ...VENUE, address: '路'.repeat(201) },
      'location.address',
      '活动位置详细地址不能超过200个字',
    ],
    ['a line break in the name', { ...VENUE, name: '第一行\n第二行' }, 'location.name', '活动位置名称'],
    ['not an object', '合肥', 'location', '活动位置无效，请重新在地图上选择'],
    ['an unknown key', { ...VENUE, poi: 'x' }, 'location', '活动位置无效'],
  ];

  test.each(bad)(
    'a location with %s is refused naming the field, nothing written',
    async (_what, location, field, message) => {
      const ev = await fx.createEvent(cloud(), { location: VENUE });
      const before = fx.snapshot(cloud());
      for (const input of [
        { ...editOf(ev), location },
        { ...editOf(ev), id: undefined, location },
      ]) {
        const env = await cloud().callRaw('events', { action: 'events.save', payload: input }, { openid: ADMIN });
        expect(env).toMatchObject({ ok: false, code: 'VALIDATION', field });
        expect((env as { message: string }).message).toContain(message);
      }
      expect(fx.snapshot(cloud())).toBe(before);
    },
  );
});

describe('attendance', () => {
  /** An event with 4 seats and a waitlist: members 10..15 sign up, 12 cancels, 10 and 11 check in. */
  async function eventWithAttendance(unitOf: (i: number) => string) {
    const ev = await fx.createEvent(cloud(), { capacity: 4, waitlistEnabled: true });
    for (let i = 10; i < 16; i++) {
      await cloud().ok('events', 'signup.submit', signupInput(ev.id, i, { unit: unitOf(i) }), { openid: member(i) });
    }
    await cloud().ok('events', 'signup.cancel', { eventId: ev.id }, { openid: member(12) }); // 14 moves up
    for (const i of [10, 11]) {
      const code = fx.signupsOf(cloud(), ev.id).find((d) => d.openid === member(i))!.checkinCode;
      await cloud().ok('events', 'signup.checkin', { eventId: ev.id, code }, { openid: ADMIN });
    }
    return ev;
  }

  test('per event and per unit for the year; no-shows only once the event has ended', async () => {
    const unitOf = (i: number) => (i % 2 === 0 ? '合肥环保科技有限公司' : '芜湖水务集团');
    const upcoming = await eventWithAttendance(unitOf);
    const ended = await eventWithAttendance(unitOf);
    // Held two days ago: staff edit the times after the check-ins.
    const now = Date.now();
    const past = { startAt: now - 2 * DAY, endAt: now - 2 * DAY + 3 * HOUR, signupDeadline: now - 3 * DAY };
    await cloud().ok('events', 'events.save', editOf(ended, past), { openid: ADMIN });
    const cancelled = await fx.createEvent(cloud(), { title: '已取消的活动' });
    await cloud().ok('events', 'events.cancel', { id: cancelled.id }, { openid: ADMIN });

    const year = beijingYear(now - 2 * DAY);
    const before = fx.snapshot(cloud());
    const report = await cloud().ok('events', 'attendance.year', { year }, { openid: ADMIN });
    expect(fx.snapshot(cloud())).toBe(before);
    expect(report.year).toBe(year);
    const byId = new Map(report.events.map((e) => [e.eventId, e]));
    expect(byId.has(cancelled.id)).toBe(false);
    // 6 signed up, 1 cancelled: 5 active, 4 seats held, 2 checked in.
    expect(byId.get(ended.id)).toMatchObject({ ended: true, signedUp: 5, approved: 4, checkedIn: 2, noShow: 2 });
    if (beijingYear(upcoming.startAt) === year) {
      expect(byId.get(upcoming.id)).toMatchObject({ ended: false, signedUp: 5, approved: 4, checkedIn: 2, noShow: 0 });
    }
    const both = beijingYear(upcoming.startAt) === year ? 2 : 1;
    expect(report.units.find((u) => u.unit === '合肥环保科技有限公司')).toEqual({
      unit: '合肥环保科技有限公司',
      events: both,
      checkins: both,
    });
    expect(report.units.find((u) => u.unit === '芜湖水务集团')).toEqual({
      unit: '芜湖水务集团',
      events: both,
      checkins: both,
    });

    // The same figures in the year's xlsx.
    const res = await cloud().ok('events', 'attendance.export', { year }, { openid: ADMIN });
    expect(res.fileID).toMatch(/^cloud:\/\/.+\.xlsx$/);
    expect(res.rows).toBe(report.events.length);
    const events = await sheetRows(res.fileID, '活动出勤', 6);
    expect(events[0]).toEqual(['活动', '开始时间', '报名', '通过', '签到', '未到']);
    expect(events).toContainEqual([ended.title, expect.any(String), '5', '4', '2', '2']);
    const units = await sheetRows(res.fileID, '单位出勤', 3);
    expect(units[0]).toEqual(['单位', '参加活动', '签到人次']);
    expect(units).toContainEqual(['芜湖水务集团', String(both), String(both)]);
  });

  test("signup.export carries the event's 出勤统计 sheet", async () => {
    const ev = await eventWithAttendance(() => '安徽环保企业');
    const res = await cloud().ok('events', 'signup.export', { eventId: ev.id }, { openid: ADMIN });
    const rows = await sheetRows(res.fileID, '出勤统计', 6);
    expect(rows).toEqual([
      ['活动', '开始时间', '报名', '通过', '签到', '未到'],
      [ev.title, expect.any(String), '5', '4', '2', '未结束'],
    ]);
  });

  test('a year with no events: empty lists', async () => {
    const report = await cloud().ok('events', 'attendance.year', { year: 2001 }, { openid: ADMIN });
    expect(report).toEqual({ year: 2001, events: [], units: [] });
  });

  test('for staff only; a bad year is refused; nothing written, nothing uploaded', async () => {
    const before = fx.snapshot(cloud());
    const uploads = cloud().records.uploads.length;
    for (const action of ['attendance.year', 'attendance.export'] as const) {
      expect(await cloud().callRaw('events', { action, payload: {} }, { openid: member(1) })).toMatchObject({
        ok: false,
        code: 'FORBIDDEN',
      });
      for (const year of [1999, 2101, 2026.5, '2026']) {
        expect(await cloud().callRaw('events', { action, payload: { year } }, { openid: ADMIN })).toMatchObject({
          ok: false,
          code: 'VALIDATION',
          field: 'year',
          message: '年份无效',
        });
      }
    }
    expect(fx.snapshot(cloud())).toBe(before);
    expect(cloud().records.uploads.length).toBe(uploads);
  });
});

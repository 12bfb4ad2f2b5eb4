// Issue 15 parts 4 and 6 in the staff console, in simulate on the local
// cloud: picking the venue on the map in the event editor
// (wx.chooseLocation: picked, backed out of, unusable, cleared) and the
// 出勤统计 page (per event and per unit, the year switch, the xlsx export).
// Asserts what is shown, tapped, sent to WeChat and stored in the cloud.
import type { EventDetail } from '../../miniprogram/contract/index';
import { LOCAL_CLOUD_KEY } from '../../miniprogram/services/env';
import './admin-helpers';
import * as sim from './page-test';
import { ADMIN, createEvent, editEvent, HOUR, signUp, VENUE, startEventsCloud } from './event-fixtures';

const { tap, text, waitFor, wxCalls } = sim;

const lc = sim.usePageCloud(() => startEventsCloud());

function storedLocation(id: string): unknown {
  return lc.dump('events').find((e) => e._id === id)?.location;
}

function toasts(): string[] {
  return wxCalls<{ title: string }>('showToast').map((t) => t.title);
}

async function openEditor(id: string): Promise<sim.Rendered> {
  const page = await sim.openPage('admin/pages/event-edit/index', { id });
  await waitFor(() => text(page).includes('地图位置'));
  return page;
}

describe('venue on the map in the editor', () => {
  it('picks the venue, shows its name and address, saves it with the event', async () => {
    const event = await createEvent(lc);
    const binding = sim.useLocalCloud(lc, ADMIN);
    const page = await openEditor(event.id);
    expect(text(page)).toContain('在地图上选择');

    sim.answerWx('chooseLocation', { ...VENUE });
    await tap(page, '#venue-cell');
    await waitFor(() => text(page).includes(VENUE.name));
    expect(text(page)).toContain(VENUE.address);

    await tap(page, '#save-button');
    await waitFor(() => toasts().includes('已保存'));
    expect(storedLocation(event.id)).toEqual(VENUE);
    const saved = binding.calls.filter((c) => c.data.action === 'events.save');
    expect(saved.map((c) => (c.data.payload as { location?: unknown }).location)).toEqual([VENUE]);
    // The typed place stays what members read.
    expect(lc.dump('events').find((e) => e._id === event.id)?.place).toBe(event.place);
  });

  it('backing out of the map changes nothing and says nothing', async () => {
    const event = await createEvent(lc, { location: VENUE });
    sim.useLocalCloud(lc, ADMIN);
    const page = await openEditor(event.id);

    await tap(page, '#venue-cell'); // the fake map answers `chooseLocation:fail cancel`
    await waitFor(() => wxCalls('chooseLocation').length === 1);
    // Opened at the saved venue.
    expect(wxCalls('chooseLocation')[0]).toMatchObject({ latitude: VENUE.latitude, longitude: VENUE.longitude });
    expect(text(page)).toContain(VENUE.name);
    expect(toasts()).toEqual([]);
  });

  it('a point without a name is refused on the form, and the save keeps the venue it had', async () => {
    const event = await createEvent(lc, { location: VENUE });
    const binding = sim.useLocalCloud(lc, ADMIN);
    const page = await openEditor(event.id);

    sim.answerWx('chooseLocation', { name: '', address: '合肥市', latitude: 31.8, longitude: 117.2 });
    await tap(page, '#venue-cell');
    await waitFor(() => text(page).includes('请选择一个有名称的地点（如搜索场馆名称）'));
    expect(text(page)).toContain(VENUE.name);

    sim.answerWx('chooseLocation', { name: '远方', address: '某地', latitude: 95, longitude: 117.2 });
    await tap(page, '#venue-cell');
    await waitFor(() => toasts().includes('所选位置的经纬度无效，请重新选择'));

    await tap(page, '#save-button');
    await waitFor(() => toasts().includes('已保存'));
    expect(storedLocation(event.id)).toEqual(VENUE);
    expect(binding.calls.filter((c) => c.data.action === 'events.save')).toHaveLength(1);
  });

  it('清除地图位置 saves the event with its plain-text place only', async () => {
    const event = await createEvent(lc, { location: VENUE });
    sim.useLocalCloud(lc, ADMIN);
    const page = await openEditor(event.id);

    await tap(page, '#clear-venue');
    await waitFor(() => text(page).includes('在地图上选择'));
    await tap(page, '#save-button');
    await waitFor(() => toasts().includes('已保存'));
    expect(storedLocation(event.id)).toBeNull();
    const got = await lc.ok('events', 'events.get', { id: event.id }, { openid: 'member-x' });
    expect(got.place).toBe(event.place);
    expect(got.location).toBeUndefined();
  });
});

/** Staff move an event's times after the fact, as the editor would. */
async function moveTo(event: EventDetail, startAt: number, endAt: number): Promise<void> {
  await editEvent(lc, event, { startAt, endAt, signupDeadline: startAt - HOUR });
}

async function checkIn(eventId: string, openid: string): Promise<void> {
  const code = lc.dump('signups').find((s) => s._id === `${eventId}_${openid}`)?.checkinCode;
  await lc.ok('events', 'signup.checkin', { eventId, code: String(code) }, { openid: ADMIN });
}

describe('出勤统计', () => {
  let ended: EventDetail;

  beforeAll(async () => {
    ended = await createEvent(lc, { title: '固废资源化企业观摩（已结束）', capacity: 2 });
    await signUp(lc, ended.id, 'unit-a-1', '王建国');
    await signUp(lc, ended.id, 'unit-a-2', '李文静');
    await signUp(lc, ended.id, 'unit-b-1', '张志强'); // waitlisted: 2 seats
    await checkIn(ended.id, 'unit-a-1');
    // Just over: this year, whatever the date.
    const now = Date.now();
    await moveTo(ended, now - 2 * 60 * 1000, now - 60 * 1000);
  });

  async function openAttendance(): Promise<sim.Rendered> {
    const page = await sim.openPage('admin/pages/attendance/index');
    await waitFor(() => text(page).includes('活动出勤'));
    return page;
  }

  it('shows each event\u2019s figures and each unit\u2019s attendance; a row opens the attendee list', async () => {
    const upcoming = await createEvent(lc, { title: '水处理技术交流会（未开始）' });
    await signUp(lc, upcoming.id, 'unit-b-2', '刘芳');
    sim.useLocalCloud(lc, ADMIN);
    const page = await openAttendance();

    const shown = text(page);
    const endedRow = text(page.querySelector(`#event-${ended.id}`) as sim.Rendered);
    expect(endedRow).toContain('固废资源化企业观摩（已结束）');
    // 3 signed up (one waitlisted), 2 with a seat, 1 checked in, 1 did not come.
    expect(endedRow.replace(/\s+/g, '')).toContain('报名3通过2签到1未到1');
    if (shown.includes('水处理技术交流会（未开始）')) {
      const upcomingRow = text(page.querySelector(`#event-${upcoming.id}`) as sim.Rendered);
      expect(upcomingRow.replace(/\s+/g, '')).toContain('报名1通过1签到0未到未结束');
    }
    // Every sign-up in the fixtures is from the same unit (event-fixtures signUp).
    expect(shown).toContain('安徽绿源环保科技有限公司');
    expect(shown).toContain('参加 1 场 · 签到 1 人次');

    await tap(page, `#event-${ended.id}`);
    expect(wxCalls<{ url: string }>('navigateTo').map((n) => n.url)).toEqual([
      `/admin/pages/attendees/index?eventId=${ended.id}`,
    ]);
  });

  it('上一年 shows that year (empty here); 下一年 never goes past this year', async () => {
    const binding = sim.useLocalCloud(lc, ADMIN);
    const page = await openAttendance();
    const year = new Date(Date.now() + 8 * HOUR).getUTCFullYear();
    expect(text(page)).toContain(`${year}年`);

    await tap(page, '#next-year');
    await tap(page, '#prev-year');
    await waitFor(() => text(page).includes(`${year - 1}年没有活动`));
    expect(text(page)).toContain('还没有单位签到参加活动');
    const years = binding.calls
      .filter((c) => c.data.action === 'attendance.year')
      .map((c) => (c.data.payload as { year: number }).year);
    expect(years).toEqual([year, year - 1]);
  });

  it('导出出勤表 makes the xlsx in the cloud, downloads it and opens it', async () => {
    const binding = sim.useLocalCloud(lc, ADMIN);
    wx.setStorageSync(LOCAL_CLOUD_KEY, 'http://127.0.0.1:8787');
    const page = await openAttendance();

    await tap(page, '#export-attendance');
    await waitFor(() => wxCalls('openDocument').length === 1);
    expect(binding.calls.filter((c) => c.data.action === 'attendance.export')).toHaveLength(1);
    expect(wxCalls('openDocument')[0]).toMatchObject({ fileType: 'xlsx', showMenu: true });
    expect(lc.records.uploads.some((id) => id.includes('/exports/attendance/'))).toBe(true);
  });

  it('a member is told the page is for admins, and sees no figures', async () => {
    sim.useLocalCloud(lc, 'unit-a-1');
    const page = await sim.openPage('admin/pages/attendance/index');
    await waitFor(() => !!page.querySelector('#forbidden'));
    expect(text(page)).not.toContain('活动出勤');
    expect(text(page)).not.toContain('安徽绿源环保科技有限公司');
  });
});

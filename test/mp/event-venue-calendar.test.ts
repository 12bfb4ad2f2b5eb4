// Issue 15 parts 4 and 5 on the member's event page, in simulate on the
// local cloud: the venue picked on the map with 导航 (wx.openLocation), a
// plain-text place as before, and 添加到日历 (wx.addPhoneCalendar) on a
// confirmed sign-up where the base library has it (我的报名: my-signups-calendar.test.ts). Asserts what is shown,
// tapped and sent to WeChat.
import * as sim from './page-test';
import { createEvent, signUp, VENUE, startEventsCloud } from './event-fixtures';

const { tap, text, waitFor, wxCalls } = sim;

const lc = sim.usePageCloud(() => startEventsCloud());

afterEach(() => {
  jest.restoreAllMocks();
});

async function openEvent(id: string): Promise<sim.Rendered> {
  const page = await sim.openPage('pages/event/index', { id });
  await waitFor(() => text(page).includes('活动地点'));
  return page;
}

describe('venue', () => {
  it('shows the place with the address and opens the map at the venue on 导航', async () => {
    const event = await createEvent(lc, { place: '市生态环境局三楼会议室', location: VENUE });
    sim.useLocalCloud(lc, 'member-venue');
    const page = await openEvent(event.id);

    expect(text(page)).toContain(`市生态环境局三楼会议室（${VENUE.address}）`);
    expect(text(page)).toContain('导航');
    await tap(page, '#venue');
    expect(wxCalls('openLocation')).toEqual([
      expect.objectContaining({
        latitude: VENUE.latitude,
        longitude: VENUE.longitude,
        name: VENUE.name,
        address: VENUE.address,
      }),
    ]);
  });

  it('a plain-text place (an event from before) shows as before, with no 导航', async () => {
    const event = await createEvent(lc, { place: '合肥市滨湖国际会展中心' });
    sim.useLocalCloud(lc, 'member-plain');
    const page = await openEvent(event.id);

    expect(text(page)).toContain('合肥市滨湖国际会展中心');
    expect(text(page)).not.toContain('导航');
    expect(page.querySelector('#venue')).toBeFalsy();
  });
});

describe('添加到日历', () => {
  it('on a confirmed sign-up: the event, its place and a reminder an hour before go to the calendar', async () => {
    const event = await createEvent(lc, { location: VENUE });
    await signUp(lc, event.id, 'member-calendar');
    sim.useLocalCloud(lc, 'member-calendar');
    const page = await openEvent(event.id);

    expect(text(page)).toContain('添加到日历');
    await tap(page, '#add-calendar');
    await waitFor(() => wxCalls('showToast').length > 0);
    expect(wxCalls('addPhoneCalendar')).toEqual([
      expect.objectContaining({
        title: event.title,
        startTime: Math.floor(event.startAt / 1000),
        endTime: Math.floor(event.endAt / 1000),
        location: `${VENUE.name}（${VENUE.address}）`,
        alarm: true,
        alarmOffset: 3600,
      }),
    ]);
    expect(wxCalls<{ title: string }>('showToast').map((t) => t.title)).toEqual(['已添加到日历，活动开始前1小时提醒']);
  });

  it('the member backing out says nothing; a refused calendar permission says how to turn it on', async () => {
    const event = await createEvent(lc);
    await signUp(lc, event.id, 'member-cancels');
    sim.useLocalCloud(lc, 'member-cancels');
    const page = await openEvent(event.id);

    sim.failWx('addPhoneCalendar', { errMsg: 'addPhoneCalendar:fail cancel' });
    await tap(page, '#add-calendar');
    await waitFor(() => wxCalls('addPhoneCalendar').length === 1);
    await new Promise((r) => setTimeout(r, 0));
    expect(wxCalls('showToast')).toEqual([]);

    sim.failWx('addPhoneCalendar', { errMsg: 'addPhoneCalendar:fail auth deny' });
    await tap(page, '#add-calendar');
    await waitFor(() => wxCalls('showToast').length === 1);
    expect(wxCalls<{ title: string }>('showToast')[0]?.title).toBe('未获得日历权限，可在右上角「设置」中开启后重试');
    // The typed place (no map venue) is what the calendar gets.
    expect(wxCalls<{ location: string }>('addPhoneCalendar')[0]?.location).toBe(event.place);
  });

  it('asks for privacy consent first (a privacy API), then adds', async () => {
    const event = await createEvent(lc);
    await signUp(lc, event.id, 'member-privacy');
    sim.needPrivacyConsent();
    sim.useLocalCloud(lc, 'member-privacy');
    const page = await openEvent(event.id);

    await tap(page, '#add-calendar');
    const popup = page.querySelector('privacy-popup') as sim.SimNode;
    await waitFor(() => text(popup).includes('用户隐私保护提示'));
    expect(text(popup)).toContain('添加活动到日历');
    expect(wxCalls('showToast')).toEqual([]);
    await sim.trigger(popup, '#agree-btn', 'agreeprivacyauthorization');
    await waitFor(() => wxCalls('showToast').length > 0);
    expect(wxCalls<{ title: string }>('showToast').map((t) => t.title)).toEqual(['已添加到日历，活动开始前1小时提醒']);
  });

  it('not offered on a waitlisted sign-up, without a sign-up, or where the base library lacks the API', async () => {
    const full = await createEvent(lc, { capacity: 1 });
    await signUp(lc, full.id, 'member-seated');
    await signUp(lc, full.id, 'member-waiting');
    sim.useLocalCloud(lc, 'member-waiting');
    const waiting = await openEvent(full.id);
    expect(text(waiting)).toContain('候补');
    expect(text(waiting)).not.toContain('添加到日历');

    sim.useLocalCloud(lc, 'member-none');
    expect(text(await openEvent(full.id))).not.toContain('添加到日历');

    jest.spyOn(wx, 'canIUse').mockImplementation((schema: string) => schema !== 'addPhoneCalendar');
    sim.useLocalCloud(lc, 'member-seated');
    const old = await openEvent(full.id);
    expect(text(old)).toContain('签到码');
    expect(text(old)).not.toContain('添加到日历');
  });
});

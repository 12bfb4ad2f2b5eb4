// 添加到日历 in 我的报名 (issue 15 part 5), in simulate on the local cloud.
// Its own file: simulate loads a component once per file (DESIGN §7), and the
// event page in event-venue-calendar.test.ts loads the same checkin-qr.
import * as sim from './page-test';
import { createEvent, signUp, VENUE, startEventsCloud } from './event-fixtures';

const { tap, text, waitFor, wxCalls } = sim;

const lc = sim.usePageCloud(() => startEventsCloud());

describe('添加到日历 in 我的报名', () => {
  it('on each confirmed sign-up still to come, not on a waitlisted one', async () => {
    const mine = await createEvent(lc, { title: '污水处理提标改造交流会', location: VENUE });
    const full = await createEvent(lc, { title: '名额已满的观摩活动', capacity: 1 });
    await signUp(lc, full.id, 'member-first');
    await signUp(lc, mine.id, 'member-list');
    await signUp(lc, full.id, 'member-list'); // waitlisted
    sim.useLocalCloud(lc, 'member-list');
    const page = await sim.openPage('pages/my-signups/index');
    await waitFor(() => text(page).includes('共 2 个报名'));

    expect(page.querySelector(`#calendar-${mine.id}`)).toBeTruthy();
    expect(page.querySelector(`#calendar-${full.id}`)).toBeFalsy();
    await tap(page, `#calendar-${mine.id}`);
    await waitFor(() => wxCalls('showToast').length > 0);
    expect(wxCalls('addPhoneCalendar')).toEqual([
      expect.objectContaining({
        title: '污水处理提标改造交流会',
        startTime: Math.floor(mine.startAt / 1000),
        location: `${VENUE.name}（${VENUE.address}）`,
      }),
    ]);
    expect(wxCalls<{ title: string }>('showToast').map((t) => t.title)).toEqual(['已添加到日历，活动开始前1小时提醒']);
  });
});

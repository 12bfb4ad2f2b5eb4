// Shared set-up of the event page tests: a local cloud with the real
// `events` function, an admin who creates events through `events.save`,
// and members who sign up through the same actions the pages use.
import type {
  CompanionInput,
  EventDetail,
  EventInput,
  EventLocation,
  MySignup,
} from '../../miniprogram/contract/index';
import type { TestCloud } from '../helpers/cloud';
import { startCloudWithAdmin } from './fixtures';
import { openPage, shows, type Rendered } from './page-test';

export const HOUR = 60 * 60 * 1000;
export const DAY = 24 * HOUR;
export const ADMIN = 'admin-openid';

export function startEventsCloud(): Promise<TestCloud> {
  return startCloudWithAdmin(ADMIN, { functions: ['events'] });
}

/** A venue as wx.chooseLocation gives it (GCJ-02). */
export const VENUE: EventLocation = {
  name: '安徽创新馆',
  address: '安徽省合肥市包河区云谷路2588号',
  latitude: 31.7452,
  longitude: 117.3318,
};

let serial = 0;

/** An upcoming event (starts in 3 days, sign-up closes in 2) unless overridden, saved by `admin`. */
export function createEvent(lc: TestCloud, over: Partial<EventInput> = {}, admin = ADMIN): Promise<EventDetail> {
  serial += 1;
  const now = Date.now();
  const startAt = over.startAt ?? now + 3 * DAY;
  return lc.ok(
    'events',
    'events.save',
    {
      title: `环保产业共建交流会第${serial}期`,
      summary: '围绕污水处理与固废资源化开展共建交流，欢迎会员单位报名参加。',
      place: '合肥市蜀山区环保产业园报告厅',
      startAt,
      endAt: startAt + 3 * HOUR,
      signupDeadline: startAt - DAY,
      capacity: 30,
      waitlistEnabled: true,
      ...over,
    },
    { openid: admin },
  );
}

/**
 * Staff save `event` again through events.save, as the editor does, with
 * `over` changed. Only the basic settings are carried over: a venue, group
 * size, review mode or fields not in `over` are saved as absent.
 */
export function editEvent(lc: TestCloud, event: EventDetail, over: Partial<EventInput>): Promise<EventDetail> {
  return lc.ok(
    'events',
    'events.save',
    {
      id: event.id,
      title: event.title,
      summary: event.summary,
      place: event.place,
      startAt: event.startAt,
      endAt: event.endAt,
      signupDeadline: event.signupDeadline,
      capacity: event.capacity,
      waitlistEnabled: event.waitlistEnabled,
      ...over,
    },
    { openid: ADMIN },
  );
}

/** Two companions (同行人员) as the form sends them: one with a position, one without. */
export const COMPANIONS: CompanionInput[] = [
  { name: '张卫东', phone: '13955002345', position: '工程师' },
  { name: '赵明', phone: '13955003456' },
];

let phoneSerial = 0;

/** Signs `openid` up through the real action (as another member would from the form). */
export function signUp(lc: TestCloud, eventId: string, openid: string, name = '王建国'): Promise<MySignup> {
  phoneSerial += 1;
  return lc.ok(
    'events',
    'signup.submit',
    { eventId, name, unit: '安徽绿源环保科技有限公司', phone: `1390000${String(1000 + phoneSerial).slice(-4)}` },
    { openid },
  );
}

/** The event page for `query`, once its first load is over (the event, or the state that replaces it). */
export function openEventPage(query: Record<string, string>): Promise<Rendered> {
  return openPage('pages/event/index', query, (page) => !shows(page, '.event__loading'));
}

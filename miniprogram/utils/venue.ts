// The venue on the map and 添加到日历 (issue 15 parts 4 and 5), for the
// event page and the staff's editor. Privacy APIs (wx.chooseLocation,
// wx.addPhoneCalendar) need a <privacy-popup> on the page that calls them.
import { EVENT_RULES, type EventLocation, type EventSummary } from '../contract/index';

/** How long before the start the calendar reminds the member. */
export const CALENDAR_REMINDER_SECONDS = 3600;

/**
 * wx.addPhoneCalendar exists from base library 2.15.0
 * (https://developers.weixin.qq.com/miniprogram/dev/api/device/calendar/wx.addPhoneCalendar.html);
 * older clients do not show 添加到日历 at all.
 */
export function canAddToCalendar(): boolean {
  return typeof wx.addPhoneCalendar === 'function' && wx.canIUse('addPhoneCalendar');
}

/** Where the calendar entry says the event is: the map venue with its address, else the typed place. */
export function calendarPlace(event: Pick<EventSummary, 'place' | 'location'>): string {
  const loc = event.location;
  return loc ? `${loc.name}（${loc.address}）` : event.place;
}

export type CalendarOutcome = 'added' | 'cancelled' | 'denied' | 'failed';

function outcomeOf(errMsg: unknown): CalendarOutcome {
  const msg = typeof errMsg === 'string' ? errMsg : '';
  if (/cancel/.test(msg)) return 'cancelled';
  // Calendar permission (scope.addPhoneCalendar) refused, or the privacy guide not agreed (errno 104).
  if (/auth|deny|privacy/.test(msg)) return 'denied';
  return 'failed';
}

/**
 * Adds the event to the phone's calendar with a reminder an hour before.
 * Call it synchronously from a tap: WeChat allows it "仅在点击行为时调用".
 * Times are unix seconds, as the doc says.
 */
export function addEventToCalendar(event: CalendarEvent): Promise<CalendarOutcome> {
  return new Promise((resolve) => {
    const option = {
      title: event.title,
      startTime: Math.floor(event.startAt / 1000),
      // A number, as the current doc says; the bundled typings still copy an old page's `string`.
      endTime: Math.floor(event.endAt / 1000),
      location: calendarPlace(event),
      description: '安徽省环保产业协会共建活动',
      alarm: true,
      alarmOffset: CALENDAR_REMINDER_SECONDS,
      success: () => resolve('added'),
      fail: (res: { errMsg?: string }) => resolve(outcomeOf(res.errMsg)),
    };
    wx.addPhoneCalendar(option as unknown as WechatMiniprogram.AddPhoneCalendarOption);
  });
}

/** What the member reads after 添加到日历; empty when they cancelled themselves. */
export const CALENDAR_MESSAGES: Record<CalendarOutcome, string> = {
  added: '已添加到日历，活动开始前1小时提醒',
  cancelled: '',
  denied: '未获得日历权限，可在右上角「设置」中开启后重试',
  failed: '添加到日历失败，请稍后重试',
};

/** The calendar's part of an event, what 添加到日历 needs (small enough to keep in page data). */
export type CalendarEvent = Pick<EventSummary, 'title' | 'startAt' | 'endAt' | 'place' | 'location'>;

/**
 * 添加到日历 offered: a confirmed sign-up (a seat held, not yet checked in) to an
 * open event still to come, on a base library that has the API.
 */
export function offersCalendar(
  event: Pick<EventSummary, 'status' | 'endAt'>,
  signup: { status: string } | null,
  now: number,
): boolean {
  return (
    !!signup && signup.status === 'confirmed' && event.status === 'open' && event.endAt > now && canAddToCalendar()
  );
}

/** 添加到日历 from a tap, then a toast with the outcome (none when the member backed out). */
export function addToCalendarFromTap(event: CalendarEvent): void {
  addEventToCalendar(event).then((outcome) => {
    const message = CALENDAR_MESSAGES[outcome];
    if (message) wx.showToast({ title: message, icon: outcome === 'added' ? 'success' : 'none' });
  });
}

/** Opens WeChat's map at the venue, with its name and address (导航 from there). */
export function openVenue(loc: EventLocation): void {
  wx.openLocation({
    latitude: loc.latitude,
    longitude: loc.longitude,
    name: loc.name,
    address: loc.address,
    scale: 17,
  });
}

/** The venue as WeChat's picker gives it, checked like the server does; null for anything unusable. */
export function venueOf(res: { name?: unknown; address?: unknown; latitude?: unknown; longitude?: unknown }): {
  location: EventLocation | null;
  error: string;
} {
  const name = typeof res.name === 'string' ? res.name.trim() : '';
  const address = typeof res.address === 'string' ? res.address.trim() : '';
  const lat = typeof res.latitude === 'number' ? res.latitude : NaN;
  const lng = typeof res.longitude === 'number' ? res.longitude : NaN;
  if (!(Math.abs(lat) <= 90) || !(Math.abs(lng) <= 180))
    return { location: null, error: '所选位置的经纬度无效，请重新选择' };
  // A point dropped on the map has no name: WeChat leaves it empty.
  if (!name) return { location: null, error: '请选择一个有名称的地点（如搜索场馆名称）' };
  if (!address) return { location: null, error: '所选位置没有详细地址，请重新选择' };
  if (
    Array.from(name).length > EVENT_RULES.locationNameMax ||
    Array.from(address).length > EVENT_RULES.locationAddressMax
  ) {
    return { location: null, error: '所选位置的名称或地址过长，请重新选择' };
  }
  return { location: { name, address, latitude: lat, longitude: lng }, error: '' };
}

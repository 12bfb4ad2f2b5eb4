// The event page in simulate on the local cloud: what a member sees before
// and after signing up, why the 报名 button is disabled, the countdown and
// its timer, and the error states.
import { checkinScanText, ERROR_MESSAGES } from '../../miniprogram/contract/index';
import { setTransport } from '../../miniprogram/services/cloud';
import {
  callPage,
  openPage,
  tap,
  text,
  useLocalCloud,
  usePageCloud,
  waitFor,
  wxCalls,
  type Rendered,
  type SimNode,
} from './page-test';
import { expectedQr, gifSize, shownQr } from './checkin-qr';
import { ADMIN, DAY, HOUR, createEvent, openEventPage, signUp, startEventsCloud } from './event-fixtures';

const lc = usePageCloud(() => startEventsCloud());

afterEach(() => {
  jest.restoreAllMocks();
});

function openEvent(id: string): Promise<Rendered> {
  return openEventPage({ id });
}

function signupButton(page: Rendered) {
  const button = page.querySelector('.event__signup');
  if (!button) throw new Error(`no 报名 button in: ${text(page)}`);
  return button;
}

describe('before signing up', () => {
  it('shows the event, seats, deadline with a countdown, and opens the form', async () => {
    const event = await createEvent(lc, { capacity: 30, summary: '参观污水处理示范工程并座谈交流。' });
    await signUp(lc, event.id, 'someone-else');
    useLocalCloud(lc, 'member-reader');
    const page = await openEvent(event.id);

    const shown = text(page);
    expect(shown).toContain(event.title);
    expect(shown).toContain(event.place);
    expect(shown).toContain('参观污水处理示范工程并座谈交流。');
    expect(shown).toContain('剩余29个名额');
    expect(shown).toContain('共30个名额，已报名1人');
    // The deadline is a day and some hours away.
    expect(page.data.countdown).toMatch(/^1天\d{2}小时\d{2}分\d{2}秒$/);
    expect(shown).toContain('剩余 1天');
    expect(wxCalls<{ title: string }>('setNavigationBarTitle')[0]?.title).toBe(event.title);

    await tap(page, signupButton(page));
    expect(wxCalls<{ url: string }>('navigateTo').map((n) => n.url)).toEqual([`/pages/signup/index?id=${event.id}`]);
  });

  it('disables 报名 with 名额已满 when full and no waitlist', async () => {
    const event = await createEvent(lc, { capacity: 1, waitlistEnabled: false });
    await signUp(lc, event.id, 'first-comer');
    useLocalCloud(lc, 'member-late');
    const page = await openEvent(event.id);

    expect(text(page)).toContain('名额已满');
    expect(page.data.blockedReason).toBe('名额已满');
    await tap(page, signupButton(page));
    expect(wxCalls('navigateTo')).toHaveLength(0);
  });

  it('offers 报名候补 when full with a waitlist', async () => {
    const event = await createEvent(lc, { capacity: 1, waitlistEnabled: true });
    await signUp(lc, event.id, 'first-comer');
    useLocalCloud(lc, 'member-queue');
    const page = await openEvent(event.id);

    expect(text(page)).toContain('已满，可候补');
    expect(text(signupButton(page))).toBe('报名候补');
    await tap(page, signupButton(page));
    expect(wxCalls('navigateTo')).toHaveLength(1);
  });

  it('disables 报名 after the deadline and on a cancelled event, saying why', async () => {
    const now = Date.now();
    const closed = await createEvent(lc, { startAt: now + 2 * HOUR, signupDeadline: now - 60 * 1000 });
    const cancelled = await createEvent(lc);
    await lc.ok('events', 'events.cancel', { id: cancelled.id }, { openid: ADMIN });
    useLocalCloud(lc, 'member-closed');

    const a = await openEvent(closed.id);
    expect(a.data.blockedReason).toBe('报名已截止');
    expect(a.data.countdown).toBe('');
    expect(text(a)).toContain('报名已截止');

    const b = await openEvent(cancelled.id);
    expect(b.data.blockedReason).toBe('活动已取消');
    expect(text(b)).toContain('活动已取消');
    await tap(b, signupButton(b));
    expect(wxCalls('navigateTo')).toHaveLength(0);
  });
});

describe('after signing up', () => {
  it('shows 已报名 and the member’s own check-in code instead of the button', async () => {
    const event = await createEvent(lc);
    const mine = await signUp(lc, event.id, 'member-confirmed');
    useLocalCloud(lc, 'member-confirmed');
    const page = await openEvent(event.id);

    const shown = text(page);
    expect(shown).toContain('已报名');
    expect(shown).toContain('签到码');
    expect(shown).toContain(mine.checkinCode);
    expect(page.querySelector('.event__signup')).toBeUndefined();
    expect(page.querySelector('.event__mine')).toBeDefined();
    // The code is the one stored for this member, not someone else's.
    const doc = lc.dump('signups').find((d) => d._id === `${event.id}_member-confirmed`);
    expect(doc?.checkinCode).toBe(mine.checkinCode);
  });

  it('shows the check-in QR code the admin scanner reads: checkinScanText(event id, own code)', async () => {
    const event = await createEvent(lc);
    const mine = await signUp(lc, event.id, 'member-qr');
    useLocalCloud(lc, 'member-qr');
    const page = await openEvent(event.id);

    const qrs = page.querySelectorAll('checkin-qr');
    expect(qrs).toHaveLength(1);
    const shown = shownQr(qrs[0] as SimNode);
    // The encoder's input is exactly what admin/pages/checkin parses from wx.scanCode.
    expect(shown.text).toBe(checkinScanText(event.id, mine.checkinCode));
    expect(shown.text).toBe(`${event.id}:${mine.checkinCode}`);
    // The image is that text's QR code: the same data URL the encoder makes from it, a GIF of the code's size.
    const expected = expectedQr(shown.text);
    expect(shown.src).toBe(expected.src);
    expect(gifSize(shown.src)).toEqual({ width: expected.side, height: expected.side });
    // Next to the typed code.
    expect(text(page)).toContain(mine.checkinCode);

    // Checked in: the code stays on screen (the member may be asked again).
    await lc.ok('events', 'signup.checkin', { eventId: event.id, code: mine.checkinCode }, { openid: ADMIN });
    const again = await openEvent(event.id);
    expect(text(again)).toContain('已签到');
    expect(again.querySelectorAll('checkin-qr').map((q) => shownQr(q).text)).toEqual([shown.text]);

    // Another member's QR encodes their own code, not this one.
    const other = await signUp(lc, event.id, 'member-qr-2');
    useLocalCloud(lc, 'member-qr-2');
    const theirs = await openEvent(event.id);
    const theirQr = shownQr(theirs.querySelector('checkin-qr') as SimNode);
    expect(theirQr.text).toBe(checkinScanText(event.id, other.checkinCode));
    expect(theirQr.src).toBe(expectedQr(theirQr.text).src);
    expect(theirQr.src).not.toBe(shown.src);
  });

  it('shows 候补第N位 for a waitlisted member, without a code to check in with', async () => {
    const event = await createEvent(lc, { capacity: 1, waitlistEnabled: true });
    await signUp(lc, event.id, 'seat-holder');
    await signUp(lc, event.id, 'queue-1');
    const mine = await signUp(lc, event.id, 'queue-2');
    expect(mine.status).toBe('waitlisted');
    useLocalCloud(lc, 'queue-2');
    const page = await openEvent(event.id);

    const shown = text(page);
    expect(shown).toContain('候补第2位');
    expect(shown).not.toContain(mine.checkinCode);
    expect(page.querySelector('checkin-qr')).toBeUndefined();
    expect(page.querySelector('.event__signup')).toBeUndefined();
  });
});

describe('countdown and states', () => {
  it('ticks on a timer that is cleared when the page unloads', async () => {
    const setSpy = jest.spyOn(globalThis, 'setInterval');
    const clearSpy = jest.spyOn(globalThis, 'clearInterval');
    const event = await createEvent(lc, { startAt: Date.now() + 5 * DAY, signupDeadline: Date.now() + 4 * DAY });
    useLocalCloud(lc, 'member-timer');
    const page = await openEvent(event.id);
    expect(page.data.countdown).toMatch(/^(3|4)天/);

    const timers = setSpy.mock.results.map((r) => r.value as unknown);
    expect(timers).toHaveLength(1);
    expect(clearSpy).not.toHaveBeenCalledWith(timers[0]);
    await callPage(page, 'onUnload');
    expect(clearSpy).toHaveBeenCalledWith(timers[0]);
  });

  it('says the event is not found, without a retry', async () => {
    useLocalCloud(lc, 'member-lost');
    const page = await openEvent('no-such-event');
    const view = page.querySelector('.event__error');
    expect(view && text(view)).toContain('活动不存在或已删除');
    expect(view?.querySelector('#state-action')).toBeFalsy();
  });

  it('shows a network error with 重试, and retry loads the event', async () => {
    const event = await createEvent(lc);
    setTransport(() => Promise.reject(new Error('request:fail timeout')));
    const page = await openPage('pages/event/index', { id: event.id });
    await waitFor(() => text(page).includes(ERROR_MESSAGES.NETWORK));

    useLocalCloud(lc, 'member-retry');
    const retry = page.querySelector('.event__error')?.querySelector('#state-action');
    if (!retry) throw new Error('no 重试 button');
    expect(text(retry)).toBe('重试');
    await tap(page, retry);
    await waitFor(() => text(page).includes(event.title));
    expect(text(page)).not.toContain(ERROR_MESSAGES.NETWORK);
  });
});

// 我的报名 and 我的 in simulate on the local cloud: statuses and check-in
// codes, cancel behind a confirm dialog that updates the row (and frees the
// seat for the waitlist), the empty state, and the profile summary.
import { checkinScanText, ERROR_MESSAGES } from '../../miniprogram/contract/index';
import { setTransport } from '../../miniprogram/services/cloud';
import {
  answerWx,
  renderPage,
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
import { ADMIN, COMPANIONS, createEvent, signUp, startEventsCloud } from './event-fixtures';

const lc = usePageCloud(() => startEventsCloud());

function rows(page: Rendered): SimNode[] {
  return page.querySelectorAll('event-item');
}

function rowOf(page: Rendered, title: string): SimNode {
  const found = rows(page).find((r) => text(r).includes(title));
  if (!found) throw new Error(`no row "${title}" in: ${text(page)}`);
  return found;
}

function cancels(calls: Array<{ data: { action: string } }>): number {
  return calls.filter((c) => c.data.action === 'signup.cancel').length;
}

async function openMine(openid: string) {
  const cloud = useLocalCloud(lc, openid);
  const page = await renderPage('pages/my-signups/index');
  await waitFor(() => page.data.loading === false);
  return { page, cloud };
}

describe('我的报名', () => {
  it('lists each sign-up with its status and check-in code', async () => {
    const member = 'member-two';
    const confirmed = await createEvent(lc);
    const full = await createEvent(lc, { capacity: 1, waitlistEnabled: true });
    const mine = await signUp(lc, confirmed.id, member);
    await signUp(lc, full.id, 'seat-holder');
    const queued = await signUp(lc, full.id, member);

    const { page } = await openMine(member);
    expect(rows(page)).toHaveLength(2);
    const a = text(rowOf(page, confirmed.title));
    expect(a).toContain('已报名');
    expect(a).toContain(`签到码 ${mine.checkinCode}`);
    expect(a).toContain('取消报名');
    const b = text(rowOf(page, full.title));
    expect(b).toContain('候补');
    expect(b).not.toContain(queued.checkinCode);
    expect(b).toContain('取消报名');
  });

  it('shows a check-in QR code of checkinScanText(event, code) on confirmed and checked-in rows only', async () => {
    const member = 'member-qr';
    const confirmed = await createEvent(lc);
    const attended = await createEvent(lc);
    const full = await createEvent(lc, { capacity: 1, waitlistEnabled: true });
    const dropped = await createEvent(lc);
    const a = await signUp(lc, confirmed.id, member);
    const b = await signUp(lc, attended.id, member);
    await lc.ok('events', 'signup.checkin', { eventId: attended.id, code: b.checkinCode }, { openid: ADMIN });
    await signUp(lc, full.id, 'seat-holder');
    await signUp(lc, full.id, member);
    await signUp(lc, dropped.id, member);
    await lc.ok('events', 'signup.cancel', { eventId: dropped.id }, { openid: member });

    const { page } = await openMine(member);
    expect(rows(page)).toHaveLength(4);
    for (const [event, mine] of [
      [confirmed, a],
      [attended, b],
    ] as const) {
      const row = rowOf(page, event.title);
      const qrs = row.querySelectorAll('checkin-qr');
      expect(qrs).toHaveLength(1);
      const shown = shownQr(qrs[0] as SimNode);
      expect(shown.text).toBe(checkinScanText(event.id, mine.checkinCode));
      const expected = expectedQr(shown.text);
      expect(shown.src).toBe(expected.src);
      expect(gifSize(shown.src)).toEqual({ width: expected.side, height: expected.side });
      expect(text(row)).toContain(`签到码 ${mine.checkinCode}`);
    }
    expect(text(rowOf(page, attended.title))).toContain('已签到');
    // Waitlisted and cancelled: nothing to scan.
    expect(rowOf(page, full.title).querySelectorAll('checkin-qr')).toHaveLength(0);
    expect(rowOf(page, dropped.title).querySelectorAll('checkin-qr')).toHaveLength(0);
  });

  it('cancels only after the member confirms, then updates the row and frees the seat', async () => {
    const member = 'member-cancel';
    const event = await createEvent(lc, { capacity: 1, waitlistEnabled: true });
    const mine = await signUp(lc, event.id, member);
    await signUp(lc, event.id, 'next-in-line');

    const { page, cloud } = await openMine(member);
    const cancelButton = () => page.querySelector(`#cancel-${event.id}`) as SimNode;

    // 再想想: nothing is sent, nothing changes.
    answerWx('showModal', { confirm: false, cancel: true });
    await tap(page, cancelButton());
    await waitFor(() => wxCalls('showModal').length === 1);
    expect(cancels(cloud.calls)).toBe(0);
    expect(text(rowOf(page, event.title))).toContain('已报名');
    expect(rowOf(page, event.title).querySelectorAll('checkin-qr')).toHaveLength(1);

    // 取消报名 confirmed.
    answerWx('showModal', { confirm: true, cancel: false });
    await tap(page, cancelButton());
    await waitFor(() => text(rowOf(page, event.title)).includes('已取消'));
    expect(wxCalls<{ title: string; content: string }>('showModal')[1]?.content).toContain(event.title);
    expect(cancels(cloud.calls)).toBe(1);
    // The taps stayed on the button: the row did not open the event.
    expect(wxCalls('navigateTo')).toHaveLength(0);
    const row = text(rowOf(page, event.title));
    expect(row).not.toContain(mine.checkinCode);
    // Its QR code goes with it.
    expect(rowOf(page, event.title).querySelectorAll('checkin-qr')).toHaveLength(0);
    expect(page.querySelector(`#cancel-${event.id}`)).toBeFalsy();

    // In the database: cancelled, and the waitlisted member got the seat.
    const docs = lc.dump('signups').filter((d) => d.eventId === event.id);
    expect(docs.find((d) => d._id === `${event.id}_${member}`)?.status).toBe('cancelled');
    expect(docs.find((d) => d._id === `${event.id}_next-in-line`)?.status).toBe('confirmed');
    const ev = lc.dump('events').find((d) => d._id === event.id);
    expect(ev).toMatchObject({ confirmed: 1, waitlisted: 0 });
  });

  it('keeps the row when the cancel fails, and says why', async () => {
    const member = 'member-offline';
    const event = await createEvent(lc);
    await signUp(lc, event.id, member);
    const { page } = await openMine(member);

    setTransport(() => Promise.reject(new Error('request:fail')));
    await tap(page, page.querySelector(`#cancel-${event.id}`) as SimNode);
    await waitFor(() => wxCalls<{ title: string }>('showToast').some((t) => t.title === ERROR_MESSAGES.NETWORK));
    expect(text(rowOf(page, event.title))).toContain('已报名');
    expect(page.data.cancellingId).toBe('');
    expect(lc.dump('signups').find((d) => d._id === `${event.id}_${member}`)?.status).toBe('confirmed');
  });

  it('offers no cancel once anyone of the sign-up has checked in: a companion or the member', async () => {
    const member = 'member-attending';
    const group = await createEvent(lc, { groupMax: 3 });
    const alone = await createEvent(lc);
    const signup = await lc.ok(
      'events',
      'signup.submit',
      {
        eventId: group.id,
        name: '王建国',
        unit: '安徽绿源环保科技有限公司',
        phone: '13900002001',
        companions: COMPANIONS,
      },
      { openid: member },
    );
    const companionCode = signup.companions[0]?.checkinCode ?? '';
    await lc.ok('events', 'signup.checkin', { eventId: group.id, code: companionCode }, { openid: ADMIN });
    const own = await signUp(lc, alone.id, member);
    await lc.ok('events', 'signup.checkin', { eventId: alone.id, code: own.checkinCode }, { openid: ADMIN });

    const { page } = await openMine(member);
    // The member has not come yet, one companion has: the sign-up is kept as it is.
    const row = text(rowOf(page, group.title));
    expect(row).toContain('已报名');
    expect(row).toContain(`${COMPANIONS[0]?.name}（已签到）`);
    expect(page.querySelector(`#cancel-${group.id}`)).toBeFalsy();
    expect(text(rowOf(page, alone.title))).toContain('已签到');
    expect(page.querySelector(`#cancel-${alone.id}`)).toBeFalsy();
  });

  it('asks to withdraw a sign-up in review without promising a seat to the waitlist', async () => {
    const member = 'member-withdraw';
    const event = await createEvent(lc, { reviewRequired: true });
    await signUp(lc, event.id, member);
    const { page, cloud } = await openMine(member);

    answerWx('showModal', { confirm: false, cancel: true });
    await tap(page, page.querySelector(`#cancel-${event.id}`) as SimNode);
    await waitFor(() => wxCalls('showModal').length === 1);
    const dialog = wxCalls<{ title: string; content: string }>('showModal')[0];
    expect(dialog?.content).toBe('撤回报名后需重新提交并等待审核，确定撤回吗？');
    expect(dialog?.content).not.toContain('候补');
    expect(cancels(cloud.calls)).toBe(0);
    expect(lc.dump('signups').find((d) => d._id === `${event.id}_${member}`)?.status).toBe('reviewing');
  });

  it('offers no cancel on an event the organiser cancelled', async () => {
    const member = 'member-called-off';
    const event = await createEvent(lc);
    await signUp(lc, event.id, member);
    await lc.ok('events', 'events.cancel', { id: event.id }, { openid: ADMIN });
    const { page } = await openMine(member);
    expect(text(rowOf(page, event.title))).toContain('活动已取消');
    expect(page.querySelector(`#cancel-${event.id}`)).toBeFalsy();
  });

  it('shows the empty state with a way to the events', async () => {
    const { page } = await openMine('member-new');
    const view = page.querySelector('.my-signups__empty') as SimNode;
    expect(text(view)).toContain('你还没有报名任何活动');
    await tap(page, view.querySelector('#state-action') as SimNode);
    expect(wxCalls<{ url: string }>('switchTab')[0]?.url).toBe('/pages/events/index');
  });
});

describe('我的', () => {
  it('shows the remembered profile and the entry to 我的报名, no admin entry for a member', async () => {
    const member = 'member-profile';
    await lc.ok(
      'events',
      'member.save',
      { name: '周文静', unit: '安徽省生态环境监测中心', position: '主任', phone: '13966001234' },
      { openid: member },
    );
    useLocalCloud(lc, member);
    const page = await renderPage('pages/mine/index');
    await waitFor(() => page.data.loading === false);
    const shown = text(page);
    expect(shown).toContain('周文静');
    expect(shown).toContain('安徽省生态环境监测中心 · 主任');
    expect(shown).toContain('我的报名');
    expect(page.data.isAdmin).toBe(false);
    expect(page.querySelector('.mine__admin')).toBeFalsy();
  });

  it('knows an admin (for the console entry of issue 6)', async () => {
    await lc.makeAdmin('admin-mine');
    useLocalCloud(lc, 'admin-mine');
    const page = await renderPage('pages/mine/index');
    await waitFor(() => page.data.loading === false);
    expect(page.data.isAdmin).toBe(true);
    expect(text(page)).toContain('首次报名活动时填写的资料会显示在这里');
  });
});

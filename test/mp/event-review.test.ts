// Review mode and group sign-ups as the member sees them (issue 15), in
// simulate on the real `events` function: 待审核 until the organiser decides
// (signup.review through the cloud), then one check-in QR per person, or
// 未通过 with the reason; on the event page and in 我的报名 (the 活动 list's
// 需审核 tag is in events.test.ts: one file may load event-item only once).
import { checkinScanText, type MySignup } from '../../miniprogram/contract/index';
import { ADMIN, COMPANIONS, createEvent, openEventPage, startEventsCloud } from './event-fixtures';
import { expectedQr, shownQr } from './checkin-qr';
import { openPage, shows, text, texts, useLocalCloud, usePageCloud, type Rendered, type SimNode } from './page-test';

const lc = usePageCloud(() => startEventsCloud());

/** A group of three signs up through the real action, as the form sends it. */
function signUpGroup(eventId: string, openid: string): Promise<MySignup> {
  return lc.ok(
    'events',
    'signup.submit',
    { eventId, name: '李晓梅', unit: '安徽省环境科学研究院', phone: '13955001234', companions: COMPANIONS },
    { openid },
  );
}

function review(eventId: string, openid: string, decision: 'approve' | 'reject', reason?: string) {
  return lc.ok(
    'events',
    'signup.review',
    { eventId, ids: [`${eventId}_${openid}`], decision, ...(reason ? { reason } : {}) },
    { openid: ADMIN },
  );
}

async function openMine(openid: string): Promise<Rendered> {
  useLocalCloud(lc, openid);
  return openPage('pages/my-signups/index', {}, (page) => page.data.loading === false);
}

function rowOf(page: Rendered, title: string): SimNode {
  const found = page.querySelectorAll('event-item').find((r) => text(r).includes(title));
  if (!found) throw new Error(`no row "${title}" in: ${text(page)}`);
  return found;
}

describe('a group sign-up in review', () => {
  it('shows 待审核 until approved, then 共3人 and one check-in QR per person', async () => {
    const event = await createEvent(lc, { reviewRequired: true, groupMax: 3, capacity: 10 });
    const openid = 'member-approved';
    const mine = await signUpGroup(event.id, openid);
    expect(mine.status).toBe('reviewing');
    useLocalCloud(lc, openid);

    const waiting = await openEventPage({ id: event.id });
    const before = text(waiting);
    expect(before).toContain('需审核');
    expect(before).toContain('待审核');
    expect(before).toContain('报名已提交，等待主办方审核');
    expect(before).toContain('共3人');
    expect(waiting.querySelectorAll('checkin-qr')).toHaveLength(0);
    expect(shows(waiting, '.event__signup')).toBe(false);

    // In 我的报名: the same, and it may still be cancelled.
    const list = await openMine(openid);
    const row = text(rowOf(list, event.title));
    expect(row).toContain('需审核');
    expect(row).toContain('待审核');
    expect(row).toContain('报名已提交，等待主办方审核');
    expect(row).toContain('共3人');
    expect(shows(list, `#cancel-${event.id}`)).toBe(true);

    // The organiser approves through the cloud.
    const { outcomes } = await review(event.id, openid, 'approve');
    expect(outcomes).toEqual([expect.objectContaining({ ok: true, status: 'confirmed' })]);

    useLocalCloud(lc, openid);
    const page = await openEventPage({ id: event.id });
    const after = text(page);
    expect(after).toContain('已报名');
    expect(after).not.toContain('等待主办方审核');
    expect(after).toContain('共3人');
    // One QR per person: the member's own code and each companion's, with the name.
    const { mySignup } = await lc.ok('events', 'events.get', { id: event.id }, { openid });
    if (!mySignup) throw new Error('no sign-up after approval');
    const codes = [mySignup.checkinCode, ...mySignup.companions.map((c) => c.checkinCode)];
    expect(new Set(codes).size).toBe(3);
    const qrs = page.querySelectorAll('checkin-qr').map((q) => shownQr(q));
    expect(qrs.map((q) => q.text)).toEqual(codes.map((code) => checkinScanText(event.id, code)));
    for (const qr of qrs) expect(qr.src).toBe(expectedQr(qr.text).src);
    expect(texts(page, '.event__ticket-name')).toEqual(['本人', '张卫东', '赵明']);

    // A companion checks in on their own: only their name says so.
    await lc.ok('events', 'signup.checkin', { eventId: event.id, code: codes[1] as string }, { openid: ADMIN });
    const mineNow = await openMine(openid);
    // (The row's slot content is the page's: found from the page.)
    const names = texts(mineNow, '.my-signups__ticket-name');
    expect(names).toEqual(['本人', '张卫东（已签到）', '赵明']);
    expect(rowOf(mineNow, event.title).querySelectorAll('checkin-qr')).toHaveLength(3);
  });

  it('shows 未通过 with the organiser’s reason, and no way to sign up again', async () => {
    const event = await createEvent(lc, { reviewRequired: true, groupMax: 3 });
    const openid = 'member-rejected';
    await signUpGroup(event.id, openid);
    const reason = '名额有限，优先安排会员单位负责人';
    await review(event.id, openid, 'reject', reason);

    useLocalCloud(lc, openid);
    const page = await openEventPage({ id: event.id });
    const shown = text(page);
    expect(shown).toContain('未通过');
    expect(shown).toContain(`未通过原因：${reason}`);
    expect(page.querySelectorAll('checkin-qr')).toHaveLength(0);
    expect(shows(page, '.event__signup')).toBe(false);

    const list = await openMine(openid);
    const row = text(rowOf(list, event.title));
    expect(row).toContain('未通过');
    expect(row).toContain(`未通过原因：${reason}`);
    expect(shows(list, `#cancel-${event.id}`)).toBe(false);

    // The form says why too, and sends nothing.
    const form = await openPage('pages/signup/index', { id: event.id }, (p) => !shows(p, '.signup__loading'));
    expect(text(form)).toContain('你的报名未通过审核');
  });
});

// The attendee list after review: the status tab opened from a link or left
// behind when its tab goes away, 待签到 for groups part checked in, the
// reason asked again when too long, and the button of the decision under
// way spinning. In simulate on the local cloud.
import { COMPANIONS, ADMIN, createEvent, editEvent, signUp, startEventsCloud } from './event-fixtures';
import type { EventDetail } from '../../miniprogram/contract/index';
import { REVIEW_RULES } from '../../miniprogram/contract/index';
import * as sim from './page-test';

const { answerWx, tap, text, toasts, trigger, waitFor, wxCalls } = sim;

const lc = sim.usePageCloud(() => startEventsCloud());

function storedStatus(id: string): string {
  const doc = lc.dump('signups').find((s) => s._id === id);
  if (!doc) throw new Error(`no sign-up ${id}`);
  return String(doc.status);
}

async function openList(event: EventDetail, status?: string): Promise<sim.Rendered> {
  const page = await sim.openPage(
    'admin/pages/attendees/index',
    { eventId: event.id, ...(status ? { status } : {}) },
    (p) => !sim.shows(p, '.admin-loading'),
  );
  await waitFor(() => text(page).includes(event.title));
  return page;
}

function tabsText(page: sim.Rendered): string {
  return text(page.querySelector('van-tabs') as sim.SimNode);
}

/** The names on the rows shown (the first <text> of each name line, before its tag). */
function names(page: sim.Rendered): string[] {
  return page
    .querySelectorAll('.person__name')
    .map((n) => (n.dom?.querySelectorAll('wx-text')[0]?.textContent ?? '').trim());
}

/** The van-button at `selector` shows its loading state. */
function spinning(page: sim.Rendered, selector: string): boolean {
  const button = page.querySelector(selector);
  return (button?.dom?.querySelectorAll('[class*="button--loading"]').length ?? 0) > 0;
}

describe('the status tab', () => {
  it('?status=reviewing on an event without review: 全部, with its rows', async () => {
    const event = await createEvent(lc);
    await signUp(lc, event.id, 'tab-a', '王建国');
    await signUp(lc, event.id, 'tab-b', '刘芳');
    sim.useLocalCloud(lc, ADMIN);
    const page = await openList(event, 'reviewing');

    expect(tabsText(page)).not.toContain('待审核');
    expect(page.data.filter).toBe('all');
    expect(names(page)).toEqual(expect.arrayContaining(['王建国', '刘芳']));
    expect(sim.shows(page, '#rows-empty')).toBe(false);
  });

  it('the last sign-up in review approved on 待审核 after review was switched off: 全部, with the row', async () => {
    const event = await createEvent(lc, { reviewRequired: true });
    const { id } = await signUp(lc, event.id, 'tab-c', '陈明');
    await editEvent(lc, event, { reviewRequired: false });
    sim.useLocalCloud(lc, ADMIN);
    const page = await openList(event, 'reviewing');
    expect(tabsText(page)).toContain('待审核 1');
    expect(names(page)).toEqual(['陈明']);

    await tap(page, `#approve-${id}`);
    await waitFor(() => !tabsText(page).includes('待审核'));
    expect(storedStatus(id)).toBe('confirmed');
    expect(page.data.filter).toBe('all');
    expect(names(page)).toEqual(['陈明']);
    expect(text(page.querySelector(`#person-${id}`) as sim.SimNode)).toContain('已报名');
  });
});

describe('待签到 with companions', () => {
  it('holds a group while anyone of it may still check in; once all are in, only 已签到', async () => {
    const event = await createEvent(lc, { groupMax: 3 });
    const mine = await lc.ok(
      'events',
      'signup.submit',
      {
        eventId: event.id,
        name: '王建国',
        unit: '合肥绿源环保科技有限公司',
        phone: '13800000201',
        companions: COMPANIONS,
      },
      { openid: 'group-a' },
    );
    await signUp(lc, event.id, 'group-b', '刘芳');
    // The member checks in at the door; the two companions not yet.
    await lc.ok('events', 'signup.checkin', { eventId: event.id, code: mine.checkinCode }, { openid: ADMIN });
    sim.useLocalCloud(lc, ADMIN);
    const page = await openList(event, 'confirmed');

    expect(tabsText(page)).toContain('待签到 2');
    expect(tabsText(page)).toContain('已签到 1');
    expect(names(page)).toEqual(expect.arrayContaining(['王建国', '刘芳']));

    await tap(page, `#companion-checkin-${mine.id}-0`);
    await waitFor(() => toasts().includes(`${COMPANIONS[0]?.name} 已签到`));
    await tap(page, `#companion-checkin-${mine.id}-1`);
    await waitFor(() => tabsText(page).includes('待签到 1'));
    expect(names(page)).toEqual(['刘芳']);
    expect(tabsText(page)).toContain('已签到 1');

    await trigger(page, 'van-tabs', 'change', { name: 'checked_in' });
    expect(names(page)).toEqual(['王建国']);
  });
});

describe('review in progress', () => {
  it('拒绝 and 批量拒绝 spin while their call is under way, 通过 does not', async () => {
    const event = await createEvent(lc, { reviewRequired: true });
    const a = await signUp(lc, event.id, 'spin-a', '周婷');
    await signUp(lc, event.id, 'spin-b', '孙磊');
    sim.useLocalCloud(lc, ADMIN);
    const page = await openList(event);

    answerWx('showModal', { confirm: true, cancel: false, content: '名额已满' });
    let held = sim.holdAnswers(lc, ADMIN);
    await tap(page, `#reject-${a.id}`);
    await waitFor(() => spinning(page, `#reject-${a.id}`));
    expect(spinning(page, `#approve-${a.id}`)).toBe(false);
    held.release();
    await waitFor(() => storedStatus(a.id) === 'rejected' && !page.data.reviewing);

    await tap(page, '#bulk-toggle');
    await tap(page, '#pick-all');
    held = sim.holdAnswers(lc, ADMIN);
    await tap(page, '#bulk-reject');
    await waitFor(() => spinning(page, '#bulk-reject'));
    expect(spinning(page, '#bulk-approve')).toBe(false);
    held.release();
    await waitFor(() => !sim.shows(page, '#bulk-bar'));
  });

  it('a reason too long, then 取消: asked twice, nothing sent', async () => {
    const event = await createEvent(lc, { reviewRequired: true });
    const a = await signUp(lc, event.id, 'long-a', '陈明');
    const binding = sim.useLocalCloud(lc, ADMIN);
    const page = await openList(event);

    const tooLong = '名'.repeat(REVIEW_RULES.reasonMax + 1);
    answerWx('showModal', (opts) =>
      opts.content ? { confirm: false, cancel: true } : { confirm: true, cancel: false, content: tooLong },
    );
    await tap(page, `#reject-${a.id}`);
    await waitFor(() => wxCalls('showModal').length === 2);
    expect(wxCalls<{ title: string; content?: string }>('showModal')[1]).toMatchObject({
      title: '原因超出1个字，请删减后再拒绝',
      content: tooLong,
    });
    expect(sim.payloads(binding, 'signup.review')).toEqual([]);
    expect(storedStatus(a.id)).toBe('reviewing');
  });
});

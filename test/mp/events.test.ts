// The 活动 tab in simulate on the local cloud: 即将开始 / 已结束 with seats,
// 已满 / 已截止 and the member's own badge; skeleton, empty, error + retry,
// pull-down refresh and infinite scroll.
import { ERROR_MESSAGES } from '../../miniprogram/contract/index';
import { setTransport } from '../../miniprogram/services/cloud';
import { markSignupChanged } from '../../miniprogram/utils/signup-state';
import {
  callPage,
  holdAnswers,
  renderPage,
  tap,
  text,
  trigger,
  useLocalCloud,
  usePageCloud,
  waitFor,
  wxCalls,
  type Rendered,
  type SimNode,
} from './page-test';
import { DAY, HOUR, createEvent, signUp, startEventsCloud } from './event-fixtures';

const MEMBER = 'member-list';

const lc = usePageCloud(() => startEventsCloud());
const titles: Record<'mine' | 'queued' | 'full' | 'closed', string> = { mine: '', queued: '', full: '', closed: '' };

beforeAll(async () => {
  const now = Date.now();
  // The four soonest events, one per thing a row can say.
  const mine = await createEvent(lc, { startAt: now + DAY, signupDeadline: now + 12 * HOUR, capacity: 30 });
  await signUp(lc, mine.id, MEMBER);
  const queued = await createEvent(lc, { startAt: now + DAY + HOUR, capacity: 1, waitlistEnabled: true });
  await signUp(lc, queued.id, 'seat-holder');
  await signUp(lc, queued.id, MEMBER);
  const full = await createEvent(lc, { startAt: now + DAY + 2 * HOUR, capacity: 1, waitlistEnabled: false });
  await signUp(lc, full.id, 'seat-holder');
  const closed = await createEvent(lc, { startAt: now + DAY + 3 * HOUR, signupDeadline: now - 60 * 1000 });
  Object.assign(titles, { mine: mine.title, queued: queued.title, full: full.title, closed: closed.title });
}, 30_000);

function rows(page: Rendered): SimNode[] {
  return page.querySelectorAll('event-item');
}

function row(page: Rendered, title: string): string {
  const found = rows(page)
    .map(text)
    .find((t) => t.includes(title));
  if (!found) throw new Error(`no row "${title}" in: ${text(page)}`);
  return found;
}

describe('即将开始', () => {
  it('shows the skeleton first, then each event with seats and the member’s badge', async () => {
    // Hold the first answer back to see the loading state.
    const { calls: sent, release } = holdAnswers(lc, MEMBER);
    const page = await renderPage('pages/events/index');
    expect(page.querySelector('skeleton')).toBeTruthy();
    release();
    await waitFor(() => rows(page).length === 4);
    expect(page.querySelector('skeleton')).toBeFalsy();

    expect(row(page, titles.mine)).toContain('已报名');
    expect(row(page, titles.mine)).toContain('剩余29个名额');
    expect(row(page, titles.queued)).toContain('候补');
    expect(row(page, titles.queued)).toContain('已满，可候补');
    expect(row(page, titles.full)).toContain('已满');
    expect(row(page, titles.full)).not.toContain('已报名');
    expect(row(page, titles.closed)).toContain('已截止');
    expect(sent.map((c) => c.data)).toEqual([{ action: 'events.list', payload: { scope: 'upcoming' } }]);

    // A row opens its event.
    await tap(page, rows(page)[0] as SimNode);
    expect(wxCalls<{ url: string }>('navigateTo')[0]?.url).toMatch(/^\/pages\/event\/index\?id=/);
  });

  it('loads the next page on scrolling to the bottom, and says when there is no more', async () => {
    const now = Date.now();
    for (let i = 0; i < 9; i += 1) await createEvent(lc, { startAt: now + (10 + i) * DAY });
    const binding = useLocalCloud(lc, MEMBER);
    const page = await renderPage('pages/events/index');
    await waitFor(() => rows(page).length === 10);
    expect(page.data.hasMore).toBe(true);

    await callPage(page, 'onReachBottom');
    await waitFor(() => rows(page).length === 13);
    expect(text(page)).toContain('没有更多了');
    expect(binding.calls.map((c) => c.data)).toEqual([
      { action: 'events.list', payload: { scope: 'upcoming' } },
      { action: 'events.list', payload: { scope: 'upcoming', cursor: expect.any(String) } },
    ]);
    const ids = (page.data.items as Array<{ id: string }>).map((i) => i.id);
    expect(new Set(ids).size).toBe(13);
  });
});

describe('已结束', () => {
  it('is empty until an event has ended, and pull-down refresh shows it', async () => {
    useLocalCloud(lc, MEMBER);
    const page = await renderPage('pages/events/index');
    await waitFor(() => rows(page).length > 0);

    await trigger(page, '.events__tabs', 'change', { name: 'past', title: '已结束', index: 1 });
    await waitFor(() => page.data.empty === true);
    expect(text(page)).toContain('还没有已结束的活动');

    const now = Date.now();
    const ended = await createEvent(lc, { startAt: now - 10 * DAY });
    await callPage(page, 'onPullDownRefresh');
    await waitFor(() => rows(page).length === 1);
    expect(row(page, ended.title)).toContain('已结束');
    expect(wxCalls('stopPullDownRefresh')).toHaveLength(1);
  });
});

describe('errors and freshness', () => {
  it('shows the error with 重试 when the list fails, and retry recovers', async () => {
    setTransport(() => Promise.reject(new Error('request:fail timeout')));
    const page = await renderPage('pages/events/index');
    await waitFor(() => !!page.querySelector('.events__error'));
    const view = page.querySelector('.events__error') as SimNode;
    expect(text(view)).toContain(ERROR_MESSAGES.NETWORK);

    useLocalCloud(lc, MEMBER);
    await tap(page, view.querySelector('#state-action') as SimNode);
    await waitFor(() => rows(page).length === 10);
    expect(page.querySelector('.events__error')).toBeFalsy();
  });

  it('refreshes the badges on show after a sign-up made elsewhere', async () => {
    const event = await createEvent(lc, { startAt: Date.now() + 2 * HOUR, signupDeadline: Date.now() + HOUR });
    const binding = useLocalCloud(lc, 'member-fresh');
    const page = await renderPage('pages/events/index');
    await waitFor(() => rows(page).length === 10);
    expect(row(page, event.title)).not.toContain('已报名');

    // Back on the tab without a change: nothing is reloaded.
    await callPage(page, 'onShow');
    expect(binding.calls).toHaveLength(1);

    await signUp(lc, event.id, 'member-fresh');
    markSignupChanged(event.id);
    await callPage(page, 'onShow');
    await waitFor(() => row(page, event.title).includes('已报名'));
    expect(binding.calls).toHaveLength(2);
  });
});

describe('需审核', () => {
  it('tags an event whose sign-ups wait for the organiser’s approval', async () => {
    const now = Date.now();
    const reviewed = await createEvent(lc, {
      startAt: now + 2 * HOUR,
      signupDeadline: now + HOUR,
      reviewRequired: true,
    });
    useLocalCloud(lc, MEMBER);
    const page = await renderPage('pages/events/index');
    await waitFor(() => rows(page).some((r) => text(r).includes(reviewed.title)));
    expect(row(page, reviewed.title)).toContain('需审核');
    expect(row(page, titles.mine)).not.toContain('需审核');
  });
});

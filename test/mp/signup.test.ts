// The sign-up form in simulate, answered by the real `events` function on
// the local cloud: checks before any call, privacy consent, one submit per
// double tap, server errors on their field, and the result afterwards.
import { SIGNUP_MESSAGES, SUBSCRIBE_TEMPLATES } from '../../miniprogram/contract/index';
import { createEvent, startEventsCloud } from './event-fixtures';
import {
  actions,
  answerWx,
  callPage,
  input,
  openPage,
  payloads,
  popupClosed,
  popupOpen,
  privacyListener,
  shows,
  tap,
  text,
  toasts,
  trigger,
  useLocalCloud,
  usePageCloud,
  waitFor,
  wxCalls,
  type Rendered,
} from './page-test';

const lc = usePageCloud(() => startEventsCloud());

/** The form once loaded. */
function openForm(eventId: string): Promise<Rendered> {
  return openPage('pages/signup/index', { id: eventId }, (page) => !shows(page, '.signup__loading'));
}

/** Whether the submit button shows it is waiting for the server (提交中…). */
function submitting(page: Rendered): boolean {
  return text(page.querySelector('.signup__submit') as Rendered).includes('提交中');
}

async function fill(
  page: Rendered,
  values: Partial<Record<'name' | 'unit' | 'position' | 'phone' | 'remark', string>>,
) {
  for (const [field, value] of Object.entries(values)) {
    await input(page, `.signup__field-${field}`, value);
  }
}

describe('sign-up form', () => {
  it('shows the Chinese field messages and sends nothing when the form is invalid', async () => {
    const event = await createEvent(lc);
    const cloud = useLocalCloud(lc, 'member-invalid');
    const page = await openForm(event.id);

    await fill(page, { name: '王', phone: '12345' });
    await tap(page, '.signup__submit');

    const shown = text(page);
    expect(shown).toContain(SIGNUP_MESSAGES.name);
    expect(shown).toContain(SIGNUP_MESSAGES.unitRequired);
    expect(shown).toContain(SIGNUP_MESSAGES.phone);
    expect(actions(cloud)).not.toContain('signup.submit');
    expect(wxCalls('requestSubscribeMessage')).toHaveLength(0);

    // Correcting a field clears its message, the others stay.
    await fill(page, { name: '王建国' });
    expect(text(page)).not.toContain(SIGNUP_MESSAGES.name);
    expect(text(page)).toContain(SIGNUP_MESSAGES.phone);
  });
});

const VALID = {
  name: '李晓梅',
  unit: '安徽省环境科学研究院',
  position: '高级工程师',
  phone: '13955001234',
  remark: '需要停车位',
};

function submits(cloud: Parameters<typeof actions>[0]): number {
  return actions(cloud).filter((a) => a === 'signup.submit').length;
}

describe('submitting', () => {
  it('sends one sign-up for a double tap, with the accepted subscribe templates', async () => {
    const event = await createEvent(lc);
    const openid = 'member-double';
    const cloud = useLocalCloud(lc, openid);
    // The member allows two of the three templates.
    answerWx('requestSubscribeMessage', {
      [SUBSCRIBE_TEMPLATES.signupResult]: 'accept',
      [SUBSCRIBE_TEMPLATES.eventReminder]: 'reject',
      [SUBSCRIBE_TEMPLATES.eventChange]: 'accept',
    });
    const page = await openForm(event.id);
    await fill(page, VALID);

    // Two taps in the same frame (before the loading state renders), then one more.
    const first = tap(page, '.signup__submit');
    const second = tap(page, '.signup__submit');
    await Promise.all([first, second]);
    await tap(page, '.signup__submit');
    await waitFor(() => wxCalls('redirectTo').length === 1);

    expect(submits(cloud)).toBe(1);
    expect(wxCalls('requestSubscribeMessage')).toHaveLength(1);
    expect(payloads(cloud, 'signup.submit')[0]).toEqual({
      eventId: event.id,
      ...VALID,
      subscribed: [SUBSCRIBE_TEMPLATES.signupResult, SUBSCRIBE_TEMPLATES.eventChange],
    });

    // One sign-up in the database, confirmed, with the member's own id.
    const docs = lc.dump('signups').filter((d) => d.eventId === event.id);
    expect(docs).toHaveLength(1);
    expect(docs[0]).toMatchObject({ _id: `${event.id}_${openid}`, status: 'confirmed', name: VALID.name });
    // The confirmation went out because the member allowed it.
    expect(lc.records.subscribeMessages.some((m) => m.touser === openid)).toBe(true);

    // The form is done (its button says so and takes no more taps) and goes to the event page.
    expect(text(page.querySelector('.signup__submit') as Rendered)).toBe('已提交');
    expect(toasts()).toContain('报名成功');
    expect(wxCalls<{ url: string }>('redirectTo')[0]?.url).toBe(`/pages/event/index?id=${event.id}`);
  });

  it('goes back to the event page it was opened from, which shows the result and the check-in code', async () => {
    const event = await createEvent(lc);
    const openid = 'member-flow';
    useLocalCloud(lc, openid);
    const detail = await openPage('pages/event/index', { id: event.id }, (p) => text(p).includes('立即报名'));

    const form = await openForm(event.id);
    await fill(form, VALID);
    await tap(form, '.signup__submit');
    await waitFor(() => wxCalls('navigateBack').length === 1);
    expect(wxCalls('redirectTo')).toHaveLength(0);

    // WeChat shows the detail again.
    await callPage(detail, 'onShow');
    const code = String(lc.dump('signups').find((d) => d._id === `${event.id}_${openid}`)?.checkinCode);
    await waitFor(() => text(detail).includes(code));
    const shown = text(detail);
    expect(shown).toContain('报名成功');
    expect(shown).toContain('已报名');
    expect(shown).toContain('签到码');
    expect(shown).not.toContain('立即报名');
  });

  it('shows a rejected remark on its field and keeps everything typed', async () => {
    const event = await createEvent(lc);
    const openid = 'member-remark';
    const cloud = useLocalCloud(lc, openid);
    const page = await openForm(event.id);
    const typed = { ...VALID, remark: '顺便咨询赌博相关事项' };
    await fill(page, typed);
    await tap(page, '.signup__submit');
    await waitFor(() => !submitting(page) && submits(cloud) === 1);

    expect(text(page.querySelector('.signup__field-remark')!)).toContain('内容含有不当信息');
    expect(text(page.querySelector('.signup__submit') as Rendered)).toBe('提交报名');
    expect(lc.dump('signups').filter((d) => d.eventId === event.id)).toHaveLength(0);
    expect(wxCalls('redirectTo')).toHaveLength(0);

    // Fixing the remark lets the same form go through.
    await fill(page, { remark: '需要停车位' });
    await tap(page, '.signup__submit');
    await waitFor(() => wxCalls('redirectTo').length === 1);
    expect(submits(cloud)).toBe(2);
    // Everything typed was kept: only the remark changed between the two.
    const [rejected, accepted] = payloads(cloud, 'signup.submit');
    expect(rejected).toMatchObject(typed);
    expect(accepted).toMatchObject({ ...typed, remark: '需要停车位' });
  });

  it('shows a server refusal above the button in Chinese and keeps the form', async () => {
    const event = await createEvent(lc);
    const cloud = useLocalCloud(lc, 'member-late');
    const page = await openForm(event.id);
    await fill(page, VALID);
    // The organiser cancels while the member is still typing.
    await lc.ok('events', 'events.cancel', { id: event.id }, { openid: 'admin-openid' });
    await tap(page, '.signup__submit');
    await waitFor(() => !submitting(page) && shows(page, '.signup__form-error'));

    expect(text(page.querySelector('.signup__form-error')!)).toBe('活动已取消');
    expect(toasts()).toContain('活动已取消');
    // The form is kept: tapping again sends the same again.
    await tap(page, '.signup__submit');
    await waitFor(() => !submitting(page) && submits(cloud) === 2);
    const [once, again] = payloads(cloud, 'signup.submit');
    expect(once).toMatchObject(VALID);
    expect(again).toEqual(once);
  });

  it('is closed with the reason when the deadline has passed', async () => {
    const now = Date.now();
    const event = await createEvent(lc, { startAt: now + 2 * 60 * 60 * 1000, signupDeadline: now - 60 * 1000 });
    const cloud = useLocalCloud(lc, 'member-closed');
    const page = await openForm(event.id);
    expect(text(page)).toContain('报名已截止');
    await fill(page, VALID);
    await tap(page, '.signup__submit');
    expect(submits(cloud)).toBe(0);
  });
});

describe('profile and privacy', () => {
  it('prefills the form from the remembered profile', async () => {
    const openid = 'member-profile';
    await lc.ok(
      'events',
      'member.save',
      { name: '陈志远', unit: '合肥市环保产业集团', position: '副总经理', phone: '13800551234' },
      { openid },
    );
    const event = await createEvent(lc);
    const cloud = useLocalCloud(lc, openid);
    const page = await openForm(event.id);
    // Submitted untouched, the form sends the remembered profile.
    await tap(page, '.signup__submit');
    await waitFor(() => submits(cloud) === 1);
    expect(payloads(cloud, 'signup.submit')[0]).toMatchObject({
      name: '陈志远',
      unit: '合肥市环保产业集团',
      position: '副总经理',
      phone: '13800551234',
    });
    expect(payloads<{ remark?: string }>(cloud, 'signup.submit')[0]?.remark ?? '').toBe('');
  });

  it('asks for privacy consent before anything is sent, then lets the form through', async () => {
    answerWx('getPrivacySetting', { needAuthorization: true, privacyContractName: '《协会小程序隐私保护指引》' });
    const event = await createEvent(lc);
    const cloud = useLocalCloud(lc, 'member-privacy');
    const page = await openForm(event.id);
    await waitFor(() => text(page).includes('用户隐私保护提示'));
    expect(popupOpen(page, 'privacy')).toBe(true);
    expect(text(page)).toContain('《协会小程序隐私保护指引》');

    // Submitting before agreeing only brings the consent back.
    await fill(page, VALID);
    await tap(page, '.privacy__btn--disagree');
    expect(toasts()).toContain('同意隐私保护指引后才能报名');
    await waitFor(() => popupClosed(page, 'privacy'));
    await tap(page, '.signup__submit');
    await waitFor(() => popupOpen(page, 'privacy'));
    expect(submits(cloud)).toBe(0);

    // WeChat asks through the (app-wide) onNeedPrivacyAuthorization listener; the agree button resolves it.
    const resolve = jest.fn();
    privacyListener()(resolve, { referrer: 'test' });
    await trigger(page, '#agree-btn', 'agreeprivacyauthorization');
    expect(resolve).toHaveBeenCalledWith({ buttonId: 'agree-btn', event: 'agree' });
    await waitFor(() => popupClosed(page, 'privacy'));

    await tap(page, '.signup__submit');
    await waitFor(() => wxCalls('redirectTo').length === 1);
    expect(submits(cloud)).toBe(1);
  });
});

// The sign-up form's event-specific part in simulate on the real `events`
// function (issue 15): the event's custom fields of every type, companions
// (同行人员) up to the event's group size, the per-field messages (nothing is
// sent while one shows), and review-mode wording.
import {
  ANSWER_MESSAGES,
  COMPANION_MESSAGES,
  type EventDetail,
  type SignupField,
} from '../../miniprogram/contract/index';
import { FIELDS_UPDATED } from '../../miniprogram/utils/signup-extras';
import { ADMIN, COMPANIONS, createEvent, editEvent, startEventsCloud } from './event-fixtures';
import {
  actions,
  input,
  openPage,
  payloads,
  shows,
  tap,
  text,
  texts,
  trigger,
  useLocalCloud,
  usePageCloud,
  waitFor,
  wxCalls,
  type Rendered,
  type SimNode,
} from './page-test';

const lc = usePageCloud(() => startEventsCloud());

/** One field of each type, as staff would define them. */
const FIELDS: SignupField[] = [
  { id: 'dept', type: 'text', label: '所在部门', required: true, max: 20 },
  { id: 'topic', type: 'textarea', label: '交流议题', required: false, max: 300 },
  { id: 'meals', type: 'number', label: '用餐人数', required: true, min: 0, max: 5 },
  { id: 'bus', type: 'single', label: '是否乘坐大巴', required: true, options: ['乘坐', '自行前往'] },
  { id: 'visit', type: 'multi', label: '参观点位', required: false, options: ['污水厂', '固废中心', '监测站'], max: 2 },
  { id: 'arrive', type: 'date', label: '到达日期', required: true },
];

const PROFILE = { name: '李晓梅', unit: '安徽省环境科学研究院', position: '高级工程师', phone: '13955001234' };

function openForm(eventId: string): Promise<Rendered> {
  return openPage('pages/signup/index', { id: eventId }, (page) => !shows(page, '.signup__loading'));
}

function fieldEvent(over: Partial<Parameters<typeof createEvent>[1]> = {}): Promise<EventDetail> {
  return createEvent(lc, { fields: FIELDS, groupMax: 3, ...over });
}

async function fillProfile(page: Rendered): Promise<void> {
  for (const [key, value] of Object.entries(PROFILE)) await input(page, `.signup__field-${key}`, value);
}

/** `openid`'s form for a new event with `fields`: the profile filled and one answer typed. */
async function startForm(fields: SignupField[], openid: string, [id, value]: [string, string]) {
  const event = await fieldEvent({ fields });
  const cloud = useLocalCloud(lc, openid);
  const page = await openForm(event.id);
  await fillProfile(page);
  await input(page, `#answer-${id}`, value);
  return { event, cloud, page };
}

function answerNode(page: Rendered, id: string): SimNode {
  const node = page.querySelector(`#answer-${id}`);
  if (!node) throw new Error(`no field ${id} in: ${text(page)}`);
  return node;
}

/** The option `label` of a radio or checkbox group (tapped on its icon, as a finger does). */
function option(page: Rendered, label: string): SimNode {
  const found = page.querySelectorAll('.signup__option').find((o) => text(o) === label);
  if (!found) throw new Error(`no option ${label} in: ${texts(page, '.signup__option').join(' / ')}`);
  return found;
}

/** van-cell's required mark (its `required` class) inside a van-field. */
function requiredMarks(node: SimNode): number {
  return node.dom?.querySelectorAll('[class*="van-cell--required"]').length ?? 0;
}

function submits(cloud: Parameters<typeof actions>[0]): number {
  return actions(cloud).filter((a) => a === 'signup.submit').length;
}

describe('custom fields', () => {
  it('renders each field type after the fixed fields, with its label, required mark and limits', async () => {
    const event = await fieldEvent();
    useLocalCloud(lc, 'member-render');
    const page = await openForm(event.id);

    // In the staff's order, after 报名信息.
    const shown = text(page);
    expect(shown.indexOf('备注')).toBeLessThan(shown.indexOf('所在部门'));
    const order = FIELDS.map((f) => shown.indexOf(f.label));
    expect(order).toEqual([...order].sort((a, b) => a - b));

    // text, textarea and number are van-fields with an input of their own kind.
    expect(answerNode(page, 'dept').querySelector('input')).toBeDefined();
    expect(answerNode(page, 'topic').querySelector('textarea')).toBeDefined();
    // The textarea counts what is typed against its limit.
    expect(text(answerNode(page, 'topic'))).toContain('0/300');
    // single is a radio group, multi a checkbox group, each with the staff's options.
    expect(
      answerNode(page, 'bus')
        .querySelectorAll('van-radio')
        .map((r) => text(r)),
    ).toEqual(['乘坐', '自行前往']);
    expect(
      answerNode(page, 'visit')
        .querySelectorAll('van-checkbox')
        .map((c) => text(c)),
    ).toEqual(['污水厂', '固废中心', '监测站']);
    // date is WeChat's own date picker.
    expect(page.querySelector('#date-arrive')?.dom?.tagName.toLowerCase()).toBe('wx-picker');
    expect(text(answerNode(page, 'arrive'))).toContain('请选择日期');
    // Required marks: van-field's own, and ours on the choice fields.
    expect(requiredMarks(answerNode(page, 'dept'))).toBe(1);
    expect(requiredMarks(answerNode(page, 'topic'))).toBe(0);
    expect(page.querySelectorAll('.signup__choice-label--required').map((n) => text(n))).toEqual([
      '是否乘坐大巴',
      '到达日期',
    ]);
    // No companions offered yet beyond the button and the rule.
    expect(shown).toContain(COMPANION_MESSAGES.tooMany(3));
    expect(shown).toContain('本次报名共1人，占用1个名额');
  });

  it('shows a wrong answer under its own field and sends nothing', async () => {
    const event = await fieldEvent();
    const cloud = useLocalCloud(lc, 'member-wrong');
    const page = await openForm(event.id);
    await fillProfile(page);
    await input(page, '#answer-meals', '9');
    await tap(page, option(page, '污水厂'));
    await tap(page, option(page, '固废中心'));
    await tap(page, option(page, '监测站'));
    await tap(page, '.signup__submit');

    expect(text(answerNode(page, 'dept'))).toContain(ANSWER_MESSAGES.required('所在部门'));
    expect(text(answerNode(page, 'meals'))).toContain(ANSWER_MESSAGES.above('用餐人数', 5));
    expect(text(answerNode(page, 'bus'))).toContain(ANSWER_MESSAGES.choose('是否乘坐大巴'));
    expect(text(answerNode(page, 'visit'))).toContain(ANSWER_MESSAGES.manyChoices('参观点位', 2));
    expect(text(answerNode(page, 'arrive'))).toContain(ANSWER_MESSAGES.choose('到达日期'));
    // The optional textarea left empty is fine.
    expect(text(answerNode(page, 'topic'))).not.toContain('请填写');
    expect(submits(cloud)).toBe(0);
    expect(wxCalls('requestSubscribeMessage')).toHaveLength(0);

    // Fixing one clears its message only.
    await input(page, '#answer-meals', '2');
    expect(text(answerNode(page, 'meals'))).not.toContain(ANSWER_MESSAGES.above('用餐人数', 5));
    expect(text(answerNode(page, 'dept'))).toContain(ANSWER_MESSAGES.required('所在部门'));
    // A choice is checked as it is made.
    await tap(page, option(page, '乘坐'));
    expect(text(answerNode(page, 'bus'))).not.toContain(ANSWER_MESSAGES.choose('是否乘坐大巴'));
    expect(lc.dump('signups').filter((d) => d.eventId === event.id)).toHaveLength(0);
  });

  it('signs up with two companions and every answer; the organiser reads them back', async () => {
    const event = await fieldEvent();
    const openid = 'member-group';
    const cloud = useLocalCloud(lc, openid);
    const page = await openForm(event.id);
    await fillProfile(page);
    await input(page, '#answer-dept', '水环境研究所');
    await input(page, '#answer-topic', '工业园区污水第三方治理');
    await input(page, '#answer-meals', '3');
    await tap(page, option(page, '乘坐'));
    await tap(page, option(page, '污水厂'));
    await tap(page, option(page, '监测站'));
    await trigger(page, '#date-arrive', 'change', { value: '2026-12-20' });
    expect(text(answerNode(page, 'arrive'))).toContain('2026-12-20');

    // Up to groupMax - 1 companions, each removable.
    await tap(page, '.signup__add-companion');
    await tap(page, '.signup__add-companion');
    expect(shows(page, '.signup__add-companion')).toBe(false);
    expect(text(page)).toContain('本次报名共3人，占用3个名额');
    await input(page, '#companion-0 .signup__companion-name', '张卫东');
    await input(page, '#companion-0 .signup__companion-phone', '13955002345');
    await input(page, '#companion-0 .signup__companion-position', '工程师');
    await input(page, '#companion-1 .signup__companion-name', '赵');
    await tap(page, '.signup__submit');
    // The second companion's name and phone are named by place; nothing is sent.
    const second = page.querySelector('#companion-1') as SimNode;
    expect(text(second)).toContain(COMPANION_MESSAGES.name(2));
    expect(text(second)).toContain(COMPANION_MESSAGES.phoneRequired(2));
    expect(submits(cloud)).toBe(0);

    await input(page, '#companion-1 .signup__companion-name', '赵明');
    await input(page, '#companion-1 .signup__companion-phone', '13955003456');
    await tap(page, '.signup__submit');
    await waitFor(() => wxCalls('redirectTo').length === 1);

    expect(payloads(cloud, 'signup.submit')[0]).toMatchObject({
      ...PROFILE,
      companions: COMPANIONS,
      answers: {
        dept: '水环境研究所',
        topic: '工业园区污水第三方治理',
        meals: 3,
        bus: '乘坐',
        visit: ['污水厂', '监测站'],
        arrive: '2026-12-20',
      },
    });
    // Read back through the cloud, as the organiser sees it.
    const { attendees } = await lc.ok('events', 'signup.list', { eventId: event.id }, { openid: ADMIN });
    const mine = attendees.find((a) => a.id === `${event.id}_${openid}`);
    expect(mine).toMatchObject({ name: PROFILE.name, people: 3, status: 'confirmed' });
    expect(mine?.companions.map((c) => c.name)).toEqual(['张卫东', '赵明']);
    expect(mine?.answers.map((a) => [a.label, a.text])).toEqual([
      ['所在部门', '水环境研究所'],
      ['交流议题', '工业园区污水第三方治理'],
      ['用餐人数', '3'],
      ['是否乘坐大巴', '乘坐'],
      ['参观点位', '污水厂、监测站'],
      ['到达日期', '2026-12-20'],
    ]);
    expect(lc.dump('events').find((d) => d._id === event.id)).toMatchObject({ confirmed: 3 });
  }, 20_000);

  it('shows the server’s refusal of an answer under that field when staff changed it meanwhile', async () => {
    const { event, cloud, page } = await startForm([FIELDS[2] as SignupField], 'member-stale', ['meals', '4']);
    // The organiser lowers the limit while the member is typing.
    const tighter = { ...(FIELDS[2] as SignupField), max: 2 };
    await editEvent(lc, event, { groupMax: event.groupMax, fields: [tighter] });
    await tap(page, '.signup__submit');
    await waitFor(
      () => submits(cloud) === 1 && !text(page.querySelector('.signup__submit') as Rendered).includes('提交中'),
    );

    expect(text(answerNode(page, 'meals'))).toContain(ANSWER_MESSAGES.above('用餐人数', 2));
    expect(shows(page, '.signup__form-error')).toBe(false);
    expect(lc.dump('signups').filter((d) => d.eventId === event.id)).toHaveLength(0);
    expect(wxCalls('redirectTo')).toHaveLength(0);
  });

  it('shows a field staff added meanwhile, with its message, keeping what was typed', async () => {
    const { event, cloud, page } = await startForm([FIELDS[0] as SignupField], 'member-added', [
      'dept',
      '水环境研究所',
    ]);
    await editEvent(lc, event, {
      groupMax: event.groupMax,
      fields: [FIELDS[0] as SignupField, FIELDS[3] as SignupField],
    });
    await tap(page, '.signup__submit');
    await waitFor(() => shows(page, '#answer-bus') && text(answerNode(page, 'bus')).includes('是否乘坐大巴」'));

    expect(submits(cloud)).toBe(1);
    expect(text(answerNode(page, 'bus'))).toContain(ANSWER_MESSAGES.choose('是否乘坐大巴'));
    expect(shows(page, '.signup__form-error')).toBe(false);
    expect(lc.dump('signups').filter((d) => d.eventId === event.id)).toHaveLength(0);
    // Nothing typed was lost: answering the new field sends the form.
    await tap(page, option(page, '自行前往'));
    await tap(page, '.signup__submit');
    await waitFor(() => wxCalls('redirectTo').length === 1);
    expect(payloads(cloud, 'signup.submit')[1]).toMatchObject({
      ...PROFILE,
      answers: { dept: '水环境研究所', bus: '自行前往' },
    });
  });

  it('reloads when staff removed an answered required field meanwhile; the next submit lands without it', async () => {
    const dept = FIELDS[0] as SignupField;
    const bus = FIELDS[3] as SignupField;
    const { event, cloud, page } = await startForm([dept, bus], 'member-removed', ['dept', '水环境研究所']);
    await tap(page, option(page, '乘坐'));
    await editEvent(lc, event, { groupMax: event.groupMax, fields: [bus] });
    await tap(page, '.signup__submit');
    await waitFor(() => shows(page, '.signup__fields-notice') && !page.data.submitting);

    expect(submits(cloud)).toBe(1);
    expect(text(page.querySelector('.signup__fields-notice') as SimNode)).toBe(FIELDS_UPDATED);
    expect(wxCalls<{ title: string }>('showToast').map((t) => t.title)).toContain(FIELDS_UPDATED);
    // The removed field is gone from the form; what was picked for the one left is kept.
    expect(shows(page, '#answer-dept')).toBe(false);
    expect(page.data.answers).toEqual({ bus: '乘坐' });
    expect(lc.dump('signups').filter((d) => d.eventId === event.id)).toHaveLength(0);

    await tap(page, '.signup__submit');
    await waitFor(() => wxCalls('redirectTo').length === 1);
    expect(shows(page, '.signup__fields-notice')).toBe(false);
    const second = payloads<{ answers: Record<string, unknown> }>(cloud, 'signup.submit')[1];
    expect(second?.answers).toEqual({ bus: '乘坐' });
  });

  it('reloads when staff renamed the picked choice meanwhile: the member picks again', async () => {
    const bus = FIELDS[3] as SignupField;
    const event = await fieldEvent({ fields: [bus] });
    const cloud = useLocalCloud(lc, 'member-renamed');
    const page = await openForm(event.id);
    await fillProfile(page);
    await tap(page, option(page, '乘坐'));
    await editEvent(lc, event, { groupMax: event.groupMax, fields: [{ ...bus, options: ['乘坐大巴', '自行前往'] }] });
    await tap(page, '.signup__submit');
    await waitFor(() => submits(cloud) === 1 && !page.data.submitting);

    // The new options show, the old choice is no longer picked, the server's message is under the field.
    expect(texts(page, '.signup__option')).toEqual(['乘坐大巴', '自行前往']);
    expect(page.data.answers).toEqual({ bus: '' });
    expect(text(answerNode(page, 'bus'))).toContain(ANSWER_MESSAGES.option('是否乘坐大巴'));
    await tap(page, option(page, '乘坐大巴'));
    await tap(page, '.signup__submit');
    await waitFor(() => wxCalls('redirectTo').length === 1);
    expect(payloads(cloud, 'signup.submit')[1]).toMatchObject({ answers: { bus: '乘坐大巴' } });
  });

  it('keeps the companions when staff made groups smaller meanwhile, marks the extra one and waits for its removal', async () => {
    const event = await createEvent(lc, { groupMax: 3 });
    const cloud = useLocalCloud(lc, 'member-smaller');
    const page = await openForm(event.id);
    await fillProfile(page);
    for (const [i, c] of COMPANIONS.entries()) {
      await tap(page, '.signup__add-companion');
      await input(page, `#companion-${i} .signup__companion-name`, c.name);
      await input(page, `#companion-${i} .signup__companion-phone`, c.phone);
    }
    await editEvent(lc, event, { groupMax: 2 });
    await tap(page, '.signup__submit');
    await waitFor(() => submits(cloud) === 1 && !page.data.submitting);

    expect(lc.dump('signups').filter((d) => d.eventId === event.id)).toHaveLength(0);
    // Everything typed is kept; the one beyond the new size carries the rule.
    expect(page.querySelectorAll('.signup__companion')).toHaveLength(2);
    expect(page.data.companions).toMatchObject(COMPANIONS.map((c) => ({ name: c.name, phone: c.phone })));
    expect(shows(page.querySelector('#companion-0') as SimNode, '.signup__companion-extra')).toBe(false);
    expect(text(page.querySelector('#companion-1') as SimNode)).toContain(COMPANION_MESSAGES.tooMany(2));
    expect(text(page)).toContain(COMPANION_MESSAGES.tooMany(2));
    expect(shows(page, '.signup__add-companion')).toBe(false);

    // Submit waits until the member removes it.
    await tap(page, '.signup__submit');
    expect(submits(cloud)).toBe(1);
    await tap(page, '#companion-1 .signup__companion-remove');
    expect(shows(page, '.signup__companion-extra')).toBe(false);
    await tap(page, '.signup__submit');
    await waitFor(() => wxCalls('redirectTo').length === 1);
    expect(payloads(cloud, 'signup.submit')[1]).toMatchObject({
      companions: [{ name: COMPANIONS[0]?.name, phone: COMPANIONS[0]?.phone }],
    });
  });

  it('shows companions typed before staff made the event single-person, so they can be removed', async () => {
    const event = await createEvent(lc, { groupMax: 2 });
    const cloud = useLocalCloud(lc, 'member-alone-now');
    const page = await openForm(event.id);
    await fillProfile(page);
    await tap(page, '.signup__add-companion');
    await input(page, '#companion-0 .signup__companion-name', '张卫东');
    await input(page, '#companion-0 .signup__companion-phone', '13955002345');
    await editEvent(lc, event, { groupMax: 1 });
    await tap(page, '.signup__submit');
    await waitFor(() => submits(cloud) === 1 && !page.data.submitting);

    expect(text(page.querySelector('#companion-0') as SimNode)).toContain(COMPANION_MESSAGES.tooMany(1));
    await tap(page, '.signup__companion-remove');
    expect(shows(page, '.signup__group')).toBe(false);
    await tap(page, '.signup__submit');
    await waitFor(() => wxCalls('redirectTo').length === 1);
    expect(payloads(cloud, 'signup.submit')[1]).not.toHaveProperty('companions');
  });

  it('removes a companion, and offers none when the event takes the member alone', async () => {
    const group = await createEvent(lc, { groupMax: 2 });
    const alone = await createEvent(lc);
    useLocalCloud(lc, 'member-remove');
    const page = await openForm(group.id);
    await tap(page, '.signup__add-companion');
    expect(page.querySelectorAll('.signup__companion')).toHaveLength(1);
    expect(shows(page, '.signup__add-companion')).toBe(false);
    // Each companion has a key of its own for wx:key.
    expect(page.data.companions).toEqual([{ key: 1, name: '', phone: '', position: '' }]);
    await tap(page, '.signup__companion-remove');
    expect(page.querySelectorAll('.signup__companion')).toHaveLength(0);
    expect(text(page)).toContain('本次报名共1人');

    const single = await openForm(alone.id);
    expect(shows(single, '.signup__group')).toBe(false);
    expect(shows(single, '.signup__answers')).toBe(false);
  });
});

describe('review mode', () => {
  it('says the sign-up waits for the organiser, on the button and once sent', async () => {
    const event = await createEvent(lc, { reviewRequired: true, groupMax: 2 });
    const openid = 'member-review-form';
    useLocalCloud(lc, openid);
    const page = await openForm(event.id);
    expect(text(page.querySelector('.signup__submit') as Rendered)).toBe('提交报名（需审核）');
    expect(text(page)).toContain('本次报名共1人，审核通过后占用1个名额');
    await fillProfile(page);
    await tap(page, '.signup__submit');
    await waitFor(() => wxCalls('redirectTo').length === 1);

    expect(text(page)).toContain('报名已提交，等待主办方审核');
    expect(wxCalls<{ title: string }>('showToast').map((t) => t.title)).toContain('已提交审核');
    expect(lc.dump('signups').find((d) => d._id === `${event.id}_${openid}`)?.status).toBe('reviewing');
    // In review: no seat is held yet.
    expect(lc.dump('events').find((d) => d._id === event.id)).toMatchObject({ confirmed: 0 });
  });
});

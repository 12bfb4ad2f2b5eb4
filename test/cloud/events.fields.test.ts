// Issue 15 part 1 on the server: custom sign-up fields. Definitions checked
// by events.save (every rule refused with its message, nothing written),
// answers checked by signup.submit against the event's own fields (refused
// naming the field, nothing written), stored normalised, shown with labels in
// signup.list and as one column per field in signup.export (one row per
// person), and field edits that never lose an answer.
import {
  ANSWER_MESSAGES,
  FIELD_MESSAGES,
  type Answers,
  type EventDetail,
  type EventInput,
  type SignupField,
} from '../../miniprogram/contract/index';
import { EXPORT_HEADERS } from '../../server/events/export';
import * as fx from './events.fixtures';

const { ADMIN, editOf, member, signupInput } = fx;
const cloud = fx.eventsCloudPerFile();

const FIELDS: SignupField[] = [
  { id: 'bus', type: 'single', label: '是否乘坐大巴', required: true, options: ['是', '否'] },
  { id: 'meals', type: 'multi', label: '用餐', required: false, options: ['午餐', '晚餐'], max: 2 },
  { id: 'cars', type: 'number', label: '随行车辆数', required: false, min: 0, max: 5 },
  { id: 'plate', type: 'text', label: '车牌号', required: true, max: 10 },
  { id: 'diet', type: 'textarea', label: '饮食禁忌', required: false },
  { id: 'arrive', type: 'date', label: '到达日期', required: true },
];

/** Answers that pass every field of FIELDS. */
const GOOD = { bus: '是', plate: '皖A12345', arrive: '2026-03-01' };

const text = (n: number, ch = '字') => ch.repeat(n);
const field = (patch: Partial<SignupField>): SignupField => ({
  id: 'f1',
  type: 'text',
  label: '备注项',
  required: false,
  ...patch,
});

async function eventWithFields(fields: SignupField[] = FIELDS, patch: Partial<EventInput> = {}): Promise<EventDetail> {
  return fx.createEvent(cloud(), { fields, ...patch });
}

const sheetRows = (fileID: string, sheet = '报名名单') => fx.sheetValues(cloud(), fileID, sheet);

/** Member i signs up with these answers. */
function signUp(ev: EventDetail, i: number, answers: Answers) {
  return cloud().ok('events', 'signup.submit', signupInput(ev.id, i, { answers }), { openid: member(i) });
}

function storedAnswers(eventId: string, i: number): unknown {
  return cloud()
    .dump('signups')
    .find((d) => d._id === `${eventId}_${member(i)}`)?.answers;
}

describe('field definitions (events.save)', () => {
  const tooMany = Array.from({ length: 11 }, (_, i) => field({ id: `f${i}`, label: `报名项${i}` }));
  const bad: Array<[string, unknown, string, string]> = [
    ['too many fields', tooMany, 'fields.10', FIELD_MESSAGES.tooMany],
    ['an id not made by the console', [field({ id: 'A-1' })], 'fields.0.id', FIELD_MESSAGES.badId],
    ['a duplicate id', [field({}), field({ label: '另一项' })], 'fields.1.id', FIELD_MESSAGES.duplicateId],
    ['an unknown type', [{ ...field({}), type: 'select' }], 'fields.0.type', FIELD_MESSAGES.type],
    ['a blank label', [field({ label: '  ' })], 'fields.0.label', FIELD_MESSAGES.labelRequired],
    ['a label too long', [field({ label: text(21) })], 'fields.0.label', FIELD_MESSAGES.label],
    ['a line break in a label', [field({ label: '第一\n第二' })], 'fields.0.label', '报名项名称不能换行'],
    [
      'a duplicate label (trimmed)',
      [field({}), field({ id: 'f2', label: ' 备注项 ' })],
      'fields.1.label',
      FIELD_MESSAGES.duplicateLabel('备注项'),
    ],
    [
      'a single choice with one option',
      [field({ type: 'single', options: ['是'] })],
      'fields.0.options',
      FIELD_MESSAGES.noOptions('备注项'),
    ],
    [
      'a multiple choice with no options',
      [field({ type: 'multi', options: [] })],
      'fields.0.options',
      FIELD_MESSAGES.noMultiOptions('备注项'),
    ],
    [
      'a blank option',
      [field({ type: 'single', options: ['是', ' '] })],
      'fields.0.options',
      FIELD_MESSAGES.optionRequired('备注项'),
    ],
    [
      'an option too long',
      [field({ type: 'single', options: ['是', text(31)] })],
      'fields.0.options',
      FIELD_MESSAGES.option('备注项'),
    ],
    [
      'a duplicate option',
      [field({ type: 'multi', options: ['午餐', '午餐 '] })],
      'fields.0.options',
      FIELD_MESSAGES.duplicateOption('备注项', '午餐'),
    ],
    [
      'too many options',
      [field({ type: 'multi', options: Array.from({ length: 21 }, (_, i) => `选项${i}`) })],
      'fields.0.options',
      FIELD_MESSAGES.tooManyOptions('备注项'),
    ],
    [
      'options on a text field',
      [field({ options: ['是', '否'] })],
      'fields.0.options',
      FIELD_MESSAGES.optionsNotTaken('备注项'),
    ],
    [
      'a limit on a single choice',
      [field({ type: 'single', options: ['是', '否'], min: 1 })],
      'fields.0.min',
      FIELD_MESSAGES.limit('备注项'),
    ],
    ['a limit on a date', [field({ type: 'date', max: 3 })], 'fields.0.max', FIELD_MESSAGES.limit('备注项')],
    ['a text longer than allowed', [field({ max: 201 })], 'fields.0.max', FIELD_MESSAGES.limit('备注项')],
    [
      'a textarea longer than allowed',
      [field({ type: 'textarea', max: 1001 })],
      'fields.0.max',
      FIELD_MESSAGES.limit('备注项'),
    ],
    ['a fractional length', [field({ min: 1.5 })], 'fields.0.min', FIELD_MESSAGES.limit('备注项')],
    ['a negative length', [field({ min: -1 })], 'fields.0.min', FIELD_MESSAGES.limit('备注项')],
    ['a maximum length of 0', [field({ max: 0 })], 'fields.0.max', FIELD_MESSAGES.limit('备注项')],
    [
      'more choices than options',
      [field({ type: 'multi', options: ['午餐', '晚餐'], max: 3 })],
      'fields.0.max',
      FIELD_MESSAGES.limit('备注项'),
    ],
    [
      'a number bound past the limit',
      [field({ type: 'number', max: 1e10 })],
      'fields.0.max',
      FIELD_MESSAGES.limit('备注项'),
    ],
    ['min above max', [field({ type: 'number', min: 5, max: 1 })], 'fields.0.min', FIELD_MESSAGES.minMax('备注项')],
    ['no required flag', [{ id: 'f1', type: 'text', label: '备注项' }], 'fields.0.required', '请选择报名项是否必填'],
    ['an unknown key', [{ ...field({}), hint: '请填写' }], 'fields.0', '报名项无效'],
    ['not a list', { f1: field({}) }, 'fields', '报名项无效'],
  ];

  test.each(bad)('%s is refused with its message, nothing written', async (_what, fields, path, message) => {
    const ev = await eventWithFields([]);
    const before = fx.snapshot(cloud());
    for (const input of [
      { ...editOf(ev), fields },
      { ...editOf(ev), id: undefined, fields },
    ]) {
      const env = await cloud().callRaw('events', { action: 'events.save', payload: input }, { openid: ADMIN });
      expect(env).toEqual({ ok: false, code: 'VALIDATION', field: path, message });
    }
    expect(fx.snapshot(cloud())).toBe(before);
  });

  const GROUP = '每次报名人数需为1–10之间的整数';
  test.each([
    ['groupMax', 0, GROUP],
    ['groupMax', 11, GROUP],
    ['groupMax', 2.5, GROUP],
    ['groupMax', '3', '请填写每次报名人数上限'],
    ['reviewRequired', 'yes', '请选择是否需要审核'],
  ])('%s = %p is refused, nothing written', async (key, value, message) => {
    const ev = await eventWithFields([]);
    const before = fx.snapshot(cloud());
    const env = await cloud().callRaw(
      'events',
      { action: 'events.save', payload: { ...editOf(ev), [key]: value } },
      { openid: ADMIN },
    );
    expect(env).toEqual({ ok: false, code: 'VALIDATION', field: key, message });
    expect(fx.snapshot(cloud())).toBe(before);
  });

  test('lowering groupMax or switching review on with sign-ups present: allowed, existing sign-ups keep theirs', async () => {
    const ev = await eventWithFields([], { groupMax: 3 });
    const companions = [{ name: '同事甲', phone: fx.phone(131) }];
    await cloud().ok('events', 'signup.submit', signupInput(ev.id, 30, { companions }), { openid: member(30) });
    const edited = await cloud().ok(
      'events',
      'events.save',
      { ...editOf(ev), groupMax: 1, reviewRequired: true },
      {
        openid: ADMIN,
      },
    );
    expect(edited).toMatchObject({ groupMax: 1, reviewRequired: true, confirmed: 2 });
    const { attendees } = await cloud().ok('events', 'signup.list', { eventId: ev.id }, { openid: ADMIN });
    expect(attendees.map((a) => [a.status, a.people])).toEqual([['confirmed', 2]]);
  });

  test('stored trimmed, in order, with groupMax and reviewRequired (defaults 1 and false)', async () => {
    const plain = await eventWithFields([]);
    expect(plain).toMatchObject({ fields: [], groupMax: 1, reviewRequired: false });
    const ev = await eventWithFields(
      [
        field({ label: ' 车牌号 ', options: [] }),
        field({ id: 'f2', type: 'single', label: '大巴', options: [' 是', '否 '] }),
      ],
      { groupMax: 3, reviewRequired: true },
    );
    expect(ev).toMatchObject({ groupMax: 3, reviewRequired: true });
    expect(ev.fields).toEqual([
      { id: 'f1', type: 'text', label: '车牌号', required: false },
      { id: 'f2', type: 'single', label: '大巴', required: false, options: ['是', '否'] },
    ]);
    expect((await cloud().ok('events', 'events.get', { id: ev.id }, { openid: member(1) })).fields).toEqual(ev.fields);
  });
});

describe('answers (signup.submit)', () => {
  const bad: Array<[string, Record<string, unknown>, string, string]> = [
    ['a required choice missing', { ...GOOD, bus: undefined }, 'answers.bus', ANSWER_MESSAGES.choose('是否乘坐大巴')],
    ['a required text blank', { ...GOOD, plate: '   ' }, 'answers.plate', ANSWER_MESSAGES.required('车牌号')],
    ['a required date missing', { ...GOOD, arrive: '' }, 'answers.arrive', ANSWER_MESSAGES.choose('到达日期')],
    ['a choice not offered', { ...GOOD, bus: '也许' }, 'answers.bus', ANSWER_MESSAGES.option('是否乘坐大巴')],
    ['a number for a choice', { ...GOOD, bus: 1 }, 'answers.bus', ANSWER_MESSAGES.type('是否乘坐大巴')],
    ['text for a multiple choice', { ...GOOD, meals: '午餐' }, 'answers.meals', ANSWER_MESSAGES.type('用餐')],
    ['a choice not offered (multi)', { ...GOOD, meals: ['早餐'] }, 'answers.meals', ANSWER_MESSAGES.option('用餐')],
    ['a choice twice', { ...GOOD, meals: ['午餐', '午餐'] }, 'answers.meals', ANSWER_MESSAGES.option('用餐')],
    ['a number as text', { ...GOOD, cars: '3' }, 'answers.cars', ANSWER_MESSAGES.type('随行车辆数')],
    ['a number above max', { ...GOOD, cars: 6 }, 'answers.cars', ANSWER_MESSAGES.above('随行车辆数', 5)],
    ['a number below min', { ...GOOD, cars: -1 }, 'answers.cars', ANSWER_MESSAGES.below('随行车辆数', 0)],
    ['a text too long', { ...GOOD, plate: text(11) }, 'answers.plate', ANSWER_MESSAGES.tooLong('车牌号', 10)],
    ['a line break in a text', { ...GOOD, plate: '皖A\n123' }, 'answers.plate', '「车牌号」不能换行'],
    ['a textarea too long', { ...GOOD, diet: text(501) }, 'answers.diet', ANSWER_MESSAGES.tooLong('饮食禁忌', 500)],
    ['no such date', { ...GOOD, arrive: '2026-02-30' }, 'answers.arrive', ANSWER_MESSAGES.date('到达日期')],
    ['a date written otherwise', { ...GOOD, arrive: '2026/03/01' }, 'answers.arrive', ANSWER_MESSAGES.date('到达日期')],
    ['an unknown field', { ...GOOD, hotel: '是' }, 'answers.hotel', ANSWER_MESSAGES.unknown('hotel')],
    ['a value of no answer type', { ...GOOD, bus: true }, 'answers.bus', '报名项的填写格式不正确'],
    ['a key not made of id characters', { ...GOOD, 'a\u202eb': '是' }, 'answers', '报名项的填写格式不正确'],
  ];

  test.each(bad)('%s is refused naming the field, nothing written', async (_what, answers, path, message) => {
    const ev = await eventWithFields();
    const before = fx.snapshot(cloud());
    const env = await cloud().callRaw(
      'events',
      { action: 'signup.submit', payload: { ...signupInput(ev.id, 1), answers } },
      { openid: member(1) },
    );
    expect(env).toEqual({ ok: false, code: 'VALIDATION', field: path, message });
    expect(fx.snapshot(cloud())).toBe(before);
    expect(fx.storedCounters(cloud(), ev.id)).toEqual({ confirmed: 0, waitlisted: 0, checkedIn: 0 });
  });

  test('answers to an event without fields, or no answers where some are required, are refused', async () => {
    const plain = await eventWithFields([]);
    const ev = await eventWithFields();
    const before = fx.snapshot(cloud());
    expect(
      await cloud().callRaw(
        'events',
        { action: 'signup.submit', payload: signupInput(plain.id, 2, { answers: { bus: '是' } }) },
        { openid: member(2) },
      ),
    ).toEqual({ ok: false, code: 'VALIDATION', field: 'answers.bus', message: ANSWER_MESSAGES.unknown('bus') });
    expect(
      await cloud().callRaw(
        'events',
        { action: 'signup.submit', payload: signupInput(ev.id, 2) },
        { openid: member(2) },
      ),
    ).toEqual({ ok: false, code: 'VALIDATION', field: 'answers.bus', message: ANSWER_MESSAGES.choose('是否乘坐大巴') });
    expect(fx.snapshot(cloud())).toBe(before);
  });

  test('a field named like an Object property ("constructor") reads only what was answered', async () => {
    const ev = await eventWithFields([field({ id: 'constructor', label: '构造', required: true })]);
    const before = fx.snapshot(cloud());
    expect(
      await cloud().callRaw(
        'events',
        { action: 'signup.submit', payload: signupInput(ev.id, 8) },
        { openid: member(8) },
      ),
    ).toEqual({
      ok: false,
      code: 'VALIDATION',
      field: 'answers.constructor',
      message: ANSWER_MESSAGES.required('构造'),
    });
    expect(fx.snapshot(cloud())).toBe(before);
    await signUp(ev, 8, { constructor: '有' });
    const { attendees } = await cloud().ok('events', 'signup.list', { eventId: ev.id }, { openid: ADMIN });
    expect(attendees[0]!.answers).toEqual([{ fieldId: 'constructor', label: '构造', text: '有' }]);
  });

  test('a text answer failing the content check → CONTENT_REJECTED naming the field, nothing written', async () => {
    const ev = await eventWithFields();
    const before = fx.snapshot(cloud());
    const env = await cloud().callRaw(
      'events',
      { action: 'signup.submit', payload: signupInput(ev.id, 3, { answers: { ...GOOD, diet: '代开发票' } }) },
      { openid: member(3) },
    );
    expect(env).toMatchObject({ ok: false, code: 'CONTENT_REJECTED', field: 'answers.diet' });
    expect(fx.snapshot(cloud())).toBe(before);
  });

  test('an unknown event → NOT_FOUND before any answer is looked at', async () => {
    const env = await cloud().callRaw(
      'events',
      { action: 'signup.submit', payload: signupInput('no-such-event', 4, { answers: { x: '1' } }) },
      { openid: member(4) },
    );
    expect(env).toMatchObject({ ok: false, code: 'NOT_FOUND' });
  });

  test('stored normalised: trimmed, choices in option order, line breaks as "\\n", empty optional ones dropped', async () => {
    const ev = await eventWithFields();
    const answers = {
      bus: ' 否',
      meals: ['晚餐', '午餐'],
      cars: 2,
      plate: ' 皖A12345 ',
      diet: '不吃辣\r\n不吃香菜 ',
      arrive: '2026-03-01',
    };
    await signUp(ev, 5, answers);
    expect(storedAnswers(ev.id, 5)).toEqual({
      bus: '否',
      meals: ['午餐', '晚餐'],
      cars: 2,
      plate: '皖A12345',
      diet: '不吃辣\n不吃香菜',
      arrive: '2026-03-01',
    });
    await signUp(ev, 6, { ...GOOD, diet: ' ', meals: [] });
    expect(storedAnswers(ev.id, 6)).toEqual(GOOD);
  });

  test('signing up again after cancelling replaces the old answers whole', async () => {
    const ev = await eventWithFields();
    await signUp(ev, 7, { ...GOOD, cars: 3, diet: '素食' });
    await cloud().ok('events', 'signup.cancel', { eventId: ev.id }, { openid: member(7) });
    await signUp(ev, 7, { ...GOOD, bus: '否' });
    expect(storedAnswers(ev.id, 7)).toEqual({ ...GOOD, bus: '否' });
  });
});

describe('answers for the staff (signup.list, signup.export)', () => {
  test('the attendee list shows each answer with its label, in field order', async () => {
    const ev = await eventWithFields();
    await signUp(ev, 10, { arrive: '2026-03-01', plate: '皖A1', bus: '是', meals: ['午餐', '晚餐'] });
    const { attendees } = await cloud().ok('events', 'signup.list', { eventId: ev.id }, { openid: ADMIN });
    expect(attendees[0]!.answers).toEqual([
      { fieldId: 'bus', label: '是否乘坐大巴', text: '是' },
      { fieldId: 'meals', label: '用餐', text: '午餐、晚餐' },
      { fieldId: 'plate', label: '车牌号', text: '皖A1' },
      { fieldId: 'arrive', label: '到达日期', text: '2026-03-01' },
    ]);
  });

  test('the export has one column per field and one row per person (answers on the member row only)', async () => {
    const ev = await eventWithFields(FIELDS, { groupMax: 3 });
    await signUp(ev, 11, { ...GOOD, cars: 2 });
    const group = await cloud().ok(
      'events',
      'signup.submit',
      signupInput(ev.id, 12, {
        unit: '芜湖水务集团',
        answers: { bus: '否', cars: 1, plate: '皖B2', arrive: '2026-03-02' },
        companions: [
          { name: '同事甲', phone: fx.phone(121), position: '工程师' },
          { name: '同事乙', phone: fx.phone(122) },
        ],
      }),
      { openid: member(12) },
    );
    // Check-in is per person: the first companion only.
    const code = group.companions[0]!.checkinCode;
    await cloud().ok('events', 'signup.checkin', { eventId: ev.id, code }, { openid: ADMIN });

    const res = await cloud().ok('events', 'signup.export', { eventId: ev.id }, { openid: ADMIN });
    expect(res.rows).toBe(4);
    const rows = await sheetRows(res.fileID);
    expect(rows[0]).toEqual([...EXPORT_HEADERS, ...FIELDS.map((f) => f.label)]);
    const at = (header: string) => rows[0]!.indexOf(header);
    const body = rows.slice(1);
    expect(body.map((r) => [r[0], r[at('单位')], r[at('身份')], r[at('人数')], r[at('状态')]])).toEqual([
      ['会员11', '安徽环保企业11号', '本人', 1, '已报名'],
      ['会员12', '芜湖水务集团', '本人', 3, '已报名'],
      ['同事甲', '芜湖水务集团', '同行人员（会员12）', '', '已签到'],
      ['同事乙', '芜湖水务集团', '同行人员（会员12）', '', '已报名'],
    ]);
    // Number answers are numbers (a sum counts each sign-up once); companions carry no answers.
    expect(body.map((r) => r[at('随行车辆数')])).toEqual([2, 1, '', '']);
    expect(body.map((r) => r[at('是否乘坐大巴')])).toEqual(['是', '否', '', '']);
    expect(body.map((r) => r[at('签到时间')] !== '')).toEqual([false, false, true, false]);
    expect(body.map((r) => [r[at('手机号')], r[at('职务')]])).toEqual([
      [fx.phone(11), '经理'],
      [fx.phone(12), '经理'],
      [fx.phone(121), '工程师'],
      [fx.phone(122), ''],
    ]);
    // The 出勤统计 sheet counts people: 4 signed up, 1 checked in.
    const attendance = await sheetRows(res.fileID, '出勤统计');
    expect(attendance[1]!.slice(2)).toEqual([4, 4, 1, '未结束']);
  });

  test('in review mode: sign-ups in review and rejected ones (with the reason) are exported too', async () => {
    const ev = await eventWithFields(FIELDS, { reviewRequired: true });
    await signUp(ev, 13, GOOD);
    await signUp(ev, 14, { ...GOOD, bus: '否' });
    await cloud().ok(
      'events',
      'signup.review',
      { eventId: ev.id, ids: [`${ev.id}_${member(14)}`], decision: 'reject', reason: '名额有限' },
      { openid: ADMIN },
    );
    const res = await cloud().ok('events', 'signup.export', { eventId: ev.id }, { openid: ADMIN });
    const rows = await sheetRows(res.fileID);
    const at = (header: string) => rows[0]!.indexOf(header);
    expect(rows.slice(1).map((r) => [r[0], r[at('状态')], r[at('审核说明')], r[at('是否乘坐大巴')]])).toEqual([
      ['会员13', '待审核', '', '是'],
      ['会员14', '未通过', '名额有限', '否'],
    ]);
  });
});

describe('editing the fields of an event with sign-ups', () => {
  async function answered(): Promise<EventDetail> {
    const ev = await eventWithFields();
    await signUp(ev, 20, { ...GOOD, cars: 4, diet: '素食' });
    return ev;
  }
  const save = (ev: EventDetail, fields: SignupField[]) =>
    cloud().ok('events', 'events.save', { ...editOf(ev), fields }, { openid: ADMIN });
  const listAnswers = async (ev: EventDetail) =>
    (await cloud().ok('events', 'signup.list', { eventId: ev.id }, { openid: ADMIN })).attendees[0]!.answers;
  const formerOf = (ev: EventDetail) =>
    cloud()
      .dump('events')
      .find((d) => d._id === ev.id)?.formerFields;

  test('relabelling and reordering keep every answer, under the new labels', async () => {
    const ev = await answered();
    const edited = [...FIELDS].reverse().map((f) => (f.id === 'cars' ? { ...f, label: '自驾车辆数' } : f));
    await save(ev, edited);
    expect(await listAnswers(ev)).toEqual([
      { fieldId: 'arrive', label: '到达日期', text: GOOD.arrive },
      { fieldId: 'diet', label: '饮食禁忌', text: '素食' },
      { fieldId: 'plate', label: '车牌号', text: GOOD.plate },
      { fieldId: 'cars', label: '自驾车辆数', text: '4' },
      { fieldId: 'bus', label: '是否乘坐大巴', text: GOOD.bus },
    ]);
    expect(storedAnswers(ev.id, 20)).toEqual({ ...GOOD, cars: 4, diet: '素食' });
  });

  test('a removed field with answers is kept as 「…（已删除）」 in the list and the export; re-added, it is back', async () => {
    const ev = await answered();
    const without = FIELDS.filter((f) => f.id !== 'cars' && f.id !== 'meals');
    await save(ev, without);
    // Every removed field is kept (a sign-up landing during an edit may have answered it);
    // meals had no answer, so neither the list nor the export shows it.
    const meals = FIELDS.find((f) => f.id === 'meals');
    expect(formerOf(ev)).toEqual([meals, FIELDS[2]]);
    expect((await listAnswers(ev)).at(-1)).toEqual({ fieldId: 'cars', label: '随行车辆数（已删除）', text: '4' });
    const res = await cloud().ok('events', 'signup.export', { eventId: ev.id }, { openid: ADMIN });
    const rows = await sheetRows(res.fileID);
    expect(rows[0]!.slice(EXPORT_HEADERS.length)).toEqual([...without.map((f) => f.label), '随行车辆数（已删除）']);
    expect(rows[1]!.at(-1)).toBe(4);
    // Removed again in a later edit: still one former entry.
    await save(ev, without.slice(1));
    expect(formerOf(ev)).toEqual([meals, FIELDS[2], FIELDS[0]]);
    await save(ev, FIELDS);
    expect(formerOf(ev)).toEqual([]);
    expect(await listAnswers(ev)).toContainEqual({ fieldId: 'cars', label: '随行车辆数', text: '4' });
  });

  test('the type of a field nobody answered may change', async () => {
    const ev = await answered();
    const changed = FIELDS.map((f) =>
      f.id === 'meals' ? { id: 'meals', type: 'text' as const, label: '用餐', required: false } : f,
    );
    const saved = await save(ev, changed);
    expect(saved.fields.find((f) => f.id === 'meals')).toEqual({
      id: 'meals',
      type: 'text',
      label: '用餐',
      required: false,
    });
  });

  test('changing the type of an answered field (current or removed) is refused, nothing written', async () => {
    const ev = await answered();
    const asText = (id: string, label: string): SignupField => ({ id, type: 'text', label, required: false });
    const before = fx.snapshot(cloud());
    const env = await cloud().callRaw(
      'events',
      {
        action: 'events.save',
        payload: { ...editOf(ev), fields: FIELDS.map((f) => (f.id === 'cars' ? asText('cars', '车辆') : f)) },
      },
      { openid: ADMIN },
    );
    expect(env).toEqual({
      ok: false,
      code: 'VALIDATION',
      field: 'fields',
      message: FIELD_MESSAGES.typeChanged('车辆'),
    });
    expect(fx.snapshot(cloud())).toBe(before);

    await save(
      ev,
      FIELDS.filter((f) => f.id !== 'cars'),
    );
    const removed = fx.snapshot(cloud());
    const again = await cloud().callRaw(
      'events',
      {
        action: 'events.save',
        payload: { ...editOf(ev), fields: [...FIELDS.filter((f) => f.id !== 'cars'), asText('cars', '车辆')] },
      },
      { openid: ADMIN },
    );
    expect(again).toMatchObject({ ok: false, code: 'VALIDATION', field: 'fields' });
    expect(fx.snapshot(cloud())).toBe(removed);
  });
});

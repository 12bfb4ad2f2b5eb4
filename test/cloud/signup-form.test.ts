// The contract's field and answer checks (miniprogram/contract/signup-form.ts),
// pure functions shared by the console form, the member form and the server:
// table tests of every rule, the edges of each limit included.
import { demoEvents } from '../../tools/seed/events';
import {
  ANSWER_MESSAGES as A,
  answerOf,
  answerProblem,
  answerValue,
  FIELD_MESSAGES as F,
  fieldProblems,
  isCalendarDate,
  type SignupField,
} from '../../miniprogram/contract/index';

const f = (patch: Partial<SignupField>): SignupField => ({
  id: 'f1',
  type: 'text',
  label: '项',
  required: false,
  ...patch,
});
const choices = (n: number) => Array.from({ length: n }, (_, i) => `选项${i}`);

describe('fieldProblems', () => {
  test('a sensible list has none', () => {
    expect(
      fieldProblems([
        f({ max: 200, min: 0 }),
        f({ id: 'f2', type: 'textarea', label: '说明', max: 1000 }),
        f({ id: 'f3', type: 'number', label: '数', min: -1e9, max: 1e9 }),
        f({ id: 'f4', type: 'number', label: '小数', min: 0.5, max: 0.5 }),
        f({ id: 'f5', type: 'single', label: '单', options: ['是', '否'] }),
        f({ id: 'f6', type: 'multi', label: '多', options: choices(20), min: 0, max: 20 }),
        f({ id: 'f7', type: 'date', label: '日', required: true }),
        f({ id: 'f8', label: '字'.repeat(20), options: [] }),
        f({ id: 'f9', type: 'multi', label: '一项', options: ['x'.repeat(30)] }),
        f({ id: 'z123456789abcdef', label: '最长编号' }),
      ]),
    ).toEqual([]);
  });

  test.each<[string, SignupField[], { index: number; key?: string; message: string }]>([
    ['11 fields', choices(11).map((_, i) => f({ id: `f${i}`, label: `项${i}` })), { index: 10, message: F.tooMany }],
    ['an id with a capital', [f({ id: 'F1' })], { index: 0, key: 'id', message: F.badId }],
    ['an id too long', [f({ id: 'a'.repeat(17) })], { index: 0, key: 'id', message: F.badId }],
    ['an id starting with a digit', [f({ id: '1a' })], { index: 0, key: 'id', message: F.badId }],
    ['a repeated id', [f({}), f({ label: '乙' })], { index: 1, key: 'id', message: F.duplicateId }],
    ['an unknown type', [f({ type: 'select' as SignupField['type'] })], { index: 0, key: 'type', message: F.type }],
    ['an empty label', [f({ label: '' })], { index: 0, key: 'label', message: F.labelRequired }],
    ['21 characters', [f({ label: '字'.repeat(21) })], { index: 0, key: 'label', message: F.label }],
    [
      '20 emoji (40 code units) is fine; 21 is not',
      [f({ label: '😀'.repeat(21) })],
      { index: 0, key: 'label', message: F.label },
    ],
    ['a control character', [f({ label: '项\u0000' })], { index: 0, key: 'label', message: F.labelChars('control') }],
    [
      'labels equal once trimmed',
      [f({}), f({ id: 'f2', label: '项 ' })],
      { index: 1, key: 'label', message: F.duplicateLabel('项') },
    ],
    [
      'a single choice of one',
      [f({ type: 'single', options: ['是'] })],
      { index: 0, key: 'options', message: F.noOptions('项') },
    ],
    [
      'a single choice without options',
      [f({ type: 'single' })],
      { index: 0, key: 'options', message: F.noOptions('项') },
    ],
    [
      'a multi choice of none',
      [f({ type: 'multi', options: [] })],
      { index: 0, key: 'options', message: F.noMultiOptions('项') },
    ],
    [
      '21 options',
      [f({ type: 'multi', options: choices(21) })],
      { index: 0, key: 'options', message: F.tooManyOptions('项') },
    ],
    [
      'a blank option',
      [f({ type: 'single', options: ['是', '  '] })],
      { index: 0, key: 'options', message: F.optionRequired('项') },
    ],
    [
      'an option of 31',
      [f({ type: 'single', options: ['是', 'x'.repeat(31)] })],
      { index: 0, key: 'options', message: F.option('项') },
    ],
    [
      'a line break in an option',
      [f({ type: 'single', options: ['是', '一\n二'] })],
      { index: 0, key: 'options', message: F.optionChars('项', 'linebreak') },
    ],
    [
      'a repeated option',
      [f({ type: 'single', options: ['是', ' 是'] })],
      { index: 0, key: 'options', message: F.duplicateOption('项', '是') },
    ],
    [
      'options on a number',
      [f({ type: 'number', options: ['1'] })],
      { index: 0, key: 'options', message: F.optionsNotTaken('项') },
    ],
    ['min on a date', [f({ type: 'date', min: 0 })], { index: 0, key: 'min', message: F.limit('项') }],
    [
      'max on a single choice',
      [f({ type: 'single', options: ['是', '否'], max: 1 })],
      { index: 0, key: 'max', message: F.limit('项') },
    ],
    ['a text max of 201', [f({ max: 201 })], { index: 0, key: 'max', message: F.limit('项') }],
    ['a text max of 0', [f({ max: 0 })], { index: 0, key: 'max', message: F.limit('项') }],
    ['a textarea max of 1001', [f({ type: 'textarea', max: 1001 })], { index: 0, key: 'max', message: F.limit('项') }],
    ['a fractional text min', [f({ min: 0.5 })], { index: 0, key: 'min', message: F.limit('项') }],
    [
      'a negative choice count',
      [f({ type: 'multi', options: ['a'], min: -1 })],
      { index: 0, key: 'min', message: F.limit('项') },
    ],
    [
      'more choices than options',
      [f({ type: 'multi', options: ['a', 'b'], min: 3 })],
      { index: 0, key: 'min', message: F.limit('项') },
    ],
    [
      'a number bound past 1e9',
      [f({ type: 'number', min: -1e9 - 1 })],
      { index: 0, key: 'min', message: F.limit('项') },
    ],
    [
      'an infinite number bound',
      [f({ type: 'number', max: Infinity })],
      { index: 0, key: 'max', message: F.limit('项') },
    ],
    ['NaN as a bound', [f({ type: 'number', min: NaN })], { index: 0, key: 'min', message: F.limit('项') }],
    ['min above max', [f({ min: 5, max: 4 })], { index: 0, key: 'min', message: F.minMax('项') }],
    ['min above the default max', [f({ min: 60 })], { index: 0, key: 'min', message: F.minMax('项') }],
  ])('%s', (_what, fields, problem) => {
    expect(fieldProblems(fields)).toContainEqual(problem);
  });

  test('every field with a problem is named once, by its index', () => {
    const problems = fieldProblems([
      f({ label: '' }),
      f({ id: 'f2', label: '好' }),
      f({ id: 'f3', type: 'single', label: '差' }),
    ]);
    expect(problems.map((p) => p.index)).toEqual([0, 2]);
  });
});

describe('answerProblem', () => {
  const text = f({ label: '车牌', min: 2, max: 4 });
  const area = f({ type: 'textarea', label: '说明' });
  const num = f({ type: 'number', label: '人数', min: 1, max: 3 });
  const single = f({ type: 'single', label: '大巴', options: ['是', '否'], required: true });
  const multi = f({ type: 'multi', label: '餐', options: ['午', '晚', '夜'], min: 1, max: 2 });
  const date = f({ type: 'date', label: '日期', required: true });

  test.each<[string, SignupField, unknown, string | null]>([
    ['optional and absent', text, undefined, null],
    ['optional and blank', text, '   ', null],
    ['optional and null', num, null, null],
    ['required text blank', f({ required: true }), ' ', A.required('项')],
    ['required choice absent', single, undefined, A.choose('大巴')],
    ['required date empty', date, '', A.choose('日期')],
    ['required multi empty', f({ type: 'multi', options: ['a'], required: true }), [], A.choose('项')],
    ['text within limits (trimmed)', text, ' 皖A1 ', null],
    ['text of 4 emoji', text, '😀😀😀😀', null],
    ['text too short', text, '皖', A.tooShort('车牌', 2)],
    ['text too long', text, '皖A123', A.tooLong('车牌', 4)],
    ['text with a default max of 50', f({}), 'x'.repeat(51), A.tooLong('项', 50)],
    ['text as a number', text, 12, A.type('车牌')],
    ['a line break in text', text, '皖\nA', A.chars('车牌', 'linebreak')],
    ['a line break in a textarea', area, '一\r\n二', null],
    ['a control character in a textarea', area, '一\u0007', A.chars('说明', 'control')],
    ['a textarea with a default max of 500', area, 'x'.repeat(501), A.tooLong('说明', 500)],
    ['a number in range', num, 3, null],
    ['a number below', num, 0, A.below('人数', 1)],
    ['a number above', num, 3.5, A.above('人数', 3)],
    ['a number as text', num, '2', A.type('人数')],
    ['NaN', num, NaN, A.type('人数')],
    ['an option', single, '否', null],
    ['an option with spaces', single, ' 否 ', null],
    ['not an option', single, '可能', A.option('大巴')],
    ['a list for a single choice', single, ['是'], A.type('大巴')],
    ['choices', multi, ['晚', '午'], null],
    ['too many choices', multi, ['午', '晚', '夜'], A.manyChoices('餐', 2)],
    ['a choice twice', multi, ['午', '午'], A.option('餐')],
    ['a choice not offered', multi, ['早'], A.option('餐')],
    ['a number among choices', multi, [1], A.option('餐')],
    ['text for a multi choice', multi, '午', A.type('餐')],
    ['a leap day', date, '2024-02-29', null],
    ['no leap day', date, '2023-02-29', A.date('日期')],
    ['month 13', date, '2024-13-01', A.date('日期')],
    ['day 0', date, '2024-01-00', A.date('日期')],
    ['another format', date, '2024-1-5', A.date('日期')],
    ['a timestamp', date, 1700000000000, A.type('日期')],
  ])('%s', (_what, field, value, problem) => {
    expect(answerProblem(field, value)).toBe(problem);
  });

  test('too few choices', () => {
    expect(answerProblem(f({ type: 'multi', label: '餐', options: ['a', 'b', 'c'], min: 2 }), ['a'])).toBe(
      A.fewChoices('餐', 2),
    );
  });
});

describe('answerValue and isCalendarDate', () => {
  test.each<[string, SignupField, unknown, unknown]>([
    ['trimmed text', f({}), '  x ', 'x'],
    ['textarea line breaks as \\n', f({ type: 'textarea' }), ' a\r\nb\u2028c ', 'a\nb\nc'],
    ['choices in option order', f({ type: 'multi', options: ['a', 'b', 'c'] }), ['c', 'a'], ['a', 'c']],
    ['a number as it is', f({ type: 'number' }), 0, 0],
    ['blank is nothing', f({}), ' ', undefined],
    ['no choice is nothing', f({ type: 'multi', options: ['a'] }), [], undefined],
  ])('%s', (_what, field, value, stored) => {
    expect(answerValue(field, value)).toEqual(stored);
  });

  test('answerOf reads own keys only', () => {
    expect(answerOf({ a: '1' }, 'a')).toBe('1');
    expect(answerOf({}, 'constructor')).toBeUndefined();
    expect(answerOf(undefined, 'a')).toBeUndefined();
  });

  test.each([
    ['2000-02-29', true],
    ['1900-02-29', false],
    ['2026-04-31', false],
    ['2026-12-31', true],
    ['20260101', false],
  ])('%s → %p', (text, ok) => {
    expect(isCalendarDate(text)).toBe(ok);
  });
});

describe('the demo data', () => {
  it('defines only fields the console and the server accept', () => {
    const withFields = demoEvents().filter((e) => (e.fields ?? []).length > 0);
    expect(withFields.length).toBeGreaterThan(0);
    for (const e of withFields) expect(fieldProblems(e.fields ?? [])).toEqual([]);
  });
});

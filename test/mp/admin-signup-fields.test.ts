// The editor's custom-field drafts (miniprogram/admin/utils/signup-fields.ts):
// ids that never repeat, reordering, limits typed as text, and where a
// refused save's VALIDATION field points.
import { FIELD_MESSAGES, FIELD_RULES, type SignupField } from '../../miniprogram/contract/index';
import {
  checkFields,
  draftOf,
  fieldErrorTarget,
  hasFieldErrors,
  moved,
  newDraft,
  newFieldId,
} from '../../miniprogram/admin/utils/signup-fields';

describe('new field ids', () => {
  it('match the contract pattern and never repeat, even within one millisecond', () => {
    const taken: string[] = [];
    for (let i = 0; i < 2000; i++) taken.push(newFieldId(taken, 1_800_000_000_000));
    expect(new Set(taken).size).toBe(taken.length);
    for (const id of taken) expect(id).toMatch(FIELD_RULES.idPattern);
  });

  it('a new draft takes the type picked in the sheet and an id not taken', () => {
    const draft = newDraft(3, ['fold']);
    expect(draft).toMatchObject({ type: 'single', typeLabel: '单选', hasOptions: true, limitKind: '', saved: false });
    expect(draft?.id).not.toBe('fold');
    expect(newDraft(6, [])).toBeNull();
  });
});

describe('drafts', () => {
  const fields: SignupField[] = [
    { id: 'fmeal', type: 'single', label: '是否用餐', required: true, options: ['需要', '不需要'] },
    { id: 'fplate', type: 'text', label: '车牌号', required: false, max: 10 },
    { id: 'fcount', type: 'number', label: '随行车辆', required: false, min: 0, max: 5 },
    { id: 'ftopics', type: 'multi', label: '关注议题', required: false, min: 1, options: ['水', '固废'] },
  ];

  it('a saved field comes back from its draft as it was', () => {
    const check = checkFields(fields.map((f) => draftOf(f, true)));
    expect(check.fields).toEqual(fields);
    expect(hasFieldErrors(check)).toBe(false);
  });

  it('options are one per line, blank lines dropped; a limit that is not a number is named', () => {
    const meal = { ...draftOf(fields[0]!, false), optionsText: ' 需要 \n\n不需要\n' };
    const plate = { ...draftOf(fields[1]!, false), max: '十' };
    const check = checkFields([meal, plate]);
    expect(check.fields[0]?.options).toEqual(['需要', '不需要']);
    expect(check.errors).toEqual(['', FIELD_MESSAGES.limit('车牌号')]);
    expect(hasFieldErrors(check)).toBe(true);
  });

  it('moves one up or down; nothing moves past either end', () => {
    expect(moved(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(moved(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(moved(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
    expect(moved(['a', 'b', 'c'], 2, 1)).toEqual(['a', 'b', 'c']);
  });
});

describe('a refused save points at', () => {
  it.each([
    ['fields', { list: true }],
    ['fields.2', { index: 2 }],
    ['fields.0.options', { index: 0 }],
    ['fields.1.options.3', { index: 1 }],
    ['capacity', null],
    ['fieldsx', null],
  ])('%s', (field, target) => {
    expect(fieldErrorTarget(field)).toEqual(target);
  });
});

// The sign-up form an event asks for beyond the fixed profile (issue 15):
// custom fields staff define per event, companions (同行人员) in a group
// sign-up, and the rules both sides check. The server validates every answer
// against the event's own field definitions; the form uses the same messages.
import { badCharMessage, findBadChar, normalizeLineBreaks } from './text';

/** single-line text, multi-line text, number, single choice, multiple choice, date (YYYY-MM-DD). */
export type SignupFieldType = 'text' | 'textarea' | 'number' | 'single' | 'multi' | 'date';

export const FIELD_TYPE_LABELS: Record<SignupFieldType, string> = {
  text: '单行文本',
  textarea: '多行文本',
  number: '数字',
  single: '单选',
  multi: '多选',
  date: '日期',
};

/**
 * One custom field. `id` is stable across edits (answers are keyed by it), so
 * relabelling a field or its options keeps the answers already given.
 * Limits by type: text/textarea `min`/`max` characters; number `min`/`max`
 * value; multi `min`/`max` choices; single and date take none.
 */
export interface SignupField {
  id: string;
  type: SignupFieldType;
  label: string;
  required: boolean;
  min?: number;
  max?: number;
  /** single/multi: the choices members pick from. */
  options?: string[];
}

/** text, textarea, single, date: a string; number: a number; multi: the chosen options. */
export type AnswerValue = string | number | string[];
export type Answers = Record<string, AnswerValue>;

export const FIELD_RULES = {
  fieldsMax: 10,
  /** Field ids: lower-case letters and digits, starting with a letter (the console makes them). */
  idPattern: /^[a-z][a-z0-9]{0,15}$/,
  labelMax: 20,
  optionsMax: 20,
  optionMax: 30,
  /** Longest answer a text field may allow, and its default. */
  textMax: 200,
  textDefaultMax: 50,
  textareaMax: 1000,
  textareaDefaultMax: 500,
  /** Numbers staff may bound a number field with. */
  numberLimit: 1_000_000_000,
  datePattern: /^\d{4}-\d{2}-\d{2}$/,
} as const;

/** A companion coming with the member (同行人员); each takes a seat and checks in on their own. */
export interface CompanionInput {
  name: string;
  phone: string;
  position?: string;
}

export const GROUP_RULES = {
  /** Largest group staff may allow per sign-up (the member included). */
  groupMaxLimit: 10,
} as const;

/** Review mode (审核): what staff may send per call and write as a reason. */
export const REVIEW_RULES = { batchMax: 100, reasonMax: 60 } as const;

/**
 * The answer to field `id`, from the answers' own keys only: a field id such
 * as "constructor" must not read Object.prototype's.
 */
export function answerOf(answers: Answers | undefined, id: string): AnswerValue | undefined {
  return answers && Object.prototype.hasOwnProperty.call(answers, id) ? answers[id] : undefined;
}

/** The text shown for an answer (attendee list, export): options joined by 、, numbers as written. */
export function answerText(value: AnswerValue | undefined): string {
  if (value === undefined) return '';
  if (Array.isArray(value)) return value.join('、');
  return String(value);
}

/** Chinese messages about a field definition (console form and server alike). */
export const FIELD_MESSAGES = {
  tooMany: `报名项最多${FIELD_RULES.fieldsMax}个`,
  labelRequired: '请填写报名项名称',
  label: `报名项名称不能超过${FIELD_RULES.labelMax}个字`,
  duplicateLabel: (label: string) => `报名项「${label}」重复`,
  duplicateId: '报名项编号重复，请刷新后重试',
  badId: '报名项编号无效，请刷新后重试',
  type: '报名项类型无效',
  labelChars: (kind: 'linebreak' | 'control') => badCharMessage('报名项名称', kind),
  optionChars: (label: string, kind: 'linebreak' | 'control') => badCharMessage(`「${label}」的选项`, kind),
  optionsNotTaken: (label: string) => `「${label}」不是选择题，不能设置选项`,
  noOptions: (label: string) => `「${label}」至少需要两个选项`,
  noMultiOptions: (label: string) => `「${label}」至少需要一个选项`,
  tooManyOptions: (label: string) => `「${label}」的选项最多${FIELD_RULES.optionsMax}个`,
  optionRequired: (label: string) => `「${label}」的选项不能为空`,
  option: (label: string) => `「${label}」的选项不能超过${FIELD_RULES.optionMax}个字`,
  duplicateOption: (label: string, option: string) => `「${label}」的选项「${option}」重复`,
  minMax: (label: string) => `「${label}」的最小值不能大于最大值`,
  limit: (label: string) => `「${label}」的限制条件无效`,
  typeChanged: (label: string) => `「${label}」已有成员填写，不能更改类型；如需其他类型请新增报名项`,
} as const;

/** Chinese messages about an answer; each names its field. */
export const ANSWER_MESSAGES = {
  required: (label: string) => `请填写「${label}」`,
  choose: (label: string) => `请选择「${label}」`,
  unknown: (key: string) => `「${key}」不是本活动的报名项`,
  type: (label: string) => `「${label}」的填写格式不正确`,
  tooShort: (label: string, min: number) => `「${label}」至少${min}个字`,
  tooLong: (label: string, max: number) => `「${label}」不能超过${max}个字`,
  below: (label: string, min: number) => `「${label}」不能小于${min}`,
  above: (label: string, max: number) => `「${label}」不能大于${max}`,
  option: (label: string) => `「${label}」的选项无效，请重新选择`,
  fewChoices: (label: string, min: number) => `「${label}」至少选择${min}项`,
  manyChoices: (label: string, max: number) => `「${label}」最多选择${max}项`,
  date: (label: string) => `「${label}」的日期无效`,
  chars: (label: string, kind: 'linebreak' | 'control') => badCharMessage(`「${label}」`, kind),
} as const;

export const COMPANION_MESSAGES = {
  tooMany: (groupMax: number) =>
    groupMax <= 1 ? '本活动每次报名限本人一人' : `本活动每次报名最多${groupMax}人（含本人）`,
  nameRequired: (n: number) => `请填写第${n}位同行人员的姓名`,
  name: (n: number) => `第${n}位同行人员的姓名需为2–20个字`,
  phoneRequired: (n: number) => `请填写第${n}位同行人员的手机号`,
  phone: (n: number) => `第${n}位同行人员的手机号不正确`,
  position: (n: number) => `第${n}位同行人员的职务不能超过30个字`,
} as const;

// ---- checks shared by the console form, the member form and the server -------

/** One problem in a field list: `index` is the field's place (FIELD_RULES.fieldsMax for the first one too many). */
export interface FieldProblem {
  index: number;
  /** The part of the field at fault, when it is one part. */
  key?: 'id' | 'type' | 'label' | 'options' | 'min' | 'max';
  message: string;
}

const TYPES = Object.keys(FIELD_TYPE_LABELS) as SignupFieldType[];

/** Characters, as a member counts them (an emoji is one). */
function chars(text: string): number {
  return Array.from(text).length;
}

/**
 * The bounds `min`/`max` may take for a field of this type, or null when the
 * type takes none. Lengths and choice counts are whole numbers; numbers are
 * any finite value within ±numberLimit.
 */
function limitRange(field: SignupField): { lo: number; hi: number; integer: boolean } | null {
  switch (field.type) {
    case 'text':
      return { lo: 0, hi: FIELD_RULES.textMax, integer: true };
    case 'textarea':
      return { lo: 0, hi: FIELD_RULES.textareaMax, integer: true };
    case 'multi':
      return { lo: 0, hi: field.options?.length ?? 0, integer: true };
    case 'number':
      return { lo: -FIELD_RULES.numberLimit, hi: FIELD_RULES.numberLimit, integer: false };
    default:
      return null;
  }
}

function limitProblem(field: SignupField): FieldProblem['key'] | null {
  const range = limitRange(field);
  for (const key of ['min', 'max'] as const) {
    const v = field[key];
    if (v === undefined) continue;
    if (!range || typeof v !== 'number' || !Number.isFinite(v) || v < range.lo || v > range.hi) return key;
    if (range.integer && !Number.isInteger(v)) return key;
    // A length or choice count of at most 0 would leave nothing to answer.
    if (key === 'max' && range.integer && v < 1) return key;
  }
  return null;
}

function optionProblems(field: SignupField, label: string): string | null {
  const options = field.options ?? [];
  if (field.type !== 'single' && field.type !== 'multi') {
    return options.length > 0 ? FIELD_MESSAGES.optionsNotTaken(label) : null;
  }
  if (field.type === 'single' && options.length < 2) return FIELD_MESSAGES.noOptions(label);
  if (field.type === 'multi' && options.length < 1) return FIELD_MESSAGES.noMultiOptions(label);
  if (options.length > FIELD_RULES.optionsMax) return FIELD_MESSAGES.tooManyOptions(label);
  const seen = new Set<string>();
  for (const raw of options) {
    const option = typeof raw === 'string' ? raw.trim() : '';
    if (!option) return FIELD_MESSAGES.optionRequired(label);
    const bad = findBadChar(option);
    if (bad) return FIELD_MESSAGES.optionChars(label, bad);
    if (chars(option) > FIELD_RULES.optionMax) return FIELD_MESSAGES.option(label);
    if (seen.has(option)) return FIELD_MESSAGES.duplicateOption(label, option);
    seen.add(option);
  }
  return null;
}

/** The first problem of one field, given the labels and ids of the fields before it. */
function fieldProblem(field: SignupField, ids: Set<string>, labels: Set<string>): Omit<FieldProblem, 'index'> | null {
  if (typeof field.id !== 'string' || !FIELD_RULES.idPattern.test(field.id)) {
    return { key: 'id', message: FIELD_MESSAGES.badId };
  }
  if (ids.has(field.id)) return { key: 'id', message: FIELD_MESSAGES.duplicateId };
  if (!TYPES.includes(field.type)) return { key: 'type', message: FIELD_MESSAGES.type };
  const label = typeof field.label === 'string' ? field.label.trim() : '';
  if (!label) return { key: 'label', message: FIELD_MESSAGES.labelRequired };
  const bad = findBadChar(label);
  if (bad) return { key: 'label', message: FIELD_MESSAGES.labelChars(bad) };
  if (chars(label) > FIELD_RULES.labelMax) return { key: 'label', message: FIELD_MESSAGES.label };
  if (labels.has(label)) return { key: 'label', message: FIELD_MESSAGES.duplicateLabel(label) };
  const options = optionProblems(field, label);
  if (options) return { key: 'options', message: options };
  const limit = limitProblem(field);
  if (limit) return { key: limit, message: FIELD_MESSAGES.limit(label) };
  // Text fields without a max take the default one: a min above it could never be met.
  const max =
    field.max ??
    (field.type === 'text'
      ? FIELD_RULES.textDefaultMax
      : field.type === 'textarea'
        ? FIELD_RULES.textareaDefaultMax
        : undefined);
  if (field.min !== undefined && max !== undefined && field.min > max) {
    return { key: 'min', message: FIELD_MESSAGES.minMax(label) };
  }
  return null;
}

/**
 * Every field that makes no sense, first problem per field, in order (empty:
 * the list is fine). Labels and options are compared trimmed. Ids and labels
 * must be unique across the list.
 */
export function fieldProblems(fields: readonly SignupField[]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (fields.length > FIELD_RULES.fieldsMax) {
    problems.push({ index: FIELD_RULES.fieldsMax, message: FIELD_MESSAGES.tooMany });
  }
  const ids = new Set<string>();
  const labels = new Set<string>();
  fields.forEach((field, index) => {
    const problem = fieldProblem(field, ids, labels);
    if (problem) problems.push({ index, ...problem });
    ids.add(field.id);
    if (typeof field.label === 'string') labels.add(field.label.trim());
  });
  return problems;
}

/** Nothing given: absent, null, blank text or no choice. */
function isEmptyAnswer(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === 'string') return value.trim() === '';
  return Array.isArray(value) && value.length === 0;
}

/** A real calendar date written YYYY-MM-DD (2023-02-30 is not). */
export function isCalendarDate(text: string): boolean {
  if (!FIELD_RULES.datePattern.test(text)) return false;
  const [y, m, d] = text.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/**
 * The answer as stored: text trimmed (line breaks of a textarea as "\\n"),
 * choices in the field's option order; undefined when nothing was given.
 * Call on an answer answerProblem accepted.
 */
export function answerValue(field: SignupField, value: unknown): AnswerValue | undefined {
  if (isEmptyAnswer(value)) return undefined;
  if (typeof value === 'string') return (field.type === 'textarea' ? normalizeLineBreaks(value) : value).trim();
  if (Array.isArray(value)) return (field.options ?? []).filter((o) => value.includes(o));
  return value as AnswerValue;
}

function textProblem(field: SignupField, value: string): string | null {
  const multiline = field.type === 'textarea';
  const text = (multiline ? normalizeLineBreaks(value) : value).trim();
  const bad = findBadChar(text, multiline);
  if (bad) return ANSWER_MESSAGES.chars(field.label, bad);
  const n = chars(text);
  const max = field.max ?? (multiline ? FIELD_RULES.textareaDefaultMax : FIELD_RULES.textDefaultMax);
  if (field.min !== undefined && n < field.min) return ANSWER_MESSAGES.tooShort(field.label, field.min);
  if (n > max) return ANSWER_MESSAGES.tooLong(field.label, max);
  return null;
}

function choicesProblem(field: SignupField, value: unknown[]): string | null {
  const options = field.options ?? [];
  if (value.some((v) => typeof v !== 'string' || !options.includes(v)) || new Set(value).size !== value.length) {
    return ANSWER_MESSAGES.option(field.label);
  }
  if (field.min !== undefined && value.length < field.min) return ANSWER_MESSAGES.fewChoices(field.label, field.min);
  if (field.max !== undefined && value.length > field.max) return ANSWER_MESSAGES.manyChoices(field.label, field.max);
  return null;
}

/**
 * What is wrong with one answer to `field` (a message naming the field), or
 * null. An empty answer is wrong only for a required field. Text is measured
 * trimmed, in characters.
 */
export function answerProblem(field: SignupField, value: unknown): string | null {
  if (isEmptyAnswer(value)) {
    if (!field.required) return null;
    const choose = field.type === 'single' || field.type === 'multi' || field.type === 'date';
    return choose ? ANSWER_MESSAGES.choose(field.label) : ANSWER_MESSAGES.required(field.label);
  }
  switch (field.type) {
    case 'text':
    case 'textarea':
      return typeof value === 'string' ? textProblem(field, value) : ANSWER_MESSAGES.type(field.label);
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return ANSWER_MESSAGES.type(field.label);
      if (field.min !== undefined && value < field.min) return ANSWER_MESSAGES.below(field.label, field.min);
      if (field.max !== undefined && value > field.max) return ANSWER_MESSAGES.above(field.label, field.max);
      return null;
    case 'single':
      if (typeof value !== 'string') return ANSWER_MESSAGES.type(field.label);
      return (field.options ?? []).includes(value.trim()) ? null : ANSWER_MESSAGES.option(field.label);
    case 'multi':
      return Array.isArray(value) ? choicesProblem(field, value) : ANSWER_MESSAGES.type(field.label);
    case 'date':
      if (typeof value !== 'string') return ANSWER_MESSAGES.type(field.label);
      return isCalendarDate(value.trim()) ? null : ANSWER_MESSAGES.date(field.label);
    default:
      return ANSWER_MESSAGES.type(field.label);
  }
}

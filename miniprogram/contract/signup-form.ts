// The sign-up form an event asks for beyond the fixed profile (issue 15):
// custom fields staff define per event, companions (同行人员) in a group
// sign-up, and the rules both sides check. The server validates every answer
// against the event's own field definitions; the form uses the same messages.

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

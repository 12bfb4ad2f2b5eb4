// The parts of the sign-up form an event adds to the fixed profile (issue 15):
// its custom fields and the companions (同行人员) of a group sign-up. What the
// form shows, what it sends, and the client-side checks, with the contract's
// messages (contract/signup-form.ts) so the member reads the server's wording.
import {
  answerProblem,
  COMPANION_MESSAGES,
  FIELD_RULES,
  type AnswerValue,
  type Answers,
  type CompanionInput,
  type SignupField,
} from '../contract/signup-form';
import { SIGNUP_MESSAGES } from '../contract/events';
import { validateField } from './validate';

/** One custom field as the form renders it. */
export interface FieldView {
  id: string;
  type: SignupField['type'];
  label: string;
  required: boolean;
  options: string[];
  /** text/textarea: the longest answer (the input stops there). */
  maxlength: number;
  placeholder: string;
  /** van-field's input type: the number pad (digit) unless a number may be negative. */
  inputType: 'text' | 'digit';
}

/** What the member has typed or picked, by field id: strings as typed, multi as the picked options. */
export type AnswerDraft = Record<string, string | string[]>;

export interface CompanionDraft {
  /** Stable per form (a counter), for wx:key: the list's place changes when one is removed. */
  key: number;
  name: string;
  phone: string;
  position: string;
}

export type CompanionKey = 'name' | 'phone' | 'position';
export type CompanionErrors = Partial<Record<CompanionKey, string>>;

const COMPANION_KEYS: readonly CompanionKey[] = ['name', 'phone', 'position'];

export function isCompanionKey(value: unknown): value is CompanionKey {
  return typeof value === 'string' && (COMPANION_KEYS as readonly string[]).includes(value);
}

function placeholderOf(field: SignupField): string {
  if (field.type === 'single' || field.type === 'multi') return '';
  if (field.type === 'date') return field.required ? '请选择日期' : '选填，请选择日期';
  return field.required ? '请填写' : '选填';
}

function maxlengthOf(field: SignupField): number {
  if (field.type === 'text') return field.max ?? FIELD_RULES.textDefaultMax;
  if (field.type === 'textarea') return field.max ?? FIELD_RULES.textareaDefaultMax;
  // van-field: -1 is no limit.
  return -1;
}

export function toFieldViews(fields: readonly SignupField[]): FieldView[] {
  return fields.map((field) => ({
    id: field.id,
    type: field.type,
    label: field.label,
    required: field.required,
    options: field.options ? [...field.options] : [],
    maxlength: maxlengthOf(field),
    placeholder: placeholderOf(field),
    // The digit pad has no minus sign.
    inputType: field.type === 'number' && !(field.min !== undefined && field.min < 0) ? 'digit' : 'text',
  }));
}

/**
 * What was typed, kept for the fields as they are now: a removed field's answer
 * is dropped, a choice no longer offered (renamed or removed) is unpicked, and
 * a new field, or one whose type no longer takes the value, starts empty ('', [] for a multi).
 */
export function keepDraft(fields: readonly SignupField[], draft: AnswerDraft): AnswerDraft {
  const kept: AnswerDraft = {};
  for (const field of fields) {
    const raw = draft[field.id];
    const options = field.options ?? [];
    if (field.type === 'multi') {
      kept[field.id] = Array.isArray(raw) ? raw.filter((o) => options.includes(o)) : [];
    } else if (typeof raw !== 'string') {
      kept[field.id] = '';
    } else {
      kept[field.id] = field.type === 'single' && !options.includes(raw) ? '' : raw;
    }
  }
  return kept;
}

/**
 * The value sent for one field, or undefined when left empty. A number that
 * does not parse is sent as typed, so its check names the wrong format.
 */
export function answerValue(field: SignupField, raw: string | string[] | undefined): AnswerValue | undefined {
  if (raw === undefined) return undefined;
  if (Array.isArray(raw)) return raw.length ? [...raw] : undefined;
  const value = raw.trim();
  if (!value) return undefined;
  if (field.type === 'number') {
    const n = Number(value);
    return Number.isFinite(n) ? n : value;
  }
  return value;
}

/** The answers to send: only the fields answered. */
export function collectAnswers(fields: readonly SignupField[], draft: AnswerDraft): Answers {
  const answers: Answers = {};
  for (const field of fields) {
    const value = answerValue(field, draft[field.id]);
    if (value !== undefined) answers[field.id] = value;
  }
  return answers;
}

/** The message for one field's draft, or '' when it may be sent. */
export function answerMessage(field: SignupField, raw: string | string[] | undefined): string {
  return answerProblem(field, answerValue(field, raw)) ?? '';
}

/** Every field that fails, with its message. */
export function answerErrors(fields: readonly SignupField[], draft: AnswerDraft): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const field of fields) {
    const message = answerMessage(field, draft[field.id]);
    if (message) errors[field.id] = message;
  }
  return errors;
}

/** A new companion, keyed after the highest key in `list`. */
export function emptyCompanion(list: readonly CompanionDraft[]): CompanionDraft {
  const key = list.reduce((max, c) => Math.max(max, c.key), 0) + 1;
  return { key, name: '', phone: '', position: '' };
}

/** One companion's message for `key` ('' when fine); `n` is their 1-based place in the list. */
export function companionMessage(key: CompanionKey, raw: string, n: number): string {
  const message = validateField(key, raw);
  // The fixed form's checks, worded for the n-th companion where the contract has a wording.
  if (message === SIGNUP_MESSAGES.nameRequired) return COMPANION_MESSAGES.nameRequired(n);
  if (message === SIGNUP_MESSAGES.name) return COMPANION_MESSAGES.name(n);
  if (message === SIGNUP_MESSAGES.phoneRequired) return COMPANION_MESSAGES.phoneRequired(n);
  if (message === SIGNUP_MESSAGES.phone) return COMPANION_MESSAGES.phone(n);
  if (message === SIGNUP_MESSAGES.position) return COMPANION_MESSAGES.position(n);
  return message;
}

export function companionErrors(list: readonly CompanionDraft[]): CompanionErrors[] {
  return list.map((c, i) => {
    const errors: CompanionErrors = {};
    for (const key of COMPANION_KEYS) {
      const message = companionMessage(key, c[key], i + 1);
      if (message) errors[key] = message;
    }
    return errors;
  });
}

/** The companions to send, trimmed; an empty position left out. */
export function collectCompanions(list: readonly CompanionDraft[]): CompanionInput[] {
  return list.map((c) => {
    const position = c.position.trim();
    return { name: c.name.trim(), phone: c.phone.trim(), ...(position ? { position } : {}) };
  });
}

/** 每次报名最多N人（含本人）, or 限本人一人 (shown while companions typed before a change remain). */
export function groupNote(groupMax: number): string {
  return COMPANION_MESSAGES.tooMany(groupMax);
}

/** What the form says when a refusal names a field staff removed while the member filled it in. */
export const FIELDS_UPDATED = '报名项已更新，请检查后重新提交';

/** The seats this sign-up takes, as the form says it. */
export function seatNote(people: number, reviewRequired: boolean): string {
  return reviewRequired
    ? `本次报名共${people}人，审核通过后占用${people}个名额`
    : `本次报名共${people}人，占用${people}个名额`;
}

/** Where a server VALIDATION error belongs: `answers.<id>`, `companions.<i>.<key>` or `companions` (the group size). */
export type ErrorPlace =
  | { kind: 'answer'; id: string }
  | { kind: 'companion'; index: number; key: CompanionKey }
  | { kind: 'group' }
  | { kind: 'other' };

export function errorPlace(field: string | undefined): ErrorPlace {
  if (!field) return { kind: 'other' };
  if (field === 'companions') return { kind: 'group' };
  const answer = /^answers\.([a-z][a-z0-9]*)$/.exec(field);
  if (answer && answer[1]) return { kind: 'answer', id: answer[1] };
  const companion = /^companions\.(\d+)\.([a-z]+)$/.exec(field);
  if (companion && companion[1] && isCompanionKey(companion[2])) {
    return { kind: 'companion', index: Number(companion[1]), key: companion[2] };
  }
  return { kind: 'other' };
}

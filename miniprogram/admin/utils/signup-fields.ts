// The event editor's custom sign-up fields (自定义报名项) as staff type them:
// one draft per field (limits and options as text), new ids that never
// repeat, reordering, and the check before saving — the contract's
// fieldProblems, the same rules and messages as the server's.
import {
  FIELD_MESSAGES,
  FIELD_RULES,
  FIELD_TYPE_LABELS,
  fieldProblems,
  type SignupField,
  type SignupFieldType,
} from '../../contract/index';

/** The types in the order the 添加报名项 sheet lists them (wx.showActionSheet takes at most 6). */
export const FIELD_TYPES = Object.keys(FIELD_TYPE_LABELS) as SignupFieldType[];

export interface FieldDraft {
  id: string;
  type: SignupFieldType;
  typeLabel: string;
  label: string;
  required: boolean;
  /** Limits as typed ('' = none). */
  min: string;
  max: string;
  /** single/multi: one option per line. */
  optionsText: string;
  /** What min/max bound, for the labels: 字数, 数值, 选择项数; '' when the type takes none. */
  limitKind: string;
  hasOptions: boolean;
  /** Saved with the event when the editor opened (removing it may touch members' answers). */
  saved: boolean;
}

const LIMIT_KIND: Record<SignupFieldType, string> = {
  text: '字数',
  textarea: '字数',
  number: '数值',
  single: '',
  multi: '选择项数',
  date: '',
};

function takesOptions(type: SignupFieldType): boolean {
  return type === 'single' || type === 'multi';
}

function isFieldType(value: string): value is SignupFieldType {
  return (FIELD_TYPES as string[]).includes(value);
}

export function draftOf(f: SignupField, saved: boolean): FieldDraft {
  return {
    id: f.id,
    type: f.type,
    typeLabel: FIELD_TYPE_LABELS[f.type],
    label: f.label,
    required: f.required,
    min: f.min === undefined ? '' : String(f.min),
    max: f.max === undefined ? '' : String(f.max),
    optionsText: (f.options ?? []).join('\n'),
    limitKind: LIMIT_KIND[f.type],
    hasOptions: takesOptions(f.type),
    saved,
  };
}

let idCounter = 0;

/**
 * A field id no field of this event has had: 'f' + base-36 time + a counter
 * (FIELD_RULES.idPattern: at most 16 characters). Ids of removed fields stay
 * out of use, since their answers may still be kept under them (formerFields):
 * a later time never gives an earlier id.
 */
export function newFieldId(taken: readonly string[], now = Date.now()): string {
  for (;;) {
    idCounter += 1;
    const id = `f${now.toString(36)}${idCounter.toString(36)}`;
    if (!FIELD_RULES.idPattern.test(id)) idCounter = 0;
    else if (!taken.includes(id)) return id;
  }
}

export function newDraft(typeIndex: number, taken: readonly string[]): FieldDraft | null {
  const type = FIELD_TYPES[typeIndex];
  if (type === undefined || !isFieldType(type)) return null;
  return draftOf({ id: newFieldId(taken), type, label: '', required: false }, false);
}

/** The drafts with item `i` moved by `step` (-1 up, +1 down); unchanged at either end. */
export function moved<T>(items: readonly T[], i: number, step: -1 | 1): T[] {
  const j = i + step;
  const out = [...items];
  const a = out[i];
  const b = out[j];
  if (a === undefined || b === undefined) return out;
  out[i] = b;
  out[j] = a;
  return out;
}

function limitOf(text: string): number | undefined | null {
  const t = text.trim();
  if (!t) return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

/** The field as events.save takes it; `badLimit` when a limit typed is not a number (then left out). */
function toField(d: FieldDraft): { field: SignupField; badLimit: boolean } {
  const min = d.limitKind ? limitOf(d.min) : undefined;
  const max = d.limitKind ? limitOf(d.max) : undefined;
  const options = d.optionsText
    .split('\n')
    .map((o) => o.trim())
    .filter(Boolean);
  const field: SignupField = {
    id: d.id,
    type: d.type,
    label: d.label.trim(),
    required: d.required,
    ...(typeof min === 'number' ? { min } : {}),
    ...(typeof max === 'number' ? { max } : {}),
    ...(d.hasOptions ? { options } : {}),
  };
  return { field, badLimit: min === null || max === null };
}

export interface FieldsCheck {
  fields: SignupField[];
  /** A message per draft ('' when fine), in draft order. */
  errors: string[];
  /** About the list as a whole (too many fields). */
  listError: string;
}

/** The drafts as events.save takes them, and every problem by field (the first one each). */
export function checkFields(drafts: readonly FieldDraft[]): FieldsCheck {
  const converted = drafts.map(toField);
  const fields = converted.map((c) => c.field);
  const errors = converted.map((c, i) => (c.badLimit ? FIELD_MESSAGES.limit(c.field.label || `第${i + 1}项`) : ''));
  let listError = '';
  for (const p of fieldProblems(fields)) {
    if (p.index >= 0 && p.index < errors.length) {
      if (!errors[p.index]) errors[p.index] = p.message;
    } else if (!listError) listError = p.message;
  }
  return { fields, errors, listError };
}

export function hasFieldErrors(check: Pick<FieldsCheck, 'errors' | 'listError'>): boolean {
  return !!check.listError || check.errors.some(Boolean);
}

/**
 * Where a VALIDATION error of events.save points: `fields.<i>…` at that
 * field, `fields` at the list. null when it is about something else.
 */
export function fieldErrorTarget(field: string): { index: number } | { list: true } | null {
  const m = /^fields(?:\.(\d+))?(?:\.|$)/.exec(field);
  if (!m) return null;
  return m[1] === undefined ? { list: true } : { index: Number(m[1]) };
}

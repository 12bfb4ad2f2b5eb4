// Cheap client-side checks of the sign-up form, using the contract's rule
// constants so the client and the server never disagree on a limit. The
// server validates again; these only spare the member a round trip.
import { SIGNUP_LABELS, SIGNUP_MESSAGES, SIGNUP_RULES } from '../contract/events';
import { badCharMessage, findBadChar, normalizeLineBreaks } from '../contract/text';

export type SignupField = 'name' | 'unit' | 'position' | 'phone' | 'remark';

export const SIGNUP_FIELDS: readonly SignupField[] = ['name', 'unit', 'position', 'phone', 'remark'];

export interface SignupForm {
  name: string;
  unit: string;
  position: string;
  phone: string;
  remark: string;
}

export type FieldErrors = Partial<Record<SignupField, string>>;

export function isSignupField(value: unknown): value is SignupField {
  return typeof value === 'string' && (SIGNUP_FIELDS as readonly string[]).includes(value);
}

/** Length in characters as a member counts them (an emoji is one). */
export function charLength(text: string): number {
  return Array.from(text).length;
}

/** The Chinese message for one field, or '' when it is fine. */
export function validateField(field: SignupField, raw: string): string {
  const value = (raw || '').trim();
  const len = charLength(value);
  const R = SIGNUP_RULES;
  // The server refuses the same characters (contract/text.ts), with the same message.
  if (field !== 'phone') {
    const multiline = field === 'remark';
    const bad = findBadChar(multiline ? normalizeLineBreaks(value) : value, multiline);
    if (bad) return badCharMessage(SIGNUP_LABELS[field], bad);
  }
  // The same messages as the server's (contract), so a member reads one wording.
  switch (field) {
    case 'name':
      if (!len) return SIGNUP_MESSAGES.nameRequired;
      return len < R.nameMin || len > R.nameMax ? SIGNUP_MESSAGES.name : '';
    case 'unit':
      if (len < R.unitMin) return SIGNUP_MESSAGES.unitRequired;
      return len > R.unitMax ? SIGNUP_MESSAGES.unit : '';
    case 'position':
      return len > R.positionMax ? SIGNUP_MESSAGES.position : '';
    case 'phone':
      if (!len) return SIGNUP_MESSAGES.phoneRequired;
      return R.phonePattern.test(value) ? '' : SIGNUP_MESSAGES.phone;
    case 'remark':
      return len > R.remarkMax ? SIGNUP_MESSAGES.remark : '';
    default:
      return '';
  }
}

/** Every failing field with its message; empty when the form may be sent. */
export function validateSignup(form: SignupForm): FieldErrors {
  const errors: FieldErrors = {};
  for (const field of SIGNUP_FIELDS) {
    const message = validateField(field, form[field]);
    if (message) errors[field] = message;
  }
  return errors;
}

export function hasErrors(errors: FieldErrors): boolean {
  return SIGNUP_FIELDS.some((f) => !!errors[f]);
}

/** The trimmed form; optional fields left out when empty. */
export function normalizeSignup(form: SignupForm): {
  name: string;
  unit: string;
  phone: string;
  position?: string;
  remark?: string;
} {
  const position = form.position.trim();
  const remark = form.remark.trim();
  return {
    name: form.name.trim(),
    unit: form.unit.trim(),
    phone: form.phone.trim(),
    ...(position ? { position } : {}),
    ...(remark ? { remark } : {}),
  };
}

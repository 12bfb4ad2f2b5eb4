// The character rules of miniprogram/contract/text.ts as zod building blocks,
// so every schema refuses the same characters with a message naming the field.
import { z } from 'zod';
import {
  badCharMessage,
  findBadChar,
  ID_PATTERN,
  normalizeLineBreaks,
  OPENID_PATTERN,
} from '../miniprogram/contract/text';

/**
 * `schema` (a string schema, before its length checks) trimmed, then refusing
 * control characters, non-characters, lone surrogates and bidi overrides;
 * a single-line field also refuses line breaks, a multi-line one keeps them as "\n".
 * Trimmed first, so a pasted trailing line break is dropped, not refused.
 */
export function plainText(schema: z.ZodString, label: string, multiline = false): z.ZodString {
  const s = (multiline ? schema.overwrite(normalizeLineBreaks) : schema).trim();
  return s.superRefine((value, ctx) => {
    const kind = findBadChar(value, multiline);
    if (kind) ctx.addIssue({ code: 'custom', message: badCharMessage(label, kind) });
  });
}

/** An id field (event, report, linked report): the characters ids are made of. */
export function idOf(what: string): z.ZodString {
  return z
    .string({ error: `缺少${what}` })
    .trim()
    .min(1, `缺少${what}`)
    .regex(ID_PATTERN, `${what}无效`);
}

/** A member's openid given in a payload (staff actions): WeChat's openid characters. */
export function openidOf(required: string): z.ZodString {
  return z.string({ error: required }).trim().min(1, required).regex(OPENID_PATTERN, '成员编号无效');
}

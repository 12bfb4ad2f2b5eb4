// Custom sign-up fields on the server (issue 15 part 1): answers checked
// against the event's own definitions, and field edits that never lose an
// answer already given. The rules themselves are the contract's
// (miniprogram/contract/signup-form.ts), shared with both forms.
import {
  ANSWER_MESSAGES,
  answerOf,
  answerProblem,
  answerValue,
  FIELD_MESSAGES,
  type Answers,
  type SignupField,
} from '../../miniprogram/contract/index';
import { textIsSafe } from '../cloud';
import { fail } from '../errors';
import { cmd, countDocs, db } from '../data';
import { type EventDoc, SIGNUPS } from './model';

const answerField = (id: string) => `answers.${id}`;

/**
 * The answers as stored: every key a field of `fields`, each answer valid for
 * its field (trimmed text, choices in option order), empty optional answers
 * dropped. Throws VALIDATION naming the field (`answers.<id>`) otherwise.
 */
export function checkAnswers(fields: readonly SignupField[], answers: Answers | undefined): Answers {
  const given = answers ?? {};
  const byId = new Map(fields.map((f) => [f.id, f]));
  for (const key of Object.keys(given)) {
    if (!byId.has(key)) fail('VALIDATION', ANSWER_MESSAGES.unknown(key), answerField(key));
  }
  const out: Answers = {};
  for (const field of fields) {
    const value: unknown = answerOf(given, field.id);
    const problem = answerProblem(field, value);
    if (problem) fail('VALIDATION', problem, answerField(field.id));
    const stored = answerValue(field, value);
    if (stored !== undefined) out[field.id] = stored;
  }
  return out;
}

/** WeChat's content check on every text answer, like the remark; CONTENT_REJECTED names the field. */
export async function checkAnswerText(fields: readonly SignupField[], answers: Answers, openid: string): Promise<void> {
  const texts = fields.filter((f) => (f.type === 'text' || f.type === 'textarea') && answerOf(answers, f.id));
  const verdicts = await Promise.all(texts.map((f) => textIsSafe(String(answerOf(answers, f.id)), openid)));
  const rejected = texts.find((_f, i) => !verdicts[i]);
  if (rejected) fail('CONTENT_REJECTED', undefined, answerField(rejected.id));
}

/** A field as stored: label and options trimmed, no options on a type that takes none, no absent limits. */
export function storedField(f: SignupField): SignupField {
  const choice = f.type === 'single' || f.type === 'multi';
  return {
    id: f.id,
    type: f.type,
    label: f.label.trim(),
    required: f.required,
    ...(f.min !== undefined ? { min: f.min } : {}),
    ...(f.max !== undefined ? { max: f.max } : {}),
    ...(choice ? { options: (f.options ?? []).map((o) => o.trim()) } : {}),
  };
}

/**
 * Whether any sign-up of the event (whatever its status: a cancelled one
 * keeps its answers too) answered the field. `_.exists(true)` matches a
 * document that has the field:
 * https://developers.weixin.qq.com/miniprogram/dev/wxcloud/reference-sdk-api/database/command/Command.exists.html
 */
async function hasAnswers(eventId: string, fieldId: string): Promise<boolean> {
  const _ = cmd();
  return (
    (await countDocs(
      db()
        .collection(SIGNUPS)
        .where({ eventId, [answerField(fieldId)]: _.exists(true) }),
    )) > 0
  );
}

type FieldSets = Pick<EventDoc, 'fields' | 'formerFields'>;

/** Whether two reads of an event hold the same field definitions. */
export function sameFieldSets(a: FieldSets, b: FieldSets): boolean {
  return (
    JSON.stringify([a.fields ?? [], a.formerFields ?? []]) === JSON.stringify([b.fields ?? [], b.formerFields ?? []])
  );
}

/** Ids whose answers matter to this edit: fields removed, and fields whose type changes. */
function idsToCount(before: FieldSets, next: readonly SignupField[]): string[] {
  const nextById = new Map(next.map((f) => [f.id, f]));
  const ids = new Set<string>();
  for (const f of before.fields ?? []) {
    const now = nextById.get(f.id);
    if (!now || now.type !== f.type) ids.add(f.id);
  }
  // A removed field is former only because it had answers: a new type for its id is never counted.
  return [...ids];
}

/** The fields of `before` (an event as read before the edit) that sign-ups have answered, among those the edit touches. */
export async function answeredFields(
  eventId: string,
  before: FieldSets,
  next: readonly SignupField[],
): Promise<Set<string>> {
  const ids = idsToCount(before, next);
  const found = await Promise.all(ids.map((id) => hasAnswers(eventId, id)));
  return new Set(ids.filter((_id, i) => found[i]));
}

/**
 * The event's fields after an edit to `next`, or a refusal:
 * - a field whose type changes while sign-ups have answered it is refused
 *   (the answers would no longer fit it; staff add a new field instead);
 * - a removed field moves to formerFields (its answers stay readable as
 *   「…（已删除）」); re-added with the same id, it leaves them.
 * `answered`: answeredFields() for the same `before`.
 */
export function editedFields(
  before: FieldSets,
  next: readonly SignupField[],
  answered: ReadonlySet<string>,
): { fields: SignupField[]; formerFields: SignupField[] } {
  const fields = next.map(storedField);
  const nextIds = new Set(fields.map((f) => f.id));
  const previous = new Map<string, SignupField>();
  for (const f of [...(before.formerFields ?? []), ...(before.fields ?? [])]) previous.set(f.id, f);
  for (const f of fields) {
    const old = previous.get(f.id);
    const former = (before.formerFields ?? []).some((x) => x.id === f.id);
    if (old && old.type !== f.type && (former || answered.has(f.id))) {
      fail('VALIDATION', FIELD_MESSAGES.typeChanged(f.label), 'fields');
    }
  }
  const formerById = new Map<string, SignupField>();
  for (const f of before.formerFields ?? []) formerById.set(f.id, f);
  // Every removed field is kept: one answered by a sign-up landing during the edit stays readable
  // (answerViews and the export show only fields someone answered).
  for (const f of before.fields ?? []) if (!nextIds.has(f.id)) formerById.set(f.id, f);
  return { fields, formerFields: [...formerById.values()].filter((f) => !nextIds.has(f.id)) };
}

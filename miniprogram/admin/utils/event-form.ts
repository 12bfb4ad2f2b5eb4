// The event form: fields as typed, the contract's EVENT_RULES checked with
// the server's wording (server/events/schemas.ts), and the events.save payload.
import {
  EVENT_RULES as R,
  GROUP_RULES,
  type EventDetail,
  type EventInput,
  type EventLocation,
} from '../../contract/index';
import { charLength } from '../../utils/validate';
import { checkFields, draftOf, type FieldDraft } from './signup-fields';
import { dateOf, fromBeijing, timeOf } from './time';

export interface EventForm {
  id: string;
  title: string;
  summary: string;
  place: string;
  /** The venue picked on the map (wx.chooseLocation); null: the typed place only. */
  location: EventLocation | null;
  startDate: string;
  startTime: string;
  endDate: string;
  endTime: string;
  deadlineDate: string;
  deadlineTime: string;
  /** As typed (a number field still gives text). */
  capacity: string;
  waitlistEnabled: boolean;
  articleId: string;
  cover: string;
  /** Sign-ups wait for approval (需要审核). */
  reviewRequired: boolean;
  /** Most people per sign-up, the member included (1–GROUP_RULES.groupMaxLimit). */
  groupMax: number;
  /** The custom sign-up fields, in form order. */
  fields: FieldDraft[];
}

/** The form's fields a message is shown under, in form order (groupMax: under the group-size picker). */
export const EVENT_FIELDS = [
  'title',
  'summary',
  'place',
  'location',
  'startAt',
  'endAt',
  'signupDeadline',
  'capacity',
  'articleId',
  'groupMax',
] as const;
export type EventField = (typeof EVENT_FIELDS)[number];
export type EventErrors = Partial<Record<EventField, string>>;

export const EVENT_MESSAGES = {
  title: '请填写活动标题',
  titleMax: `活动标题不能超过${R.titleMax}个字`,
  summaryMax: `活动简介不能超过${R.summaryMax}个字`,
  place: '请填写活动地点',
  placeMax: `活动地点不能超过${R.placeMax}个字`,
  startAt: '请选择开始时间',
  endAt: '请选择结束时间',
  signupDeadline: '请选择报名截止时间',
  endBeforeStart: '结束时间需晚于开始时间',
  deadlineAfterStart: '报名截止时间不能晚于活动开始时间',
  capacity: `名额需为${R.capacityMin}–${R.capacityMax}之间的整数`,
  groupMaxOverCapacity: '每次报名人数不能超过名额',
} as const;

export function emptyEventForm(): EventForm {
  return {
    id: '',
    title: '',
    summary: '',
    place: '',
    location: null,
    startDate: '',
    startTime: '',
    endDate: '',
    endTime: '',
    deadlineDate: '',
    deadlineTime: '',
    capacity: '',
    waitlistEnabled: true,
    articleId: '',
    cover: '',
    reviewRequired: false,
    groupMax: 1,
    fields: [],
  };
}

export function fromEvent(e: EventDetail): EventForm {
  return {
    id: e.id,
    title: e.title,
    summary: e.summary,
    place: e.place,
    location: e.location || null,
    startDate: dateOf(e.startAt),
    startTime: timeOf(e.startAt),
    endDate: dateOf(e.endAt),
    endTime: timeOf(e.endAt),
    deadlineDate: dateOf(e.signupDeadline),
    deadlineTime: timeOf(e.signupDeadline),
    capacity: String(e.capacity),
    waitlistEnabled: e.waitlistEnabled,
    articleId: e.articleId || '',
    cover: e.cover || '',
    reviewRequired: e.reviewRequired,
    groupMax: e.groupMax,
    fields: e.fields.map((f) => draftOf(f, true)),
  };
}

function parseCapacity(text: string): number | null {
  const t = text.trim();
  if (!/^\d+$/.test(t)) return null;
  const n = Number(t);
  return n >= R.capacityMin && n <= R.capacityMax ? n : null;
}

/** Every failing field with the server's message; empty when the form may be sent. */
export function checkEvent(f: EventForm): EventErrors {
  const errors: EventErrors = {};
  const title = charLength(f.title.trim());
  if (!title) errors.title = EVENT_MESSAGES.title;
  else if (title > R.titleMax) errors.title = EVENT_MESSAGES.titleMax;
  if (charLength(f.summary.trim()) > R.summaryMax) errors.summary = EVENT_MESSAGES.summaryMax;
  const place = charLength(f.place.trim());
  if (!place) errors.place = EVENT_MESSAGES.place;
  else if (place > R.placeMax) errors.place = EVENT_MESSAGES.placeMax;
  const start = fromBeijing(f.startDate, f.startTime);
  const end = fromBeijing(f.endDate, f.endTime);
  const deadline = fromBeijing(f.deadlineDate, f.deadlineTime);
  if (start === null) errors.startAt = EVENT_MESSAGES.startAt;
  if (end === null) errors.endAt = EVENT_MESSAGES.endAt;
  else if (start !== null && end <= start) errors.endAt = EVENT_MESSAGES.endBeforeStart;
  if (deadline === null) errors.signupDeadline = EVENT_MESSAGES.signupDeadline;
  else if (start !== null && deadline > start) errors.signupDeadline = EVENT_MESSAGES.deadlineAfterStart;
  if (parseCapacity(f.capacity) === null) errors.capacity = EVENT_MESSAGES.capacity;
  const groupProblem = groupMaxProblem(f);
  if (groupProblem) errors.groupMax = groupProblem;
  return errors;
}

/** A group larger than the capacity entered could never sign up: '' when it fits (or no capacity yet). */
export function groupMaxProblem(f: Pick<EventForm, 'capacity' | 'groupMax'>): string {
  const capacity = parseCapacity(f.capacity);
  return capacity !== null && f.groupMax > capacity ? EVENT_MESSAGES.groupMaxOverCapacity : '';
}

/**
 * The group-size picker's rows: 1人（仅本人）… up to the capacity entered
 * (GROUP_RULES.groupMaxLimit at most); the size chosen stays listed, with
 * groupMaxProblem under it, when the capacity was lowered below it.
 */
export function groupSizeLabels(f: Pick<EventForm, 'capacity' | 'groupMax'>): string[] {
  const capacity = parseCapacity(f.capacity) ?? GROUP_RULES.groupMaxLimit;
  const n = Math.min(GROUP_RULES.groupMaxLimit, Math.max(capacity, f.groupMax));
  return Array.from({ length: n }, (_, i) => (i ? `${i + 1}人` : '1人（仅本人）'));
}

export function hasEventErrors(errors: EventErrors): boolean {
  return EVENT_FIELDS.some((f) => !!errors[f]);
}

/** A picked group size within GROUP_RULES (1 when it is not a whole number). */
export function groupMaxOf(value: unknown): number {
  const n = Number(value);
  return Number.isInteger(n) ? Math.min(GROUP_RULES.groupMaxLimit, Math.max(1, n)) : 1;
}

/**
 * The events.save payload (call only when checkEvent and checkFields found
 * nothing). `fields` is always sent: an edit without it removes them.
 */
export function toEventInput(f: EventForm): EventInput {
  return {
    ...(f.id ? { id: f.id } : {}),
    title: f.title.trim(),
    summary: f.summary.trim(),
    place: f.place.trim(),
    ...(f.location ? { location: f.location } : {}),
    startAt: fromBeijing(f.startDate, f.startTime) ?? 0,
    endAt: fromBeijing(f.endDate, f.endTime) ?? 0,
    signupDeadline: fromBeijing(f.deadlineDate, f.deadlineTime) ?? 0,
    capacity: parseCapacity(f.capacity) ?? 0,
    waitlistEnabled: f.waitlistEnabled,
    ...(f.cover ? { cover: f.cover } : {}),
    ...(f.articleId ? { articleId: f.articleId } : {}),
    reviewRequired: f.reviewRequired,
    groupMax: groupMaxOf(f.groupMax),
    fields: checkFields(f.fields).fields,
  };
}

// Dates and counts as members see them. Times are shown in Beijing time
// (the association's reports are dated in Asia/Shanghai), whatever the
// device's zone is; relative dates ("3天前") within a week.

import { dayjs } from './datetime';

const MINUTE = 60 * 1000;
const DAY = 24 * 60 * MINUTE;
const RELATIVE_WINDOW = 7 * DAY;
const BEIJING_OFFSET_MIN = 8 * 60;

/**
 * A dayjs whose local fields read as Beijing wall-clock time. The timezone
 * plugin is not available in WeChat's miniprogram_npm, hence the shift.
 */
export function beijing(ts: number) {
  const deviceOffsetMin = -new Date(ts).getTimezoneOffset();
  return dayjs(ts).add(BEIJING_OFFSET_MIN - deviceOffsetMin, 'minute');
}

/** `YYYY-MM-DD` in Beijing time. */
export function formatDay(ts: number): string {
  return beijing(ts).format('YYYY-MM-DD');
}

/** `YYYY-MM-DD HH:mm` in Beijing time. */
export function formatDateTime(ts: number): string {
  return beijing(ts).format('YYYY-MM-DD HH:mm');
}

/**
 * A list date: "刚刚", "5分钟前", "3天前" within the last 7 days, else
 * `YYYY-MM-DD`. zh-cn's relative words carry a space ("3 天前"); the
 * design wants them tight.
 */
export function formatListDate(ts: number, now: number = Date.now()): string {
  const age = now - ts;
  // A small clock skew between device and server must not read "几秒内".
  if (age < MINUTE && age > -5 * MINUTE) return '刚刚';
  if (age < 0 || age >= RELATIVE_WINDOW) return formatDay(ts);
  return dayjs(ts).locale('zh-cn').from(dayjs(now)).replace(/\s+/g, '');
}

/** 1234 → "1234", 12345 → "1.2万". */
export function formatCount(n: number): string {
  const value = Number.isFinite(n) && n > 0 ? Math.floor(n) : 0;
  if (value < 10000) return String(value);
  const wan = Math.floor(value / 1000) / 10;
  return `${wan}万`;
}

export interface MetaInput {
  publishedAt: number;
  source: string;
  views: number;
}

/** `发布时间 YYYY-MM-DD HH:mm · 来源 … · 阅读 N`; an empty source is left out. */
export function formatArticleMeta(a: MetaInput): string {
  const parts = [`发布时间 ${formatDateTime(a.publishedAt)}`];
  const source = a.source.trim();
  if (source) parts.push(`来源 ${source}`);
  parts.push(`阅读 ${formatCount(a.views)}`);
  return parts.join(' · ');
}

/**
 * An event's time span: "2024-03-05 09:00–17:00" on one day, else
 * "2024-03-05 09:00 至 2024-03-06 12:00".
 */
export function formatTimeRange(startAt: number, endAt: number): string {
  const start = formatDateTime(startAt);
  if (!(endAt > startAt)) return start;
  if (formatDay(startAt) === formatDay(endAt)) return `${start}–${beijing(endAt).format('HH:mm')}`;
  return `${start} 至 ${formatDateTime(endAt)}`;
}

/**
 * A page query value as text. WeChat hands query values over as they were
 * written in the url, encoded or not; a stray '%' must not throw.
 */
export function queryText(value: string | undefined): string {
  if (!value) return '';
  try {
    return decodeURIComponent(value).trim();
  } catch {
    return value.trim();
  }
}

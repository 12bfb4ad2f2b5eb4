// Date and time fields of the console's forms, in Beijing time whatever the
// phone's zone is (reports and events are dated in Asia/Shanghai; China has
// no daylight saving, so the offset is fixed).
import { beijing } from '../../utils/format';

const BEIJING_OFFSET_MS = 8 * 3600 * 1000;

/** `YYYY-MM-DD` of a moment, for <picker mode="date">. */
export function dateOf(ms: number): string {
  return beijing(ms).format('YYYY-MM-DD');
}

/** `HH:mm` of a moment, for <picker mode="time">. */
export function timeOf(ms: number): string {
  return beijing(ms).format('HH:mm');
}

/** The moment a Beijing date and time name, or null when either is missing or malformed. */
export function fromBeijing(date: string, time: string): number | null {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date || '');
  const t = /^(\d{2}):(\d{2})$/.exec(time || '');
  if (!d || !t) return null;
  const [y, mo, da, h, mi] = [d[1], d[2], d[3], t[1], t[2]].map(Number) as [number, number, number, number, number];
  if (mo < 1 || mo > 12 || da < 1 || da > 31 || h > 23 || mi > 59) return null;
  const ms = Date.UTC(y, mo - 1, da, h, mi) - BEIJING_OFFSET_MS;
  // 2月30日 and the like roll over: refuse them rather than save another day.
  return dateOf(ms) === date ? ms : null;
}

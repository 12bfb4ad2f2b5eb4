// Shared setup for the events cloud tests (not a test file itself).
import ExcelJS from 'exceljs';
import type { CompanionInput, EventDetail, EventInput, SignupInput } from '../../miniprogram/contract/index';
import { cloudPerFile, startTestCloud, type TestCloud, type TestCloudOptions } from '../helpers/cloud';

export const HOUR = 3600 * 1000;
export const DAY = 24 * HOUR;
export const ADMIN = 'admin-openid';

export const EVENT_COLLECTIONS = ['events', 'signups', 'members'] as const;

/** A local cloud in which ADMIN is an admin: the events function only unless `options` says otherwise. */
export async function startEventsCloud(options: TestCloudOptions = { functions: ['events'] }): Promise<TestCloud> {
  const tc = await startTestCloud(options);
  await tc.makeAdmin(ADMIN);
  return tc;
}

/** One events cloud for the whole test file (test/helpers/cloud.ts cloudPerFile). */
export function eventsCloudPerFile(): () => TestCloud {
  return cloudPerFile(() => startEventsCloud());
}

let eventSerial = 0;

/** An upcoming event (deadline tomorrow, starts in 3 days) created through events.save as an admin. */
export async function createEvent(tc: TestCloud, overrides: Partial<EventInput> = {}): Promise<EventDetail> {
  const now = Date.now();
  eventSerial += 1;
  const input: EventInput = {
    title: `共建活动 ${eventSerial}`,
    summary: '走进会员企业，观摩座谈对接。',
    place: '合肥市蜀山区',
    startAt: now + 3 * DAY,
    endAt: now + 3 * DAY + 4 * HOUR,
    signupDeadline: now + DAY,
    capacity: 50,
    waitlistEnabled: true,
    ...overrides,
  };
  return tc.ok('events', 'events.save', input, { openid: ADMIN });
}

/** An event five days out, one hour long, sign-up closing a day before; `fields` add or replace the rest. */
export function eventFiveDaysOut(
  now: number,
  fields: Pick<EventInput, 'title' | 'capacity'> & Partial<EventInput>,
): EventInput {
  return {
    summary: '',
    place: '合肥',
    startAt: now + 5 * DAY,
    endAt: now + 5 * DAY + HOUR,
    signupDeadline: now + 4 * DAY,
    waitlistEnabled: false,
    ...fields,
  };
}

/** A saved event's editable fields, as events.save takes them back, with `patch` applied. */
export function editOf(ev: { id: string } & EventInput, patch: Partial<EventInput> = {}): EventInput {
  return {
    id: ev.id,
    title: ev.title,
    summary: ev.summary,
    place: ev.place,
    startAt: ev.startAt,
    endAt: ev.endAt,
    signupDeadline: ev.signupDeadline,
    capacity: ev.capacity,
    waitlistEnabled: ev.waitlistEnabled,
    ...patch,
  };
}

export function member(i: number): string {
  return `member-${String(i).padStart(4, '0')}`;
}

export function phone(i: number): string {
  return `139${String(i).padStart(8, '0')}`;
}

/** `n` companions (同行人员) with names and phones numbered from `from`. */
export function companionsFrom(n: number, from = 100): CompanionInput[] {
  return Array.from({ length: n }, (_, i) => ({ name: `同行${from + i}`, phone: phone(from + i), position: '工程师' }));
}

export function signupInput(eventId: string, i: number, overrides: Partial<SignupInput> = {}): SignupInput {
  return { eventId, name: `会员${i}`, unit: `安徽环保企业${i}号`, position: '经理', phone: phone(i), ...overrides };
}

/** Everything the events function may write, for before/after comparisons. */
export function snapshot(tc: TestCloud): string {
  const out: Record<string, unknown> = {};
  for (const c of EVENT_COLLECTIONS) {
    out[c] = tc.dump(c).sort((a, b) => String(a._id).localeCompare(String(b._id)));
  }
  return JSON.stringify(out);
}

export interface SignupRow {
  _id: string;
  eventId: string;
  openid: string;
  status: string;
  waitlistSeq: number;
  checkinCode: string;
}

const num = (v: unknown): number => (typeof v === 'number' ? v : NaN);

export function signupsOf(tc: TestCloud, eventId: string): SignupRow[] {
  return tc
    .dump('signups')
    .filter((d) => d.eventId === eventId)
    .map((d) => ({
      _id: String(d._id),
      eventId: String(d.eventId),
      openid: String(d.openid),
      status: String(d.status),
      waitlistSeq: num(d.waitlistSeq),
      checkinCode: String(d.checkinCode),
    }));
}

export interface EventRow {
  _id: string;
  confirmed: number;
  waitlisted: number;
  waitlistSeq: number;
  checkedIn: number;
  capacity: number;
}

export function eventRow(tc: TestCloud, eventId: string): EventRow {
  const d = tc.dump('events').find((e) => e._id === eventId);
  if (!d) throw new Error(`no event ${eventId}`);
  return {
    _id: String(d._id),
    confirmed: num(d.confirmed),
    waitlisted: num(d.waitlisted),
    waitlistSeq: num(d.waitlistSeq),
    checkedIn: num(d.checkedIn),
    capacity: num(d.capacity),
  };
}

/** The event's counters recomputed from its sign-up docs. */
export function countersFromDocs(
  tc: TestCloud,
  eventId: string,
): { confirmed: number; waitlisted: number; checkedIn: number } {
  const docs = signupsOf(tc, eventId);
  return {
    confirmed: docs.filter((d) => d.status === 'confirmed' || d.status === 'checked_in').length,
    waitlisted: docs.filter((d) => d.status === 'waitlisted').length,
    checkedIn: docs.filter((d) => d.status === 'checked_in').length,
  };
}

export function storedCounters(
  tc: TestCloud,
  eventId: string,
): { confirmed: number; waitlisted: number; checkedIn: number } {
  const e = eventRow(tc, eventId);
  return { confirmed: e.confirmed, waitlisted: e.waitlisted, checkedIn: e.checkedIn };
}

/** The cell values of one sheet of an exported xlsx (`columns` wide, else as wide as the sheet), row by row. */
export async function sheetValues(
  tc: TestCloud,
  fileID: string,
  sheet: string,
  columns?: number,
): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(tc.storage.read(fileID) as unknown as ArrayBuffer);
  const ws = wb.getWorksheet(sheet);
  if (!ws) throw new Error(`no sheet ${sheet}`);
  const rows: unknown[][] = [];
  const width = columns ?? ws.columnCount;
  ws.eachRow((row) => {
    const cells: unknown[] = [];
    for (let c = 1; c <= width; c++) cells.push(row.getCell(c).value ?? '');
    rows.push(cells);
  });
  return rows;
}

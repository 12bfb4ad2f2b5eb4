// 报名名单 (with the event's 出勤统计 sheet) and the year's attendance
// exports: .xlsx written with exceljs, stored in cloud storage, handed back
// as a temporary URL (wx.openDocument can open it).
import crypto from 'crypto';
import {
  SIGNUP_STATUS_LABELS,
  type Attendee,
  type AttendanceReport,
  type CompanionView,
  type EventAttendance,
} from '../../miniprogram/contract/index';
import { tempFileURL, uploadFile } from '../cloud';

const EXPORT_LINK_SECONDS = 600;
import { allSignups, orderAttendees } from './admin';
import { attendanceOf, attendanceReport } from './attendance';
import { type EventDoc, formatBeijing, labelledFields } from './model';
import { loadEvent } from './queries';

/**
 * Column headers, in order; tests read the file back against these. After
 * them, one column per custom field (signupColumns).
 */
export const EXPORT_HEADERS = [
  '姓名',
  '单位',
  '职务',
  '手机号',
  '状态',
  '报名时间',
  '签到时间',
  '备注',
  '身份',
  '人数',
  '审核说明',
] as const;
const EXPORT_WIDTHS = [12, 28, 14, 15, 12, 18, 18, 30, 18, 6, 24];
const PHONE_COLUMN = 4;

/** One custom field's column: its header, and whether its cells are numbers (summable). */
export interface AnswerColumn {
  fieldId: string;
  header: string;
  numeric: boolean;
}

/**
 * The answer columns: the event's current fields in form order, then fields
 * since removed (「…（已删除）」) that an exported sign-up answered.
 */
export function answerColumns(
  ev: Pick<EventDoc, 'fields' | 'formerFields'>,
  attendees: readonly Attendee[],
): AnswerColumn[] {
  const answered = new Set(attendees.flatMap((a) => a.answers.map((v) => v.fieldId)));
  return labelledFields(ev)
    .filter(({ field, removed }) => !removed || answered.has(field.id))
    .map(({ field, label }) => ({ fieldId: field.id, header: label, numeric: field.type === 'number' }));
}

function statusText(a: Attendee): string {
  return a.status === 'waitlisted' && a.waitlistPosition
    ? `候补第${a.waitlistPosition}位`
    : SIGNUP_STATUS_LABELS[a.status];
}

/** A companion's own status: checked in on their own, else their sign-up's (a member's check-in is not theirs). */
function companionStatus(a: Attendee, c: CompanionView): string {
  if (c.checkedInAt) return SIGNUP_STATUS_LABELS.checked_in;
  return a.status === 'checked_in' ? SIGNUP_STATUS_LABELS.confirmed : statusText(a);
}

function answerCells(a: Attendee, columns: readonly AnswerColumn[]): Array<string | number> {
  const byId = new Map(a.answers.map((v) => [v.fieldId, v.text]));
  return columns.map((c) => {
    const text = byId.get(c.fieldId) ?? '';
    const n = Number(text);
    return c.numeric && text !== '' && Number.isFinite(n) ? n : text;
  });
}

/**
 * ONE ROW PER PERSON: the member's row, then a row for each companion
 * (身份 同行人员（member）) with their own name, phone, position, status and
 * check-in time. 人数 and the answers are on the member's row only, so a sum
 * of a number field or of 人数 counts each sign-up once.
 */
export function signupRows(
  attendees: readonly Attendee[],
  columns: readonly AnswerColumn[],
): Array<Array<string | number>> {
  const rows: Array<Array<string | number>> = [];
  for (const a of attendees) {
    rows.push([
      a.name,
      a.unit,
      a.position,
      a.phone,
      statusText(a),
      formatBeijing(a.createdAt),
      a.checkedInAt ? formatBeijing(a.checkedInAt) : '',
      a.remark,
      '本人',
      a.people,
      a.reviewNote ?? '',
      ...answerCells(a, columns),
    ]);
    for (const c of a.companions) {
      rows.push([
        c.name,
        a.unit,
        c.position,
        c.phone,
        companionStatus(a, c),
        formatBeijing(a.createdAt),
        c.checkedInAt ? formatBeijing(c.checkedInAt) : '',
        '',
        `同行人员（${a.name}）`,
        '',
        '',
        ...columns.map(() => ''),
      ]);
    }
  }
  return rows;
}

/**
 * What XML 1.0 can hold (https://www.w3.org/TR/xml/#charsets): every cell is
 * written into sheet XML, and one U+FFFF or NUL makes the whole file fail to
 * open. The schemas refuse these characters; this keeps older records from
 * breaking the sheet.
 */
export function xmlSafe(text: string): string {
  let out = '';
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    if (
      c === 0x09 ||
      c === 0x0a ||
      c === 0x0d ||
      (c >= 0x20 && c <= 0xd7ff) ||
      (c >= 0xe000 && c <= 0xfffd) ||
      (c >= 0x10000 && c <= 0x10ffff)
    ) {
      out += ch;
    }
  }
  return out;
}

type Workbook = import('exceljs').Workbook;

/** A sheet with a bold frozen header row, an autofilter and these rows (cells made XML-safe). */
function addSheet(
  wb: Workbook,
  name: string,
  headers: readonly string[],
  widths: readonly number[],
  rows: ReadonlyArray<ReadonlyArray<string | number>>,
) {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = headers.map((header, i) => ({ header, key: `c${i}`, width: widths[i] ?? 14 }));
  ws.getRow(1).font = { bold: true };
  for (const cells of rows) ws.addRow(cells.map((c) => (typeof c === 'string' ? xmlSafe(c) : c)));
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: headers.length } };
  return ws;
}

async function newWorkbook(title: string): Promise<Workbook> {
  // Loaded on first export only: the rest of the function starts cold without parsing exceljs.
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  wb.creator = '安徽省环保产业协会';
  wb.title = xmlSafe(title);
  return wb;
}

async function toBuffer(wb: Workbook): Promise<Buffer> {
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The attendance sheets' headers (issue 15 part 6); tests read the file back against these. */
export const ATTENDANCE_EVENT_HEADERS = ['活动', '开始时间', '报名', '通过', '签到', '未到'] as const;
export const ATTENDANCE_UNIT_HEADERS = ['单位', '参加活动', '签到人次'] as const;

function eventAttendanceRows(events: readonly EventAttendance[]): Array<Array<string | number>> {
  // An event not yet over has no no-shows yet: shown as 未结束, not 0.
  return events.map((e) => [
    e.title,
    formatBeijing(e.startAt),
    e.signedUp,
    e.approved,
    e.checkedIn,
    e.ended ? e.noShow : '未结束',
  ]);
}

export async function buildSignupWorkbook(
  title: string,
  attendees: Attendee[],
  attendance?: EventAttendance,
  columns: readonly AnswerColumn[] = [],
): Promise<{ buffer: Buffer; rows: number }> {
  const wb = await newWorkbook(title);
  const rows = signupRows(attendees, columns);
  const ws = addSheet(
    wb,
    '报名名单',
    [...EXPORT_HEADERS, ...columns.map((c) => c.header)],
    [...EXPORT_WIDTHS, ...columns.map(() => 16)],
    rows,
  );
  // Phone numbers stay text (no scientific notation, no lost digits).
  ws.getColumn(PHONE_COLUMN).numFmt = '@';
  if (attendance)
    addSheet(wb, '出勤统计', ATTENDANCE_EVENT_HEADERS, [30, 18, 8, 8, 8, 8], eventAttendanceRows([attendance]));
  return { buffer: await toBuffer(wb), rows: rows.length };
}

/** The year's attendance: one sheet per event, one per member unit. */
export async function buildAttendanceWorkbook(report: AttendanceReport): Promise<Buffer> {
  const wb = await newWorkbook(`${report.year}年活动出勤`);
  addSheet(wb, '活动出勤', ATTENDANCE_EVENT_HEADERS, [30, 18, 8, 8, 8, 8], eventAttendanceRows(report.events));
  addSheet(
    wb,
    '单位出勤',
    ATTENDANCE_UNIT_HEADERS,
    [30, 10, 10],
    report.units.map((u) => [u.unit, u.events, u.checkins]),
  );
  return toBuffer(wb);
}

function stamp(ms: number): string {
  return formatBeijing(ms, true).replace(/[-: ]/g, '');
}

/**
 * The lists hold members' names and phone numbers: a path carries 128 random
 * bits, so knowing the event id and the time is not enough to fetch it, and
 * two exports never overwrite each other.
 */
function randomExportPath(folder: string, name: string, now: number): string {
  return `exports/${folder}/${crypto.randomBytes(16).toString('hex')}/${name}-${stamp(now)}.xlsx`;
}

export function exportPath(eventId: string, now: number): string {
  return randomExportPath(`events/${eventId}`, 'signups', now);
}

/** Uploads an export and hands back a link that lasts ten minutes (enough to open it). */
async function publish(path: string, buffer: Buffer, rows: number) {
  const fileID = await uploadFile(path, buffer);
  return { fileID, tempFileURL: await tempFileURL(fileID, EXPORT_LINK_SECONDS), rows };
}

export async function exportAttendance(
  year: number,
  now: number,
): Promise<{ fileID: string; tempFileURL: string; rows: number }> {
  const report = await attendanceReport(year, now);
  const buffer = await buildAttendanceWorkbook(report);
  return publish(randomExportPath(`attendance/${year}`, 'attendance', now), buffer, report.events.length);
}

/**
 * The attendee list's order (orderAttendees): seat holders and sign-ups in
 * review, then the waitlist, then rejected ones (with the staff's reason in
 * 审核说明); cancelled ones are left out. `rows`: the people listed
 * (companions included).
 */
export async function exportSignups(
  eventId: string,
  now: number,
): Promise<{ fileID: string; tempFileURL: string; rows: number }> {
  const ev = await loadEvent(eventId);
  const signups = await allSignups(eventId, ['confirmed', 'checked_in', 'reviewing', 'waitlisted', 'rejected']);
  const attendees = orderAttendees(signups, ev);
  const { buffer, rows } = await buildSignupWorkbook(
    ev.title,
    attendees,
    attendanceOf(ev, signups, now),
    answerColumns(ev, attendees),
  );
  return publish(exportPath(eventId, now), buffer, rows);
}

// 报名名单 export: an .xlsx written with exceljs, stored in cloud storage,
// handed back as a temporary URL (wx.openDocument can open it).
import crypto from 'crypto';
import { SIGNUP_STATUS_LABELS, type Attendee } from '../../miniprogram/contract/index';
import { tempFileURL, uploadFile } from '../cloud';

const EXPORT_LINK_SECONDS = 600;
import { allSignups, orderAttendees } from './admin';
import { formatBeijing } from './model';
import { loadEvent } from './queries';

/** Column headers, in order; tests read the file back against these. */
export const EXPORT_HEADERS = ['姓名', '单位', '职务', '手机号', '状态', '报名时间', '签到时间', '备注'] as const;

function statusText(a: Attendee): string {
  return a.status === 'waitlisted' && a.waitlistPosition
    ? `候补第${a.waitlistPosition}位`
    : SIGNUP_STATUS_LABELS[a.status];
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

export async function buildSignupWorkbook(title: string, attendees: Attendee[]): Promise<Buffer> {
  // Loaded on first export only: the rest of the function starts cold without parsing exceljs.
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  wb.creator = '安徽省环保产业协会';
  wb.title = xmlSafe(title);
  const ws = wb.addWorksheet('报名名单', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = EXPORT_HEADERS.map((header, i) => ({
    header,
    key: `c${i}`,
    width: [12, 28, 14, 15, 12, 18, 18, 30][i] ?? 14,
  }));
  ws.getRow(1).font = { bold: true };
  for (const a of attendees) {
    const cells = [
      a.name,
      a.unit,
      a.position,
      a.phone,
      statusText(a),
      formatBeijing(a.createdAt),
      a.checkedInAt ? formatBeijing(a.checkedInAt) : '',
      a.remark,
    ];
    ws.addRow(cells.map(xmlSafe));
  }
  // Phone numbers stay text (no scientific notation, no lost digits).
  ws.getColumn(4).numFmt = '@';
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: EXPORT_HEADERS.length } };
  const out = await wb.xlsx.writeBuffer();
  return Buffer.from(out);
}

function stamp(ms: number): string {
  return formatBeijing(ms, true).replace(/[-: ]/g, '');
}

/**
 * The list holds members' phone numbers: its path carries 128 random bits, so
 * knowing the event id and the time is not enough to fetch it, and two
 * exports never overwrite each other.
 */
export function exportPath(eventId: string, now: number): string {
  return `exports/events/${eventId}/${crypto.randomBytes(16).toString('hex')}/signups-${stamp(now)}.xlsx`;
}

/** Seat holders first (confirmed, checked in), then the waitlist in order; cancelled ones are left out. */
export async function exportSignups(
  eventId: string,
  now: number,
): Promise<{ fileID: string; tempFileURL: string; rows: number }> {
  const ev = await loadEvent(eventId);
  const attendees = orderAttendees(await allSignups(eventId, ['confirmed', 'checked_in', 'waitlisted']));
  const buffer = await buildSignupWorkbook(ev.title, attendees);
  const fileID = await uploadFile(exportPath(eventId, now), buffer);
  // The link carries names and phone numbers: ten minutes is enough to open it.
  return { fileID, tempFileURL: await tempFileURL(fileID, EXPORT_LINK_SECONDS), rows: attendees.length };
}

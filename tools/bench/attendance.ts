// Attendance benchmark (issue 15 part 6): how long attendance.year and
// attendance.export take for a busy year, on the real events function and
// the local cloud. attendance.year reads the year's events, then each
// event's sign-ups in pages of 100: one query per 100 events plus one per
// 100 sign-ups of each event. Then signup.export of one event with 1,000
// sign-ups answering three custom fields (one column each). Figures, not
// assertions.
//
//   npm run bench -- attendance    (LOCAL_CLOUD_DB_DELAY_MS adds a per-request delay)
import fs from 'fs';
import os from 'os';
import path from 'path';
import type { SignupField } from '../../miniprogram/contract/index';
import { createCollections } from '../../server/collections';
import { startLocalCloud, type CloudHandler, type LocalCloud } from '../local-cloud/index';
import { benchEventInput, eventsOk } from './events';

const EVENTS = 30;
const SIGNUPS_PER_EVENT = 120;
const UNITS = 40;
const RUNS = 5;
const ADMIN = 'bench-admin';
const EXPORT_SIGNUPS = 1000;
/** Sign-ups sent at once while filling the export's event. */
const FILL_CONCURRENCY = 50;
const EXPORT_FIELDS: SignupField[] = [
  { id: 'bus', type: 'single', label: '是否乘坐大巴', required: true, options: ['是', '否'] },
  { id: 'cars', type: 'number', label: '随行车辆数', required: false, min: 0, max: 5 },
  { id: 'diet', type: 'textarea', label: '饮食禁忌', required: false },
];

async function timed(op: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await op();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

export async function benchAttendance(): Promise<void> {
  console.log(`\n# attendance: ${EVENTS} events × ${SIGNUPS_PER_EVENT} sign-ups (half checked in), ${UNITS} units`);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-attendance-'));
  const mod = require('../../cloudfunctions/events/index') as { main: CloudHandler };
  const lc = startLocalCloud({ dataDir, functions: { events: mod.main }, functionEnv: { ADMIN_OPENIDS: ADMIN } });
  await createCollections();
  console.log(`  (db delay per request: ${lc.dbDelayMs} ms)`);
  try {
    let year = 0;
    for (let e = 0; e < EVENTS; e++) {
      const input = benchEventInput(`出勤压测活动 ${e}`, SIGNUPS_PER_EVENT);
      year = new Date(input.startAt + 8 * 3600 * 1000).getUTCFullYear();
      const ev = await eventsOk(lc, 'events.save', input, ADMIN);
      const codes = await Promise.all(
        Array.from({ length: SIGNUPS_PER_EVENT }, (_, i) =>
          eventsOk(
            lc,
            'signup.submit',
            {
              eventId: ev.id,
              name: `会员${i}`,
              unit: `安徽环保企业${i % UNITS}号`,
              phone: `139${String(i).padStart(8, '0')}`,
            },
            `member-${i}`,
          ),
        ),
      );
      // One at a time, as one staff phone scans them at the door.
      for (const c of codes.filter((_, i) => i % 2 === 0)) {
        await eventsOk(lc, 'signup.checkin', { eventId: ev.id, code: c.checkinCode }, ADMIN);
      }
    }
    const yearMs: number[] = [];
    const exportMs: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      yearMs.push(await timed(() => eventsOk(lc, 'attendance.year', { year }, ADMIN)));
      exportMs.push(await timed(() => eventsOk(lc, 'attendance.export', { year }, ADMIN)));
    }
    const exportEvent = await fillExportEvent(lc);
    const signupExportMs: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      signupExportMs.push(await timed(() => eventsOk(lc, 'signup.export', { eventId: exportEvent }, ADMIN)));
    }
    const queries = Math.ceil((EVENTS + 1) / 100) + EVENTS * Math.ceil((SIGNUPS_PER_EVENT + 1) / 100);
    const fmt = (xs: number[]) =>
      `${median(xs).toFixed(0).padStart(6)} ms  (median of ${xs.length}, range ${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)})`;
    console.log(`  ${'attendance.year'.padEnd(30)} ${fmt(yearMs)}; ${queries} database reads`);
    console.log(`  ${'attendance.export (xlsx)'.padEnd(30)} ${fmt(exportMs)}`);
    console.log(
      `  ${`signup.export, ${EXPORT_SIGNUPS} × ${EXPORT_FIELDS.length} fields`.padEnd(30)} ${fmt(signupExportMs)}`,
    );
  } finally {
    await lc.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** One event whose EXPORT_SIGNUPS members all answered EXPORT_FIELDS. */
async function fillExportEvent(lc: LocalCloud): Promise<string> {
  const input = { ...benchEventInput('导出压测活动', EXPORT_SIGNUPS), fields: EXPORT_FIELDS };
  const ev = await eventsOk(lc, 'events.save', input, ADMIN);
  for (let from = 0; from < EXPORT_SIGNUPS; from += FILL_CONCURRENCY) {
    const batch = Array.from({ length: Math.min(FILL_CONCURRENCY, EXPORT_SIGNUPS - from) }, (_, k) => from + k);
    await Promise.all(
      batch.map((i) =>
        eventsOk(
          lc,
          'signup.submit',
          {
            eventId: ev.id,
            name: `导出会员${i}`,
            unit: `安徽环保企业${i % UNITS}号`,
            phone: `138${String(i).padStart(8, '0')}`,
            answers: { bus: i % 2 ? '是' : '否', cars: i % 4, ...(i % 3 ? { diet: '不吃辣\n不吃香菜' } : {}) },
          },
          `export-member-${i}`,
        ),
      ),
    );
  }
  return ev.id;
}

if (require.main === module) void benchAttendance();

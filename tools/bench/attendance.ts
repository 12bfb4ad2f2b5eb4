// Attendance benchmark (issue 15 part 6): how long attendance.year and
// attendance.export take for a busy year, on the real events function and
// the local cloud. attendance.year reads the year's events, then each
// event's sign-ups in pages of 100: one query per 100 events plus one per
// 100 sign-ups of each event. Figures, not assertions.
//
//   npm run bench -- attendance    (LOCAL_CLOUD_DB_DELAY_MS adds a per-request delay)
import fs from 'fs';
import os from 'os';
import path from 'path';
import type { ActionName, Envelope, PayloadOf } from '../../miniprogram/contract/index';
import { createCollections } from '../../server/collections';
import { startLocalCloud, type CloudHandler, type LocalCloud } from '../local-cloud/index';
import { benchEventInput } from './events';

const EVENTS = 30;
const SIGNUPS_PER_EVENT = 120;
const UNITS = 40;
const RUNS = 5;
const ADMIN = 'bench-admin';

async function call<A extends ActionName<'events'>>(
  lc: LocalCloud,
  action: A,
  payload: PayloadOf<'events', A>,
  openid: string,
): Promise<unknown> {
  const env = (await lc.call('events', { action, payload }, { openid })) as Envelope<unknown>;
  if (!env.ok) throw new Error(`${action} failed: ${env.code} ${env.message}`);
  return env.data;
}

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
      const ev = (await call(lc, 'events.save', input, ADMIN)) as { id: string };
      const codes = (await Promise.all(
        Array.from({ length: SIGNUPS_PER_EVENT }, (_, i) =>
          call(
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
      )) as Array<{ checkinCode: string }>;
      // One at a time, as staff scan them (check-in is a transaction on the event).
      for (const c of codes.filter((_, i) => i % 2 === 0)) {
        await call(lc, 'signup.checkin', { eventId: ev.id, code: c.checkinCode }, ADMIN);
      }
    }
    const yearMs: number[] = [];
    const exportMs: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      yearMs.push(await timed(() => call(lc, 'attendance.year', { year }, ADMIN)));
      exportMs.push(await timed(() => call(lc, 'attendance.export', { year }, ADMIN)));
    }
    const queries = Math.ceil((EVENTS + 1) / 100) + EVENTS * Math.ceil((SIGNUPS_PER_EVENT + 1) / 100);
    const fmt = (xs: number[]) =>
      `${median(xs).toFixed(0).padStart(6)} ms  (median of ${xs.length}, range ${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)})`;
    console.log(`  ${'attendance.year'.padEnd(30)} ${fmt(yearMs)}; ${queries} database reads`);
    console.log(`  ${'attendance.export (xlsx)'.padEnd(30)} ${fmt(exportMs)}`);
  } finally {
    await lc.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (require.main === module) void benchAttendance();

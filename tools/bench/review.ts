// Review and door benchmark (issue 15): how long staff wait for one bulk
// approval of 100 sign-ups (groups of 1–3; approvals run one after another,
// in the order given, each placed like a sign-up), and how fast a crowd of
// people checks in at the door (every code scanned at once, by person).
// Runs the real events function on the local cloud (real wx-server-sdk).
// Figures, not assertions.
//
//   LOCAL_CLOUD_DB_DELAY_MS=20 npm run bench -- review
import fs from 'fs';
import os from 'os';
import path from 'path';
import type { Envelope, PayloadOf } from '../../miniprogram/contract/index';
import { createCollections } from '../../server/collections';
import { startLocalCloud, type CloudHandler } from '../local-cloud/index';
import { benchEventInput, eventsOk } from './events';

const ADMIN = 'bench-admin';
const IN_REVIEW = 100;
const AT_DOOR = 100;

function companions(i: number): Array<{ name: string; phone: string }> {
  return Array.from({ length: i % 3 }, (_, k) => ({
    name: `同行${i}-${k}`,
    phone: `138${String(i * 10 + k).padStart(8, '0')}`,
  }));
}

function signup(eventId: string, i: number): PayloadOf<'events', 'signup.submit'> {
  return {
    eventId,
    name: `会员${i}`,
    unit: `环保企业${i % 17}`,
    phone: `139${String(i).padStart(8, '0')}`,
    companions: companions(i),
  };
}

function seconds(since: bigint): number {
  return Number(process.hrtime.bigint() - since) / 1e9;
}

export async function benchReview(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-review-'));
  const mod = require('../../cloudfunctions/events/index') as { main: CloudHandler };
  const lc = startLocalCloud({ dataDir, functions: { events: mod.main }, functionEnv: { ADMIN_OPENIDS: ADMIN } });
  try {
    await createCollections();
    console.log(`\n# review: ${lc.dbDelayMs} ms per database request`);
    const reviewed = await eventsOk(
      lc,
      'events.save',
      { ...benchEventInput('审核压测', 150), reviewRequired: true, groupMax: 3 },
      ADMIN,
    );
    const ids: string[] = [];
    for (let i = 0; i < IN_REVIEW; i += 20) {
      const batch = await Promise.all(
        Array.from({ length: 20 }, (_, k) => eventsOk(lc, 'signup.submit', signup(reviewed.id, i + k), `m${i + k}`)),
      );
      ids.push(...batch.map((s) => s.id));
    }
    const started = process.hrtime.bigint();
    const { outcomes } = await eventsOk(lc, 'signup.review', { eventId: reviewed.id, ids, decision: 'approve' }, ADMIN);
    const took = seconds(started);
    const confirmed = outcomes.filter((o) => o.ok && o.status === 'confirmed').length;
    const waitlisted = outcomes.filter((o) => o.ok && o.status === 'waitlisted').length;
    console.log(
      `  one approval of ${IN_REVIEW} sign-ups (${outcomes.length} outcomes)`.padEnd(54) + `${took.toFixed(2)} s`,
    );
    console.log(`  per sign-up`.padEnd(54) + `${((took * 1000) / IN_REVIEW).toFixed(0)} ms`);
    console.log(
      `  confirmed / waitlisted / refused`.padEnd(54) +
        `${confirmed} / ${waitlisted} / ${outcomes.length - confirmed - waitlisted}`,
    );

    const door = await eventsOk(lc, 'events.save', { ...benchEventInput('签到压测', 400), groupMax: 3 }, ADMIN);
    const codes: string[] = [];
    for (let i = 0; i < AT_DOOR; i += 20) {
      const batch = await Promise.all(
        Array.from({ length: 20 }, (_, k) => eventsOk(lc, 'signup.submit', signup(door.id, i + k), `d${i + k}`)),
      );
      codes.push(...batch.flatMap((s) => [s.checkinCode, ...s.companions.map((c) => c.checkinCode)]));
    }
    const scanStart = process.hrtime.bigint();
    const scans = await Promise.all(
      codes.map((code) =>
        lc.call('events', { action: 'signup.checkin', payload: { eventId: door.id, code } }, { openid: ADMIN }),
      ),
    );
    const scanSecs = seconds(scanStart);
    const failed = scans.filter((e) => !(e as Envelope<unknown>).ok).length;
    console.log(
      `  ${codes.length} people scanned at once`.padEnd(54) +
        `${scanSecs.toFixed(2)} s  (${(codes.length / scanSecs).toFixed(0)} /s, ${failed} failed)`,
    );
  } finally {
    await lc.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

// Flash crowd: 1,000 members tap 报名 within one second for a 200-seat
// event, each request sent twice (as a retrying phone does), through the
// local cloud's HTTP endpoint, at 20 ms per database request (override with
// LOCAL_CLOUD_DB_DELAY_MS), on WeChat's transaction rules. Figures, not
// assertions.
//
//   npm run bench -- flash        (FLASH_MEMBERS / FLASH_SEATS change the size)
import fs from 'fs';
import os from 'os';
import path from 'path';
import type { Envelope } from '../../miniprogram/contract/index';
import { createCollections } from '../../server/collections';
import { startLocalCloud, type CloudHandler } from '../local-cloud/index';
import { benchEventInput } from './events';
import { crowd, post } from './flash-client';

const MEMBERS = Number(process.env.FLASH_MEMBERS || 1000);
const SEATS = Number(process.env.FLASH_SEATS || 200);
const WINDOW_MS = 1000;
const ADMIN = 'bench-admin';

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!;
}

export async function benchFlash(): Promise<void> {
  const delay = Number(process.env.LOCAL_CLOUD_DB_DELAY_MS || 20);
  console.log(
    `\n# flash: ${MEMBERS} members × 2 requests within ${WINDOW_MS} ms for ${SEATS} seats, over HTTP, ${delay} ms per database request`,
  );
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-flash-'));
  const mod = require('../../cloudfunctions/events/index') as { main: CloudHandler };
  const lc = startLocalCloud({
    dataDir,
    functions: { events: mod.main },
    functionEnv: { ADMIN_OPENIDS: ADMIN },
    dbDelayMs: delay,
  });
  try {
    await createCollections();
    const base = await lc.listen(0);
    const url = `${base}/call/events`;
    const saved = (await post(url, ADMIN, {
      action: 'events.save',
      payload: benchEventInput('秒报压测活动', SEATS),
    })) as Envelope<{ id: string }>;
    if (!saved.ok) throw new Error(`events.save failed: ${saved.code} ${saved.message}`);
    const eventId = saved.data.id;

    const conflictsBefore = lc.engine.conflicts;
    const waitsBefore = lc.engine.lockWaits;
    const start = Date.now();
    const cpuBefore = process.cpuUsage();
    const [load] = os.loadavg();
    // The phones run in a thread of their own, as phones are not in the
    // cloud's process: the answer times measure the functions and the
    // database, not this process's HTTP client competing for the same core.
    const answers = await crowd({ url, eventId, members: MEMBERS, windowMs: WINDOW_MS });
    const secs = (Date.now() - start) / 1000;
    const cpu = process.cpuUsage(cpuBefore);

    const codes = new Map<string, number>();
    const signedUp = new Set<number>();
    const told = new Map<number, Set<string>>();
    for (const a of answers) {
      const code = 'transport' in a.env ? `transport: ${a.env.transport}` : a.env.ok ? 'ok' : a.env.code;
      codes.set(code, (codes.get(code) ?? 0) + 1);
      if (!('transport' in a.env) && a.env.ok) {
        signedUp.add(a.member);
        const seen = told.get(a.member) ?? new Set<string>();
        seen.add(`${a.env.data.status}:${a.env.data.waitlistPosition ?? ''}`);
        told.set(a.member, seen);
      }
    }
    const times = answers.map((a) => a.ms).sort((x, y) => x - y);
    const docs = lc.store.dump('signups').filter((d) => d.eventId === eventId);
    const ev = lc.store.collection('events').get(eventId) as unknown as { confirmed: number; waitlisted: number };
    const byStatus = (s: string) => docs.filter((d) => d.status === s).length;
    const seqs = docs
      .filter((d) => d.status === 'waitlisted')
      .map((d) => Number(d.waitlistSeq))
      .sort((x, y) => x - y);
    const inOrder = seqs.every((s, k) => s === k + 1);
    const twinsDisagree = [...told.values()].filter((s) => s.size > 1).length;

    const row = (label: string, value: string) => console.log(`  ${label.padEnd(44)} ${value}`);
    row('members with a sign-up', `${signedUp.size} of ${MEMBERS}`);
    row(
      'sign-ups/s (members signed up / wall time)',
      `${(signedUp.size / secs).toFixed(0)} /s  (${secs.toFixed(1)} s)`,
    );
    row('answer time p50 / p99 / max', `${percentile(times, 50)} / ${percentile(times, 99)} / ${times.at(-1) ?? 0} ms`);
    // CPU is what the crowd cost; wall times also hold the waits for a core on a shared machine.
    row(
      'CPU during the crowd (cloud + phones)',
      `${((cpu.user + cpu.system) / 1e6).toFixed(1)} s  (load average ${load!.toFixed(1)} at the start, ${os.cpus().length} cores)`,
    );
    row('answers by code', [...codes].map(([c, n]) => `${c} ${n}`).join(', '));
    row('event counters confirmed / waitlisted', `${ev.confirmed} / ${ev.waitlisted}`);
    row(
      'records confirmed / waitlisted / other',
      `${byStatus('confirmed')} / ${byStatus('waitlisted')} / ${docs.length - byStatus('confirmed') - byStatus('waitlisted')}`,
    );
    row('waitlist seqs exactly 1..n', inOrder ? 'yes' : `NO (${seqs.slice(0, 5).join(',')}…)`);
    row('members told two different answers', String(twinsDisagree));
    row(
      'transaction conflicts / plain writes that waited',
      `${lc.engine.conflicts - conflictsBefore} / ${lc.engine.lockWaits - waitsBefore}`,
    );
    console.log('  (figures are noisy: the machine is shared)');
  } finally {
    await lc.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (require.main === module) void benchFlash();

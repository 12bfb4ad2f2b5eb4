// Events benchmark: sign-ups per second at 500 concurrent submissions, next
// to events.get calls per second at the same concurrency (goal: ratio ≥ 0.8).
// Runs the real events function on the local cloud (real wx-server-sdk).
// Figures, not assertions.
//
//   npm run bench -- events        (LOCAL_CLOUD_DB_DELAY_MS adds a per-request delay)
import { createCollections } from '../../server/collections';
import fs from 'fs';
import os from 'os';
import path from 'path';
import type { ActionName, Envelope, PayloadOf, ResultOf } from '../../miniprogram/contract/index';
import { startLocalCloud, type CloudHandler, type LocalCloud } from '../local-cloud/index';

const CONCURRENCY = 500;
const ROUNDS = 5;
const SEATS = 50;
const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;
const ADMIN = 'bench-admin';

async function call<A extends ActionName<'events'>>(
  lc: LocalCloud,
  action: A,
  payload: PayloadOf<'events', A>,
  openid?: string,
): Promise<Envelope<unknown>> {
  return (await lc.call('events', { action, payload }, openid ? { openid } : {})) as Envelope<unknown>;
}

/** An events action that must succeed (benches set up their data with it): its result, typed. */
export async function eventsOk<A extends ActionName<'events'>>(
  lc: LocalCloud,
  action: A,
  payload: PayloadOf<'events', A>,
  openid: string,
): Promise<ResultOf<'events', A>> {
  const env = (await lc.call('events', { action, payload }, { openid })) as Envelope<ResultOf<'events', A>>;
  if (!env.ok) throw new Error(`${action} failed: ${env.code} ${env.message}`);
  return env.data;
}

/** A bench event three days out, sign-up open for a day, waitlist on. */
export function benchEventInput(title: string, capacity: number): PayloadOf<'events', 'events.save'> {
  const now = Date.now();
  return {
    title,
    summary: '',
    place: '合肥',
    startAt: now + 3 * DAY,
    endAt: now + 3 * DAY + HOUR,
    signupDeadline: now + DAY,
    capacity,
    waitlistEnabled: true,
  };
}

async function newEvent(lc: LocalCloud, round: number): Promise<string> {
  const env = await call(lc, 'events.save', benchEventInput(`压测活动 ${round}`, SEATS), ADMIN);
  if (!env.ok) throw new Error(`events.save failed: ${env.code} ${env.message}`);
  return (env.data as { id: string }).id;
}

/**
 * Fires `n` calls at once: calls per second until the last one answered, and
 * this process's CPU time per call (steadier than wall time on a shared machine).
 */
async function burst(
  n: number,
  op: (i: number) => Promise<Envelope<unknown>>,
): Promise<{ rate: number; cpuMs: number; failed: number }> {
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  const envs = await Promise.all(Array.from({ length: n }, (_, i) => op(i)));
  const secs = Number(process.hrtime.bigint() - start) / 1e9;
  const used = process.cpuUsage(cpu);
  return { rate: n / secs, cpuMs: (used.user + used.system) / 1000 / n, failed: envs.filter((e) => !e.ok).length };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

function line(label: string, rates: number[], cpuMs: number[], extra = ''): void {
  const m = median(rates);
  const spread = `${Math.min(...rates).toFixed(0)}–${Math.max(...rates).toFixed(0)}`;
  console.log(
    `  ${label.padEnd(52)} ${m.toFixed(0).padStart(7)} /s  (median of ${rates.length}, range ${spread}; ` +
      `${median(cpuMs).toFixed(2)} ms CPU per call)${extra}`,
  );
}

export async function benchEvents(): Promise<void> {
  console.log(`\n# events: ${CONCURRENCY} concurrent calls per burst, ${ROUNDS} bursts each`);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-events-'));
  const mod = require('../../cloudfunctions/events/index') as { main: CloudHandler };
  const lc = startLocalCloud({ dataDir, functions: { events: mod.main }, functionEnv: { ADMIN_OPENIDS: ADMIN } });
  // A fresh store per cloud: the functions' once-per-instance setup ran for the previous one.
  await createCollections();
  console.log(`  (db delay per request: ${lc.dbDelayMs} ms)`);
  try {
    // Warm-up: module init, SDK paths, JIT.
    const warm = await newEvent(lc, 0);
    await burst(50, (i) =>
      call(
        lc,
        'signup.submit',
        { eventId: warm, name: '预热会员', unit: '预热单位', phone: '13800000000' },
        `warm-${i}`,
      ),
    );
    await burst(50, () => call(lc, 'events.get', { id: warm }, 'warm-0'));

    const signups: number[] = [];
    const plainGets: number[] = [];
    const ownGets: number[] = [];
    const cpu = { signups: [] as number[], plainGets: [] as number[], ownGets: [] as number[] };
    let failed = 0;
    for (let round = 1; round <= ROUNDS; round++) {
      const eventId = await newEvent(lc, round);
      const who = (i: number) => `bench-${round}-${i}`;
      const s = await burst(CONCURRENCY, (i) =>
        call(
          lc,
          'signup.submit',
          { eventId, name: `会员${i}`, unit: `安徽环保企业${i}号`, phone: `139${String(i).padStart(8, '0')}` },
          who(i),
        ),
      );
      signups.push(s.rate);
      cpu.signups.push(s.cpuMs);
      failed += s.failed;
      // events.get by members who have not signed up: the plain detail read.
      const g = await burst(CONCURRENCY, (i) => call(lc, 'events.get', { id: eventId }, `viewer-${round}-${i}`));
      plainGets.push(g.rate);
      cpu.plainGets.push(g.cpuMs);
      failed += g.failed;
      // events.get by the 500 who signed up (450 waitlisted: each also counts its position).
      const o = await burst(CONCURRENCY, (i) => call(lc, 'events.get', { id: eventId }, who(i)));
      ownGets.push(o.rate);
      cpu.ownGets.push(o.cpuMs);
      failed += o.failed;
    }
    line(`signup.submit (${CONCURRENCY} members at once, ${SEATS} seats)`, signups, cpu.signups);
    line('events.get, same concurrency, callers without a sign-up', plainGets, cpu.plainGets);
    line(
      'events.get, same concurrency, the 500 who signed up',
      ownGets,
      cpu.ownGets,
      ' (450 count their waitlist position)',
    );
    const ratio = median(signups) / median(plainGets);
    console.log(`  ${'ratio sign-ups/s : events.get/s (goal ≥ 0.8)'.padEnd(52)} ${ratio.toFixed(2).padStart(7)}`);
    console.log(
      `  ${'ratio sign-ups/s : events.get/s with own sign-up'.padEnd(52)} ${(median(signups) / median(ownGets)).toFixed(2).padStart(7)}`,
    );
    if (failed) console.log(`  !! ${failed} calls answered with an error envelope`);
    const docs = lc.store.dump('signups').length;
    console.log(`  (${docs} sign-up docs at the end; local queries: equality indexes, then a scan of the candidates)`);
  } finally {
    await lc.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (require.main === module) void benchEvents();

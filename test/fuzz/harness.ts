// The fuzz run: payloads from payloads.ts sent to both functions over the
// local cloud's HTTP endpoint (real JSON on the wire, the real wx-server-sdk)
// as anonymous, member and admin. Every answer must be an envelope — a typed
// error other than INTERNAL, or a result — and a rejected call must leave the
// database log (db.log, every acknowledged write) exactly as it was.
// Used by test/cloud/fuzz.test.ts (bounded) and `npm run fuzz` (run.ts).
import fs from 'fs';
import path from 'path';
import fc from 'fast-check';
import { isErrorCode } from '../../miniprogram/contract/index';
import { startTestCloud, type TestCloud } from '../helpers/cloud';
import { fuzzCall, rawBodies, type Caller, type FuzzCall, type FuzzFixtures } from './payloads';

export const FUZZ_ADMIN = 'fuzz-admin';
export const FUZZ_MEMBER = 'fuzz-member';

export interface FuzzProblem {
  reason: 'INTERNAL' | 'not an envelope' | 'rejected call wrote';
  fn: string;
  caller: Caller | 'raw';
  /** What was sent, as JSON (cut short). */
  sent: string;
  status: number;
  answer: string;
}

export interface FuzzStats {
  payloads: number;
  /** Of which raw bodies (not {action, payload}), HTTP only. */
  rawBodies: number;
  accepted: number;
  rejected: number;
  codes: Record<string, number>;
  internal: number;
  nonEnvelope: number;
  writesByRejected: number;
  ms: number;
  problems: FuzzProblem[];
}

export interface FuzzCloud {
  tc: TestCloud;
  url: string;
  fixtures: FuzzFixtures;
  close(): Promise<void>;
}

/** A local cloud with one of everything the payloads refer to; close() removes its folder. */
export async function startFuzzCloud(): Promise<FuzzCloud> {
  const tc = await startTestCloud({ functionEnv: { ADMIN_OPENIDS: FUZZ_ADMIN } });
  const admin = { openid: FUZZ_ADMIN };
  const member = { openid: FUZZ_MEMBER };
  const article = (title: string) =>
    tc.ok(
      'content',
      'articles.save',
      { column: '协会动态', title, blocks: [{ type: 'paragraph', text: '正文。' }] },
      admin,
    );
  const published = (await article('已发布')).id;
  await tc.ok('content', 'articles.publish', { id: published }, admin);
  const draft = (await article('草稿')).id;
  const removed = (await article('已删除')).id;
  await tc.ok('content', 'articles.remove', { id: removed }, admin);
  const now = Date.now();
  const event = (
    await tc.ok(
      'events',
      'events.save',
      {
        title: '模糊测试活动',
        summary: '',
        place: '合肥',
        startAt: now + 5 * 86400000,
        endAt: now + 5 * 86400000 + 3600000,
        signupDeadline: now + 4 * 86400000,
        capacity: 5,
        waitlistEnabled: true,
        fields: [
          { id: 'bus', type: 'single', label: '是否乘坐大巴', required: false, options: ['是', '否'] },
          { id: 'cars', type: 'number', label: '随行车辆数', required: false, min: 0, max: 5 },
        ],
      },
      admin,
    )
  ).id;
  await tc.ok('events', 'signup.submit', { eventId: event, name: '张三', unit: '协会', phone: '13900000000' }, member);
  const checkinCode = String(tc.dump('signups').find((d) => d.eventId === event)?.checkinCode ?? '');
  const shareToken = (await tc.ok('content', 'shares.create', { targetType: 'article', targetId: published }, admin))
    .token;
  const url = await tc.lc.listen(0);
  return {
    tc,
    url,
    fixtures: { published, draft, removed, event, shareToken, checkinCode, member: FUZZ_MEMBER, admin: FUZZ_ADMIN },
    async close() {
      await tc.close();
      fs.rmSync(tc.dataDir, { recursive: true, force: true });
    },
  };
}

function logSize(tc: TestCloud): number {
  const file = path.join(tc.dataDir, 'db', 'db.log');
  return fs.existsSync(file) ? fs.statSync(file).size : 0;
}

function isEnvelope(v: unknown): v is { ok: true; data: unknown } | { ok: false; code: string; message: string } {
  if (!v || typeof v !== 'object') return false;
  const e = v as { ok?: unknown; data?: unknown; code?: unknown; message?: unknown };
  if (e.ok === true) return 'data' in e;
  return e.ok === false && isErrorCode(e.code) && typeof e.message === 'string' && e.message.length > 0;
}

const OPENIDS: Record<Caller, string | undefined> = { anonymous: undefined, member: FUZZ_MEMBER, admin: FUZZ_ADMIN };

async function post(url: string, fn: string, body: string, openid: string | undefined) {
  const res = await fetch(`${url}/call/${fn}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(openid ? { 'x-openid': openid } : {}) },
    body,
  });
  const text = await res.text();
  let answer: unknown;
  try {
    answer = JSON.parse(text) as unknown;
  } catch {
    answer = undefined;
  }
  return { status: res.status, text, answer };
}

/**
 * Sends `runs` payloads (a tenth of them raw bodies) and checks every answer.
 * Deterministic for a seed. With `budgetMs`, stops sending once that time has
 * passed and at least `minRuns` went out (a loaded machine sends fewer).
 */
export async function runFuzz(
  cloud: FuzzCloud,
  opts: { runs: number; seed: number; budgetMs?: number; minRuns?: number },
): Promise<FuzzStats> {
  const started = Date.now();
  const rawCount = Math.floor(opts.runs / 10);
  const calls = fc.sample(fuzzCall(cloud.fixtures), { numRuns: opts.runs - rawCount, seed: opts.seed });
  const raws = fc.sample(rawBodies, { numRuns: rawCount, seed: opts.seed + 1 });
  const stats: FuzzStats = {
    payloads: 0,
    rawBodies: 0,
    accepted: 0,
    rejected: 0,
    codes: {},
    internal: 0,
    nonEnvelope: 0,
    writesByRejected: 0,
    ms: 0,
    problems: [],
  };
  type Job = { fn: string; body: string; caller: Caller | 'raw'; openid: string | undefined };
  const jobs: Job[] = [];
  // One raw body after every nine calls.
  calls.forEach((c: FuzzCall, i) => {
    jobs.push({ fn: c.fn, body: JSON.stringify(c.data) ?? '{}', caller: c.caller, openid: OPENIDS[c.caller] });
    const raw = i % 9 === 8 ? raws.shift() : undefined;
    if (raw !== undefined) jobs.push({ fn: 'events', body: raw, caller: 'raw', openid: FUZZ_MEMBER });
  });
  for (const body of raws) jobs.push({ fn: 'events', body, caller: 'raw', openid: FUZZ_MEMBER });
  for (const job of jobs) {
    if (opts.budgetMs !== undefined && stats.payloads >= (opts.minRuns ?? 0) && Date.now() - started > opts.budgetMs) {
      break;
    }
    const before = logSize(cloud.tc);
    const { status, text, answer } = await post(cloud.url, job.fn, job.body, job.openid);
    const wrote = logSize(cloud.tc) !== before;
    stats.payloads++;
    if (job.caller === 'raw') stats.rawBodies++;
    const problem = (reason: FuzzProblem['reason']) =>
      stats.problems.push({
        reason,
        fn: job.fn,
        caller: job.caller,
        sent: job.body.slice(0, 300),
        status,
        answer: text.slice(0, 300),
      });
    if (!isEnvelope(answer) || status >= 500) {
      stats.nonEnvelope++;
      problem('not an envelope');
      continue;
    }
    if (answer.ok) {
      stats.accepted++;
      continue;
    }
    stats.rejected++;
    stats.codes[answer.code] = (stats.codes[answer.code] ?? 0) + 1;
    if (answer.code === 'INTERNAL') {
      stats.internal++;
      problem('INTERNAL');
    }
    if (wrote) {
      stats.writesByRejected++;
      problem('rejected call wrote');
    }
  }
  stats.ms = Date.now() - started;
  return stats;
}

/** The figures, one per line (npm run fuzz prints them; the test shows them on failure). */
export function formatStats(s: FuzzStats, seed: number): string {
  const codes = Object.entries(s.codes)
    .sort((a, b) => b[1] - a[1])
    .map(([c, n]) => `${c} ${n}`)
    .join(', ');
  return [
    `payloads           ${s.payloads} (${s.rawBodies} raw bodies) in ${(s.ms / 1000).toFixed(1)} s, seed ${seed}`,
    `accepted           ${s.accepted}`,
    `typed errors       ${s.rejected} (${codes})`,
    `INTERNAL           ${s.internal}`,
    `non-envelope       ${s.nonEnvelope}`,
    `rejected + wrote   ${s.writesByRejected}`,
  ].join('\n');
}

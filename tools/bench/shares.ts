// npm run bench -- shares: what attribution costs on the open path. With a
// 20 ms delay per database request (the content bench's method), the wall
// time of articles.open and events.get with and without a share token and a
// group chat; then opens per second through one share token next to plain
// opens (no delay). No assertions: the figures go in the issue notes.
import { createCollections } from '../../server/collections';
import fs from 'fs';
import os from 'os';
import path from 'path';
import type { Envelope } from '../../miniprogram/contract/index';
import { startLocalCloud, type LocalCloud } from '../local-cloud/index';

const DELAY_MS = 20;
const ADMIN = 'bench-admin';

type Handler = (event: unknown, context: unknown) => Promise<unknown>;

async function loadFunctions(): Promise<Record<string, Handler>> {
  const content = (await import('../../cloudfunctions/content/index')) as { main: Handler };
  const events = (await import('../../cloudfunctions/events/index')) as { main: Handler };
  return { content: content.main, events: events.main };
}

async function call<T>(
  lc: LocalCloud,
  fn: 'content' | 'events',
  action: string,
  payload: unknown,
  openid?: string,
): Promise<{ data: T; ms: number }> {
  const start = process.hrtime.bigint();
  const env = (await lc.call(fn, { action, payload }, openid ? { openid } : {})) as Envelope<T>;
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (!env.ok) throw new Error(`${action} failed: ${env.code} ${env.message}`);
  return { data: env.data, ms };
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function requestsOf(lc: LocalCloud): number {
  let n = 0;
  for (const v of lc.engine.stats.values()) n += v;
  return n;
}

function line(label: string, value: string): void {
  console.log(`  ${label.padEnd(64)} ${value}`);
}

export async function benchShares(): Promise<void> {
  console.log('\n# shares (attribution on the open path, content + events on the local cloud)');
  const functions = await loadFunctions();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-shares-'));
  const lc = startLocalCloud({ dataDir, functions, dbDelayMs: 0, functionEnv: { ADMIN_OPENIDS: ADMIN } });
  // A fresh store per cloud: the functions' once-per-instance setup ran for the previous one.
  await createCollections();
  try {
    const draft = await call<{ id: string }>(
      lc,
      'content',
      'articles.save',
      { column: '协会动态', title: '分享基准报道', blocks: [{ type: 'paragraph', text: '正文。' }] },
      ADMIN,
    );
    const id = draft.data.id;
    await call(lc, 'content', 'articles.publish', { id }, ADMIN);
    const start = Date.now() + 7 * 86_400_000;
    const ev = await call<{ id: string }>(
      lc,
      'events',
      'events.save',
      {
        title: '分享基准活动',
        summary: '说明',
        place: '合肥',
        startAt: start,
        endAt: start + 3_600_000,
        signupDeadline: start - 86_400_000,
        capacity: 100,
        waitlistEnabled: false,
      },
      ADMIN,
    );
    const eventId = ev.data.id;
    const token = (
      await call<{ token: string }>(lc, 'content', 'shares.create', { targetType: 'article', targetId: id }, 'sharer')
    ).data.token;
    const evToken = (
      await call<{ token: string }>(
        lc,
        'content',
        'shares.create',
        { targetType: 'event', targetId: eventId },
        'sharer',
      )
    ).data.token;
    await call(lc, 'content', 'articles.open', { id }, 'returning');
    await call(lc, 'content', 'articles.open', { id, groupCloudId: 'localgroup:known' }, 'returning');

    lc.dbDelayMs = DELAY_MS;
    const runs = 15;
    const stat = async (label: string, fn: (i: number) => Promise<number>) => {
      const before = requestsOf(lc);
      await fn(-1);
      const requests = requestsOf(lc) - before;
      const times: number[] = [];
      for (let i = 0; i < runs; i++) times.push(await fn(i));
      const ms = median(times);
      line(
        `${label} (${requests} DB requests)`,
        `${ms.toFixed(1)} ms = ${(ms / DELAY_MS).toFixed(2)} × ${DELAY_MS} ms`,
      );
    };
    console.log(`  with LOCAL_CLOUD_DB_DELAY_MS=${DELAY_MS}:`);
    const open = (payload: object, openid?: string) => async () =>
      (await call(lc, 'content', 'articles.open', { id, ...payload }, openid)).ms;
    await stat('articles.open, returning reader, no share', open({}, 'returning'));
    await stat('articles.open, returning reader, through a share (credited)', open({ shareToken: token }, 'returning'));
    await stat('articles.open, returning reader, own share (not credited)', open({ shareToken: token }, 'sharer'));
    await stat(
      'articles.open, returning reader, share + group already counted',
      open({ shareToken: token, groupCloudId: 'localgroup:known' }, 'returning'),
    );
    let n = 0;
    await stat(
      'articles.open, first read through a share',
      async () => await open({ shareToken: token }, `first-${n++}`)(),
    );
    await stat(
      'articles.open, first read, share + a new group',
      async () => await open({ shareToken: token, groupCloudId: `localgroup:new-${n}` }, `first-${n++}`)(),
    );
    await stat('articles.open, no OPENID (Moments) with a token', open({ shareToken: token }));
    await stat(
      'events.get, no share',
      async () => (await call(lc, 'events', 'events.get', { id: eventId }, 'returning')).ms,
    );
    await stat(
      'events.get, through a share (credited)',
      async () => (await call(lc, 'events', 'events.get', { id: eventId, shareToken: evToken }, 'returning')).ms,
    );
    await stat(
      'shares.create',
      async () => (await call(lc, 'content', 'shares.create', { targetType: 'article', targetId: id }, 'sharer')).ms,
    );
    await stat('stats.article', async () => (await call(lc, 'content', 'stats.article', { id }, ADMIN)).ms);
    await call(lc, 'content', 'content.qrcode', { targetType: 'article', id }, 'poster');
    await stat(
      'content.qrcode, cached',
      async () => (await call(lc, 'content', 'content.qrcode', { targetType: 'article', id }, 'poster')).ms,
    );

    // Throughput, no delay: 2000 opens, 16 in flight, through one token vs plain.
    lc.dbDelayMs = 0;
    const throughput = async (label: string, payload: (k: number) => object) => {
      const total = 2000;
      let next = 0;
      const t0 = process.hrtime.bigint();
      await Promise.all(
        Array.from({ length: 16 }, async () => {
          while (next < total) {
            const k = next++;
            await call(lc, 'content', 'articles.open', { id, ...payload(k) }, `member-${k % 300}`);
          }
        }),
      );
      const secs = Number(process.hrtime.bigint() - t0) / 1e9;
      line(label, `${(total / secs).toFixed(0)} /s`);
    };
    await throughput('articles.open calls/s, plain (16 in flight, 300 members)', () => ({}));
    await throughput('articles.open calls/s, through one share token, 5 groups', (k) => ({
      shareToken: token,
      groupCloudId: `localgroup:g${k % 5}`,
    }));
  } finally {
    await lc.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (require.main === module) void benchShares();

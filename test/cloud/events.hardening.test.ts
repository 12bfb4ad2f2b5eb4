// Server hardening of the events function: timer triggers cannot be spoofed
// by a client, exports land on unguessable paths, notices go out with
// bounded concurrency, events.save checks cover and linked report, payloads
// with unknown fields are refused, tampered list cursors are refused, and
// every collection is listed with its indexes and security rules.
import fs from 'fs';
import path from 'path';
import { SUBSCRIBE_TEMPLATES } from '../../miniprogram/contract/index';
import { COLLECTIONS } from '../../server/collections';
import { DATABASE } from '../../server/database';
import { NOTIFY_CONCURRENCY } from '../../server/events/notify';
import { FUNCTIONS_DIR, type TestCloud } from '../helpers/cloud';
import {
  ADMIN,
  createEvent,
  editOf,
  eventFiveDaysOut,
  HOUR,
  member,
  signupInput,
  snapshot,
  startEventsCloud,
} from './events.fixtures';

let tc: TestCloud;

beforeAll(async () => {
  // Every function: events.save checks a linked report of the content function.
  tc = await startEventsCloud({});
});
afterAll(async () => {
  await tc.close();
});

const REMIND = [SUBSCRIBE_TEMPLATES.eventReminder];

/** An event starting tomorrow with `n` confirmed members who accepted the reminder. */
async function eventDueTomorrow(first: number, n: number): Promise<string> {
  const now = Date.now();
  const ev = await createEvent(tc, {
    capacity: Math.max(n, 1),
    startAt: now + 20 * HOUR,
    endAt: now + 22 * HOUR,
    signupDeadline: now + 10 * HOUR,
  });
  for (let i = first; i < first + n; i++) {
    await tc.ok('events', 'signup.submit', signupInput(ev.id, i, { subscribed: REMIND }), { openid: member(i) });
  }
  return ev.id;
}

function errorOf(env: unknown): { ok: boolean; code?: string; message?: string; field?: string } {
  return env as { ok: boolean; code?: string; message?: string; field?: string };
}

describe('timer triggers', () => {
  test('a member sending a Timer event is refused and nobody is reminded', async () => {
    await eventDueTomorrow(100, 2);
    const before = snapshot(tc);
    const sent = tc.records.subscribeMessages.length;
    for (const openid of [member(100), ADMIN]) {
      const env = errorOf(
        await tc.callRaw(
          'events',
          { Type: 'Timer', TriggerName: 'reminders', Time: new Date().toISOString() },
          { openid },
        ),
      );
      expect(env).toMatchObject({ ok: false, code: 'FORBIDDEN' });
      expect(env.message).toMatch(/[\u4e00-\u9fa5]/);
    }
    expect(tc.records.subscribeMessages.length).toBe(sent);
    expect(snapshot(tc)).toBe(before);
  });

  test('a caller without OPENID (Moments single-page mode) sending a Timer event is refused', async () => {
    const before = snapshot(tc);
    const sent = tc.records.subscribeMessages.length;
    for (const data of [
      { Type: 'Timer', TriggerName: 'reminders' },
      { Type: 'Timer', TriggerName: 'reminders', action: 'reminders.run', payload: {} },
    ]) {
      // The local cloud's default without a member (wx_unauth), and every other client source.
      expect(await tc.callRaw('events', data, {})).toMatchObject({ ok: false, code: 'FORBIDDEN' });
      for (const source of ['wx_client', 'wx_devtools', 'wx_http', 'wx_unauth', 'wx_unknown', 'wx_client,scf']) {
        expect(await tc.callRaw('events', data, { source })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
      }
      // A member's call never carries the trigger's SOURCE; were it so, the member still is not a timer.
      expect(await tc.callRaw('events', data, { openid: member(100), source: 'wx_trigger' })).toMatchObject({
        ok: false,
        code: 'FORBIDDEN',
      });
    }
    expect(tc.records.subscribeMessages.length).toBe(sent);
    expect(snapshot(tc)).toBe(before);
  });

  test('the real timer trigger still runs the reminders', async () => {
    const sent = tc.records.subscribeMessages.length;
    expect(await tc.runTimer('events', 'reminders')).toEqual({ ok: true, data: { sent: 2 } });
    const msgs = tc.records.subscribeMessages.slice(sent);
    expect(msgs.map((m) => m.touser).sort()).toEqual([member(100), member(101)]);
    expect(await tc.runTimer('events', 'reminders')).toEqual({ ok: true, data: { sent: 0 } });
  });
});

describe('signup.export', () => {
  test('each export is stored under its own unguessable path', async () => {
    const ev = await createEvent(tc, { capacity: 5 });
    await tc.ok('events', 'signup.submit', signupInput(ev.id, 200), { openid: member(200) });
    const a = await tc.ok('events', 'signup.export', { eventId: ev.id }, { openid: ADMIN });
    const b = await tc.ok('events', 'signup.export', { eventId: ev.id }, { openid: ADMIN });
    const shape = new RegExp(`/exports/events/${ev.id}/([0-9a-f]{32})/signups-\\d{14}\\.xlsx$`);
    const ra = shape.exec(a.fileID);
    const rb = shape.exec(b.fileID);
    expect(ra).not.toBeNull();
    expect(rb).not.toBeNull();
    expect(ra![1]).not.toBe(rb![1]);
    expect(a.fileID).not.toBe(b.fileID);
    // Both files exist, neither overwrote the other.
    expect(tc.storage.read(a.fileID).length).toBeGreaterThan(0);
    expect(tc.storage.read(b.fileID).length).toBeGreaterThan(0);
  });
});

/**
 * Holds every subscribe message until `limit` are waiting (or no more arrive
 * for a moment), and records how many were in flight at once. The messages
 * still go through the local cloud's openapi.
 */
function watchSends(limit: number): { peak(): number; restore(): void } {
  const openapi = tc.lc.openapi as { subscribeMessage: { send(p: Record<string, unknown>): Promise<unknown> } };
  const api = openapi.subscribeMessage;
  const original = api.send;
  let inFlight = 0;
  let peak = 0;
  let waiting: Array<() => void> = [];
  let idle: ReturnType<typeof setTimeout> | undefined;
  const release = (): void => {
    if (idle) clearTimeout(idle);
    const now = waiting;
    waiting = [];
    for (const go of now) go();
  };
  api.send = async (p) => {
    inFlight += 1;
    peak = Math.max(peak, inFlight);
    try {
      await new Promise<void>((resolve) => {
        waiting.push(resolve);
        if (waiting.length >= limit) release();
        else {
          if (idle) clearTimeout(idle);
          idle = setTimeout(release, 150);
        }
      });
      return await original.call(api, p);
    } finally {
      inFlight -= 1;
    }
  };
  return {
    peak: () => peak,
    restore: () => {
      if (idle) clearTimeout(idle);
      api.send = original;
    },
  };
}

describe('notices go out several at a time, never more than the limit', () => {
  test('day-before reminders', async () => {
    expect(NOTIFY_CONCURRENCY).toBeGreaterThanOrEqual(5);
    expect(NOTIFY_CONCURRENCY).toBeLessThanOrEqual(10);
    const n = 2 * NOTIFY_CONCURRENCY + 1;
    await eventDueTomorrow(300, n);
    const watch = watchSends(NOTIFY_CONCURRENCY);
    const sent = tc.records.subscribeMessages.length;
    try {
      expect(await tc.ok('events', 'reminders.run', {}, { openid: ADMIN })).toEqual({ sent: n });
    } finally {
      watch.restore();
    }
    expect(watch.peak()).toBeGreaterThan(1);
    expect(watch.peak()).toBeLessThanOrEqual(NOTIFY_CONCURRENCY);
    const to = tc.records.subscribeMessages.slice(sent).map((m) => m.touser);
    expect(new Set(to).size).toBe(n);
  });

  test('promotions after the capacity is raised', async () => {
    const n = 2 * NOTIFY_CONCURRENCY + 1;
    const ev = await createEvent(tc, { capacity: 1, waitlistEnabled: true });
    const result = [SUBSCRIBE_TEMPLATES.signupResult];
    for (let i = 600; i <= 600 + n; i++) {
      await tc.ok('events', 'signup.submit', signupInput(ev.id, i, { subscribed: result }), { openid: member(i) });
    }
    const watch = watchSends(NOTIFY_CONCURRENCY);
    const sent = tc.records.subscribeMessages.length;
    try {
      await tc.ok('events', 'events.save', editOf(ev, { capacity: n + 1 }), { openid: ADMIN });
    } finally {
      watch.restore();
    }
    expect(watch.peak()).toBeGreaterThan(1);
    expect(watch.peak()).toBeLessThanOrEqual(NOTIFY_CONCURRENCY);
    const msgs = tc.records.subscribeMessages.slice(sent);
    expect(msgs).toHaveLength(n);
    expect(msgs.every((m) => m.data.phrase4?.value === '候补转正')).toBe(true);
  });

  test('cancellation notices', async () => {
    const ev = await createEvent(tc, { capacity: 30 });
    const n = 2 * NOTIFY_CONCURRENCY + 1;
    for (let i = 400; i < 400 + n; i++) {
      await tc.ok('events', 'signup.submit', signupInput(ev.id, i, { subscribed: [SUBSCRIBE_TEMPLATES.eventChange] }), {
        openid: member(i),
      });
    }
    const watch = watchSends(NOTIFY_CONCURRENCY);
    const sent = tc.records.subscribeMessages.length;
    try {
      await tc.ok('events', 'events.cancel', { id: ev.id }, { openid: ADMIN });
    } finally {
      watch.restore();
    }
    expect(watch.peak()).toBeGreaterThan(1);
    expect(watch.peak()).toBeLessThanOrEqual(NOTIFY_CONCURRENCY);
    expect(tc.records.subscribeMessages.length - sent).toBe(n);
  });
});

describe('events.save: cover and linked report', () => {
  const now = Date.now();
  const good = eventFiveDaysOut(now, { title: '园区观摩', capacity: 20 });

  async function report(publish: boolean, remove = false): Promise<string> {
    const a = await tc.ok(
      'content',
      'articles.save',
      { column: '协会动态', title: '关联报道', blocks: [{ type: 'paragraph', text: '正文。' }] },
      { openid: ADMIN },
    );
    if (publish) await tc.ok('content', 'articles.publish', { id: a.id }, { openid: ADMIN });
    if (remove) await tc.ok('content', 'articles.remove', { id: a.id }, { openid: ADMIN });
    return a.id;
  }

  test('a cover that is not a cloud file or https link is refused', async () => {
    const before = snapshot(tc);
    for (const cover of ['http://example.com/a.jpg', 'javascript:alert(1)', 'ftp://x/a.png', 'cover.jpg']) {
      const env = await tc.call('events', 'events.save', { ...good, cover }, { openid: ADMIN });
      expect(env).toEqual({
        ok: false,
        code: 'VALIDATION',
        message: '封面须为云存储文件或 https 链接',
        field: 'cover',
      });
    }
    expect(snapshot(tc)).toBe(before);
    for (const cover of ['https://example.com/a.jpg', 'cloud://env-1.abcd/events/a.jpg', '']) {
      const saved = await tc.ok('events', 'events.save', { ...good, cover }, { openid: ADMIN });
      expect(saved.cover).toBe(cover);
    }
  });

  test('the linked report must exist and be published', async () => {
    const draft = await report(false);
    const removed = await report(true, true);
    const ev = await createEvent(tc);
    const before = snapshot(tc);
    for (const articleId of [draft, removed, 'no_such_report']) {
      for (const input of [good, { ...good, id: ev.id }]) {
        const env = errorOf(await tc.call('events', 'events.save', { ...input, articleId }, { openid: ADMIN }));
        expect(env).toMatchObject({ ok: false, code: 'VALIDATION', field: 'articleId' });
        expect(env.message).toBe('关联的报道不存在或未发布');
      }
    }
    expect(snapshot(tc)).toBe(before);
    const published = await report(true);
    const saved = await tc.ok('events', 'events.save', { ...good, id: ev.id, articleId: published }, { openid: ADMIN });
    expect(saved.articleId).toBe(published);
  });
});

describe('payloads with unknown fields are refused', () => {
  test('every action, with a Chinese message and nothing changed', async () => {
    const ev = await createEvent(tc);
    await tc.ok('events', 'signup.submit', signupInput(ev.id, 500), { openid: member(500) });
    const now = Date.now();
    const input = eventFiveDaysOut(now, { title: '多余字段', capacity: 10 });
    const cases: Array<[string, unknown, string]> = [
      ['events.list', { scope: 'upcoming', sort: 'x' }, member(500)],
      ['events.get', { id: ev.id, debug: true }, member(500)],
      ['signup.submit', { ...signupInput(ev.id, 501), openid: 'someone-else' }, member(501)],
      ['signup.cancel', { eventId: ev.id, force: true }, member(500)],
      ['signup.mine', { all: true }, member(500)],
      ['member.get', { openid: member(500), full: true }, member(500)],
      ['member.save', { name: '张三', unit: '某单位', phone: '13900000000', role: 'admin' }, member(502)],
      ['roles.me', { openid: ADMIN }, member(500)],
      ['roles.list', { q: '', limit: 1000 }, ADMIN],
      ['roles.grant', { openid: member(500), note: 'x' }, ADMIN],
      ['roles.revoke', { openid: member(500), note: 'x' }, ADMIN],
      ['events.save', { ...input, status: 'cancelled' }, ADMIN],
      ['events.cancel', { id: ev.id, notify: false }, ADMIN],
      ['signup.list', { eventId: ev.id, all: true }, ADMIN],
      ['signup.export', { eventId: ev.id, format: 'csv' }, ADMIN],
      ['signup.checkin', { eventId: ev.id, code: 'ABCDEF', force: true }, ADMIN],
      ['reminders.run', { now, dryRun: true }, ADMIN],
    ];
    const before = snapshot(tc);
    const uploads = tc.records.uploads.length;
    for (const [action, payload, openid] of cases) {
      const env = errorOf(await tc.callRaw('events', { action, payload }, { openid }));
      expect({ action, ...env }).toMatchObject({ action, ok: false, code: 'VALIDATION', message: '包含不支持的字段' });
    }
    expect(snapshot(tc)).toBe(before);
    expect(tc.records.uploads.length).toBe(uploads);
  });

  test('actions without a payload take undefined, null or {} only', async () => {
    for (const payload of [undefined, null, {}]) {
      expect(await tc.callRaw('events', { action: 'signup.mine', payload }, { openid: member(500) })).toMatchObject({
        ok: true,
      });
      expect(await tc.callRaw('events', { action: 'roles.me', payload }, { openid: member(500) })).toMatchObject({
        ok: true,
      });
      expect(await tc.callRaw('events', { action: 'member.get', payload }, { openid: member(500) })).toMatchObject({
        ok: true,
      });
      expect(await tc.callRaw('events', { action: 'roles.list', payload }, { openid: ADMIN })).toMatchObject({
        ok: true,
      });
    }
    for (const payload of ['x', 1, [], true]) {
      for (const action of ['signup.mine', 'roles.me']) {
        const env = errorOf(await tc.callRaw('events', { action, payload }, { openid: member(500) }));
        expect(env).toMatchObject({ ok: false, code: 'VALIDATION' });
        expect(env.message).toMatch(/[\u4e00-\u9fa5]/);
      }
    }
  });
});

describe('events.list cursor', () => {
  function cursorOf(body: unknown): string {
    return Buffer.from(JSON.stringify(body), 'utf8').toString('base64url');
  }

  test('a handed-out cursor pages on', async () => {
    for (let k = 0; k < 3; k++) await createEvent(tc);
    const first = await tc.ok('events', 'events.list', { scope: 'upcoming', pageSize: 2 }, { openid: member(1) });
    expect(first.nextCursor).toBeTruthy();
    const next = await tc.ok(
      'events',
      'events.list',
      { scope: 'upcoming', pageSize: 2, cursor: first.nextCursor! },
      { openid: member(1) },
    );
    expect(next.items.length).toBeGreaterThan(0);
  });

  test('a tampered cursor is a VALIDATION error on the cursor', async () => {
    const now = Date.now();
    const bad = [
      [1e300, 'x'],
      [Number.MAX_SAFE_INTEGER + 2, 'abc'],
      [now + 0.5, 'abc'],
      [-1, 'abc'],
      [Date.UTC(1980, 0, 1), 'abc'],
      [Date.UTC(2101, 0, 1), 'abc'],
      [now, ''],
      [now, 'a'.repeat(65)],
      [now, 'bad id!'],
      [now, { $gt: '' }],
    ];
    for (const body of bad) {
      const env = errorOf(
        await tc.callRaw(
          'events',
          { action: 'events.list', payload: { scope: 'upcoming', cursor: cursorOf(body) } },
          { openid: member(1) },
        ),
      );
      expect({ body, ...env }).toMatchObject({ body, ok: false, code: 'VALIDATION', field: 'cursor' });
      expect(env.message).toMatch(/[\u4e00-\u9fa5]/);
    }
  });
});

describe('database setup', () => {
  test('every collection is listed with its indexes and closed to clients', () => {
    const written = tc.lc.store.collectionNames();
    for (const name of ['events', 'signups', 'members', 'articles']) expect(written).toContain(name);
    expect(Object.keys(DATABASE).sort()).toEqual([...COLLECTIONS].sort());
    for (const name of written) expect(Object.keys(DATABASE)).toContain(name);
    for (const [name, c] of Object.entries(DATABASE)) {
      expect({ name, rules: c.rules }).toEqual({ name, rules: { read: false, write: false } });
      expect(Array.isArray(c.indexes)).toBe(true);
    }
    expect(DATABASE.events.indexes.length).toBeGreaterThan(0);
    expect(DATABASE.signups.indexes.length).toBeGreaterThan(0);
  });
});

describe('function configuration', () => {
  test('config.json holds only the keys WeChat documents (permissions, triggers); the timer is declared', () => {
    // The timeout is not a config.json key (default 3 s): it is set in the cloud
    // console (README, DevTools step 6). Docs: wxcloud/guide/functions/config.html, triggers.html.
    const read = (fn: string): { triggers?: Array<{ name: string; type: string }> } & Record<string, unknown> =>
      JSON.parse(fs.readFileSync(path.join(FUNCTIONS_DIR, fn, 'config.json'), 'utf8')) as {
        triggers?: Array<{ name: string; type: string }>;
      } & Record<string, unknown>;
    for (const fn of ['events', 'content']) {
      expect(Object.keys(read(fn)).filter((k) => !['permissions', 'triggers'].includes(k))).toEqual([]);
    }
    expect(read('events').triggers).toEqual([expect.objectContaining({ name: 'reminders', type: 'timer' })]);
  });
});

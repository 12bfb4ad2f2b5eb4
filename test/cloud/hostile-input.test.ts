// Issue 13: bad input gets a typed answer and changes nothing; no member can
// break the staff's sign-up sheet. The cases the 20,000-payload run found,
// one by one (the broad run is test/cloud/fuzz.test.ts).
import fs from 'fs';
import path from 'path';
import ExcelJS from 'exceljs';
import type { SignupInput } from '../../miniprogram/contract/index';
import { EXPORT_HEADERS } from '../../server/events/export';
import { signupSchema } from '../../server/events/schemas';
import { validateField } from '../../miniprogram/utils/validate';
import { HOSTILE_STRINGS } from '../fuzz/payloads';
import { startTestCloud, type TestCloud } from '../helpers/cloud';
import { ADMIN, createEvent, member, signupInput } from './events.fixtures';

let tc: TestCloud;

beforeAll(async () => {
  tc = await startTestCloud({ functionEnv: { ADMIN_OPENIDS: ADMIN } });
}, 60_000);
afterAll(async () => {
  await tc.close();
  fs.rmSync(tc.dataDir, { recursive: true, force: true });
});

/** Bytes in the database log: every acknowledged write appends to it. */
function logSize(): number {
  return fs.statSync(path.join(tc.dataDir, 'db', 'db.log')).size;
}

async function publishedArticle(title: string): Promise<string> {
  const a = await tc.ok(
    'content',
    'articles.save',
    { column: '协会动态', title, blocks: [{ type: 'paragraph', text: '正文。' }] },
    { openid: ADMIN },
  );
  await tc.ok('content', 'articles.publish', { id: a.id }, { openid: ADMIN });
  return a.id;
}

describe('what answered INTERNAL now answers a typed error', () => {
  test.each([
    ['events', 'events.get', { id: 'a\nb' }, undefined, { code: 'VALIDATION', field: 'id', message: '活动编号无效' }],
    ['events', 'events.get', { id: 'a\u2028b' }, 'm1', { code: 'VALIDATION', field: 'id', message: '活动编号无效' }],
    ['events', 'signup.cancel', { eventId: 'a\rb' }, 'm1', { code: 'VALIDATION', field: 'eventId' }],
    [
      'events',
      'member.get',
      { openid: 'a\nb' },
      ADMIN,
      { code: 'VALIDATION', field: 'openid', message: '成员编号无效' },
    ],
    ['events', 'roles.grant', { openid: 'a\nb' }, ADMIN, { code: 'VALIDATION', field: 'openid' }],
    ['content', 'articles.open', { id: 'a\nb' }, 'm1', { code: 'VALIDATION', field: 'id' }],
    [
      'content',
      'articles.search',
      { q: '\u0000' },
      undefined,
      { code: 'VALIDATION', field: 'q', message: '搜索内容含有无法识别的特殊字符，请删除后重试' },
    ],
    ['events', 'roles.list', { q: '\u0000' }, ADMIN, { code: 'VALIDATION', field: 'q' }],
  ] as const)('%s %s %j', async (fn, action, payload, openid, expected) => {
    const before = logSize();
    const env = await tc.callRaw(fn, { action, payload }, openid ? { openid } : {});
    expect(env).toMatchObject({ ok: false, ...expected });
    expect(logSize()).toBe(before);
  });

  test('an action that is not a string is UNKNOWN_ACTION', async () => {
    for (const action of [{ toString: 1 }, { toString: () => 'events.get' }, ['events.get'], 1, null]) {
      expect(await tc.callRaw('events', { action, payload: {} }, { openid: 'm1' })).toEqual({
        ok: false,
        code: 'UNKNOWN_ACTION',
        message: '不支持的操作',
      });
    }
  });

  test('an unknown action name is echoed only when it looks like one', async () => {
    const answer = (action: string) => tc.callRaw('events', { action, payload: {} }, { openid: 'm1' });
    expect(await answer('events.nope')).toMatchObject({ code: 'UNKNOWN_ACTION', message: '不支持的操作：events.nope' });
    expect(await answer('<img src=x>\u0000\u202e')).toMatchObject({ code: 'UNKNOWN_ACTION', message: '不支持的操作' });
  });

  test('a missing document is still NOT_FOUND (found by the SDK answering null, not by its message)', async () => {
    expect(await tc.call('events', 'events.get', { id: 'no-such-event' }, { openid: 'm1' })).toMatchObject({
      ok: false,
      code: 'NOT_FOUND',
    });
    expect(await tc.call('events', 'member.get', { openid: 'nobody' }, { openid: ADMIN })).toEqual({
      ok: true,
      data: null,
    });
  });
});

describe('a rejected open writes nothing', () => {
  test('articles.open of a draft, removed or unknown id by a member: NOT_FOUND, db.log unchanged', async () => {
    const draft = await tc.ok(
      'content',
      'articles.save',
      { column: '协会动态', title: '草稿', blocks: [{ type: 'paragraph', text: '正文。' }] },
      { openid: ADMIN },
    );
    const removed = await publishedArticle('将删除');
    // Shared while it was published, opened through the share after.
    const share = await tc.ok(
      'content',
      'shares.create',
      { targetType: 'article', targetId: removed },
      { openid: ADMIN },
    );
    await tc.ok('content', 'articles.remove', { id: removed }, { openid: ADMIN });
    const token = share.token;
    for (const id of [draft.id, removed, 'no-such-article']) {
      const before = logSize();
      for (const payload of [{ id }, { id, shareToken: token, groupCloudId: 'localgroup:g1' }]) {
        expect(await tc.call('content', 'articles.open', payload, { openid: 'm-open' })).toMatchObject({
          ok: false,
          code: 'NOT_FOUND',
        });
      }
      expect(logSize()).toBe(before);
    }
    expect(tc.dump('article_readers').filter((d) => d.openid === 'm-open')).toEqual([]);
  });

  test('a first open of a published report still records the reader once', async () => {
    const id = await publishedArticle('已发布');
    expect((await tc.ok('content', 'articles.open', { id }, { openid: 'm-first' })).readers).toBe(1);
    expect((await tc.ok('content', 'articles.open', { id }, { openid: 'm-first' })).readers).toBe(1);
    expect(tc.dump('article_readers').filter((d) => d.openid === 'm-first')).toHaveLength(1);
  });

  test('events.get of an unknown id with attribution writes nothing', async () => {
    const before = logSize();
    expect(
      await tc.call(
        'events',
        'events.get',
        { id: 'no-such-event', groupCloudId: 'localgroup:g1' },
        { openid: 'm-open' },
      ),
    ).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(logSize()).toBe(before);
  });
});

describe('sign-up text is checked character by character', () => {
  test.each([
    ['name', '张\ufffe三', '姓名含有无法识别的特殊字符，请删除后重试'],
    ['name', '张\uffff三', '姓名含有无法识别的特殊字符，请删除后重试'],
    ['name', '张\n三', '姓名不能换行'],
    ['name', '张\u2028三', '姓名不能换行'],
    ['name', '\u202e三张', '姓名含有无法识别的特殊字符，请删除后重试'],
    ['unit', '协会\u0000', '单位含有无法识别的特殊字符，请删除后重试'],
    ['unit', '协\ud800会', '单位含有无法识别的特殊字符，请删除后重试'],
    ['position', '经理\u2066', '职务含有无法识别的特殊字符，请删除后重试'],
    ['remark', '素食\ufdd0', '备注含有无法识别的特殊字符，请删除后重试'],
  ] as const)('%s %j is refused, naming the field', async (field, value, message) => {
    const ev = await createEvent(tc, { capacity: 5 });
    const before = logSize();
    expect(
      await tc.call('events', 'signup.submit', signupInput(ev.id, 1, { [field]: value }), { openid: member(1) }),
    ).toEqual({ ok: false, code: 'VALIDATION', message, field });
    expect(logSize()).toBe(before);
  });

  test('the sign-up form refuses the same characters with the same message (miniprogram/utils/validate.ts)', () => {
    for (const s of HOSTILE_STRINGS) {
      for (const field of FIELDS) {
        const value = inField(field, s);
        const server = signupSchema.safeParse({ ...signupInput('e1', 1), [field]: value });
        const charIssue = server.success
          ? undefined
          : server.error.issues.find((i) => /换行|特殊字符/.test(i.message) && i.path[0] === field);
        const client = validateField(field, value);
        if (charIssue) expect([field, value, client]).toEqual([field, value, charIssue.message]);
        else expect([field, value, client]).not.toEqual([field, value, expect.stringMatching(/换行|特殊字符/)]);
      }
    }
  });

  test('a remark keeps its line breaks, as "\\n"', async () => {
    const ev = await createEvent(tc, { capacity: 5 });
    await tc.ok('events', 'signup.submit', signupInput(ev.id, 2, { remark: '第一行\r\n第二行\u2028第三行' }), {
      openid: member(2),
    });
    expect(tc.dump('signups').find((d) => d.eventId === ev.id)?.remark).toBe('第一行\n第二行\n第三行');
  });
});

type Field = 'name' | 'unit' | 'position' | 'remark';
const FIELDS: Field[] = ['name', 'unit', 'position', 'remark'];

/** A name is 2–20 characters: hostile strings go between two characters there. */
function inField(field: Field, s: string): string {
  return field === 'name' ? `张${s}三` : s;
}

async function readSheet(fileID: string): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(tc.storage.read(fileID) as unknown as ArrayBuffer);
  const rows: string[][] = [];
  wb.worksheets[0]!.eachRow((row) => {
    const cells: string[] = [];
    for (let c = 1; c <= EXPORT_HEADERS.length; c++) cells.push(String(row.getCell(c).value ?? ''));
    rows.push(cells);
  });
  return rows;
}

describe('the staff export survives hostile sign-ups', () => {
  test('every hostile string the schemas accept is exported, and the sheet re-reads with every row', async () => {
    const ev = await createEvent(tc, { capacity: 200, waitlistEnabled: true });
    const expected: string[][] = [];
    let accepted = 0;
    for (const [i, s] of HOSTILE_STRINGS.entries()) {
      const input: SignupInput = { ...signupInput(ev.id, 500 + i), position: '经理', remark: '' };
      for (const field of FIELDS) {
        const candidate = { ...input, [field]: inField(field, s) };
        if (signupSchema.safeParse(candidate).success) {
          input[field] = inField(field, s);
          accepted++;
        }
      }
      await tc.ok('events', 'signup.submit', input, { openid: member(500 + i) });
      const stored = signupSchema.parse(input);
      expected.push([stored.name, stored.unit, stored.position ?? '', stored.phone, stored.remark ?? '']);
    }
    // The list holds strings that reach the sheet as they are (markup, formulas, emoji, RTL marks, size).
    expect(accepted).toBeGreaterThan(HOSTILE_STRINGS.length);

    const res = await tc.ok('events', 'signup.export', { eventId: ev.id }, { openid: ADMIN });
    expect(res.rows).toBe(HOSTILE_STRINGS.length);
    const rows = await readSheet(res.fileID);
    expect(rows[0]).toEqual([...EXPORT_HEADERS]);
    const body = rows.slice(1).map((r) => [r[0], r[1], r[2], r[3], r[7]]);
    expect(body).toHaveLength(HOSTILE_STRINGS.length);
    expect([...body].sort()).toEqual([...expected].sort());
  }, 60_000);

  test('records stored before the schemas refused these characters still export to a readable sheet', async () => {
    const ev = await createEvent(tc, { capacity: 10 });
    const bad = ['张\uffff三', '李\ufffe四', '王\u0000五', '赵\ud800六', '孙\u001b七'];
    const now = Date.now();
    for (const [i, name] of bad.entries()) {
      const openid = member(700 + i);
      await tc.db
        .collection('signups')
        .doc(`${ev.id}_${openid}`)
        .set({
          data: {
            eventId: ev.id,
            openid,
            status: 'confirmed',
            name,
            unit: `单位\uffff${i}`,
            position: '',
            phone: '13900000000',
            remark: '备注\u0007',
            checkinCode: `code${i}`,
            waitlistSeq: 0,
            createdAt: now + i,
            updatedAt: now + i,
            confirmedAt: now + i,
            notify: { result: false, reminder: false, change: false },
            reminded: false,
          },
        });
    }
    const res = await tc.ok('events', 'signup.export', { eventId: ev.id }, { openid: ADMIN });
    const rows = await readSheet(res.fileID);
    expect(
      rows
        .slice(1)
        .map((r) => r[0])
        .sort(),
    ).toEqual(['张三', '李四', '王五', '赵六', '孙七'].sort());
    expect(rows.slice(1).map((r) => r[7])).toEqual(bad.map(() => '备注'));
  }, 60_000);
});

describe('the local HTTP endpoint answers every body with an envelope', () => {
  let url: string;
  beforeAll(async () => {
    url = await tc.lc.listen(0);
  });

  async function post(body: string): Promise<{ status: number; json: unknown }> {
    const res = await fetch(`${url}/call/events`, { method: 'POST', body, headers: { 'x-openid': 'm1' } });
    return { status: res.status, json: (await res.json()) as unknown };
  }

  test.each(['"x"', '1', 'true', 'null', '[]', 'not json'])('%s → 400 VALIDATION', async (body) => {
    expect(await post(body)).toEqual({
      status: 400,
      json: { ok: false, code: 'VALIDATION', message: '请求格式无效：需为 JSON 对象 {action, payload}' },
    });
  });

  test('nesting past 64 levels → 400; 64 levels reach the function', async () => {
    // The body object is level 1; the payload adds d - 1 more.
    const nested = (d: number) => `{"action":"events.get","payload":${'{"a":'.repeat(d - 1)}1${'}'.repeat(d - 1)}}`;
    for (const body of [nested(65), nested(4500), '['.repeat(4500) + ']'.repeat(4500)]) {
      expect(await post(body)).toEqual({
        status: 400,
        json: { ok: false, code: 'VALIDATION', message: '请求内容嵌套层级过深' },
      });
    }
    expect(await post(nested(64))).toMatchObject({ status: 200, json: { ok: false, code: 'VALIDATION' } });
  });
});

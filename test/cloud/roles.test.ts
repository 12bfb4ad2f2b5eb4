// Roles: who may use the staff console. A member reaches no console action
// (FORBIDDEN, nothing changed); admins grant and revoke; the last admin
// stays, also when admins revoke each other at the same moment.
import { execFile } from 'child_process';
import path from 'path';
import type { FunctionName, RoleEntry } from '../../miniprogram/contract/index';
import { startTestCloud, type TestCloud } from '../helpers/cloud';
import { makeTempDir } from '../helpers/temp';

const HOUR = 3600 * 1000;
const ADMIN = 'admin-1';
const MEMBER = 'member-1';

let tc: TestCloud;

/** Every collection, as stored: the "nothing changed" yardstick. */
function snapshot(): string {
  const names = ['articles', 'article_readers', 'events', 'signups', 'members'];
  return JSON.stringify(names.map((n) => tc.dump(n)));
}

async function profile(openid: string, name: string, unit: string): Promise<void> {
  await tc.ok('events', 'member.save', { name, unit, phone: '13800000000' }, { openid });
}

async function isAdmin(openid: string): Promise<boolean> {
  return (await tc.ok('events', 'roles.me', undefined, { openid })).isAdmin;
}

function roleOf(openid: string): unknown {
  return tc.dump('members').find((m) => m._id === openid)?.role;
}

afterEach(async () => {
  if (tc) await tc.close();
});

describe('a member cannot use the console', () => {
  let articleId = '';
  let eventId = '';
  let code = '';

  beforeEach(async () => {
    tc = await startTestCloud();
    await tc.makeAdmin(ADMIN);
    await profile(MEMBER, '王会员', '合肥某环保公司');
    await profile('member-2', '李会员', '芜湖某公司');
    articleId = (
      await tc.ok(
        'content',
        'articles.save',
        { column: '协会动态', title: '草稿', blocks: [{ type: 'paragraph', text: '正文' }] },
        { openid: ADMIN },
      )
    ).id;
    const start = Date.now() + 72 * HOUR;
    eventId = (
      await tc.ok(
        'events',
        'events.save',
        {
          title: '共建活动',
          summary: '',
          place: '合肥',
          startAt: start,
          endAt: start + HOUR,
          signupDeadline: start - HOUR,
          capacity: 10,
          waitlistEnabled: true,
        },
        { openid: ADMIN },
      )
    ).id;
    code = (
      await tc.ok(
        'events',
        'signup.submit',
        { eventId, name: '王会员', unit: '合肥某环保公司', phone: '13800000000' },
        { openid: MEMBER },
      )
    ).checkinCode;
  });

  it('every console action answers FORBIDDEN and changes nothing', async () => {
    const start = Date.now() + 96 * HOUR;
    const cases: Array<[FunctionName, string, unknown]> = [
      ['content', 'articles.adminList', { status: 'draft' }],
      ['content', 'articles.get', { id: articleId }],
      [
        'content',
        'articles.save',
        { column: '协会动态', title: '会员写的', blocks: [{ type: 'paragraph', text: '正文' }] },
      ],
      [
        'content',
        'articles.save',
        { id: articleId, column: '协会动态', title: '改掉', blocks: [{ type: 'paragraph', text: '改' }] },
      ],
      ['content', 'articles.publish', { id: articleId }],
      ['content', 'articles.unpublish', { id: articleId }],
      ['content', 'articles.remove', { id: articleId }],
      [
        'events',
        'events.save',
        {
          title: '会员建的',
          summary: '',
          place: '合肥',
          startAt: start,
          endAt: start + HOUR,
          signupDeadline: start,
          capacity: 5,
          waitlistEnabled: false,
        },
      ],
      ['events', 'events.cancel', { id: eventId }],
      ['events', 'signup.list', { eventId }],
      ['events', 'signup.export', { eventId }],
      ['events', 'signup.checkin', { eventId, code }],
      ['events', 'roles.list', {}],
      ['events', 'roles.grant', { openid: MEMBER }],
      ['events', 'roles.grant', { openid: 'member-2' }],
      ['events', 'roles.revoke', { openid: ADMIN }],
    ];
    const before = snapshot();
    const uploads = tc.records.uploads.length;
    for (const [fn, action, payload] of cases) {
      for (const openid of [MEMBER, 'member-2']) {
        const env = await tc.callRaw(fn, { action, payload }, { openid });
        expect({ action, env }).toEqual({
          action,
          env: { ok: false, code: 'FORBIDDEN', message: '没有权限进行此操作' },
        });
      }
      const anon = await tc.callRaw(fn, { action, payload }, {});
      expect({ action, anon }).toMatchObject({ action, anon: { ok: false, code: 'UNAUTHENTICATED' } });
    }
    expect(snapshot()).toBe(before);
    expect(tc.records.uploads.length).toBe(uploads);
    expect(await isAdmin(MEMBER)).toBe(false);
    expect(await isAdmin(ADMIN)).toBe(true);
  });

  it('roles.me tells each caller whether they are an admin, and needs a member', async () => {
    expect(await tc.ok('events', 'roles.me', undefined, { openid: MEMBER })).toEqual({
      openid: MEMBER,
      isAdmin: false,
    });
    expect(await tc.ok('events', 'roles.me', undefined, { openid: ADMIN })).toEqual({ openid: ADMIN, isAdmin: true });
    // Someone the database has never seen.
    expect(await tc.ok('events', 'roles.me', undefined, { openid: 'stranger' })).toEqual({
      openid: 'stranger',
      isAdmin: false,
    });
    expect(await tc.callRaw('events', { action: 'roles.me' }, {})).toMatchObject({
      ok: false,
      code: 'UNAUTHENTICATED',
    });
  });
});

describe('granting and revoking', () => {
  beforeEach(async () => {
    tc = await startTestCloud({ functions: ['events'] });
    await tc.makeAdmin(ADMIN);
    await profile(ADMIN, '张秘书长', '安徽省环保产业协会');
    await profile(MEMBER, '王会员', '合肥某环保公司');
    await profile('member-2', '李会员', '芜湖.*(某)公司');
  });

  it('an admin grants admin to a member, who can then use the console, and revokes it again', async () => {
    expect((await tc.call('events', 'signup.list', { eventId: 'x' }, { openid: MEMBER })).ok).toBe(false);

    const granted = await tc.ok('events', 'roles.grant', { openid: MEMBER }, { openid: ADMIN });
    expect(granted).toEqual({ openid: MEMBER, name: '王会员', unit: '合肥某环保公司', isAdmin: true, fromEnv: false });
    expect(roleOf(MEMBER)).toBe('admin');
    expect(await isAdmin(MEMBER)).toBe(true);
    // The new admin reaches admin actions now.
    const list = await tc.ok('events', 'roles.list', {}, { openid: MEMBER });
    expect(list.admins.map((a) => a.openid).sort()).toEqual([ADMIN, MEMBER]);
    // The profile was kept.
    expect(await tc.ok('events', 'member.get', {}, { openid: MEMBER })).toMatchObject({
      name: '王会员',
      role: 'admin',
    });

    // Granting twice changes nothing more.
    await tc.ok('events', 'roles.grant', { openid: MEMBER }, { openid: ADMIN });
    expect(tc.dump('members').filter((m) => m.role === 'admin')).toHaveLength(2);

    const revoked = await tc.ok('events', 'roles.revoke', { openid: MEMBER }, { openid: ADMIN });
    expect(revoked).toMatchObject({ openid: MEMBER, isAdmin: false });
    expect(roleOf(MEMBER)).toBe('member');
    expect(await isAdmin(MEMBER)).toBe(false);
    expect(await tc.call('events', 'roles.list', {}, { openid: MEMBER })).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
    });
    // The profile is still there.
    expect(await tc.ok('events', 'member.get', {}, { openid: MEMBER })).toMatchObject({
      name: '王会员',
      role: 'member',
    });
  });

  it('cannot grant to someone who is not a member, nor with a malformed payload', async () => {
    const before = snapshot();
    expect(await tc.call('events', 'roles.grant', { openid: 'nobody' }, { openid: ADMIN })).toEqual({
      ok: false,
      code: 'NOT_FOUND',
      message: '该成员尚未登记资料，无法设为管理员',
    });
    expect(
      await tc.callRaw('events', { action: 'roles.grant', payload: { openid: '' } }, { openid: ADMIN }),
    ).toMatchObject({
      ok: false,
      code: 'VALIDATION',
      field: 'openid',
      message: '缺少成员编号',
    });
    expect(await tc.callRaw('events', { action: 'roles.grant', payload: {} }, { openid: ADMIN })).toMatchObject({
      ok: false,
      code: 'VALIDATION',
    });
    expect(snapshot()).toBe(before);
  });

  it('the last admin cannot be revoked, by themselves or anyone', async () => {
    const before = snapshot();
    expect(await tc.call('events', 'roles.revoke', { openid: ADMIN }, { openid: ADMIN })).toEqual({
      ok: false,
      code: 'LAST_ADMIN',
      message: '至少需要保留一名管理员',
    });
    expect(snapshot()).toBe(before);

    await tc.ok('events', 'roles.grant', { openid: MEMBER }, { openid: ADMIN });
    // Two admins: one may go (here the first revokes herself)...
    await tc.ok('events', 'roles.revoke', { openid: ADMIN }, { openid: ADMIN });
    expect(await isAdmin(ADMIN)).toBe(false);
    // ...but not the one who remains.
    expect(await tc.call('events', 'roles.revoke', { openid: MEMBER }, { openid: MEMBER })).toMatchObject({
      ok: false,
      code: 'LAST_ADMIN',
    });
    expect(await isAdmin(MEMBER)).toBe(true);
    // Revoking someone who is not an admin changes nothing.
    const stable = snapshot();
    expect(await tc.ok('events', 'roles.revoke', { openid: 'member-2' }, { openid: MEMBER })).toMatchObject({
      isAdmin: false,
    });
    expect(snapshot()).toBe(stable);
  });

  it('admins revoking each other at the same moment always leave one admin', async () => {
    const admins = [ADMIN, MEMBER, 'member-2'];
    for (let trial = 0; trial < 10; trial++) {
      for (const a of admins) await tc.ok('events', 'roles.grant', { openid: a }, { openid: ADMIN });
      // Everyone revokes everyone else (6 calls), then the two last ones each other.
      const calls = admins.flatMap((by) =>
        admins.filter((t) => t !== by).map((t) => tc.call('events', 'roles.revoke', { openid: t }, { openid: by })),
      );
      const results = await Promise.all(calls);
      const remaining = tc.dump('members').filter((m) => m.role === 'admin');
      expect(remaining).toHaveLength(1);
      for (const r of results) {
        if (!r.ok) expect(['LAST_ADMIN', 'FORBIDDEN']).toContain(r.code);
      }
      expect(results.filter((r) => r.ok && r.data.isAdmin === false).length).toBeGreaterThanOrEqual(2);
      // Restore for the next trial: the survivor grants the others again.
      const survivor = String(remaining[0]?._id);
      for (const a of admins) await tc.ok('events', 'roles.grant', { openid: a }, { openid: survivor });
    }
  });

  it('lists admins and finds members by name or unit, literally', async () => {
    const all = await tc.ok('events', 'roles.list', {}, { openid: ADMIN });
    expect(all.admins).toEqual([
      { openid: ADMIN, name: '张秘书长', unit: '安徽省环保产业协会', isAdmin: true, fromEnv: false },
    ]);
    expect(all.members.map((m) => m.openid).sort()).toEqual([MEMBER, 'member-2']);

    const byName = await tc.ok('events', 'roles.list', { q: '王' }, { openid: ADMIN });
    expect(byName.members.map((m: RoleEntry) => m.openid)).toEqual([MEMBER]);
    const byUnit = await tc.ok('events', 'roles.list', { q: '芜湖' }, { openid: ADMIN });
    expect(byUnit.members.map((m) => m.openid)).toEqual(['member-2']);
    // Regex characters are text.
    const literal = await tc.ok('events', 'roles.list', { q: '.*(' }, { openid: ADMIN });
    expect(literal.members.map((m) => m.openid)).toEqual(['member-2']);
    expect((await tc.ok('events', 'roles.list', { q: '[' }, { openid: ADMIN })).members).toEqual([]);
    // Admins are not offered as members to promote.
    expect((await tc.ok('events', 'roles.list', { q: '张' }, { openid: ADMIN })).members).toEqual([]);

    expect(await tc.call('events', 'roles.list', { q: '很'.repeat(21) }, { openid: ADMIN })).toMatchObject({
      ok: false,
      code: 'VALIDATION',
      field: 'q',
      message: '搜索内容不能超过20个字',
    });
  });
});

describe('admins from ADMIN_OPENIDS', () => {
  beforeEach(async () => {
    tc = await startTestCloud({ functions: ['events'], functionEnv: { ADMIN_OPENIDS: 'boss, deputy' } });
    await profile('deputy', '副秘书长', '协会');
    await profile(MEMBER, '王会员', '合肥某环保公司');
  });

  it('are admins without a role in the database, listed, and not revocable from the console', async () => {
    expect(await isAdmin('boss')).toBe(true);
    const list = await tc.ok('events', 'roles.list', {}, { openid: 'boss' });
    expect(list.admins).toEqual([
      { openid: 'boss', name: '', unit: '', isAdmin: true, fromEnv: true },
      { openid: 'deputy', name: '副秘书长', unit: '协会', isAdmin: true, fromEnv: true },
    ]);
    expect(list.members.map((m) => m.openid)).toEqual([MEMBER]);

    const before = snapshot();
    expect(await tc.call('events', 'roles.revoke', { openid: 'deputy' }, { openid: 'boss' })).toEqual({
      ok: false,
      code: 'FORBIDDEN',
      message: '该管理员由云函数环境变量 ADMIN_OPENIDS 指定，请在云开发控制台修改',
    });
    expect(snapshot()).toBe(before);
  });

  it('count as remaining admins: the only database admin may step down', async () => {
    await tc.ok('events', 'roles.grant', { openid: MEMBER }, { openid: 'boss' });
    await tc.ok('events', 'roles.revoke', { openid: MEMBER }, { openid: MEMBER });
    expect(await isAdmin(MEMBER)).toBe(false);
  });
});

describe('npm run admin (local command)', () => {
  const root = path.join(__dirname, '..', '..');
  function admin(
    args: string[],
    dataDir: string,
    env: Record<string, string> = {},
  ): Promise<{ code: number; out: string }> {
    return new Promise((resolve) => {
      execFile(
        path.join(root, 'node_modules', '.bin', 'tsx'),
        [path.join(root, 'tools', 'admin.ts'), ...args],
        { cwd: root, env: { ...process.env, LOCAL_CLOUD_DATA: dataDir, ADMIN_OPENIDS: '', ...env } },
        (err, stdout, stderr) => resolve({ code: err ? Number(err.code ?? 1) : 0, out: `${stdout}${stderr}` }),
      );
    });
  }

  it('adds, lists and removes admins in a local data folder, never the last one', async () => {
    const dataDir = makeTempDir('admin-cli-');
    expect(await admin(['add', 'first-admin'], dataDir)).toEqual({ code: 0, out: '已设为管理员：first-admin\n' });
    expect(await admin(['add', 'second-admin'], dataDir)).toMatchObject({ code: 0 });
    const listed = await admin(['list'], dataDir, { ADMIN_OPENIDS: 'env-admin' });
    expect(listed.code).toBe(0);
    expect(listed.out).toContain('管理员（3）');
    expect(listed.out).toContain('env-admin  [环境变量 ADMIN_OPENIDS]');
    expect(listed.out).toMatch(/first-admin\n/);
    expect(await admin(['remove', 'first-admin'], dataDir)).toEqual({ code: 0, out: '已取消管理员：first-admin\n' });
    expect(await admin(['remove', 'second-admin'], dataDir)).toEqual({
      code: 1,
      out: '失败：至少需要保留一名管理员（LAST_ADMIN）\n',
    });
    expect((await admin(['bogus'], dataDir)).code).toBe(2);

    // The cloud functions see what the command wrote.
    tc = await startTestCloud({ dataDir, functions: ['events'] });
    expect(await isAdmin('second-admin')).toBe(true);
    expect(await isAdmin('first-admin')).toBe(false);
    expect(tc.dump('members').map((m) => [m._id, m.role])).toEqual(
      expect.arrayContaining([
        ['first-admin', 'member'],
        ['second-admin', 'admin'],
      ]),
    );
  }, 60_000);
});

// npm run deploy: the config checks (each bad input names its field before
// anything is built), the dry run on the committed example config through the
// command line (official compiler, functions packed as uploadFunction packs
// them; one compile for this file), the placeholder guard of the staged
// project, and the manager-node steps against a fake CloudBase app (only
// missing indexes and triggers created, console env vars kept).
import { execFile } from 'child_process';
import crypto from 'crypto';
import fs from 'fs';
import path from 'path';
import { promisify } from 'util';
import { DEPLOYMENT } from '../../miniprogram/contract/deployment';
import { DATABASE } from '../../server/database';
import {
  apiKeysFromEnv,
  applyDatabase,
  applyFunctionConfig,
  ensureFunction,
  ensureTriggers,
  type FunctionSettings,
  type ManagerApp,
} from '../../tools/deploy/cloudbase';
import { DeployConfigError, loadDeployConfig, validateDeployConfig, type DeployMode } from '../../tools/deploy/config';
import { runDeploy, type CiNetwork } from '../../tools/deploy/run';
import { deploymentModule, findForbidden } from '../../tools/deploy/stage';
import { makeTempDir } from '../helpers/temp';

const ROOT = path.join(__dirname, '..', '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const EXAMPLE = path.join(ROOT, 'deploy.config.example.json');
const run = promisify(execFile);

/** A folder with a real RSA key, for configs that pass every check. */
function keyDir(): string {
  const dir = makeTempDir('deploy-key-');
  const { privateKey } = crypto.generateKeyPairSync('rsa', {
    modulusLength: 1024,
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  fs.writeFileSync(path.join(dir, 'private.wx1a2b3c4d5e6f7a8b.key'), privateKey);
  return dir;
}

function realConfig(): Record<string, unknown> {
  return {
    appid: 'wx1a2b3c4d5e6f7a8b',
    cloudEnv: 'prod-4g1a2b3c4d5e6f7a',
    subscribeTemplates: {
      signupResult: 'H1dAVZ8Hk-5uzLxS0K4w6kdd3fdNTXsE2uMbA4JxnnY',
      eventReminder: 'q9W2mZ_7PpLr3uVt0aXcY5nB8dKs1eFgHj4kLo6iUyT',
      eventChange: 'Zx8Cv7Bn6Mm5Ll4Kk3Jj2Hh1Gg0Ff9Dd8Ss7Aa6Qq5W',
    },
    adminOpenids: ['oUpF8uMuAJO_M2pxb1Q9zNjWeS6o'],
    privateKeyPath: 'private.wx1a2b3c4d5e6f7a8b.key',
  };
}

function validate(raw: unknown, mode: DeployMode, baseDir: string) {
  return validateDeployConfig(raw, { mode, file: path.join(baseDir, 'deploy.config.json'), baseDir });
}

function issuesOf(fn: () => unknown): { field: string; message: string }[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof DeployConfigError) return err.issues;
    throw err;
  }
  throw new Error('expected a DeployConfigError');
}

describe('deploy.config.json checks', () => {
  test('the committed example passes the dry run with each example value noted, and a real deploy refuses each', () => {
    const dry = loadDeployConfig(EXAMPLE, 'dry-run');
    const exampleFields = [
      'appid',
      'cloudEnv',
      'subscribeTemplates.signupResult',
      'subscribeTemplates.eventReminder',
      'subscribeTemplates.eventChange',
      'adminOpenids[0]',
    ];
    expect(dry.examples.map((e) => e.field)).toEqual(exampleFields);
    const refused = issuesOf(() => loadDeployConfig(EXAMPLE, 'deploy'));
    // The example appid has no key file either: a real deploy names that too.
    expect(refused.map((i) => i.field)).toEqual([...exampleFields, 'privateKeyPath']);
    expect(refused[0]?.message).toContain('仍是示例值');
  });

  test('a filled-in config deploys, with the defaults for the optional fields', () => {
    const dir = keyDir();
    const { config, examples } = validate(realConfig(), 'deploy', dir);
    expect(examples).toEqual([]);
    expect(config).toMatchObject({
      appid: 'wx1a2b3c4d5e6f7a8b',
      robot: 1,
      wxacodeEnvVersion: 'release',
      privateKeyPath: path.join(dir, 'private.wx1a2b3c4d5e6f7a8b.key'),
    });
  });

  const bad: [string, (c: Record<string, unknown>, dir: string) => void, string, RegExp][] = [
    ['a missing key file', (c) => (c.privateKeyPath = 'nowhere.key'), 'privateKeyPath', /找不到代码上传密钥文件/],
    [
      'a key file that is no key',
      (c, dir) => {
        fs.writeFileSync(path.join(dir, 'not-a.key'), 'hello');
        c.privateKeyPath = 'not-a.key';
      },
      'privateKeyPath',
      /不是有效的私钥文件/,
    ],
    ['a malformed appid', (c) => (c.appid = 'wx12345'), 'appid', /不是小程序 AppID/],
    ['the DevTools tourist appid', (c) => (c.appid = 'touristappid'), 'appid', /仍是占位值/],
    ['the old env id placeholder', (c) => (c.cloudEnv = 'YOUR-CLOUD-ENV-ID'), 'cloudEnv', /仍是占位值/],
    ['a malformed env id', (c) => (c.cloudEnv = 'Prod Env!'), 'cloudEnv', /不是云开发环境 ID/],
    [
      'a template id still a placeholder',
      (c) => ((c.subscribeTemplates as Record<string, string>).signupResult = 'TPL_SIGNUP_RESULT'),
      'subscribeTemplates.signupResult',
      /仍是占位值/,
    ],
    [
      'a template id left at its local value',
      (c) => ((c.subscribeTemplates as Record<string, string>).eventChange = DEPLOYMENT.subscribeTemplates.eventChange),
      'subscribeTemplates.eventChange',
      /仍是占位值/,
    ],
    [
      'a template id missing',
      (c) => delete (c.subscribeTemplates as Record<string, string>).eventReminder,
      'subscribeTemplates.eventReminder',
      /缺少/,
    ],
    ['an admin openid that is not an openid', (c) => (c.adminOpenids = ['张三']), 'adminOpenids[0]', /不是 openid/],
    ['no admin openid', (c) => (c.adminOpenids = []), 'adminOpenids', /至少一个/],
    ['a misspelt field', (c) => (c.robots = 2), 'robots', /不认识的字段/],
    ['a robot out of range', (c) => (c.robot = 31), 'robot', /1–30/],
    ['an unknown code version', (c) => (c.wxacodeEnvVersion = 'beta'), 'wxacodeEnvVersion', /release/],
  ];
  test.each(bad)('%s fails, naming the field, in the dry run too', (_what, patch, field, message) => {
    const dir = keyDir();
    const c = realConfig();
    patch(c, dir);
    const issues = issuesOf(() => validate(c, 'dry-run', dir));
    expect(issues).toEqual([{ field, message: expect.stringMatching(message) }]);
  });

  test('the same template id twice is refused', () => {
    const dir = keyDir();
    const c = realConfig();
    const t = c.subscribeTemplates as Record<string, string>;
    t.eventChange = t.signupResult as string;
    expect(issuesOf(() => validate(c, 'deploy', dir))).toEqual([
      { field: 'subscribeTemplates', message: '三个模板 ID 不能重复' },
    ]);
  });

  test('a missing config file and broken JSON are reported as such', () => {
    const dir = makeTempDir('deploy-cfg-');
    expect(issuesOf(() => loadDeployConfig(path.join(dir, 'deploy.config.json'), 'deploy'))[0]?.message).toMatch(
      /复制 deploy.config.example.json/,
    );
    fs.writeFileSync(path.join(dir, 'broken.json'), '{ "appid": ');
    expect(issuesOf(() => loadDeployConfig(path.join(dir, 'broken.json'), 'dry-run'))[0]?.message).toMatch(
      /不是有效的 JSON/,
    );
  });

  test('a bad config stops the run before anything is built or staged', async () => {
    const dir = keyDir();
    const c = { ...realConfig(), appid: 'wx-not-an-appid' };
    fs.writeFileSync(path.join(dir, 'deploy.config.json'), JSON.stringify(c));
    const stageDir = path.join(dir, 'stage');
    const lines: string[] = [];
    const attempt = runDeploy({
      root: ROOT,
      configFile: path.join(dir, 'deploy.config.json'),
      dryRun: true,
      preview: false,
      stageDir,
      env: {},
      log: (l) => lines.push(l),
    });
    await expect(attempt).rejects.toThrow(/appid：「wx-not-an-appid」不是小程序 AppID/);
    expect(fs.existsSync(stageDir)).toBe(false);
    expect(lines).toEqual([]);
  });

  test('Tencent Cloud API keys come in pairs', () => {
    expect(apiKeysFromEnv({})).toBeNull();
    expect(apiKeysFromEnv({ TENCENTCLOUD_SECRETID: 'id', TENCENTCLOUD_SECRETKEY: 'key' })).toEqual({
      secretId: 'id',
      secretKey: 'key',
    });
    expect(() => apiKeysFromEnv({ TENCENTCLOUD_SECRETID: 'id' })).toThrow(/TENCENTCLOUD_SECRETKEY/);
  });
});

describe('the staged project', () => {
  test('the generated deployment module carries the values, and the committed one only local values', () => {
    const committed = fs.readFileSync(path.join(ROOT, 'miniprogram/contract/deployment.ts'), 'utf8');
    const values = {
      cloudEnv: 'prod-4g1a2b3c4d5e6f7a',
      subscribeTemplates: { signupResult: 'a'.repeat(43), eventReminder: 'b'.repeat(43), eventChange: 'c'.repeat(43) },
    };
    const generated = deploymentModule(committed, values, 'deploy.config.json');
    expect(generated).toContain('export interface SubscribeTemplateIds');
    expect(generated).toContain('"cloudEnv": "prod-4g1a2b3c4d5e6f7a"');
    expect(generated).not.toContain('local-');
    expect(DEPLOYMENT.cloudEnv).toBeNull();
    expect(Object.values(DEPLOYMENT.subscribeTemplates).every((id) => id.startsWith('local-'))).toBe(true);
  });

  test('a local value or an old placeholder anywhere in what uploads is found', () => {
    const stage = makeTempDir('deploy-guard-');
    fs.mkdirSync(path.join(stage, 'miniprogram/pages/x'), { recursive: true });
    fs.mkdirSync(path.join(stage, 'cloudfunctions/events'), { recursive: true });
    fs.writeFileSync(path.join(stage, 'miniprogram/pages/x/index.ts'), "const id = 'TPL_EVENT_CHANGE';\n");
    fs.writeFileSync(
      path.join(stage, 'cloudfunctions/events/index.js'),
      `var t = "${DEPLOYMENT.subscribeTemplates.signupResult}";\n`,
    );
    expect(findForbidden(stage).sort()).toEqual([
      `cloudfunctions/events/index.js: ${DEPLOYMENT.subscribeTemplates.signupResult}`,
      'miniprogram/pages/x/index.ts: TPL_EVENT_CHANGE',
    ]);
  });
});

describe('npm run deploy -- --dry-run on the committed example config', () => {
  const stage = makeTempDir('deploy-stage-');
  const committedDeployment = fs.readFileSync(path.join(ROOT, 'miniprogram/contract/deployment.ts'), 'utf8');
  let stdout = '';

  beforeAll(async () => {
    const result = await run(
      TSX,
      ['tools/deploy.ts', '--dry-run', '--config', 'deploy.config.example.json', '--stage', stage],
      {
        cwd: ROOT,
        env: { ...process.env, TENCENTCLOUD_SECRETID: '', TENCENTCLOUD_SECRETKEY: '' },
        maxBuffer: 64 << 20,
      },
    );
    stdout = result.stdout;
  }, 600_000);

  test('compiles with the official compiler and packs both functions, printing their sizes', () => {
    expect(stdout).toMatch(/小程序代码包：\d{2,} 个文件，压缩后 \d+\.\d KB/);
    for (const fn of ['content', 'events']) {
      // index.js, package.json, config.json: the source stays behind, dependencies install in the cloud.
      expect(stdout).toMatch(new RegExp(`云函数 ${fn}：3 个文件，压缩后 \\d+\\.\\d KB`));
      expect(fs.readdirSync(path.join(stage, 'cloudfunctions', fn)).sort()).toEqual([
        'config.json',
        'index.js',
        'package.json',
      ]);
    }
    expect(fs.statSync(path.join(stage, 'compiled.zip')).size).toBeGreaterThan(10_000);
  });

  test('the stage holds the example values, the repository is untouched', () => {
    const generated = fs.readFileSync(path.join(stage, 'miniprogram/contract/deployment.ts'), 'utf8');
    expect(generated).toContain('example-env-0a1b2c');
    const events = fs.readFileSync(path.join(stage, 'cloudfunctions/events/index.js'), 'utf8');
    expect(events).toContain('example-signup-result-template-id-000000000');
    expect(findForbidden(stage)).toEqual([]);
    const projectConfig = JSON.parse(fs.readFileSync(path.join(stage, 'project.config.json'), 'utf8')) as {
      appid: string;
    };
    expect(projectConfig.appid).toBe('wx0000000000000000');
    expect(fs.readFileSync(path.join(ROOT, 'miniprogram/contract/deployment.ts'), 'utf8')).toBe(committedDeployment);
  });

  test('prints the plan and, without API keys, the console checklist for every collection', () => {
    expect(stdout).toContain('真实部署将会');
    expect(stdout).toContain('创建定时触发器 events/reminders（0 0 10 * * * *）');
    for (const name of Object.keys(DATABASE)) expect(stdout).toContain(`云开发控制台 → 数据库 → ${name}（`);
    expect(stdout).toContain('ADMIN_OPENIDS=oExampleAdminOpenid000000000');
    expect(stdout).toMatch(/完成，用时/);
  });
});

describe('a deploy that fails midway', () => {
  test('says what was done and what was not, and the same command completes it', async () => {
    const dir = keyDir();
    fs.writeFileSync(path.join(dir, 'deploy.config.json'), JSON.stringify(realConfig()));
    const uploaded: string[] = [];
    let networkUp = false;
    // miniprogram-ci's network calls stand in; everything before them (build, stage) is real.
    const network: CiNetwork = {
      uploadFunction: async (_target, fn) => {
        if (fn.name === 'events' && !networkUp) throw new Error('getaddrinfo ENOTFOUND servicewechat.com');
        uploaded.push(fn.name);
        return { files: 3, bytes: 1024 };
      },
      createTimeTrigger: async () => {
        uploaded.push('trigger');
        return true;
      },
      upload: async (target, options) => {
        uploaded.push(`miniprogram ${options.version} ${path.basename(target.projectPath)}`);
        return [{ name: '__FULL__', bytes: 400_000 }];
      },
      preview: async () => [],
    };
    const options = {
      root: ROOT,
      configFile: path.join(dir, 'deploy.config.json'),
      dryRun: false,
      preview: false,
      version: '1.2.3',
      stageDir: path.join(dir, 'stage'),
      env: {},
      network,
    };
    const lines: string[] = [];
    const first = await runDeploy({ ...options, log: (l) => lines.push(l) });
    expect(first.ok).toBe(false);
    expect(first.done.map((d) => d.title)).toEqual(['构建（npm run build）', '暂存待上传的项目']);
    expect(first.failed).toEqual({
      title: '上传云函数（miniprogram-ci cloud.uploadFunction，云端安装依赖）',
      error: 'getaddrinfo ENOTFOUND servicewechat.com',
    });
    expect(first.notDone).toEqual([
      '云函数定时触发器（miniprogram-ci cloud.createTimeTrigger）',
      '上传小程序（miniprogram-ci upload）',
    ]);
    expect(lines).toContain('修正后重新运行同一命令即可补完：每一步都可重复执行。');
    // The mini program never went out before its backend.
    expect(uploaded).toEqual(['content']);

    networkUp = true;
    const second = await runDeploy({ ...options, log: () => undefined });
    expect(second.ok).toBe(true);
    expect(uploaded).toEqual(['content', 'content', 'events', 'trigger', 'miniprogram 1.2.3 stage']);
    expect(findForbidden(options.stageDir)).toEqual([]);
    // Without API keys the function settings and the database are printed for the console.
    expect(second.manual.filter((m) => m.includes('→ 数据库 →'))).toHaveLength(Object.keys(DATABASE).length);
  }, 600_000);
});

describe('CloudBase settings through manager-node (fake app)', () => {
  function fakeApp(state: {
    indexes: Record<string, string[]>;
    detail: Awaited<ReturnType<ManagerApp['functions']['getFunctionDetail']>> | null;
  }) {
    const calls: [string, ...unknown[]][] = [];
    const app: ManagerApp = {
      functions: {
        getFunctionDetail: async (name) => {
          calls.push(['getFunctionDetail', name]);
          if (!state.detail) throw Object.assign(new Error('not found'), { code: 'ResourceNotFound.Function' });
          return state.detail;
        },
        createFunction: async (p) => void calls.push(['createFunction', p]),
        updateFunctionConfig: async (f) => void calls.push(['updateFunctionConfig', f]),
        createFunctionTriggers: async (n, t) => void calls.push(['createFunctionTriggers', n, t]),
      },
      database: {
        createCollectionIfNotExists: async (n) => void calls.push(['createCollectionIfNotExists', n]),
        checkIndexExists: async (c, i) => ({ Exists: (state.indexes[c] ?? []).includes(i) }),
        updateCollection: async (c, info) => void calls.push(['updateCollection', c, info]),
      },
      permission: {
        modifyResourcePermission: async (o) => void calls.push(['modifyResourcePermission', o]),
      },
    };
    return { app, calls };
  }
  const fn: FunctionSettings = {
    name: 'events',
    dir: '/stage/cloudfunctions/events',
    timeout: 60,
    env: { ADMIN_OPENIDS: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o', WXACODE_ENV_VERSION: 'release' },
    triggers: [{ name: 'reminders', type: 'timer', config: '0 0 10 * * * *' }],
  };

  test('every collection created, only missing indexes added, every rule set', async () => {
    const { app, calls } = fakeApp({ indexes: { events: ['status_startAt'] }, detail: null });
    await applyDatabase(app, DATABASE, () => undefined);
    const names = Object.keys(DATABASE);
    expect(calls.filter((c) => c[0] === 'createCollectionIfNotExists').map((c) => c[1])).toEqual(names);
    const eventsUpdate = calls.find((c) => c[0] === 'updateCollection' && c[1] === 'events');
    expect(eventsUpdate?.[2]).toEqual({
      CreateIndexes: [
        {
          IndexName: 'endAt_startAt_id',
          MgoKeySchema: {
            MgoIsUnique: false,
            MgoIndexKeys: [
              { Name: 'endAt', Direction: '1' },
              { Name: 'startAt', Direction: '1' },
              { Name: '_id', Direction: '1' },
            ],
          },
        },
      ],
    });
    // No update for collections without indexes.
    expect(calls.some((c) => c[0] === 'updateCollection' && c[1] === 'article_readers')).toBe(false);
    const rules = calls.filter((c) => c[0] === 'modifyResourcePermission').map((c) => c[1]);
    expect(rules).toHaveLength(names.length);
    expect(rules[0]).toEqual({
      resourceType: 'collection',
      resource: 'articles',
      permission: 'CUSTOM',
      securityRule: '{"read":false,"write":false}',
    });
  });

  test('function settings keep console variables, skip what is already set, create only missing triggers', async () => {
    const { app, calls } = fakeApp({
      indexes: {},
      detail: {
        Runtime: 'Nodejs16.13',
        Timeout: 3,
        Environment: { Variables: [{ Key: 'OTHER', Value: 'x' }] },
        Triggers: [],
      },
    });
    await applyFunctionConfig(app, fn);
    expect(calls.find((c) => c[0] === 'updateFunctionConfig')?.[1]).toEqual({
      name: 'events',
      timeout: 60,
      envVariables: { OTHER: 'x', ...fn.env },
    });
    await ensureTriggers(app, fn);
    expect(calls.find((c) => c[0] === 'createFunctionTriggers')?.slice(1)).toEqual(['events', fn.triggers]);

    const done = fakeApp({
      indexes: {},
      detail: {
        Runtime: 'Nodejs16.13',
        Timeout: 60,
        Environment: { Variables: Object.entries(fn.env).map(([Key, Value]) => ({ Key, Value })) },
        Triggers: [{ TriggerName: 'reminders' }],
      },
    });
    expect(await applyFunctionConfig(done.app, fn)).toMatch(/已是目标值/);
    expect(await ensureTriggers(done.app, fn)).toMatch(/已存在/);
    expect(done.calls.map((c) => c[0])).toEqual(['getFunctionDetail', 'getFunctionDetail']);
  });

  test('a missing function is created on Node 16; an old runtime is reported', async () => {
    const missing = fakeApp({ indexes: {}, detail: null });
    expect(await ensureFunction(missing.app, fn)).toMatch(/已创建云函数 events（Nodejs16.13）/);
    expect(missing.calls.find((c) => c[0] === 'createFunction')?.[1]).toMatchObject({
      func: { name: 'events', runtime: 'Nodejs16.13', timeout: 60, installDependency: true, envVariables: fn.env },
      functionPath: fn.dir,
    });
    const old = fakeApp({ indexes: {}, detail: { Runtime: 'Nodejs8.9' } });
    expect(await ensureFunction(old.app, fn)).toMatch(/运行时是 Nodejs8.9/);
    expect(old.calls.some((c) => c[0] === 'createFunction')).toBe(false);
  });
});

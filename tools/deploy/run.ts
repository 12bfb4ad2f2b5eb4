// `npm run deploy` as a library (tools/deploy.ts is its command line; tests
// call this). Order: validate the config, build, stage, check, then (deploy)
// cloud functions and their settings, the database, and the mini program
// last, so a new version never goes out before the backend it calls. Every
// step is idempotent: after a failure the report says what was done and what
// was not, and running the same command again completes it.
import fs from 'node:fs';
import path from 'node:path';
import { DATABASE } from '../../server/database';
import { build, formatProblem, resolvePaths } from '../build/index';
import {
  applyDatabase,
  applyFunctionConfig,
  apiKeysFromEnv,
  ensureFunction,
  ensureTriggers,
  managerApp,
  type ApiKeys,
  type FunctionSettings,
} from './cloudbase';
import { loadDeployConfig, needsThrowawayKey, type DeployConfig, type LoadedConfig } from './config';
import { findForbidden, stageProject, type Stage } from './stage';
import * as wechat from '../wechat-ci';

export interface DeployOptions {
  root: string;
  configFile: string;
  dryRun: boolean;
  /** A preview QR code (ci.preview) instead of an upload. */
  preview: boolean;
  version?: string;
  desc?: string;
  /** Where the project is staged; default <root>/dist/deploy. */
  stageDir?: string;
  env: NodeJS.ProcessEnv;
  log: (line: string) => void;
  /** The network half of miniprogram-ci (tests pass a stand-in; default the real one). */
  network?: CiNetwork;
}

export type CiNetwork = Pick<typeof wechat, 'uploadFunction' | 'createTimeTrigger' | 'upload' | 'preview'>;

export interface StepResult {
  title: string;
  lines: string[];
}

export interface DeployReport {
  ok: boolean;
  config?: LoadedConfig;
  done: StepResult[];
  failed?: { title: string; error: string };
  notDone: string[];
  /** What the official tools cannot do (or cannot do without API keys): printed for a person. */
  manual: string[];
  compiled?: wechat.CompiledPackage;
  functions: { name: string; files: number; bytes: number }[];
}

interface Step {
  title: string;
  run: () => Promise<string[]>;
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

function functionEnv(config: DeployConfig): Record<string, string> {
  return { ADMIN_OPENIDS: config.adminOpenids.join(','), WXACODE_ENV_VERSION: config.wxacodeEnvVersion };
}

function settingsOf(stage: Stage, config: DeployConfig): FunctionSettings[] {
  return stage.functions.map((f) => ({
    name: f.name,
    dir: f.dir,
    timeout: f.timeout,
    env: functionEnv(config),
    triggers: f.triggers,
  }));
}

/** The console steps that replace manager-node when no API keys are given. */
function functionChecklist(fns: FunctionSettings[]): string[] {
  const lines: string[] = [];
  for (const fn of fns) {
    lines.push(
      `云开发控制台 → 云函数 → ${fn.name} → 版本与配置 → 编辑：运行环境 Nodejs16.13（新建的函数须确认：miniprogram-ci 新建时为 Nodejs8.9，只能删除重建），超时时间 ${fn.timeout} 秒，环境变量 ` +
        Object.entries(fn.env)
          .map(([k, v]) => `${k}=${v}`)
          .join('，'),
    );
  }
  return lines;
}

function databaseChecklist(): string[] {
  const lines: string[] = [];
  for (const [name, setup] of Object.entries(DATABASE)) {
    const indexes = setup.indexes.map(
      (i) =>
        `${i.name}（${Object.entries(i.keys)
          .map(([k, d]) => `${k} ${d === 1 ? '升序' : '降序'}`)
          .join('，')}）`,
    );
    lines.push(
      `云开发控制台 → 数据库 → ${name}（没有就新建集合）：索引 ${indexes.length ? indexes.join('；') : '无'}；数据权限 → 自定义安全规则 ${JSON.stringify(setup.rules)}`,
    );
  }
  return lines;
}

/** One-time steps no API does; always printed. */
function oneTimeSteps(config: DeployConfig): string[] {
  return [
    `公众平台 → 管理 → 开发管理 → 开发设置 → 小程序代码上传：生成代码上传密钥（保存为 privateKeyPath），并把运行本命令的机器的出口 IP 加入 IP 白名单（${config.appid}）`,
    '云开发控制台 → 设置 → 权限设置：开启「未登录用户访问权限」（朋友圈单页模式）；云函数权限规则 { "*": { "invoke": "auth != null" }, "content": { "invoke": true }, "events": { "invoke": true } }；云存储权限 { "read": true, "write": false }（见 README「Sharing」）',
    '公众平台 → 订阅消息：核对三个模板的字段与 server/events/notify.ts 填写的字段一致（thing1、time2、thing3、phrase4 / thing4）',
    '公众平台 → 版本管理：把上传的开发版设为体验版或提交审核、发布（miniprogram-ci 只上传开发版）',
  ];
}

export async function runDeploy(o: DeployOptions): Promise<DeployReport> {
  const report: DeployReport = { ok: false, done: [], notDone: [], manual: [], functions: [] };
  const log = o.log;
  const net: CiNetwork = o.network ?? wechat;
  const mode = o.dryRun ? 'dry-run' : 'deploy';

  // Everything that can be wrong in the input fails here, before any build or upload.
  const loaded = loadDeployConfig(o.configFile, mode);
  const keys: ApiKeys | null = apiKeysFromEnv(o.env);
  report.config = loaded;
  const { config } = loaded;
  const pkg = JSON.parse(fs.readFileSync(path.join(o.root, 'package.json'), 'utf8')) as {
    version?: string;
    description?: string;
  };
  const version = o.version ?? pkg.version ?? '0.0.0';
  const desc = o.desc ?? pkg.description ?? '';
  const stageRoot = path.resolve(o.stageDir ?? path.join(o.root, 'dist', 'deploy'));
  const target: wechat.CiTarget = {
    appid: config.appid,
    projectPath: stageRoot,
    privateKeyPath: config.privateKeyPath,
  };

  log(
    `${o.dryRun ? '部署演练（不连网，不上传）' : o.preview ? '预览' : '部署'}：${path.relative(o.root, loaded.file) || loaded.file}`,
  );
  log(`  appid ${config.appid}，云环境 ${config.cloudEnv}，版本 ${version}「${desc}」，机器人 ${config.robot}`);
  log(
    `  云开发管理：${keys ? '@cloudbase/manager-node（已提供腾讯云 API 密钥）' : '未提供 API 密钥：云函数配置与数据库打印为控制台步骤'}`,
  );
  for (const e of loaded.examples) log(`  示例值 ${e.field}：真实部署会拒绝（${e.message}）`);

  let stage: Stage | undefined;
  const steps: Step[] = [
    {
      title: '构建（npm run build）',
      run: async () => {
        const result = await build(resolvePaths(o.root));
        if (result.problems.length > 0) throw new Error(result.problems.map(formatProblem).join('\n'));
        return [`miniprogram_npm 与云函数构建通过`];
      },
    },
    {
      title: '暂存待上传的项目',
      run: async () => {
        stage = await stageProject(o.root, stageRoot, {
          appid: config.appid,
          source: path.basename(loaded.file),
          deployment: { cloudEnv: config.cloudEnv, subscribeTemplates: config.subscribeTemplates },
        });
        const forbidden = findForbidden(stageRoot);
        if (forbidden.length > 0) throw new Error(`待上传的代码仍含本地值或占位值：\n  ${forbidden.join('\n  ')}`);
        return [
          `${path.relative(o.root, stageRoot) || stageRoot}：生成 miniprogram/contract/deployment.ts（云环境、订阅消息模板 ID），appid 写入 project.config.json；无本地值或占位值`,
          ...stage.functions.map((f) => `云函数 ${f.name}：index.js ${kb(f.bundleBytes)}`),
        ];
      },
    },
  ];
  const staged = (): Stage => {
    if (!stage) throw new Error('项目尚未暂存');
    return stage;
  };

  if (o.dryRun) {
    steps.push(
      {
        title: '官方编译器编译小程序（miniprogram-ci getCompiledResult，离线）',
        run: async () => {
          const t = { ...target };
          if (needsThrowawayKey(config)) {
            t.privateKeyPath = path.join(stageRoot, '.throwaway.key');
            wechat.writeThrowawayKey(t.privateKeyPath);
          }
          const compiled = await wechat.compile(t, path.join(stageRoot, 'compiled.zip'));
          report.compiled = compiled;
          return [`小程序代码包：${compiled.files} 个文件，压缩后 ${kb(compiled.bytes)}`];
        },
      },
      {
        title: '按 uploadFunction 的方式打包云函数',
        run: async () => {
          const lines: string[] = [];
          for (const f of staged().functions) {
            const pack = await wechat.packFunction(f.dir);
            report.functions.push({ name: f.name, ...pack });
            lines.push(`云函数 ${f.name}：${pack.files} 个文件，压缩后 ${kb(pack.bytes)}（依赖云端安装）`);
          }
          return lines;
        },
      },
    );
  } else {
    steps.push({
      title: '上传云函数（miniprogram-ci cloud.uploadFunction，云端安装依赖）',
      run: async () => {
        const lines: string[] = [];
        const app = keys ? managerApp(keys, config.cloudEnv) : null;
        for (const fn of settingsOf(staged(), config)) {
          if (app) lines.push(await ensureFunction(app, fn));
          const pack = await net.uploadFunction(target, { env: config.cloudEnv, name: fn.name, dir: fn.dir });
          report.functions.push({ name: fn.name, ...pack });
          lines.push(`云函数 ${fn.name}：已上传 ${pack.files} 个文件，${kb(pack.bytes)}`);
        }
        return lines;
      },
    });
    steps.push({
      title: keys
        ? '云函数配置与触发器（@cloudbase/manager-node）'
        : '云函数定时触发器（miniprogram-ci cloud.createTimeTrigger）',
      run: async () => {
        const lines: string[] = [];
        const fns = settingsOf(staged(), config);
        if (keys) {
          const app = managerApp(keys, config.cloudEnv);
          for (const fn of fns) {
            lines.push(await applyFunctionConfig(app, fn));
            lines.push(await ensureTriggers(app, fn));
          }
          return lines;
        }
        for (const fn of fns) {
          if (fn.triggers.length === 0) continue;
          const created = await net.createTimeTrigger(target, {
            env: config.cloudEnv,
            functionName: fn.name,
            triggers: fn.triggers,
          });
          lines.push(
            created
              ? `云函数 ${fn.name}：已创建触发器 ${fn.triggers.map((t) => t.name).join('、')}`
              : `云函数 ${fn.name}：触发器未创建（已存在时也如此）：在控制台 → 云函数 → ${fn.name} → 触发器 核对 ${fn.triggers.map((t) => `${t.name}（${t.config}）`).join('、')}`,
          );
        }
        return lines;
      },
    });
    if (keys) {
      steps.push({
        title: '数据库集合、索引与安全规则（@cloudbase/manager-node）',
        run: async () => {
          const lines: string[] = [];
          await applyDatabase(managerApp(keys, config.cloudEnv), DATABASE, (l) => lines.push(l));
          return lines;
        },
      });
    }
    steps.push({
      title: o.preview ? '预览二维码（miniprogram-ci preview）' : '上传小程序（miniprogram-ci upload）',
      run: async () => {
        const release = { version, desc, robot: config.robot, onProgress: (m: string) => log(`    ${m}`) };
        if (o.preview) {
          const qr = path.join(stageRoot, 'preview-qrcode.jpg');
          const sizes = await net.preview(target, { ...release, qrcodeOutputDest: qr });
          return [`预览二维码：${qr}`, ...sizes.map((s) => `${s.name}：${kb(s.bytes)}`)];
        }
        const sizes = await net.upload(target, release);
        return [`已上传开发版 ${version}（机器人 ${config.robot}）`, ...sizes.map((s) => `${s.name}：${kb(s.bytes)}`)];
      },
    });
  }

  for (let i = 0; i < steps.length; i++) {
    const step = steps[i] as Step;
    log(`▶ ${step.title}`);
    try {
      const lines = await step.run();
      for (const l of lines) log(`  ✓ ${l}`);
      report.done.push({ title: step.title, lines });
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      report.failed = { title: step.title, error };
      report.notDone = steps.slice(i + 1).map((s) => s.title);
      log(`  ✗ ${error}`);
      log('');
      log(`已完成：${report.done.map((d) => d.title).join('；') || '无'}`);
      log(`失败：${step.title}`);
      log(`未执行：${report.notDone.join('；') || '无'}`);
      log('修正后重新运行同一命令即可补完：每一步都可重复执行。');
      return report;
    }
  }

  const fns = stage ? settingsOf(stage, config) : [];
  if (o.dryRun) {
    log('');
    log('真实部署将会：');
    for (const fn of fns) {
      log(`  上传云函数 ${fn.name} 到 ${config.cloudEnv}（cloud.uploadFunction，云端安装依赖）`);
      const settings = `超时 ${fn.timeout} 秒，环境变量 ${Object.keys(fn.env).join('、')}`;
      log(`  ${keys ? '设置' : '打印控制台步骤'}：${fn.name} ${settings}`);
      for (const t of fn.triggers) log(`  创建定时触发器 ${fn.name}/${t.name}（${t.config}）`);
    }
    const indexCount = Object.values(DATABASE).reduce((n, s) => n + s.indexes.length, 0);
    log(
      `  ${keys ? '创建或更新' : '打印清单'}：${Object.keys(DATABASE).length} 个集合，${indexCount} 个索引，每个集合的安全规则`,
    );
    log(`  ${o.preview ? '生成预览二维码' : `上传小程序开发版 ${version}`}（miniprogram-ci）`);
  }
  if (!keys) {
    report.manual.push(...functionChecklist(fns), ...databaseChecklist());
  }
  report.manual.push(...oneTimeSteps(config));
  log('');
  log('需要在控制台手动完成（官方工具没有对应接口，或未提供 API 密钥）：');
  report.manual.forEach((m, i) => log(`  ${i + 1}. ${m}`));
  report.ok = true;
  return report;
}

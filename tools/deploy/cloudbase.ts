// What miniprogram-ci cannot set, through Tencent CloudBase's official
// management SDK, @cloudbase/manager-node, when the user gives Tencent Cloud
// API keys (TENCENTCLOUD_SECRETID / TENCENTCLOUD_SECRETKEY): a new function's
// runtime, timeout and environment variables, timer triggers (checked before
// creating), collections, indexes and security rules. Every step reads first
// and changes only what differs, so a re-run completes a failed one.
//
// Docs: https://docs.cloudbase.net/api-reference/manager/node/introduction
// (functions: createFunction, getFunctionDetail, updateFunctionConfig,
// createFunctionTriggers; database: createCollectionIfNotExists,
// checkIndexExists, updateCollection), and
// https://docs.cloudbase.net/api-reference/manager/node/permission
// (modifyResourcePermission, CUSTOM rules for collections).
import type { CollectionSetup } from '../../server/database';
import type { TimerTrigger } from '../wechat-ci';

export interface ApiKeys {
  secretId: string;
  secretKey: string;
}

/** The keys from the environment; both or neither (a half pair is an error naming the missing one). */
export function apiKeysFromEnv(env: NodeJS.ProcessEnv): ApiKeys | null {
  const secretId = env.TENCENTCLOUD_SECRETID?.trim() || '';
  const secretKey = env.TENCENTCLOUD_SECRETKEY?.trim() || '';
  if (!secretId && !secretKey) return null;
  if (!secretId) throw new Error('缺少环境变量 TENCENTCLOUD_SECRETID（已设置 TENCENTCLOUD_SECRETKEY）');
  if (!secretKey) throw new Error('缺少环境变量 TENCENTCLOUD_SECRETKEY（已设置 TENCENTCLOUD_SECRETID）');
  return { secretId, secretKey };
}

/** The part of manager-node's CloudBase app this module uses (a fake stands in for it in tests). */
export interface ManagerApp {
  functions: {
    getFunctionDetail(name: string): Promise<{
      Runtime?: string;
      Timeout?: number;
      Environment?: { Variables?: { Key: string; Value: string }[] };
      Triggers?: { TriggerName?: string; Name?: string }[];
    }>;
    createFunction(param: {
      func: {
        name: string;
        runtime: string;
        timeout: number;
        handler: string;
        installDependency: boolean;
        envVariables: Record<string, string>;
        ignore: string[];
      };
      functionPath: string;
      force: boolean;
    }): Promise<unknown>;
    updateFunctionConfig(func: {
      name: string;
      timeout: number;
      envVariables: Record<string, string>;
    }): Promise<unknown>;
    createFunctionTriggers(name: string, triggers: TimerTrigger[]): Promise<unknown>;
  };
  database: {
    createCollectionIfNotExists(name: string): Promise<unknown>;
    checkIndexExists(collection: string, index: string): Promise<{ Exists: boolean }>;
    updateCollection(
      collection: string,
      info: {
        CreateIndexes: {
          IndexName: string;
          MgoKeySchema: { MgoIsUnique: boolean; MgoIndexKeys: { Name: string; Direction: string }[] };
        }[];
      },
    ): Promise<unknown>;
  };
  permission: {
    modifyResourcePermission(options: {
      resourceType: 'collection';
      resource: string;
      permission: 'CUSTOM';
      securityRule: string;
    }): Promise<unknown>;
  };
}

export function managerApp(keys: ApiKeys, envId: string): ManagerApp {
  // Loaded only when keys are given.
  const CloudBase = require('@cloudbase/manager-node') as typeof import('@cloudbase/manager-node');
  return new CloudBase({ secretId: keys.secretId, secretKey: keys.secretKey, envId }) as unknown as ManagerApp;
}

/** The runtime the bundles target (tools/build/functions.ts: node16). */
export const FUNCTION_RUNTIME = 'Nodejs16.13';

export interface FunctionSettings {
  name: string;
  dir: string;
  timeout: number;
  env: Record<string, string>;
  triggers: TimerTrigger[];
}

function notFound(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown } | undefined;
  return /ResourceNotFound/i.test(`${String(e?.code ?? '')} ${String(e?.message ?? '')}`);
}

/**
 * Creates the function with the right runtime when it does not exist yet
 * (miniprogram-ci would create it on Nodejs8.9, which cannot run the bundle).
 * Returns what it did, or a warning about an existing function's runtime.
 */
export async function ensureFunction(app: ManagerApp, fn: FunctionSettings): Promise<string> {
  try {
    const detail = await app.functions.getFunctionDetail(fn.name);
    const major = /Nodejs(\d+)/.exec(detail.Runtime ?? '')?.[1];
    if (major && Number(major) < 16) {
      return `警告：云函数 ${fn.name} 的运行时是 ${detail.Runtime}，代码按 Node.js 16 构建；运行时只能在创建时选择：在控制台删除后重新运行 npm run deploy`;
    }
    return `云函数 ${fn.name} 已存在（${detail.Runtime ?? '运行时未知'}）`;
  } catch (err) {
    if (!notFound(err)) throw err;
  }
  await app.functions.createFunction({
    func: {
      name: fn.name,
      runtime: FUNCTION_RUNTIME,
      timeout: fn.timeout,
      handler: 'index.main',
      installDependency: true,
      envVariables: fn.env,
      ignore: ['node_modules', 'node_modules/**/*'],
    },
    functionPath: fn.dir,
    force: false,
  });
  return `已创建云函数 ${fn.name}（${FUNCTION_RUNTIME}）`;
}

/** Timeout and environment variables; other variables already set in the console are kept. */
export async function applyFunctionConfig(app: ManagerApp, fn: FunctionSettings): Promise<string> {
  const detail = await app.functions.getFunctionDetail(fn.name);
  const current: Record<string, string> = {};
  for (const v of detail.Environment?.Variables ?? []) current[v.Key] = v.Value;
  const merged = { ...current, ...fn.env };
  const same =
    detail.Timeout === fn.timeout &&
    Object.keys(merged).length === Object.keys(current).length &&
    Object.entries(fn.env).every(([k, v]) => current[k] === v);
  if (same) return `云函数 ${fn.name} 的超时和环境变量已是目标值`;
  await app.functions.updateFunctionConfig({ name: fn.name, timeout: fn.timeout, envVariables: merged });
  return `云函数 ${fn.name}：超时 ${fn.timeout} 秒，环境变量 ${Object.keys(fn.env).join('、')}`;
}

/** Creates the triggers the function does not have yet (by name). */
export async function ensureTriggers(app: ManagerApp, fn: FunctionSettings): Promise<string> {
  if (fn.triggers.length === 0) return `云函数 ${fn.name} 没有触发器`;
  const detail = await app.functions.getFunctionDetail(fn.name);
  const have = new Set((detail.Triggers ?? []).map((t) => t.TriggerName ?? t.Name ?? ''));
  const missing = fn.triggers.filter((t) => !have.has(t.name));
  if (missing.length === 0) return `云函数 ${fn.name} 的触发器已存在：${fn.triggers.map((t) => t.name).join('、')}`;
  await app.functions.createFunctionTriggers(fn.name, missing);
  return `云函数 ${fn.name}：已创建触发器 ${missing.map((t) => `${t.name}（${t.config}）`).join('、')}`;
}

/** Every collection, its missing indexes, and its custom security rule. */
export async function applyDatabase(
  app: ManagerApp,
  database: Readonly<Record<string, CollectionSetup>>,
  log: (line: string) => void,
): Promise<void> {
  for (const [name, setup] of Object.entries(database)) {
    await app.database.createCollectionIfNotExists(name);
    const missing = [];
    for (const index of setup.indexes) {
      const { Exists } = await app.database.checkIndexExists(name, index.name);
      if (!Exists) missing.push(index);
    }
    if (missing.length > 0) {
      await app.database.updateCollection(name, {
        CreateIndexes: missing.map((index) => ({
          IndexName: index.name,
          MgoKeySchema: {
            MgoIsUnique: false,
            MgoIndexKeys: Object.entries(index.keys).map(([field, dir]) => ({ Name: field, Direction: String(dir) })),
          },
        })),
      });
    }
    await app.permission.modifyResourcePermission({
      resourceType: 'collection',
      resource: name,
      permission: 'CUSTOM',
      securityRule: JSON.stringify(setup.rules),
    });
    log(
      `集合 ${name}：索引 ${setup.indexes.length} 个（新建 ${missing.length}），安全规则 ${JSON.stringify(setup.rules)}`,
    );
  }
}

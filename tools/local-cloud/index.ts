// The local cloud: the real cloud-function code with the real wx-server-sdk,
// offline. Only the transports are replaced:
// - database: @cloudbase/database's request class (Db.reqClass) → Engine;
// - identity: getWXContext() reads process.env, which is process-global, so
//   each invocation gets its own WX_* variables through AsyncLocalStorage;
// - openapi, storage, getOpenData, callFunction: answered locally, recorded.
import { AsyncLocalStorage } from 'async_hooks';
import path from 'path';
import cloud from 'wx-server-sdk';
import { Engine, type DbParams, type DbResponse } from './engine';
import { Store } from './store';
import { createGetOpenData, createOpenApi, LocalStorage, newRecords, type Records } from './openapi';
import { serveHttp, type HttpServer } from './http';

export type CloudHandler = (event: unknown, context: unknown) => Promise<unknown>;

export interface LocalCloudOptions {
  /** Where the database and storage live (created if missing). */
  dataDir: string;
  /** Cloud functions by name: their exported `main`. */
  functions: Record<string, CloudHandler>;
  envId?: string;
  appid?: string;
  /** Fixed delay per database request, like a cloud round trip. Default: LOCAL_CLOUD_DB_DELAY_MS. */
  dbDelayMs?: number;
  /** Environment variables of the functions (e.g. ADMIN_OPENIDS). */
  functionEnv?: Record<string, string>;
}

export interface Caller {
  /** Absent: a call without a member (Moments single-page mode). */
  openid?: string;
  unionid?: string;
  /** getWXContext().SOURCE; default 'wx_client' with a member, 'wx_unauth' without. */
  source?: string;
}

interface Invocation {
  env: Record<string, string>;
}

const invocation = new AsyncLocalStorage<Invocation>();
let active: LocalCloud | null = null;
let installed = false;

/** The request class @cloudbase/database instantiates for every call. */
class LocalRequest {
  async send(action: string, params?: DbParams): Promise<DbResponse> {
    const lc = active;
    if (!lc) throw new Error('local cloud: no local cloud is running in this process');
    if (lc.dbDelayMs > 0) await new Promise((r) => setTimeout(r, lc.dbDelayMs));
    return lc.engine.execute(action, params);
  }
}

function loadCloudbaseDatabase(): { Db: { reqClass: unknown } } {
  // The copy wx-server-sdk's node-sdk uses, whatever the hoisting.
  // (typed as Node's require: the mini program typings declare a narrower one)
  const nodeRequire = require as unknown as NodeJS.Require;
  const nodeSdk = path.dirname(nodeRequire.resolve('@cloudbase/node-sdk'));
  return nodeRequire(nodeRequire.resolve('@cloudbase/database', { paths: [nodeSdk] })) as { Db: { reqClass: unknown } };
}

function install(): void {
  if (installed) return;
  const { Db } = loadCloudbaseDatabase();
  // node-sdk assigns Db.reqClass on every cloud.database(); keep ours.
  Object.defineProperty(Db, 'reqClass', { get: () => LocalRequest, set: () => undefined, configurable: true });
  const realEnv = process.env;
  process.env = new Proxy(realEnv, {
    get(target, key) {
      const inv = invocation.getStore();
      if (inv && typeof key === 'string' && key in inv.env) return inv.env[key];
      return Reflect.get(target, key);
    },
    has(target, key) {
      const inv = invocation.getStore();
      if (inv && typeof key === 'string' && key in inv.env) return true;
      return Reflect.has(target, key);
    },
  });
  const sdk = cloud as unknown as Record<string, unknown>;
  const current = (): LocalCloud => {
    if (!active) throw new Error('local cloud: no local cloud is running in this process');
    return active;
  };
  const storage = () => current().storage.api();
  sdk.openapi = new Proxy({}, { get: (_t, key) => (current().openapi as Record<string | symbol, unknown>)[key] });
  sdk.uploadFile = (p: Parameters<ReturnType<LocalStorage['api']>['uploadFile']>[0]) => storage().uploadFile(p);
  sdk.getTempFileURL = (p: { fileList?: unknown }) => storage().getTempFileURL(p);
  sdk.deleteFile = (p: { fileList?: unknown }) => storage().deleteFile(p);
  sdk.downloadFile = (p: { fileID?: unknown }) => storage().downloadFile(p);
  sdk.getOpenData = (p: { list?: unknown }) => current().getOpenData(p);
  sdk.callFunction = async (p: { name?: unknown; data?: unknown }) => {
    const lc = current();
    const inv = invocation.getStore();
    const openid = inv?.env.WX_OPENID;
    const result = await lc.call(String(p.name), p.data ?? {}, openid ? { openid } : {});
    return { result, errMsg: 'cloud.callFunction:ok' };
  };
  installed = true;
}

export class LocalCloud {
  readonly store: Store;
  readonly engine: Engine;
  readonly records: Records = newRecords();
  readonly storage: LocalStorage;
  readonly openapi: Record<string, unknown>;
  readonly getOpenData: ReturnType<typeof createGetOpenData>;
  readonly envId: string;
  readonly appid: string;
  dbDelayMs: number;
  private readonly functions: Record<string, CloudHandler>;
  private readonly functionEnv: Record<string, string>;
  private http: HttpServer | null = null;
  private baseUrl = 'http://127.0.0.1:8787';

  constructor(options: LocalCloudOptions) {
    this.envId = options.envId || 'local-dev';
    this.appid = options.appid || 'wxlocal000000000';
    this.functions = options.functions;
    this.functionEnv = options.functionEnv || {};
    this.dbDelayMs = options.dbDelayMs ?? Number(process.env.LOCAL_CLOUD_DB_DELAY_MS || 0);
    this.store = new Store(path.join(options.dataDir, 'db'));
    this.engine = new Engine(this.store);
    this.storage = new LocalStorage(
      path.join(options.dataDir, 'storage'),
      this.envId,
      this.records,
      () => this.baseUrl,
    );
    this.openapi = createOpenApi(this.records);
    this.getOpenData = createGetOpenData(this.records);
  }

  /** The real SDK's database, for tools and tests that inspect raw records. */
  get db(): ReturnType<typeof cloud.database> {
    return cloud.database();
  }

  functionNames(): string[] {
    return Object.keys(this.functions);
  }

  /** Invokes a function as `caller`, with the wire's JSON in and out. */
  async call(fn: string, data: unknown, caller: Caller = {}): Promise<unknown> {
    const handler = this.functions[fn];
    if (!handler) throw new Error(`local cloud: no cloud function named "${fn}"`);
    const event = JSON.parse(JSON.stringify(data ?? {})) as Record<string, unknown>;
    const env: Record<string, string> = {
      ...this.functionEnv,
      TCB_ENV: this.envId,
      SCF_NAMESPACE: this.envId,
      TCB_SOURCE: caller.source || (caller.openid ? 'wx_client' : 'wx_unauth'),
      WX_APPID: this.appid,
      WX_CONTEXT_KEYS: 'WX_OPENID,WX_APPID,WX_UNIONID',
    };
    if (caller.openid) {
      env.WX_OPENID = caller.openid;
      event.userInfo = { appId: this.appid, openId: caller.openid };
    }
    if (caller.unionid) env.WX_UNIONID = caller.unionid;
    const context = { function_name: fn, namespace: this.envId, request_id: Math.random().toString(16).slice(2) };
    const result = await invocation.run({ env }, () => handler(event, context));
    return result === undefined ? null : (JSON.parse(JSON.stringify(result)) as unknown);
  }

  /** Runs a timer trigger declared in the function's config.json. */
  runTimer(fn: string, triggerName: string): Promise<unknown> {
    // Triggers run without a member and from no client.
    return this.call(
      fn,
      { Type: 'Timer', TriggerName: triggerName, Time: new Date().toISOString() },
      { source: 'wx_trigger' },
    );
  }

  /** Serves the HTTP endpoint on 127.0.0.1. Port 0 picks a free one. */
  async listen(port: number, host = '127.0.0.1'): Promise<string> {
    this.http = await serveHttp(this, port, host);
    this.baseUrl = this.http.url;
    return this.baseUrl;
  }

  get url(): string {
    return this.baseUrl;
  }

  async close(): Promise<void> {
    if (this.http) await this.http.close();
    this.http = null;
    this.store.close();
    if (active === this) active = null;
  }
}

/** Opens the data dir (failing clearly on a corrupt file) and installs the local cloud. */
export function startLocalCloud(options: LocalCloudOptions): LocalCloud {
  if (active) throw new Error('local cloud: one local cloud per process; close the running one first');
  const lc = new LocalCloud(options);
  lc.store.open();
  install();
  cloud.init({ env: lc.envId });
  active = lc;
  return lc;
}

/** Loads the bundled functions (cloudfunctions/<fn>/index.js) that deploy as they are. */
export function loadBuiltFunctions(root: string, names: string[]): Record<string, CloudHandler> {
  const out: Record<string, CloudHandler> = {};
  for (const name of names) {
    const file = path.join(root, name, 'index.js');
    const mod = require(file) as { main?: CloudHandler };
    if (typeof mod.main !== 'function') throw new Error(`local cloud: ${file} exports no main()`);
    out[name] = mod.main;
  }
  return out;
}

export { LOCAL_BANNED_WORDS } from './openapi';
export type { Records } from './openapi';

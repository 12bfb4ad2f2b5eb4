// Starts the local cloud for a test file: fresh temp data dir, the real
// wx-server-sdk, and the cloud functions loaded from their TypeScript
// sources (tools/build.ts bundles the same sources for upload).
import fs from 'fs';
import path from 'path';
import type { ActionName, Envelope, FunctionName, PayloadOf, ResultOf } from '../../miniprogram/contract/index';
import { startLocalCloud, type Caller, type CloudHandler, type LocalCloud } from '../../tools/local-cloud/index';
import type { Doc } from '../../tools/local-cloud/ejson';
import { createCollections } from '../../server/collections';
import { makeTempDir } from './temp';

export const FUNCTIONS_DIR = path.join(__dirname, '..', '..', 'cloudfunctions');

export interface TestCloudOptions {
  dataDir?: string;
  dbDelayMs?: number;
  functionEnv?: Record<string, string>;
  /** Only these functions (default: every cloudfunctions/<fn>/index.ts). */
  functions?: FunctionName[];
  /**
   * Create the app's collections up front (default true), so tests may write
   * raw documents before any function ran. The functions create them on
   * their own too (server/collections.ts); a test of that passes false.
   */
  createCollections?: boolean;
}

export class CallFailed extends Error {
  constructor(
    readonly code: string,
    /** The envelope's message, as the member reads it. */
    readonly said: string,
    readonly field?: string,
  ) {
    super(`${code}: ${said}${field ? ` (${field})` : ''}`);
  }
}

export interface TestCloud {
  lc: LocalCloud;
  dataDir: string;
  /** Calls an action as `caller` and returns its envelope. */
  call<F extends FunctionName, A extends ActionName<F>>(
    fn: F,
    action: A,
    payload: PayloadOf<F, A>,
    caller?: Caller,
  ): Promise<Envelope<ResultOf<F, A>>>;
  /** Like call, but returns the data and throws CallFailed on an error envelope. */
  ok<F extends FunctionName, A extends ActionName<F>>(
    fn: F,
    action: A,
    payload: PayloadOf<F, A>,
    caller?: Caller,
  ): Promise<ResultOf<F, A>>;
  /** Sends anything (malformed payloads, unknown actions). */
  callRaw(fn: string, data: unknown, caller?: Caller): Promise<unknown>;
  makeAdmin(openid: string): Promise<void>;
  runTimer(fn: FunctionName, trigger: string): Promise<unknown>;
  /** Every document of a collection, straight from the store (for before/after comparisons). */
  dump(collection: string): Doc[];
  db: LocalCloud['db'];
  records: LocalCloud['records'];
  storage: LocalCloud['storage'];
  close(): Promise<void>;
}

export function discoverFunctions(): FunctionName[] {
  return fs
    .readdirSync(FUNCTIONS_DIR)
    .filter((name) => fs.existsSync(path.join(FUNCTIONS_DIR, name, 'index.ts'))) as FunctionName[];
}

export async function startTestCloud(options: TestCloudOptions = {}): Promise<TestCloud> {
  const dataDir = options.dataDir || makeTempDir('localcloud-');
  const names = options.functions || discoverFunctions();
  const functions: Record<string, CloudHandler> = {};
  for (const name of names) {
    const mod = require(path.join(FUNCTIONS_DIR, name, 'index.ts')) as { main: CloudHandler };
    functions[name] = mod.main;
  }
  const lc = startLocalCloud({
    dataDir,
    functions,
    ...(options.dbDelayMs !== undefined ? { dbDelayMs: options.dbDelayMs } : {}),
    ...(options.functionEnv ? { functionEnv: options.functionEnv } : {}),
  });
  if (options.createCollections !== false) await createCollections();
  const call = async <F extends FunctionName, A extends ActionName<F>>(
    fn: F,
    action: A,
    payload: PayloadOf<F, A>,
    caller: Caller = {},
  ): Promise<Envelope<ResultOf<F, A>>> => (await lc.call(fn, { action, payload }, caller)) as Envelope<ResultOf<F, A>>;
  return {
    lc,
    dataDir,
    call,
    async ok(fn, action, payload, caller) {
      const env = await call(fn, action, payload, caller);
      if (!env.ok) throw new CallFailed(env.code, env.message, env.field);
      return env.data;
    },
    callRaw: (fn, data, caller = {}) => lc.call(fn, data, caller),
    async makeAdmin(openid) {
      const members = lc.db.collection('members');
      const existing = lc.store.collection('members').has(openid);
      if (existing) await members.doc(openid).update({ data: { role: 'admin' } });
      else await members.doc(openid).set({ data: { role: 'admin', name: '', unit: '', position: '', phone: '' } });
    },
    runTimer: (fn, trigger) => lc.runTimer(fn, trigger),
    dump: (collection) => lc.store.dump(collection),
    get db() {
      return lc.db;
    },
    records: lc.records,
    storage: lc.storage,
    async close() {
      await lc.close();
      // A temp folder made here goes with the cloud; one the caller passed is the caller's.
      if (!options.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * One local cloud for the whole test file (call at its top level): `start`
 * runs before its tests and the cloud is closed after them; the getter hands it out.
 */
export function cloudPerFile(start: () => Promise<TestCloud>, timeoutMs?: number): () => TestCloud {
  let tc: TestCloud | null = null;
  beforeAll(async () => {
    tc = await start();
  }, timeoutMs);
  afterAll(async () => {
    await tc?.close();
  });
  return () => {
    if (!tc) throw new Error('the test cloud is not started yet (use it inside a test)');
    return tc;
  };
}

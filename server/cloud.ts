// Small typed wrappers over the few wx-server-sdk calls we use: its bundled
// types are loose (`any`, `void | Promise`), so the rest of the server code
// sees only these.
import cloud from 'wx-server-sdk';

let initialised = false;

export function initCloud(): void {
  if (initialised) return;
  cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
  initialised = true;
}

export { cloud };

export type Db = ReturnType<typeof cloud.database>;

let database: Db | null = null;

/**
 * One database handle per function instance (the SDK builds a class per call otherwise).
 * throwOnNotFound false: doc().get() of a missing id resolves `{ data: null }`
 * instead of rejecting. The rejection carries only errCode -1 (generic) and a
 * message holding the id, so it cannot be told apart from other failures
 * without parsing text (an id with a line break broke that regex).
 * https://developers.weixin.qq.com/miniprogram/dev/wxcloud/reference-sdk-api/database/document/Document.get.html
 * https://developers.weixin.qq.com/minigame/dev/wxcloud/reference-sdk-api/Cloud.database.html
 */
export function db(): Db {
  if (!database) {
    initCloud();
    // The SDK's bundled type for the options lacks throwOnNotFound (documented since 1.7.0).
    const options: NonNullable<Parameters<typeof cloud.database>[0]> & { throwOnNotFound: boolean } = {
      throwOnNotFound: false,
    };
    database = cloud.database(options);
  }
  return database;
}

export interface Identity {
  /** Absent for calls without a member (Moments single-page mode, timers). */
  openid: string | undefined;
  appid: string | undefined;
}

export function identity(): Identity {
  const ctx = cloud.getWXContext();
  const openid = typeof ctx.OPENID === 'string' && ctx.OPENID ? ctx.OPENID : undefined;
  const appid = typeof ctx.APPID === 'string' && ctx.APPID ? ctx.APPID : undefined;
  return { openid, appid };
}

/** A subscribe message; never fails the caller's action (the member's sign-up matters more). */
export async function sendSubscribeMessage(msg: {
  touser: string;
  templateId: string;
  page: string;
  data: Record<string, { value: string }>;
}): Promise<boolean> {
  try {
    await cloud.openapi.subscribeMessage.send(msg);
    return true;
  } catch (err) {
    console.warn('subscribeMessage.send failed', (err as Error).message);
    return false;
  }
}

/** true when WeChat's content check passes. */
export async function textIsSafe(content: string, openid: string): Promise<boolean> {
  const res: { errCode?: number; result?: { suggest?: string } } = await cloud.openapi.security.msgSecCheck({
    content,
    version: 2,
    scene: 1,
    openid,
  });
  if (res.result && res.result.suggest) return res.result.suggest === 'pass';
  return res.errCode === 0 || res.errCode === undefined;
}

export async function uploadFile(cloudPath: string, fileContent: Buffer): Promise<string> {
  const res = (await cloud.uploadFile({ cloudPath, fileContent })) as { fileID: string };
  return res.fileID;
}

/** A temporary https URL for a stored file; `maxAgeSeconds` shortens its life (e.g. exports with phone numbers). */
export async function tempFileURL(fileID: string, maxAgeSeconds?: number): Promise<string> {
  const res = (await cloud.getTempFileURL({
    fileList: [maxAgeSeconds ? { fileID, maxAge: maxAgeSeconds } : fileID],
  })) as {
    fileList: Array<{ fileID: string; tempFileURL: string; status: number }>;
  };
  const item = res.fileList[0];
  if (!item || item.status !== 0) throw new Error(`getTempFileURL failed for ${fileID}`);
  return item.tempFileURL;
}

// ---- typed database helpers (the SDK types get() as `Promise | void | string`) ----

interface Gettable {
  get(): unknown;
}

/** The documents a query returns. */
export async function docs<T>(query: Gettable): Promise<T[]> {
  const res = (await query.get()) as { data: T[] };
  return res.data;
}

/** `doc(id).get()`: a missing document is null (db() sets throwOnNotFound false); any rejection is a real failure. */
export async function docOrNull<T>(ref: Gettable): Promise<T | null> {
  const res = (await ref.get()) as { data: T | null } | undefined;
  return res?.data ?? null;
}

export async function countOf(query: { count(): unknown }): Promise<number> {
  const res = (await query.count()) as { total: number };
  return res.total;
}

function errText(err: unknown): string {
  if (!err) return '';
  if (typeof err === 'string') return err;
  const e = err as { errMsg?: unknown; message?: unknown };
  return `${typeof e.errMsg === 'string' ? e.errMsg : ''} ${typeof e.message === 'string' ? e.message : ''}`;
}

/** A duplicate `_id` on add: the database-level "one per member" fact. */
export function isDuplicateKey(err: unknown): boolean {
  return /E11000|duplicate key/i.test(errText(err));
}

/** What a transaction callback gets: single-document operations on collections. */
export type TxDb = Pick<Db, 'collection'>;

/** `db.runTransaction`, typed (the SDK declares it `any`). */
export function runTransaction<T>(fn: (tx: TxDb) => Promise<T>): Promise<T> {
  return db().runTransaction(fn) as Promise<T>;
}

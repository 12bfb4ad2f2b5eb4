// The cloud database, typed: one handle per function instance and the few
// operations the functions use. wx-server-sdk types results as `any` or
// `Promise<…> | void | string`; every read and write of ours goes through
// here, so the domains (content/, events/, shares/) and the tools see only
// their own document interfaces. Every domain calls `db()` the same way.
import { AppError } from './errors';
import { cloud, initCloud } from './cloud';

export type Db = ReturnType<typeof cloud.database>;
type Collection = ReturnType<Db['collection']>;
type Query = ReturnType<Collection['where']>;
export type Command = Db['command'];
export type Condition = Parameters<Collection['where']>[0];
export type Fields = Record<string, unknown>;

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

/** The query command (`_`). */
export function cmd(): Command {
  return db().command;
}

/** Documents of a query (at most 100: the server-side cap). */
export async function findDocs<T>(query: { get(): unknown }): Promise<T[]> {
  const res = (await query.get()) as { data: unknown[] };
  return res.data as T[];
}

// Reading past the cloud database's 100-document cap (DESIGN §4): pages in
// _id order, each query starting after the last _id seen, never by skip.
/** Server reads are capped at 100 per query. */
export const PAGE_SIZE = 100;

/**
 * Every document `query` matches; `query(after)` must filter `_id > after`,
 * order by `_id` ascending and limit to 100.
 */
export async function findAllById<T extends { _id: string }>(
  query: (after: string) => { get(): unknown },
): Promise<T[]> {
  const out: T[] = [];
  let last = '';
  for (;;) {
    const batch = await findDocs<T>(query(last));
    out.push(...batch);
    const tail = batch[batch.length - 1];
    if (batch.length < PAGE_SIZE || !tail) return out;
    last = tail._id;
  }
}

/** `doc(id).get()`, optionally with `.field()`: a missing document is null (throwOnNotFound false); any rejection is a real failure. */
export async function findDoc<T>(ref: { get(): unknown }): Promise<T | null> {
  const res = (await ref.get()) as { data?: unknown } | undefined;
  return res && res.data ? (res.data as T) : null;
}

/** One document by collection and id, or null. */
export function getDoc<T>(collection: string, id: string): Promise<T | null> {
  return findDoc<T>(db().collection(collection).doc(id));
}

/** How many documents a query matches (not capped at 100). */
export async function countDocs(query: { count(): unknown }): Promise<number> {
  const res = (await query.count()) as { total: number };
  return res.total;
}

/** Inserts one document; resolves with its _id. Rejects on a duplicate _id (isDuplicateKey). */
export async function insertDoc(collection: string, data: object): Promise<string> {
  const res = (await db().collection(collection).add({ data })) as { _id: string | number };
  return String(res._id);
}

/** Updates every document the query matches; resolves with how many changed. */
export async function updateWhere(query: Query, data: object): Promise<number> {
  const res = (await query.update({ data })) as { stats: { updated: number } };
  return res.stats.updated;
}

/** Updates one document by id; resolves with how many changed (0: missing). */
export async function updateDoc(collection: string, id: string, data: object): Promise<number> {
  const res = (await db().collection(collection).doc(id).update({ data })) as { stats: { updated: number } };
  return res.stats.updated;
}

/**
 * A duplicate `_id` on add: how "one per member" and other deterministic ids
 * are enforced. The real cloud answers errCode -502001 with "E11000 duplicate
 * key error" (wrapped as [DuplicateWrite]) in errMsg; the SDK defines no code
 * of its own for it, so the text is all there is.
 */
export function isDuplicateKey(err: unknown): boolean {
  if (!err || typeof err !== 'object') return typeof err === 'string' && /E11000|duplicate key/i.test(err);
  const e = err as { errMsg?: unknown; message?: unknown; code?: unknown };
  const text = `${String(e.errMsg ?? '')} ${String(e.message ?? '')} ${String(e.code ?? '')}`;
  return /duplicate|E11000|DuplicateWrite/i.test(text);
}

// ---- transactions ----

/** The single-document operations WeChat allows inside a transaction. */
interface TxDocRef {
  get(): Promise<{ data: unknown }>;
  set(options: { data: Fields }): Promise<unknown>;
  update(options: { data: Fields }): Promise<unknown>;
}
interface TxHandle {
  collection(name: string): { doc(id: string): TxDocRef };
}

/** What a raw transaction callback gets: single-document operations on collections. */
export type TxDb = Pick<Db, 'collection'>;

export class Tx {
  constructor(private readonly t: TxHandle) {}

  /** Reads one document in the transaction; missing is null (throwOnNotFound false). */
  async get<T>(collection: string, id: string): Promise<T | null> {
    const res = await this.t.collection(collection).doc(id).get();
    return res && res.data ? (res.data as T) : null;
  }

  async update(collection: string, id: string, data: Fields): Promise<void> {
    await this.t.collection(collection).doc(id).update({ data });
  }

  /** Replaces (or creates) the whole document; `data` must not carry `_id`. */
  async set(collection: string, id: string, data: Fields): Promise<void> {
    await this.t.collection(collection).doc(id).set({ data });
  }
}

/**
 * A transaction conflict, by code: @cloudbase/database throws its response
 * ({code: 'DATABASE_TRANSACTION_CONFLICT'}) from start/commit, while
 * wx-server-sdk has no number for that code and reports a conflicting
 * document operation as SYS_ERR (errCode -501001). Retrying the whole
 * transaction is safe on either: nothing of it was committed.
 */
function isConflict(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const e = err as { code?: unknown; errCode?: unknown };
  return e.code === 'DATABASE_TRANSACTION_CONFLICT' || e.errCode === SYS_ERR;
}

const SYS_ERR = -501001;
const TX_ATTEMPTS = 8;

/**
 * One `db.runTransaction`. The SDK retries a conflict reported by
 * start/commit, but a conflict on a document operation reaches us wrapped;
 * we retry those too, with jitter. A thrown AppError aborts and propagates.
 */
export async function runTx<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    // The callback may run more than once (SDK retries); the last run wins.
    const box: { done: boolean; value?: T } = { done: false };
    try {
      await db().runTransaction(async (t: TxHandle) => {
        box.value = await fn(new Tx(t));
        box.done = true;
      });
    } catch (err) {
      if (isConflict(err)) {
        if (attempt < TX_ATTEMPTS) {
          await new Promise((r) => setTimeout(r, Math.random() * 20 * attempt));
          continue;
        }
        // Nothing was applied; the member can simply try again.
        throw new AppError('CONFLICT', '当前操作人数较多，请稍后重试');
      }
      throw err;
    }
    if (!box.done) throw new Error('transaction finished without a result');
    return box.value as T;
  }
}

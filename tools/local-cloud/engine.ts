// Executes the database actions @cloudbase/database sends (the same names
// and params as the real cloud's HTTP API), against the durable Store, with
// MongoDB semantics from mingo. Answers in the cloud's result shapes.
import crypto from 'crypto';
import { Aggregator, Query } from 'mingo';
import type * as MingoUpdater from 'mingo/types/updater';
/** mingo takes plain objects; criteria come from parsed EJSON. */
type AnyObject = Record<string, unknown>;
/**
 * mingo's updater entry point builds only the small operator context an
 * update needs; 'mingo'.update hands it mingo's whole context, which the
 * updater then copies (every operator table, several times) on every call.
 * Required, not imported: our moduleResolution does not read package
 * "exports", and a tsconfig `paths` entry would send tsx to the .d.ts.
 */
const { update: applyUpdate } = require('mingo/updater') as typeof MingoUpdater;
import { clone, normalise, parse, stringifyRelaxed, type Doc, type Json } from './ejson';
import { simplePredicate } from './predicate';
import { simpleProjection } from './projection';
import type { Change, Store } from './store';
import { simpleUpdate } from './updater';

/** Server reads are capped like the cloud's (the SDK asks for up to 1000). */
export const READ_CAP = 100;
/** The cloud answers an aggregation without a $limit stage with at most 20 rows. */
export const AGGREGATE_DEFAULT_LIMIT = 20;
/**
 * WeChat's transaction rules (云开发 → 数据库 → 事务,
 * https://developers.weixin.qq.com/miniprogram/dev/wxcloud/guide/database/transaction.html;
 * the same CloudBase rules: https://help.aliyun.com/document_detail/435862.html):
 * - snapshot isolation: a transaction reads the committed state as of its
 *   start, plus its own writes; nothing it writes is visible before commit;
 * - a write in a transaction puts a transaction lock on the document; another
 *   transaction's write to a locked document fails at once, and so does a
 *   write to a document committed by someone else since the snapshot (the
 *   write conflict of snapshot isolation) — both abort the transaction with
 *   DATABASE_TRANSACTION_CONFLICT, the code @cloudbase/database's
 *   runTransaction retries on (transaction/index.js, times = 3);
 * - a write outside any transaction to a locked document waits until the lock
 *   is released (commit, abort, or the transaction's expiry);
 * - a transaction not committed within its validity limit is rolled back.
 */
export const TRANSACTION_TIMEOUT_MS = Number(process.env.LOCAL_CLOUD_TX_TIMEOUT_MS || 10_000);

export interface DbParams {
  collectionName?: string;
  query?: string;
  queryType?: 'DOC' | 'WHERE';
  transactionId?: string;
  data?: string | string[];
  multi?: boolean;
  merge?: boolean;
  upsert?: boolean;
  order?: string;
  offset?: number;
  limit?: number;
  projection?: string;
  stages?: Array<{ stageKey: string; stageValue: string }>;
}

export interface DbOk {
  requestId: string;
  data?: Json;
  transactionId?: string;
}
export interface DbErr {
  requestId: string;
  code: string;
  message: string;
}
export type DbResponse = DbOk | DbErr;

class DbError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

interface Transaction {
  id: string;
  /** The commit sequence number its snapshot was taken at. */
  snapshot: number;
  /** Writes not yet committed: null marks a delete. */
  overlay: Map<string, Map<string | number, Doc | null>>;
  /** Documents it holds a transaction lock on (version keys). */
  locks: Set<string>;
  /** Plain writes waiting for its locks to go. */
  waiters: Array<() => void>;
  timer: NodeJS.Timeout;
  state: 'live' | 'committed' | 'aborted' | 'expired';
}

const SUPPORTED = new Set([
  'database.getDocument',
  'database.calculateDocument',
  'database.insertDocument',
  'database.modifyDocument',
  'database.modifyAndReturnDoc',
  'database.removeDocument',
  'database.aggregateDocuments',
  'database.startTransaction',
  'database.commitTransaction',
  'database.abortTransaction',
  'database.addCollection',
]);

let requestSeq = 0;
/** Matches every document: for reads whose one candidate already met the criteria. */
const EVERY = new Query({});
/** Distinct query texts kept compiled. */
const COMPILED_QUERY_CACHE = 500;

export class Engine {
  private readonly transactions = new Map<string, Transaction>();
  /** Compiled queries by query text, least recently used first. */
  private readonly queries = new Map<string, Query>();
  /** Counts by action, for benchmarks and tests. */
  readonly stats = new Map<string, number>();

  /** Sequence number of the last commit; each document remembers the commit that last changed it. */
  private seq = 0;
  private readonly changedAt = new Map<string, number>();
  /** Earlier versions (the value before the commit numbered `seq`), kept only while a transaction may need them. */
  private readonly history = new Map<string, Array<{ seq: number; doc: Doc | undefined }>>();
  /** Transaction locks: document → the live transaction holding it. */
  private readonly locks = new Map<string, Transaction>();
  /** Transaction writes refused for a conflict (lock held by another, or changed since the snapshot). */
  conflicts = 0;
  /** Plain writes that had to wait for a transaction lock. */
  lockWaits = 0;

  /** The transaction validity limit (tests shorten it). */
  readonly txTimeoutMs: number;

  constructor(
    private readonly store: Store,
    options: { txTimeoutMs?: number } = {},
  ) {
    this.txTimeoutMs = options.txTimeoutMs ?? TRANSACTION_TIMEOUT_MS;
  }

  async execute(action: string, params: DbParams = {}): Promise<DbResponse> {
    const requestId = `local-${++requestSeq}`;
    this.stats.set(action, (this.stats.get(action) || 0) + 1);
    if (!SUPPORTED.has(action)) {
      // Loud, never an empty result: the SDK surfaces this message to the caller.
      throw new Error(`local cloud: database action "${action}" is not implemented`);
    }
    try {
      const data = await this.dispatch(action, params);
      return { requestId, ...data };
    } catch (err) {
      if (err instanceof DbError) return { requestId, code: err.code, message: err.message };
      throw err;
    }
  }

  private async dispatch(action: string, p: DbParams): Promise<Omit<DbOk, 'requestId'>> {
    switch (action) {
      case 'database.startTransaction':
        return { transactionId: this.begin() };
      case 'database.commitTransaction':
        this.finish(p.transactionId, 'commit');
        return {};
      case 'database.abortTransaction':
        this.finish(p.transactionId, 'abort');
        return {};
      case 'database.addCollection': {
        const name = this.collectionName(p);
        if (this.store.has(name))
          throw new DbError('DATABASE_COLLECTION_ALREADY_EXIST', `[ResourceExist] Table exist: ${name}`);
        this.store.create(name);
        return {};
      }
      case 'database.getDocument':
        return { data: { list: this.find(p).map(stringifyRelaxed) } };
      case 'database.calculateDocument':
        this.noWhereInTransaction(p);
        return { data: { total: this.match(p).length } };
      case 'database.aggregateDocuments':
        return { data: { list: this.aggregate(p).map(stringifyRelaxed) } };
      default:
        return this.write(action, p);
    }
  }

  // ---- transactions -------------------------------------------------------

  private begin(): string {
    const id = crypto.randomBytes(12).toString('hex');
    const tx: Transaction = {
      id,
      snapshot: this.seq,
      overlay: new Map(),
      locks: new Set(),
      waiters: [],
      state: 'live',
      timer: setTimeout(() => {
        if (tx.state !== 'live') return;
        // Rolled back: its writes are dropped and its locks released.
        tx.state = 'expired';
        this.end(tx);
      }, this.txTimeoutMs),
    };
    // Under jsdom (page tests run the local cloud in process) timers are numbers, without unref.
    if (typeof tx.timer === 'object') tx.timer.unref();
    this.transactions.set(id, tx);
    return id;
  }

  /** Releases its locks, wakes the plain writes waiting on them, and drops history nobody needs. */
  private end(tx: Transaction): void {
    clearTimeout(tx.timer);
    for (const key of tx.locks) if (this.locks.get(key) === tx) this.locks.delete(key);
    tx.locks.clear();
    for (const wake of tx.waiters.splice(0)) wake();
    if (tx.state !== 'expired') this.transactions.delete(tx.id);
    this.pruneHistory();
  }

  private pruneHistory(): void {
    let oldest = Infinity;
    for (const t of this.transactions.values()) if (t.state === 'live') oldest = Math.min(oldest, t.snapshot);
    if (oldest === Infinity) {
      this.history.clear();
      return;
    }
    for (const [key, versions] of this.history) {
      // A version replaced at or before the oldest snapshot is never read again.
      const keep = versions.filter((v) => v.seq > oldest);
      if (keep.length) this.history.set(key, keep);
      else this.history.delete(key);
    }
  }

  private tx(id: string | undefined): Transaction | null {
    if (!id) return null;
    const tx = this.transactions.get(id);
    if (!tx) throw new DbError('DATABASE_REQUEST_FAILED', `transaction ${id} does not exist`);
    if (tx.state === 'expired') {
      throw new DbError('DATABASE_TRANSACTION_FAIL', `transaction ${id} timed out and was aborted`);
    }
    if (tx.state !== 'live') throw new DbError('DATABASE_REQUEST_FAILED', `transaction ${id} is ${tx.state}`);
    return tx;
  }

  private finish(id: string | undefined, how: 'commit' | 'abort'): void {
    const tx = this.tx(id);
    if (!tx) throw new DbError('INVALID_PARAM', 'transactionId is required');
    if (how === 'commit') {
      // No check needed here: its locks kept every other writer off its documents.
      const changes: Change[] = [];
      for (const [c, docs] of tx.overlay) {
        for (const [docId, doc] of docs) changes.push(doc ? { c, id: docId, doc } : { c, id: docId, del: true });
      }
      this.commit(changes);
      tx.state = 'committed';
    } else tx.state = 'aborted';
    this.end(tx);
  }

  private commit(changes: Change[]): void {
    if (!changes.length) return;
    const seq = ++this.seq;
    const keepHistory = [...this.transactions.values()].some((t) => t.state === 'live');
    for (const ch of changes) {
      const key = versionKey(ch.c, ch.id);
      if (keepHistory) {
        const versions = this.history.get(key) ?? [];
        versions.push({ seq, doc: this.store.collection(ch.c).get(ch.id) });
        this.history.set(key, versions);
      }
      this.changedAt.set(key, seq);
    }
    this.store.commit(changes);
  }

  /** The committed document as it was at `snapshot`. */
  private atSnapshot(c: string, id: string | number, snapshot: number): Doc | undefined {
    const key = versionKey(c, id);
    if ((this.changedAt.get(key) ?? 0) <= snapshot) return this.store.collection(c).get(id);
    // The first change after the snapshot recorded the value the snapshot saw.
    const older = (this.history.get(key) ?? []).find((v) => v.seq > snapshot);
    if (!older) throw new Error(`local cloud: no version of ${c}/${String(id)} for a live snapshot`);
    return older.doc;
  }

  /** Aborts `tx` with the conflict error the SDK's runTransaction retries on. */
  private conflict(tx: Transaction, why: string): never {
    this.conflicts++;
    tx.state = 'aborted';
    this.end(tx);
    throw new DbError('DATABASE_TRANSACTION_CONFLICT', `transaction conflict: WriteConflict (${why}), please retry`);
  }

  /** Takes transaction locks on `keys`, or fails at once if another transaction holds one or a key changed since the snapshot. */
  private lockFor(tx: Transaction, keys: string[]): void {
    for (const key of keys) {
      const holder = this.locks.get(key);
      if (holder && holder !== tx) this.conflict(tx, 'the document is locked by another transaction');
      if ((this.changedAt.get(key) ?? 0) > tx.snapshot) this.conflict(tx, 'the document changed after the snapshot');
    }
    for (const key of keys) {
      this.locks.set(key, tx);
      tx.locks.add(key);
    }
  }

  /** The live transaction holding a lock on any of `keys`, if one does. */
  private lockHolder(keys: string[]): Transaction | undefined {
    for (const key of keys) {
      const holder = this.locks.get(key);
      if (holder && holder.state === 'live') return holder;
    }
    return undefined;
  }

  /** Candidates for a WHERE query: an index's narrowing when it has one, else every document. */
  private scan(c: string, criteria: AnyObject): Doc[] {
    const docs = this.store.collection(c);
    const ids = this.store.indexes.candidates(c, criteria, docs);
    if (!ids) return [...docs.values()];
    const out: Doc[] = [];
    for (const id of ids) {
      const d = docs.get(id);
      if (d) out.push(d);
    }
    return out;
  }

  /**
   * The compiled query for the call's criteria, reused for the same query
   * text: `new Query()` copies mingo's operator tables and the criteria and
   * compiles every predicate, which cost more than testing a few documents.
   * A compiled query holds no per-call state, except `$$NOW`, which it fixes
   * at first use; queries naming it are compiled afresh.
   */
  private compiled(p: DbParams, criteria: AnyObject): Query {
    const text = p.query ?? '';
    if (text.includes('$$NOW')) return new Query(criteria);
    let q = this.queries.get(text);
    if (q) {
      // Most recently used last, so the oldest goes first.
      this.queries.delete(text);
    } else {
      q = new Query(criteria);
      if (this.queries.size >= COMPILED_QUERY_CACHE) this.queries.delete(this.queries.keys().next().value as string);
    }
    this.queries.set(text, q);
    return q;
  }

  private noWhereInTransaction(p: DbParams): void {
    if (p.transactionId && p.queryType !== 'DOC') {
      throw new DbError(
        'DATABASE_REQUEST_FAILED',
        'transactions support single-document operations only (doc().get/set/update/remove and add)',
      );
    }
  }

  // ---- reads ----------------------------------------------------------------

  /** The collection named by the call; like the cloud, it must have been created. */
  private collectionName(p: DbParams): string {
    if (!p.collectionName) throw new DbError('INVALID_PARAM', 'collectionName is required');
    return p.collectionName;
  }

  private existing(p: DbParams): string {
    const name = this.collectionName(p);
    if (!this.store.has(name)) {
      throw new DbError('DATABASE_COLLECTION_NOT_EXIST', `[ResourceNotFound] Db or Table not exist: ${name}`);
    }
    return name;
  }

  /** The document as the caller sees it: its transaction's writes over committed state. */
  private current(c: string, id: string | number, tx: Transaction | null): Doc | undefined {
    if (!tx) return this.store.collection(c).get(id);
    const pending = tx.overlay.get(c);
    if (pending && pending.has(id)) return pending.get(id) ?? undefined;
    return this.atSnapshot(c, id, tx.snapshot);
  }

  private criteria(p: DbParams): AnyObject {
    if (!p.query) return {};
    const q = parse(p.query);
    if (!q || typeof q !== 'object' || Array.isArray(q)) throw new DbError('INVALID_PARAM', 'query must be an object');
    return q as AnyObject;
  }

  /** The document with the criteria's _id, when it meets the rest of the criteria. */
  private byId(
    p: DbParams,
    c: string,
    criteria: AnyObject,
    id: string | number,
    tx: Transaction | null,
  ): Doc | undefined {
    const doc = this.current(c, id, tx);
    // By _id alone (doc().get/update): no query to build.
    if (!doc || onlyId(criteria)) return doc;
    // Simple criteria (a conditional update's) need no compiled query.
    const sure = simplePredicate(criteria)?.(doc);
    return (sure ?? this.compiled(p, criteria).test(doc)) ? doc : undefined;
  }

  /** Documents matching the query (committed state, or one doc within a transaction). */
  private match(p: DbParams): Doc[] {
    const c = this.existing(p);
    const tx = this.tx(p.transactionId);
    const criteria = this.criteria(p);
    const id = criteria._id;
    if (typeof id === 'string' || typeof id === 'number') {
      const doc = this.byId(p, c, criteria, id, tx);
      return doc ? [doc] : [];
    }
    this.noWhereInTransaction(p);
    return this.compiled(p, criteria).find<Doc>(this.scan(c, criteria)).all() as Doc[];
  }

  private find(p: DbParams): Doc[] {
    const c = this.existing(p);
    const tx = this.tx(p.transactionId);
    const criteria = this.criteria(p);
    if (p.queryType !== 'DOC') this.noWhereInTransaction(p);
    const projection = p.projection ? (parse(p.projection) as AnyObject) : undefined;
    const limit = Math.min(p.limit && p.limit > 0 ? p.limit : READ_CAP, READ_CAP);
    const id = criteria._id;
    let source: Doc[] | undefined;
    if (typeof id === 'string' || typeof id === 'number') {
      if (onlyId(criteria) && !projection) {
        const doc = this.current(c, id, tx);
        return doc ? [clone(doc)] : [];
      }
      const doc = this.byId(p, c, criteria, id, tx);
      if (!doc) return [];
      // Simple projections (the event's counters without its ledger, the queue's tail): no $project stage to compile.
      const projected = projection && !p.offset ? simpleProjection(projection)?.(doc) : undefined;
      if (projected) return [clone(projected as Doc)];
      source = [doc];
    }
    // The one document by _id already met the criteria.
    const query = source ? EVERY : this.compiled(p, criteria);
    const order = p.order ? (parse(p.order) as Record<string, 1 | -1>) : undefined;
    let sorted: Doc[] | null = null;
    if (!source && order) {
      // Already in order and cut to the page: only projection, skip and limit remain.
      const need = (p.offset ?? 0) + limit;
      const docs = this.store.collection(c);
      sorted = this.store.indexes.sortedPage(c, criteria, order, (d) => query.test(d), need, docs);
    }
    let cursor = query.find<Doc>(sorted ?? source ?? this.scan(c, criteria), projection);
    if (order && !sorted) cursor = cursor.sort(order);
    if (p.offset) cursor = cursor.skip(p.offset);
    return (cursor.limit(limit).all() as Doc[]).map((d) => clone(d));
  }

  private aggregate(p: DbParams): Json[] {
    const c = this.existing(p);
    if (p.transactionId) throw new DbError('DATABASE_REQUEST_FAILED', 'aggregate is not allowed in a transaction');
    const stages = (p.stages || []).map(({ stageKey, stageValue }) => ({ [stageKey]: parse(stageValue) }));
    if (!stages.some((s) => '$limit' in s)) stages.push({ $limit: AGGREGATE_DEFAULT_LIMIT });
    const all = [...this.store.collection(c).values()];
    return (new Aggregator(stages as AnyObject[]).run(all) as Json[]).map((d) => clone(d));
  }

  // ---- writes ---------------------------------------------------------------

  private async write(action: string, p: DbParams): Promise<Omit<DbOk, 'requestId'>> {
    const tx = this.tx(p.transactionId);
    if (tx) return this.writeNow(action, p, tx);
    // Outside a transaction a write is one atomic step (synchronous here); on
    // a document under a transaction lock it waits for the lock to go, then
    // looks again (the documents it matches may have changed).
    if (!this.locks.size) return this.writeNow(action, p, null);
    for (;;) {
      const holder = this.lockHolder(this.targetKeys(action, p));
      if (!holder) return this.writeNow(action, p, null);
      this.lockWaits++;
      await new Promise<void>((resolve) => holder.waiters.push(resolve));
    }
  }

  /** The documents a plain write would touch (committed state). */
  private targetKeys(action: string, p: DbParams): string[] {
    const c = this.existing(p);
    if (action === 'database.insertDocument') {
      const raw = Array.isArray(p.data) ? p.data : p.data ? [p.data] : [];
      return raw.flatMap((text) => {
        const id = (parse(text) as Json)._id;
        return typeof id === 'string' || typeof id === 'number' ? [versionKey(c, id)] : [];
      });
    }
    const id = this.criteria(p)._id;
    if (p.merge === false && (typeof id === 'string' || typeof id === 'number')) return [versionKey(c, id)];
    return this.match(p).map((d) => versionKey(c, d._id));
  }

  private writeNow(action: string, p: DbParams, tx: Transaction | null): Omit<DbOk, 'requestId'> {
    const c = this.existing(p);
    const changes: Change[] = [];
    const put = (doc: Doc) => changes.push({ c, id: doc._id, doc });
    let data: Json;
    switch (action) {
      case 'database.insertDocument': {
        const raw = Array.isArray(p.data) ? p.data : p.data ? [p.data] : [];
        const seen = new Set<string | number>();
        const docs = raw.map((s) => {
          const doc = normalise(parse(s)) as Json;
          if (doc._id === undefined || doc._id === null || doc._id === '') doc._id = newId();
          const id = doc._id;
          if (typeof id !== 'string' && typeof id !== 'number')
            throw new DbError('INVALID_PARAM', '_id must be a string');
          if (seen.has(id) || this.current(c, id, tx)) {
            throw new DbError(
              'DATABASE_REQUEST_FAILED',
              `E11000 duplicate key error collection: ${c} index: _id_ dup key: { _id: "${String(id)}" }`,
            );
          }
          seen.add(id);
          return doc as Doc;
        });
        docs.forEach(put);
        data = { insertedIds: docs.map((d) => d._id) };
        break;
      }
      case 'database.modifyDocument':
      case 'database.modifyAndReturnDoc': {
        const body = normalise(parse(typeof p.data === 'string' ? p.data : '{}')) as Json;
        const targets = this.match(p);
        if (p.merge === false) {
          // doc().set(): replace the whole document, or create it.
          if (Object.keys(body).some((k) => k.startsWith('$'))) {
            throw new DbError('DATABASE_REQUEST_FAILED', 'update operators are not allowed in set()');
          }
          const criteria = this.criteria(p);
          const id = criteria._id;
          if (typeof id !== 'string' && typeof id !== 'number')
            throw new DbError('INVALID_PARAM', 'set() needs a doc id');
          const existed = !!this.current(c, id, tx);
          put({ ...body, _id: id });
          data = existed ? { updated: 1 } : { updated: 0, upsert_id: id };
          break;
        }
        const chosen = p.multi === false || action === 'database.modifyAndReturnDoc' ? targets.slice(0, 1) : targets;
        let updated = 0;
        let last: Doc | null = null;
        for (const doc of chosen) {
          // Simple updates (the functions' own) skip building mingo's updater context and the deep copy.
          const simple = simpleUpdate(doc, body);
          const next = simple ? (simple.doc as Doc) : clone(doc);
          let changed = simple?.changed;
          if (changed === undefined) {
            try {
              // `next` and `body` are ours alone (a clone, freshly parsed): no copies needed.
              changed = applyUpdate(next, body as AnyObject, undefined, undefined, { cloneMode: 'none' }).length > 0;
            } catch (err) {
              throw new DbError('DATABASE_REQUEST_FAILED', `update failed: ${(err as Error).message}`);
            }
          }
          if (next._id !== doc._id) throw new DbError('DATABASE_REQUEST_FAILED', '_id cannot be updated');
          if (changed) {
            updated++;
            put(next);
          }
          last = next;
        }
        data = { updated };
        if (action === 'database.modifyAndReturnDoc') data.doc = last ? stringifyRelaxed(last) : null;
        break;
      }
      case 'database.removeDocument': {
        const targets = this.match(p);
        const chosen = p.multi === false ? targets.slice(0, 1) : targets;
        for (const doc of chosen) changes.push({ c, id: doc._id, del: true });
        data = { deleted: chosen.length };
        break;
      }
      default:
        throw new Error(`local cloud: database action "${action}" is not implemented`);
    }
    if (tx) {
      const touched = new Set(changes.map((ch) => versionKey(c, ch.id)));
      if (action !== 'database.insertDocument') {
        // A matched update locks the document even when it changes nothing.
        for (const d of this.match(p)) touched.add(versionKey(c, d._id));
      }
      this.lockFor(tx, [...touched]);
      let pending = tx.overlay.get(c);
      if (!pending) tx.overlay.set(c, (pending = new Map()));
      for (const ch of changes) pending.set(ch.id, 'del' in ch ? null : ch.doc);
    } else this.commit(changes);
    return { data };
  }
}

function onlyId(criteria: AnyObject): boolean {
  const keys = Object.keys(criteria);
  return keys.length === 1 && keys[0] === '_id';
}

function versionKey(c: string, id: string | number): string {
  return `${c}\u0000${typeof id}:${String(id)}`;
}

export function newId(): string {
  return crypto.randomBytes(16).toString('hex');
}

// Typed facade over the few wx-server-sdk database calls the content code
// uses. The SDK's own types are loose (`Promise<…> | void | string`, `any`
// documents); these helpers keep that looseness out of the rest of the code.
import type { Db } from '../cloud';

export type Collection = ReturnType<Db['collection']>;
export type Query = ReturnType<Collection['where']>;
type Doc = ReturnType<Collection['doc']>;
export type Command = Db['command'];
export type Condition = Parameters<Collection['where']>[0];

interface QueryResult {
  data: unknown[];
}
interface AddResult {
  _id: string | number;
}
interface UpdateResult {
  stats: { updated: number };
}

/** Documents of a query (at most 100: the server-side cap). */
export async function findDocs<T>(query: Query | Collection): Promise<T[]> {
  const res = (await (query.get() as Promise<QueryResult>)) as QueryResult;
  return res.data as T[];
}

/** How many documents a query matches (not capped at 100). */
export async function countDocs(query: Query | Collection): Promise<number> {
  const res = (await (query.count() as Promise<{ total: number }>)) as { total: number };
  return res.total;
}

/** Inserts one document; resolves with its _id. Rejects on a duplicate _id. */
export async function insertDoc(collection: Collection, data: object): Promise<string> {
  const res = (await (collection.add({ data }) as Promise<AddResult>)) as AddResult;
  return String(res._id);
}

/** Inserts many documents in one request. */
export async function insertDocs(collection: Collection, data: object[]): Promise<number> {
  const res = (await (collection.add({ data: data as unknown as object }) as Promise<unknown>)) as {
    _ids?: unknown[];
  };
  return Array.isArray(res._ids) ? res._ids.length : 0;
}

/** Updates every document the query matches; resolves with how many changed. */
export async function updateWhere(query: Query, data: object): Promise<number> {
  const res = (await (query.update({ data }) as Promise<UpdateResult>)) as UpdateResult;
  return res.stats.updated;
}

export async function updateById(collection: Collection, id: string, data: object): Promise<number> {
  const doc: Doc = collection.doc(id);
  const res = (await (doc.update({ data }) as Promise<UpdateResult>)) as UpdateResult;
  return res.stats.updated;
}

/**
 * A duplicate _id on insert. The real cloud answers errCode -502001 with
 * "E11000 duplicate key error" (wrapped as [DuplicateWrite]) in errMsg.
 */
export function isDuplicateKeyError(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const e = err as { errMsg?: unknown; message?: unknown; code?: unknown };
  const text = `${String(e.errMsg ?? '')} ${String(e.message ?? '')} ${String(e.code ?? '')}`;
  return /duplicate|E11000|DuplicateWrite/i.test(text);
}

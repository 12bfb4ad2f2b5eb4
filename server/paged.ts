// Reading past the cloud database's 100-document cap (DESIGN §4): pages in
// _id order, each query starting after the last _id seen, never by skip.
import { findDocs } from './events/store';

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

// Equality indexes, built the first time a query filters a collection on a
// field by a plain value (or `$all` of values), and kept up to date on every
// commit; arrays are indexed per element (multikey). They only
// narrow the candidates: mingo still decides what matches, so an index can
// make a query faster but never change its answer. The ordered (compound)
// indexes our collections declare serve sorted cursor pages (ordered.ts).
import { DATABASE } from '../../server/database';
import type { Doc } from './ejson';
import { boundOf, equalitiesOf, OrderedIndex, type Direction, type IndexSpec } from './ordered';

type Key = string;
const UNINDEXABLE = '\u0000mixed';

function keyOf(value: unknown): Key | null {
  switch (typeof value) {
    case 'string':
      return `s:${value}`;
    case 'number':
      return `n:${value}`;
    case 'boolean':
      return `b:${value}`;
    case 'undefined':
      return 'u:';
    default:
      // null, arrays, objects, Dates: equality has Mongo subtleties (null
      // matches missing, arrays match elements); keep them as candidates always.
      return null;
  }
}

function valueAt(doc: Doc, field: string): unknown {
  let cur: unknown = doc;
  for (const part of field.split('.')) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return Array.isArray(cur) ? cur : undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

class FieldIndex {
  private buckets = new Map<Key, Set<string | number>>();
  constructor(readonly field: string) {}

  /**
   * An array of scalars is indexed under each element (multikey, as MongoDB
   * does): `{field: v}` and `{field: {$all: [...]}}` match arrays holding v.
   */
  private keysOf(doc: Doc): Key[] {
    const value = valueAt(doc, this.field);
    if (Array.isArray(value)) {
      const keys = value.map(keyOf);
      return keys.every((k): k is Key => k !== null) ? [...new Set(keys)] : [UNINDEXABLE];
    }
    return [keyOf(value) ?? UNINDEXABLE];
  }

  add(doc: Doc): void {
    for (const key of this.keysOf(doc)) {
      let b = this.buckets.get(key);
      if (!b) this.buckets.set(key, (b = new Set()));
      b.add(doc._id);
    }
  }

  remove(doc: Doc): void {
    for (const key of this.keysOf(doc)) this.buckets.get(key)?.delete(doc._id);
  }

  /** How many ids `candidates(value)` gives, without making the list. */
  count(value: Key): number {
    return (this.buckets.get(value)?.size ?? 0) + (this.buckets.get(UNINDEXABLE)?.size ?? 0);
  }

  /** Ids that may equal `value`: its bucket plus the unindexable ones. */
  candidates(value: Key): Array<string | number> {
    return [...(this.buckets.get(value) ?? []), ...(this.buckets.get(UNINDEXABLE) ?? [])];
  }
}

/** The narrowest bucket found so far: its size, and the ids made only for the winner. */
interface Narrowing {
  size: number;
  ids: () => Array<string | number>;
}

/** The indexes our collections declare (server/database.ts), the ones the console gets. */
function declaredIndexes(): Map<string, readonly IndexSpec[]> {
  return new Map(Object.entries(DATABASE).map(([name, setup]) => [name, setup.indexes]));
}

export class Indexes {
  private byCollection = new Map<string, Map<string, FieldIndex>>();
  private ordered = new Map<string, OrderedIndex[]>();
  /** Ordered indexes serve sorted pages; off, every sorted read filters and sorts a scan (the bench compares). */
  useOrdered = true;
  /** Sorted reads an ordered index answered (tests and the bench check the path is taken). */
  orderedReads = 0;

  constructor(declared: Map<string, readonly IndexSpec[]> = declaredIndexes()) {
    for (const [collection, specs] of declared) {
      this.ordered.set(
        collection,
        specs.map((spec) => new OrderedIndex(spec)),
      );
    }
  }

  /**
   * The first `need` documents matching `test` in `order`, read from an
   * ordered index, or null when none serves the query exactly.
   */
  sortedPage(
    collection: string,
    criteria: Record<string, unknown>,
    order: Record<string, unknown>,
    test: (doc: Doc) => boolean,
    need: number,
    docs: Map<string | number, Doc>,
  ): Doc[] | null {
    const indexes = this.ordered.get(collection);
    if (!this.useOrdered || !indexes?.length) return null;
    const spec = Object.entries(order);
    // Ending with the unique _id, the order has no ties: no input order to reproduce.
    if (!spec.length || spec[spec.length - 1]![0] !== '_id' || !spec.every(([, d]) => d === 1 || d === -1)) return null;
    const wanted = spec as Array<[string, Direction]>;
    const equalities = equalitiesOf(criteria);
    let best: { index: OrderedIndex; fit: { prefix: number; step: Direction } } | null = null;
    for (const index of indexes) {
      const fit = index.fit(equalities, wanted);
      if (fit && (!best || fit.prefix > best.fit.prefix)) best = { index, fit };
    }
    if (!best) return null;
    const bound = boundOf(criteria, best.index.fields[best.fit.prefix]!);
    const page = best.index.walk(best.fit, equalities, bound, test, need, docs);
    if (page) this.orderedReads++;
    return page;
  }

  /** The smallest candidate id list for the query's plain equalities, or null (scan). */
  candidates(
    collection: string,
    criteria: Record<string, unknown>,
    docs: Map<string | number, Doc>,
  ): Array<string | number> | null {
    const best = this.narrow(collection, criteria, docs);
    return best ? best.ids() : null;
  }

  private narrow(
    collection: string,
    criteria: Record<string, unknown>,
    docs: Map<string | number, Doc>,
  ): Narrowing | null {
    let best: Narrowing | null = null;
    const consider = (n: Narrowing | null) => {
      if (n && (!best || n.size < best.size)) best = n;
    };
    for (const [field, raw] of Object.entries(criteria)) {
      // Every member of an $and must hold, so any one of them may narrow.
      if (field === '$and' && Array.isArray(raw)) {
        for (const part of raw) {
          if (part && typeof part === 'object' && !Array.isArray(part)) {
            consider(this.narrow(collection, part as Record<string, unknown>, docs));
          }
        }
        continue;
      }
      if (field.startsWith('$') || field === '_id') continue;
      const op = raw && typeof raw === 'object' && !Array.isArray(raw) && Object.keys(raw).length === 1 ? raw : null;
      // {$all: [v…]}: every v must be in the array, so each v's bucket holds all matches.
      const values =
        op && '$all' in op && Array.isArray((op as { $all: unknown }).$all)
          ? ((op as { $all: unknown[] }).$all as unknown[])
          : [op && '$eq' in op ? (op as { $eq: unknown }).$eq : raw];
      for (const value of values) {
        if (value === undefined) continue;
        const key = keyOf(value);
        if (key === null) continue;
        const idx = this.index(collection, field, docs);
        consider({ size: idx.count(key), ids: () => idx.candidates(key) });
      }
    }
    return best;
  }

  private index(collection: string, field: string, docs: Map<string | number, Doc>): FieldIndex {
    let fields = this.byCollection.get(collection);
    if (!fields) this.byCollection.set(collection, (fields = new Map()));
    let idx = fields.get(field);
    if (!idx) {
      idx = new FieldIndex(field);
      for (const d of docs.values()) idx.add(d);
      fields.set(field, idx);
    }
    return idx;
  }

  /** Called with each document before and after a committed change. */
  update(collection: string, before: Doc | undefined, after: Doc | undefined): void {
    for (const index of this.ordered.get(collection) ?? []) index.update(before, after);
    const fields = this.byCollection.get(collection);
    if (!fields) return;
    for (const idx of fields.values()) {
      if (before) idx.remove(before);
      if (after) idx.add(after);
    }
  }
}

// Ordered (compound) indexes, the ones our collections declare in
// server/database.ts, so a cursor page reads its page instead of filtering
// and sorting the whole collection. An index keeps one entry per document
// (per element for an array field: multikey), sorted by its keys with
// mingo's own comparison, the order mingo's sort gives. A query uses it when
// its plain equalities cover the index's leading keys and its order is the
// rest of the keys (or all of them reversed), ending with the unique _id:
// then walking the entries gives mingo's sort order exactly, mingo's
// predicate still decides each document, and the walk stops at the page's
// end. Documents it cannot order like mingo (an object, an array where an
// equality does not pick one element, NaN, -0) switch the index off.
// MongoDB's compound and multikey indexes:
// https://www.mongodb.com/docs/manual/core/indexes/index-types/index-compound/
import type * as MingoUtil from 'mingo/types/util';
import { isPlainObject, type Doc } from './ejson';

/** mingo's own order of values (required: see the updater in engine.ts). */
const { compare } = require('mingo/util') as typeof MingoUtil;

type Id = string | number;
type Scalar = string | number | boolean | Date | null | undefined;
export type Direction = 1 | -1;

export interface IndexSpec {
  readonly name: string;
  readonly keys: Readonly<Record<string, Direction>>;
}

interface Entry {
  key: Scalar[];
  id: Id;
}

/** Regular scalars order and match alike in mingo's comparison and its equality. */
function isRegular(v: unknown): v is Scalar {
  switch (typeof v) {
    case 'string':
    case 'boolean':
    case 'undefined':
      return true;
    case 'number':
      return !Number.isNaN(v) && !Object.is(v, -0);
    default:
      if (v === null) return true;
      return v instanceof Date && !Number.isNaN(v.getTime());
  }
}

/** A document's value at a dotted path; `irregular` where it passes through an array. */
function valueAt(doc: Doc, field: string): unknown {
  let cur: unknown = doc;
  for (const part of field.split('.')) {
    if (cur === null || cur === undefined) return undefined;
    if (typeof cur !== 'object' || cur instanceof Date) return undefined;
    if (Array.isArray(cur)) return IRREGULAR;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

const IRREGULAR = Symbol('irregular');

/** What one document puts in an index. */
interface Keys {
  keys: Scalar[][];
  /** Fields holding an array in this document. */
  arrays: string[];
  irregular: boolean;
}

export class OrderedIndex {
  readonly fields: string[];
  readonly dirs: Direction[];
  /** Sorted entries; null until first used, and again after a burst of writes (rebuilt lazily). */
  private entries: Entry[] | null = null;
  /** Documents it cannot order like mingo: while any exist, it is not used. */
  private irregular = new Set<Id>();
  /** Per field, the documents holding an array there (their entries are per element). */
  private arrays = new Map<string, Set<Id>>();
  private writesSinceUse = 0;

  constructor(readonly spec: IndexSpec) {
    this.fields = Object.keys(spec.keys);
    this.dirs = this.fields.map((f) => spec.keys[f]!);
  }

  private keysOf(doc: Doc): Keys {
    const values = this.fields.map((f) => valueAt(doc, f));
    const arrays: string[] = [];
    let irregular = false;
    const choices = values.map((v, i): Scalar[] => {
      if (Array.isArray(v)) {
        arrays.push(this.fields[i]!);
        // Elements must be orderable scalars, not null (null also matches a missing field).
        if (!v.every((e) => isRegular(e) && e !== null && e !== undefined)) irregular = true;
        return unique(v as Scalar[]);
      }
      if (!isRegular(v)) irregular = true;
      return [v as Scalar];
    });
    // MongoDB allows one array field per compound index entry.
    if (arrays.length > 1) irregular = true;
    if (irregular) return { keys: [], arrays, irregular };
    let keys: Scalar[][] = [[]];
    for (const options of choices) keys = keys.flatMap((k) => options.map((o) => [...k, o]));
    return { keys, arrays, irregular };
  }

  private cmp(a: Scalar[], b: Scalar[], upTo = this.fields.length): number {
    for (let i = 0; i < upTo; i++) {
      const c = compare(a[i], b[i]);
      if (c !== 0) return c * this.dirs[i]!;
    }
    return 0;
  }

  private cmpEntry(a: Entry, b: Entry): number {
    return this.cmp(a.key, b.key) || compare(a.id, b.id);
  }

  private track(id: Id, k: Keys, add: boolean): void {
    if (k.irregular) {
      if (add) this.irregular.add(id);
      else this.irregular.delete(id);
    }
    for (const f of k.arrays) {
      let ids = this.arrays.get(f);
      if (!ids) this.arrays.set(f, (ids = new Set()));
      if (add) ids.add(id);
      else ids.delete(id);
    }
  }

  private build(docs: Map<Id, Doc>): Entry[] {
    this.irregular.clear();
    this.arrays.clear();
    const entries: Entry[] = [];
    for (const doc of docs.values()) {
      const k = this.keysOf(doc);
      this.track(doc._id, k, true);
      for (const key of k.keys) entries.push({ key, id: doc._id });
    }
    entries.sort((a, b) => this.cmpEntry(a, b));
    this.writesSinceUse = 0;
    return (this.entries = entries);
  }

  /** First position in [lo, hi) where `after(entry)` holds; `after` is false then true along the entries. */
  private static search(entries: Entry[], lo: number, hi: number, after: (e: Entry) => boolean): number {
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (after(entries[mid]!)) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** Called with each document before and after a committed change. */
  update(before: Doc | undefined, after: Doc | undefined): void {
    const entries = this.entries;
    if (!entries) return;
    // A bulk load into a used index: past about n/2 writes, sorting once at
    // the next use is cheaper than inserting one by one (each insert moves up
    // to n entries). Loads before first use, the usual case, cost nothing.
    if (++this.writesSinceUse > Math.max(4096, entries.length / 2)) {
      this.entries = null;
      return;
    }
    for (const [doc, add] of [
      [before, false],
      [after, true],
    ] as const) {
      if (!doc) continue;
      const k = this.keysOf(doc);
      this.track(doc._id, k, add);
      for (const key of k.keys) {
        const entry = { key, id: doc._id };
        const at = OrderedIndex.search(entries, 0, entries.length, (e) => this.cmpEntry(e, entry) >= 0);
        if (add) entries.splice(at, 0, entry);
        else if (at < entries.length && this.cmpEntry(entries[at]!, entry) === 0) entries.splice(at, 1);
      }
    }
  }

  /**
   * How this index serves `order` given the query's equalities: the number of
   * leading keys pinned by an equality and the walk direction, or null.
   */
  fit(equalities: Map<string, Scalar>, order: Array<[string, Direction]>): { prefix: number; step: Direction } | null {
    let prefix = 0;
    while (prefix < this.fields.length && equalities.has(this.fields[prefix]!)) prefix++;
    const rest = this.fields.length - prefix;
    if (rest !== order.length || rest === 0) return null;
    let step: Direction | 0 = 0;
    for (let i = 0; i < rest; i++) {
      const [field, dir] = order[i]!;
      if (field !== this.fields[prefix + i]) return null;
      const s = (dir * this.dirs[prefix + i]!) as Direction;
      if (step && s !== step) return null;
      step = s;
    }
    return step ? { prefix, step } : null;
  }

  /**
   * Up to `need` documents passing `test`, in `order` (as fitted), with the
   * leading `prefix` keys equal to `equalities` and the first ordered key
   * within `bound` (every match's value lies there). Null when the index
   * cannot answer exactly (see the file comment).
   */
  walk(
    fit: { prefix: number; step: Direction },
    equalities: Map<string, Scalar>,
    bound: Bound,
    test: (doc: Doc) => boolean,
    need: number,
    docs: Map<Id, Doc>,
  ): Doc[] | null {
    const entries = this.entries ?? this.build(docs);
    this.writesSinceUse = 0;
    if (this.irregular.size) return null;
    const { prefix, step } = fit;
    for (const [field, ids] of this.arrays) {
      // An array field outside the equalities would list a document once per element.
      if (ids.size && this.fields.indexOf(field) >= prefix) return null;
    }
    const pinned: Scalar[] = this.fields.slice(0, prefix).map((f) => equalities.get(f));
    let lo = OrderedIndex.search(entries, 0, entries.length, (e) => this.cmp(e.key, pinned, prefix) >= 0);
    let hi = OrderedIndex.search(entries, lo, entries.length, (e) => this.cmp(e.key, pinned, prefix) > 0);
    // Within the pinned range entries run by the next key, in its index direction.
    const dir = this.dirs[prefix]!;
    const valueOf = (e: Entry) => e.key[prefix];
    const [first, last] = dir === 1 ? [bound.lo, bound.hi] : [bound.hi, bound.lo];
    if (first.set) {
      const v = first.value;
      lo = OrderedIndex.search(entries, lo, hi, (e) => compare(valueOf(e), v) * dir >= 0);
    }
    if (last.set) {
      const v = last.value;
      hi = OrderedIndex.search(entries, lo, hi, (e) => compare(valueOf(e), v) * dir > 0);
    }
    const out: Doc[] = [];
    for (let i = step === 1 ? lo : hi - 1; i >= lo && i < hi && out.length < need; i += step) {
      const doc = docs.get(entries[i]!.id);
      if (doc && test(doc)) out.push(doc);
    }
    return out;
  }
}

function unique(values: Scalar[]): Scalar[] {
  const sorted = [...values].sort(compare);
  return sorted.filter((v, i) => i === 0 || compare(sorted[i - 1], v) !== 0);
}

// ---- reading the criteria ----------------------------------------------------

type AnyObject = Record<string, unknown>;

/** A value an equality index position can stand for: mingo matches it by identity of type and value. */
function isKeyValue(v: unknown): v is string | number | boolean {
  return (typeof v === 'string' || typeof v === 'boolean' || typeof v === 'number') && isRegular(v);
}

/**
 * Field → a value every matching document holds there (as itself, or as an
 * element of an array): plain values, `$eq`, one element of `$all`, at the
 * top level or in an `$and`.
 */
export function equalitiesOf(criteria: AnyObject, out = new Map<string, Scalar>()): Map<string, Scalar> {
  for (const [field, raw] of Object.entries(criteria)) {
    if (field === '$and' && Array.isArray(raw)) {
      for (const part of raw) if (isPlainObject(part)) equalitiesOf(part, out);
      continue;
    }
    if (field.startsWith('$') || out.has(field)) continue;
    if (isKeyValue(raw)) {
      out.set(field, raw);
      continue;
    }
    if (!isPlainObject(raw)) continue;
    const eq = raw.$eq;
    const all = raw.$all;
    if (isKeyValue(eq)) out.set(field, eq);
    else if (Array.isArray(all) && all.length && isKeyValue(all[0])) out.set(field, all[0]);
  }
  return out;
}

interface End {
  set: boolean;
  value: Scalar;
}
/** An interval under mingo's comparison, ends included; an unset end is open. */
export interface Bound {
  lo: End;
  hi: End;
}

const OPEN: End = { set: false, value: undefined };
export const UNBOUNDED: Bound = { lo: OPEN, hi: OPEN };

const pick = (a: End, b: End, wantLower: boolean): End => {
  if (!a.set) return b;
  if (!b.set) return a;
  const c = compare(a.value, b.value);
  return (wantLower ? c <= 0 : c >= 0) ? a : b;
};
const intersect = (a: Bound, b: Bound): Bound => ({ lo: pick(a.lo, b.lo, false), hi: pick(a.hi, b.hi, true) });
const hull = (a: Bound, b: Bound): Bound => ({
  lo: a.lo.set && b.lo.set ? pick(a.lo, b.lo, true) : OPEN,
  hi: a.hi.set && b.hi.set ? pick(a.hi, b.hi, false) : OPEN,
});

/** A comparison value: mingo's $lt etc. match only values of the same type, which then compare like it. */
function isBoundValue(v: unknown): v is string | number | Date {
  return (typeof v === 'string' || typeof v === 'number' || v instanceof Date) && isRegular(v);
}

function boundOfConstraint(raw: unknown): Bound {
  const at = (v: Scalar): End => ({ set: true, value: v });
  if (isBoundValue(raw)) return { lo: at(raw), hi: at(raw) };
  if (!isPlainObject(raw) || !Object.keys(raw).every((k) => k.startsWith('$'))) return UNBOUNDED;
  let b = UNBOUNDED;
  for (const [op, v] of Object.entries(raw)) {
    if (!isBoundValue(v)) continue;
    if (op === '$eq') b = intersect(b, { lo: at(v), hi: at(v) });
    else if (op === '$lt' || op === '$lte') b = intersect(b, { lo: OPEN, hi: at(v) });
    else if (op === '$gt' || op === '$gte') b = intersect(b, { lo: at(v), hi: OPEN });
  }
  return b;
}

/**
 * An interval holding `field`'s value in every document matching `criteria`
 * (for documents whose value there is a scalar): conjunctions intersect,
 * `$or` takes the hull of its branches; whatever is not understood leaves
 * the interval wider, never narrower.
 */
export function boundOf(criteria: AnyObject, field: string): Bound {
  let b = UNBOUNDED;
  for (const [key, raw] of Object.entries(criteria)) {
    if (key === field) b = intersect(b, boundOfConstraint(raw));
    else if (key === '$and' && Array.isArray(raw)) {
      for (const part of raw) if (isPlainObject(part)) b = intersect(b, boundOf(part, field));
    } else if (key === '$or' && Array.isArray(raw) && raw.length) {
      let h: Bound | null = null;
      for (const part of raw) {
        const pb = isPlainObject(part) ? boundOf(part, field) : UNBOUNDED;
        h = h ? hull(h, pb) : pb;
      }
      if (h) b = intersect(b, h);
    }
  }
  return b;
}

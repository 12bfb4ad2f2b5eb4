// A direct path for the projections the functions send with a doc id:
// leaving out a few top-level fields (the event's counters without its
// ledger arrays), or taking a few plus a slice of one array (the queue's
// tail). mingo's cursor compiles a $project stage for each read; the result
// here is the one mingo 7 gives, key order included.
// test/cloud/local-cloud.projection.test.ts checks the two agree.
import { isPlainObject } from './ejson';
import { isScalar } from './predicate';

type Obj = Record<string, unknown>;
/**
 * A projection applied to one document (values shared with it: the caller
 * clones); undefined: a document it leaves to mingo.
 */
export type Projector = (doc: Obj) => Obj | undefined;

/**
 * An array of scalars none of which reads as an expression: mingo's $slice
 * evaluates a string element starting with "$" as a field path.
 */
function plainList(v: unknown): v is unknown[] {
  return Array.isArray(v) && v.every((x) => isScalar(x) && !(typeof x === 'string' && x.startsWith('$')));
}

/** A slice spec mingo and we read alike: `{$slice: [skip, limit]}`, skip ≥ 0, limit > 0. */
function sliceOf(v: unknown): [number, number] | null {
  if (!isPlainObject(v) || Object.keys(v).length !== 1 || !Array.isArray(v.$slice) || v.$slice.length !== 2)
    return null;
  const [skip, limit] = v.$slice as unknown[];
  if (!Number.isInteger(skip) || !Number.isInteger(limit) || (skip as number) < 0 || (limit as number) <= 0)
    return null;
  return [skip as number, limit as number];
}

/** The projector for a simple projection of top-level fields, or null for any other. */
export function simpleProjection(projection: Obj): Projector | null {
  const keys = Object.keys(projection);
  if (!keys.length || keys.some((k) => k === '_id' || k.startsWith('$') || k.includes('.'))) return null;
  if (keys.every((k) => projection[k] === 0 || projection[k] === false)) {
    // Exclusion: the document's own fields, in its order, less these.
    const excluded = new Set(keys);
    return (doc) => {
      const out: Obj = {};
      for (const k of Object.keys(doc)) if (!excluded.has(k)) out[k] = doc[k];
      return out;
    };
  }
  const slices = new Map<string, [number, number]>();
  for (const k of keys) {
    const v = projection[k];
    if (v === 1 || v === true) continue;
    const slice = sliceOf(v);
    if (!slice) return null;
    slices.set(k, slice);
  }
  // Inclusion: mingo writes the named fields in sorted order, then _id.
  const order = [...keys].sort();
  return (doc) => {
    const out: Obj = {};
    for (const k of order) {
      const slice = slices.get(k);
      const v = doc[k];
      if (!slice) {
        if (v !== undefined) out[k] = v;
        continue;
      }
      // A sliced field is written even when missing (as undefined), as mingo writes it.
      if (v === undefined) out[k] = v;
      else if (plainList(v)) out[k] = v.slice(slice[0], slice[0] + slice[1]);
      else return undefined;
    }
    if ('_id' in doc) out._id = doc._id;
    return out;
  };
}

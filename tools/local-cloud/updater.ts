// A direct path for the simple updates the functions send ({$set: scalars,
// $inc: numbers, $push: {$each: scalars}} on fields of plain objects):
// mingo's updater builds and copies its operator context on every call,
// which cost more than the update itself. The result equals mingo 7's
// (operators/update/set.js, inc.js, push.js): the same document, the same
// "changed" answer. Anything else is left to mingo;
// test/cloud/local-cloud.updater.test.ts checks the two agree.
import { isPlainObject } from './ejson';
import { isScalar } from './predicate';

type Obj = Record<string, unknown>;
interface Step {
  /** The field's path. */
  segs: string[];
  apply: (parent: Obj, key: string) => boolean;
}

/** The object holding `path`'s last field, when every step there is an existing plain object. */
function parentOf(doc: Obj, path: string[]): Obj | null {
  let at: unknown = doc;
  for (const seg of path.slice(0, -1)) {
    if (!isPlainObject(at)) return null;
    at = at[seg];
  }
  return isPlainObject(at) ? at : null;
}

/** How the operator applies `value` to a field holding `old`, or null when not a simple case. */
function stepFor(op: string, value: unknown, old: unknown): Step['apply'] | null {
  switch (op) {
    case '$set':
      if (!isScalar(value) || (old !== undefined && !isScalar(old))) return null;
      return (o, k) => {
        if (o[k] === value) return false;
        o[k] = value;
        return true;
      };
    case '$inc':
      if (typeof value !== 'number' || !isScalar(value)) return null;
      if (old !== undefined && (typeof old !== 'number' || !isScalar(old))) return null;
      return (o, k) => {
        const previous = o[k] as number | undefined;
        o[k] = (previous ?? 0) + value;
        return o[k] !== previous;
      };
    case '$push': {
      if (!isPlainObject(value) || Object.keys(value).length !== 1) return null;
      const each = value.$each;
      if (!Array.isArray(each) || !each.every(isScalar)) return null;
      if (old !== undefined && !Array.isArray(old)) return null;
      return (o, k) => {
        const arr = o[k] as unknown[] | undefined;
        if (!arr) {
          o[k] = [...each];
          return true;
        }
        // A new array: the stored version keeps its own.
        o[k] = [...arr, ...each];
        return each.length > 0;
      };
    }
    default:
      return null;
  }
}

/**
 * `doc` with `body` applied, and whether that changed anything; undefined:
 * not a simple update (mingo's updater decides). `doc` itself is never
 * changed: the result is a copy on write, sharing every field the update
 * leaves alone (stored documents are never changed in place), so a crowd's
 * updates do not copy the event's long ledger arrays each time.
 */
export function simpleUpdate(doc: Obj, body: Obj): { doc: Obj; changed: boolean } | undefined {
  const steps: Step[] = [];
  const paths: string[] = [];
  for (const [op, fields] of Object.entries(body)) {
    if (!isPlainObject(fields)) return undefined;
    for (const [path, value] of Object.entries(fields)) {
      const segs = path.split('.');
      if (segs[0] === '_id' || segs.some((s) => !s || s.startsWith('$'))) return undefined;
      const parent = parentOf(doc, segs);
      if (!parent) return undefined;
      const apply = stepFor(op, value, parent[segs.at(-1)!]);
      if (!apply) return undefined;
      steps.push({ segs, apply });
      paths.push(path);
    }
  }
  if (!steps.length) return undefined;
  // Two operators on one field, or on a field and its parent, are mingo's to judge.
  for (const a of paths) for (const b of paths) if (a !== b && b.startsWith(`${a}.`)) return undefined;
  if (new Set(paths).size !== paths.length) return undefined;
  const next: Obj = { ...doc };
  let changed = false;
  for (const { segs, apply } of steps) {
    // Copies of the objects on the path, so that the original's stay as they were.
    let parent = next;
    for (const seg of segs.slice(0, -1)) {
      const child = { ...(parent[seg] as Obj) };
      parent[seg] = child;
      parent = child;
    }
    if (apply(parent, segs.at(-1)!)) changed = true;
  }
  return { doc: next, changed };
}

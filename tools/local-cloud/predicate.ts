// Tiny predicates for the simple criteria the functions send with a doc id
// (conditional updates: `{_id, status: 'open', confirmed: {$lt: 200},
// holders: {$nin: [entry]}}`). mingo's `new Query()` copies its operator
// tables and compiles every predicate, and these criteria embed the member's
// own entry, so a cache by query text misses on every call. Each predicate
// answers exactly as mingo 7 does (its operators/_predicates.js), and only
// for the documents it is sure of: any other field value (objects, Dates,
// null, nested arrays, NaN, -0) makes it answer `undefined`, and the caller
// asks mingo. test/cloud/local-cloud.predicate.test.ts checks the two agree.
import { isPlainObject } from './ejson';

type Scalar = string | number | boolean;
type Op = '$eq' | '$ne' | '$lt' | '$lte' | '$gt' | '$gte' | '$in' | '$nin';
interface Term {
  field: string;
  op: Op;
  value: Scalar | Scalar[];
}

/** true, false, or undefined: not a document this predicate is sure of. */
export type Predicate = (doc: Record<string, unknown>) => boolean | undefined;

const OPS = new Set<string>(['$eq', '$ne', '$lt', '$lte', '$gt', '$gte', '$in', '$nin']);

/** A string, boolean or ordinary number (not NaN, ±Infinity or -0): values compared the same by mingo and by `===`. */
export function isScalar(v: unknown): v is Scalar {
  if (typeof v === 'string' || typeof v === 'boolean') return true;
  return typeof v === 'number' && Number.isFinite(v) && !Object.is(v, -0);
}

/** A field value as a list of scalars (a scalar is a list of one), or null when it is anything else. */
function scalars(v: unknown): Scalar[] | null {
  if (v === undefined) return [];
  if (isScalar(v)) return [v];
  if (!Array.isArray(v)) return null;
  for (const x of v) if (!isScalar(x)) return null;
  return v as Scalar[];
}

/** The criteria as simple terms (top-level fields, one operator on scalars each), or null. */
function terms(criteria: Record<string, unknown>): Term[] | null {
  const out: Term[] = [];
  for (const [field, cond] of Object.entries(criteria)) {
    if (field.startsWith('$') || field.includes('.')) return null;
    if (isScalar(cond)) {
      out.push({ field, op: '$eq', value: cond });
      continue;
    }
    if (!isPlainObject(cond)) return null;
    const entries = Object.entries(cond);
    if (entries.length !== 1) return null;
    const [op, value] = entries[0]!;
    if (!OPS.has(op)) return null;
    if (op === '$in' || op === '$nin') {
      if (!Array.isArray(value) || !value.every(isScalar)) return null;
    } else if (!isScalar(value)) return null;
    out.push({ field, op: op as Op, value: value as Scalar | Scalar[] });
  }
  return out;
}

function holds(op: Op, values: Scalar[], b: Scalar | Scalar[]): boolean {
  switch (op) {
    case '$eq':
      return values.includes(b as Scalar);
    case '$ne':
      return !values.includes(b as Scalar);
    case '$in':
      return values.some((v) => (b as Scalar[]).includes(v));
    case '$nin':
      return !values.some((v) => (b as Scalar[]).includes(v));
    default: {
      // mingo compares only values of the operand's own type.
      const t = typeof b;
      return values.some((v) => typeof v === t && order(op, v < b ? -1 : v > b ? 1 : 0));
    }
  }
}

function order(op: Op, c: number): boolean {
  if (op === '$lt') return c < 0;
  if (op === '$lte') return c <= 0;
  if (op === '$gt') return c > 0;
  return c >= 0;
}

/** A predicate for `criteria`, or null when its shape is not one of the simple ones. */
export function simplePredicate(criteria: Record<string, unknown>): Predicate | null {
  const list = terms(criteria);
  if (!list) return null;
  return (doc) => {
    // One term surely false decides; a term on an unfamiliar value leaves it to mingo.
    let unsure = false;
    for (const t of list) {
      const values = scalars(doc[t.field]);
      if (!values) unsure = true;
      else if (!holds(t.op, values, t.value)) return false;
    }
    return unsure ? undefined : true;
  };
}

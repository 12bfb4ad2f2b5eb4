// EJSON as @cloudbase/database speaks it: canonical EJSON strings in the
// request params, parsed here with the same `bson` major it uses.
import { EJSON, BSONRegExp } from 'bson';

export type Doc = Record<string, unknown> & { _id: string | number };
export type Json = Record<string, unknown>;

/** Parses a param string into plain JS values: numbers, Dates, RegExps. */
export function parse(text: string): unknown {
  return normalise(EJSON.parse(text, { relaxed: true }));
}

/** Canonical EJSON (keeps Dates and number kinds exact) for our log. */
export function stringifyCanonical(value: unknown): string {
  return EJSON.stringify(value as Json, { relaxed: false });
}

/** Relaxed EJSON for answers: the SDK EJSON.parses each list item. */
export function stringifyRelaxed(value: unknown): string {
  return EJSON.stringify(value as Json, { relaxed: true });
}

function isPlainObject(v: unknown): v is Json {
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * bson hands back BSONRegExp for `$regularExpression`; mingo wants RegExp.
 * `{$tcb_server_date: {offset}}` (db.serverDate()) becomes the server's now.
 */
export function normalise(value: unknown, now: number = Date.now()): unknown {
  if (value instanceof BSONRegExp) return new RegExp(value.pattern, toJsFlags(value.options));
  if (Array.isArray(value)) return value.map((v) => normalise(v, now));
  if (isPlainObject(value)) {
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === '$tcb_server_date') {
      const spec = value.$tcb_server_date as { offset?: unknown } | undefined;
      const offset = spec && typeof spec.offset === 'number' ? spec.offset : 0;
      return new Date(now + offset);
    }
    const out: Json = {};
    for (const k of keys) out[k] = normalise(value[k], now);
    return out;
  }
  return value;
}

function toJsFlags(options: string): string {
  // Mongo options i m s x u; JS has no x.
  return options
    .split('')
    .filter((f) => 'imsu'.includes(f))
    .join('');
}

/** A deep copy that keeps Dates and RegExps (documents are never shared). */
export function clone<T>(value: T): T {
  return structuredClone(value);
}

// EJSON as @cloudbase/database speaks it: canonical EJSON strings in the
// request params, parsed here with the same `bson` major it uses.
import { EJSON, BSONRegExp } from 'bson';

export type Doc = Record<string, unknown> & { _id: string | number };
export type Json = Record<string, unknown>;

/** Parses a param string into plain JS values: numbers, Dates, RegExps. */
export function parse(text: string): unknown {
  const plain = JSON.parse(text) as unknown;
  return normalise(onlyNumbers(plain) ? plain : EJSON.parse(text, { relaxed: true }));
}

/**
 * Keys bson's EJSON.parse turns an object into something else by
 * (bson 4, extended_json.js deserializeValue: its codecs, dates, code, DBRefs, undefined).
 */
const BSON_KEYS = new Set([
  '$oid',
  '$binary',
  '$uuid',
  '$symbol',
  '$numberInt',
  '$numberDecimal',
  '$numberDouble',
  '$numberLong',
  '$minKey',
  '$maxKey',
  '$regex',
  '$regularExpression',
  '$timestamp',
  '$date',
  '$code',
  '$scope',
  '$ref',
  '$id',
  '$db',
  '$dbPointer',
  '$undefined',
]);

/**
 * Revives, in place, what relaxed EJSON.parse would give for JSON whose only
 * EJSON wrappers are `{$numberInt: "…"}`, `{$numberDouble: "…"}` and
 * `{$numberLong: "…"}` (what @cloudbase/database sends for numbers): the
 * number bson's Int32 (parseInt), Double (parseFloat) and Long read. false when anything else bson
 * treats specially is in it (a date, a regular expression, a key with NUL):
 * then bson parses the text itself. test/cloud/local-cloud.ejson.test.ts checks
 * the two agree.
 */
function onlyNumbers(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return true;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const n = numberOf(value[i]);
      if (n !== undefined) value[i] = n;
      else if (!onlyNumbers(value[i])) return false;
    }
    return true;
  }
  const obj = value as Json;
  for (const k of Object.keys(obj)) {
    if (k.includes('\u0000') || BSON_KEYS.has(k)) return false;
    const n = numberOf(obj[k]);
    if (n !== undefined) obj[k] = n;
    else if (!onlyNumbers(obj[k])) return false;
  }
  return true;
}

/** Plain decimal integers below 10^15 (no sign on zero, no leading zeros): exact as doubles. */
const SAFE_LONG = /^(0|-?[1-9][0-9]{0,14})$/;

/** The number a lone `{$numberInt: string}` or `{$numberDouble: string}` stands for. */
function numberOf(v: unknown): number | undefined {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const keys = Object.keys(v);
  if (keys.length !== 1) return undefined;
  const text = (v as Json)[keys[0]!];
  if (typeof text !== 'string') return undefined;
  if (keys[0] === '$numberInt') return parseInt(text, 10);
  if (keys[0] === '$numberDouble') return parseFloat(text);
  // A timestamp: bson reads it as a Long, then (relaxed) its toNumber(), exact below 2^53 as Number() is.
  if (keys[0] === '$numberLong' && SAFE_LONG.test(text)) return Number(text);
  return undefined;
}

/** Canonical EJSON (keeps Dates and number kinds exact) for our log. */
export function stringifyCanonical(value: unknown): string {
  return EJSON.stringify(value as Json, { relaxed: false });
}

/** Relaxed EJSON for answers: the SDK EJSON.parses each list item. */
export function stringifyRelaxed(value: unknown): string {
  return EJSON.stringify(value as Json, { relaxed: true });
}

/**
 * A plain object of any realm (jest runs tests in their own realm, and
 * structuredClone's copies come from Node's): not an array, Date, RegExp or
 * other class instance. The one test for it in the local cloud.
 */
export function isPlainObject(v: unknown): v is Json {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as object | null;
  return proto === null || Object.getPrototypeOf(proto) === null;
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

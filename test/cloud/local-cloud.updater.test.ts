// The local cloud's direct path for simple updates (tools/local-cloud/updater.ts)
// leaves a document exactly as mingo's updater does, and says "changed" when
// mingo does, for random documents (awkward values included) and random
// $set/$inc/$push bodies; the document it was given is never changed.
import { isDeepStrictEqual } from 'util';
import fc from 'fast-check';
import type * as MingoUpdater from 'mingo/types/updater';
import { simpleUpdate } from '../../tools/local-cloud/updater';

const { update: mingoUpdate } = require('mingo/updater') as typeof MingoUpdater;

const scalarArb = fc.oneof(fc.constantFrom('open', 'a:1', ''), fc.integer({ min: -2, max: 3 }), fc.boolean());
const awkwardArb = fc.constantFrom<unknown>(null, -0, Number.NaN, new Date(0), { a: 1 }, [['x']]);
const valueArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: scalarArb },
  { weight: 3, arbitrary: fc.array(scalarArb, { maxLength: 3 }) },
  { weight: 2, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: awkwardArb },
);
const docArb = fc
  .record({
    status: valueArb,
    confirmed: valueArb,
    queue: valueArb,
    notify: fc.oneof(fc.record({ result: valueArb, change: valueArb }), valueArb),
  })
  .map((r) => strip({ _id: 'e1', ...r, notify: isObj(r.notify) ? strip(r.notify) : r.notify }));

const PATHS = [
  'status',
  'confirmed',
  'queue',
  'notify',
  'notify.result',
  'notify.change',
  'missing',
  'missing.x',
  '_id',
];
/** Mostly the operand each operator takes, sometimes anything. */
const operandArbs: Record<string, fc.Arbitrary<unknown>> = {
  $set: scalarArb,
  $inc: fc.integer({ min: -2, max: 2 }),
  $push: fc.array(scalarArb, { maxLength: 2 }).map(($each) => ({ $each })),
};
const anyOperandArb = fc.oneof(...Object.values(operandArbs), awkwardArb);
const bodyArb = fc
  .uniqueArray(fc.constantFrom('$set', '$inc', '$push'), { minLength: 1, maxLength: 3 })
  .chain((ops) =>
    fc
      .tuple(
        ...ops.map((op) =>
          fc.dictionary(
            fc.constantFrom(...PATHS),
            fc.oneof({ weight: 8, arbitrary: operandArbs[op]! }, { weight: 1, arbitrary: anyOperandArb }),
            { maxKeys: 2 },
          ),
        ),
      )
      .map((dicts) => Object.fromEntries(ops.map((op, i) => [op, dicts[i]]))),
  );

function isObj(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date);
}
function strip(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}
/** A deep copy made in this realm (structuredClone's objects have another realm's prototypes). */
function copy<T>(v: T): T {
  if (Array.isArray(v)) return v.map(copy) as T;
  if (v instanceof Date) return new Date(v.getTime()) as T;
  if (isObj(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, copy(x)])) as T;
  return v;
}
/** Equal values with keys in the same order (the stored document keeps its order). */
function same(a: unknown, b: unknown): boolean {
  return isDeepStrictEqual(a, b) && JSON.stringify(a) === JSON.stringify(b);
}

describe('local cloud simple updates', () => {
  it('change documents as mingo does, on a copy, or leave them to mingo', () => {
    let decided = 0;
    fc.assert(
      fc.property(docArb, bodyArb, (doc, body) => {
        const before = copy(doc);
        const ours = simpleUpdate(doc, body);
        // Never in place: the stored version stays as it was.
        expect(same(doc, before)).toBe(true);
        if (!ours) return;
        decided++;
        const theirs = copy(doc);
        const fields = mingoUpdate(theirs, copy(body), undefined, undefined, { cloneMode: 'none' });
        expect(ours.changed).toBe(fields.length > 0);
        expect(same(ours.doc, theirs)).toBe(true);
      }),
      { numRuns: 5000 },
    );
    expect(decided).toBeGreaterThan(500);
  });

  it('applies the ledger step sign-up sends', () => {
    const doc = { _id: 'e1', confirmed: 1, holders: ['a:1'], updatedAt: 1 };
    const body = { $inc: { confirmed: 1 }, $push: { holders: { $each: ['b:2'] } }, $set: { updatedAt: 2 } };
    const out = simpleUpdate(doc, body);
    expect(out).toEqual({ doc: { _id: 'e1', confirmed: 2, holders: ['a:1', 'b:2'], updatedAt: 2 }, changed: true });
    expect(doc.holders).toEqual(['a:1']);
    expect(simpleUpdate(doc, { $set: { updatedAt: new Date(0) } })).toBeUndefined();
  });
});

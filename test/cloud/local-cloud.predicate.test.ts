// The local cloud's tiny predicates (tools/local-cloud/predicate.ts) answer
// exactly as mingo's compiled Query does, for random criteria shaped like the
// functions' conditional updates and random documents (awkward field values
// included: missing, null, arrays, nested arrays, mixed types, -0, NaN,
// Dates, objects). Where a predicate is unsure it must say so, never guess.
import fc from 'fast-check';
import { Query } from 'mingo';
import { simplePredicate } from '../../tools/local-cloud/predicate';

const FIELDS = ['status', 'confirmed', 'queue', 'flag'] as const;
const scalarArb = fc.oneof(
  fc.constantFrom('open', 'closed', 'a:1', '1', ''),
  fc.integer({ min: -2, max: 3 }),
  fc.constantFrom(0.5, 200),
  fc.boolean(),
);
const awkwardArb = fc.constantFrom<unknown>(null, -0, Number.NaN, new Date(0), { a: 1 }, [['open']], [1, null]);
const valueArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: scalarArb },
  { weight: 3, arbitrary: fc.array(scalarArb, { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: awkwardArb },
);
const condArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: scalarArb },
  {
    weight: 4,
    arbitrary: fc
      .tuple(fc.constantFrom('$eq', '$ne', '$lt', '$lte', '$gt', '$gte'), scalarArb)
      .map(([op, v]) => ({ [op]: v })),
  },
  {
    weight: 3,
    arbitrary: fc
      .tuple(fc.constantFrom('$in', '$nin'), fc.array(scalarArb, { maxLength: 3 }))
      .map(([op, v]) => ({ [op]: v })),
  },
  // Shapes the predicate leaves to mingo.
  { weight: 1, arbitrary: fc.constantFrom<unknown>(null, { $exists: true }, { $lt: 1, $gt: 0 }, { $in: [null] }) },
);

function docOf(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries({ _id: 'e1', ...values }).filter(([, v]) => v !== undefined));
}

describe('local cloud simple predicates', () => {
  it('answer as mingo does, or step aside', () => {
    let decided = 0;
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom(...FIELDS), condArb, { maxKeys: 4 }),
        fc.array(fc.record({ status: valueArb, confirmed: valueArb, queue: valueArb, flag: valueArb }), {
          minLength: 1,
          maxLength: 5,
        }),
        (conds, rows) => {
          const criteria = { _id: 'e1', ...conds };
          const predicate = simplePredicate(criteria);
          const query = new Query(criteria);
          for (const row of rows) {
            const doc = docOf(row);
            const sure = predicate?.(doc);
            if (sure !== undefined) {
              decided++;
              expect(sure).toBe(query.test(doc));
            }
          }
        },
      ),
      { numRuns: 3000 },
    );
    // The generators mostly produce what the predicates decide.
    expect(decided).toBeGreaterThan(3000);
  });

  it('decides the conditional updates sign-up sends', () => {
    const entry = 'flash-1:abc';
    const criteria = {
      _id: 'e1',
      status: 'open',
      holders: { $nin: [entry] },
      queue: { $nin: [entry] },
      capacity: 200,
      confirmed: { $lt: 200 },
      waitlisted: 0,
    };
    const doc = { _id: 'e1', status: 'open', holders: ['x:1'], queue: [], capacity: 200, confirmed: 1, waitlisted: 0 };
    expect(simplePredicate(criteria)?.(doc)).toBe(true);
    expect(simplePredicate(criteria)?.({ ...doc, holders: [entry] })).toBe(false);
    expect(simplePredicate({ _id: 'e1', when: { $lt: new Date(0) } })).toBeNull();
  });
});

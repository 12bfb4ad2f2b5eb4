// The local cloud's direct path for exclusion projections
// (tools/local-cloud/projection.ts) gives what mingo's cursor gives, key
// order included, for random documents and random projections; any other
// projection is left to mingo.
import { isDeepStrictEqual } from 'util';
import fc from 'fast-check';
import { Query } from 'mingo';
import { excludedFields, without } from '../../tools/local-cloud/projection';

const FIELDS = ['_id', 'status', 'holders', 'queue', 'left', 'notify', 'notify.result', '$slice'];
const valueArb = fc.oneof(
  fc.constantFrom<unknown>('open', 3, true, null, new Date(0), ['a:1'], { result: true, change: false }),
  fc.array(fc.string({ maxLength: 3 }), { maxLength: 3 }),
);
const docArb = fc
  .dictionary(fc.constantFrom('status', 'holders', 'queue', 'left', 'notify', 'confirmed'), valueArb)
  .map((d) => ({ _id: 'e1', ...d }));
const projectionArb = fc.dictionary(
  fc.constantFrom(...FIELDS),
  fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom<unknown>(0, false) },
    { weight: 1, arbitrary: fc.constantFrom<unknown>(1, true) },
  ),
  { maxKeys: 4 },
);

describe('local cloud exclusion projections', () => {
  it('leave out the fields as mingo does', () => {
    let decided = 0;
    fc.assert(
      fc.property(docArb, projectionArb, (doc, projection) => {
        const excluded = excludedFields(projection);
        if (!excluded) return;
        decided++;
        const ours = without(doc, excluded);
        const [theirs] = new Query({ _id: 'e1' }).find<Record<string, unknown>>([doc], projection).all();
        expect(isDeepStrictEqual(ours, theirs)).toBe(true);
        expect(Object.keys(ours)).toEqual(Object.keys(theirs!));
      }),
      { numRuns: 3000 },
    );
    expect(decided).toBeGreaterThan(500);
  });

  it('takes only exclusions of top-level fields other than _id', () => {
    expect(excludedFields({ holders: false, queue: false, left: false })).toEqual(
      new Set(['holders', 'queue', 'left']),
    );
    expect(excludedFields({ holders: 0, status: 1 })).toBeNull();
    expect(excludedFields({ 'notify.result': 0 })).toBeNull();
    expect(excludedFields({})).toBeNull();
  });
});

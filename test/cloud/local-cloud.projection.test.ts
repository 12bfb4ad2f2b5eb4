// The local cloud's direct path for simple projections
// (tools/local-cloud/projection.ts) gives what mingo's cursor gives, key
// order included, for random documents and random projections (exclusions,
// inclusions with array slices); any other projection is left to mingo.
import { isDeepStrictEqual } from 'util';
import fc from 'fast-check';
import { Query } from 'mingo';
import { simpleProjection } from '../../tools/local-cloud/projection';

const DOC_FIELDS = ['status', 'holders', 'queue', 'left', 'notify', 'Confirmed', '名称', 'b2'];
const FIELDS = [...DOC_FIELDS, '_id', 'missing', 'notify.result', '$slice'];
const valueArb = fc.oneof(
  fc.constantFrom<unknown>('open', 3, true, null, new Date(0), ['a:1'], { result: true, change: false }),
  fc.array(fc.string({ maxLength: 3 }), { maxLength: 6 }),
  fc.array(fc.oneof(fc.integer(), fc.constantFrom('$', '$a', null, [1])), { maxLength: 3 }),
);
const docArb = fc.dictionary(fc.constantFrom(...DOC_FIELDS), valueArb).map((d) => ({ _id: 'e1', ...d }));
const specArb = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom<unknown>(0, false) },
  { weight: 4, arbitrary: fc.constantFrom<unknown>(1, true) },
  {
    weight: 3,
    arbitrary: fc
      .tuple(fc.integer({ min: -2, max: 7 }), fc.integer({ min: -1, max: 1_000_000 }))
      .map(($slice) => ({ $slice })),
  },
  { weight: 1, arbitrary: fc.constantFrom<unknown>({ $slice: 2 }, { $elemMatch: { a: 1 } }, 2) },
);
const projectionArb = fc.dictionary(fc.constantFrom(...FIELDS), specArb, { maxKeys: 5 });

describe('local cloud simple projections', () => {
  it('project as mingo does, key order included', () => {
    let decided = 0;
    fc.assert(
      fc.property(docArb, projectionArb, (doc, projection) => {
        const ours = simpleProjection(projection)?.(doc);
        if (!ours) return;
        decided++;
        const [theirs] = new Query({ _id: 'e1' }).find<Record<string, unknown>>([doc], projection).all();
        expect(isDeepStrictEqual(ours, theirs)).toBe(true);
        expect(Object.keys(ours)).toEqual(Object.keys(theirs!));
      }),
      { numRuns: 4000 },
    );
    expect(decided).toBeGreaterThan(500);
  });

  it('takes the projections the events functions send', () => {
    const doc = { _id: 'e1', status: 'open', capacity: 2, holders: ['a'], queue: ['b', 'c', 'd'], left: [] };
    const counters = simpleProjection({ holders: false, queue: false, left: false });
    expect(counters?.(doc)).toEqual({ _id: 'e1', status: 'open', capacity: 2 });
    const tail = simpleProjection({ status: true, capacity: true, queue: { $slice: [1, 1_000_000] } });
    expect(tail?.(doc)).toEqual({ capacity: 2, queue: ['c', 'd'], status: 'open', _id: 'e1' });
    expect(simpleProjection({ holders: 0, status: 1 })).toBeNull();
    expect(simpleProjection({ 'notify.result': 0 })).toBeNull();
    expect(simpleProjection({})).toBeNull();
  });
});

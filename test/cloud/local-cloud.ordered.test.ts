// The local cloud's ordered indexes (tools/local-cloud/ordered.ts) answer a
// sorted read exactly like a full scan: same documents, same order, for
// random articles (irregular ones included: missing and null fields, arrays,
// mixed types) and random cursor queries shaped like server/content/query.ts
// sends, with random writes in between so the maintained index is checked
// too. The scan is the same engine with its ordered indexes switched off.
import fc from 'fast-check';
import { Engine, type DbOk, type DbResponse } from '../../tools/local-cloud/engine';
import { stringifyCanonical } from '../../tools/local-cloud/ejson';
import { Store } from '../../tools/local-cloud/store';
import { makeTempDir } from '../helpers/temp';

const C = 'articles';
const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 1);

const idArb = fc.integer({ min: 0, max: 59 }).map((n) => `a${String(n).padStart(2, '0')}`);
const dateArb = fc.integer({ min: 0, max: 4 }).map((d) => new Date(T0 + d * DAY));
/** Mostly realistic values, sometimes the awkward ones a scan still orders. */
const maybe = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 80, arbitrary: arb },
    { weight: 10, arbitrary: fc.constantFrom(undefined, null, 3, 'x', true) },
    { weight: 5, arbitrary: fc.array(arb, { maxLength: 2 }) },
    // Values the index cannot order like mingo: it must step aside.
    { weight: 1, arbitrary: fc.constantFrom(-0, Number.NaN, { nested: 1 }) },
  );
const termArb = fc.constantFrom('水', '环保', '协会', '报告');

const articleArb = fc.record({
  _id: idArb,
  status: maybe(fc.constantFrom('published', 'draft', 'offline')),
  column: maybe(fc.constantFrom('news', 'policy')),
  pinned: maybe(fc.boolean()),
  publishedAt: maybe(dateArb),
  createdAt: maybe(dateArb),
  terms: fc.oneof(fc.array(termArb, { maxLength: 3 }), fc.constant(undefined), fc.constant('水')),
});

type Article = Record<string, unknown> & { _id: string };

/** A stored document: fields left undefined are absent, as in the database. */
function stored(a: Record<string, unknown>): Article {
  return Object.fromEntries(Object.entries(a).filter(([, v]) => v !== undefined)) as Article;
}

const cursorArb = fc.record({ at: dateArb, id: idArb, newer: fc.boolean() });

interface ReadCase {
  criteria: Record<string, unknown>;
  order: Record<string, 1 | -1>;
  limit: number;
  offset: number;
}

/** Reads like the content function's: equalities, an optional (field, _id) cursor, that order. */
const readArb: fc.Arbitrary<ReadCase> = fc
  .record({
    field: fc.constantFrom('publishedAt', 'createdAt'),
    status: fc.option(fc.constantFrom('published', 'draft'), { nil: undefined }),
    column: fc.option(fc.constantFrom('news', 'policy'), { nil: undefined }),
    pinned: fc.option(fc.boolean(), { nil: undefined }),
    terms: fc.option(fc.array(termArb, { minLength: 1, maxLength: 2 }), { nil: undefined }),
    cursor: fc.option(cursorArb, { nil: undefined }),
    asc: fc.boolean(),
    nestAnd: fc.boolean(),
    limit: fc.integer({ min: 1, max: 12 }),
    offset: fc.constantFrom(0, 0, 2),
  })
  .map((r) => {
    const base: Record<string, unknown> = {};
    if (r.status) base.status = r.status;
    if (r.column) base.column = r.column;
    if (r.pinned !== undefined) base.pinned = r.pinned;
    if (r.terms) base.terms = { $all: r.terms };
    const parts: Array<Record<string, unknown>> = [base];
    if (r.cursor) {
      const op = r.cursor.newer ? '$gt' : '$lt';
      parts.push({
        $or: [{ [r.field]: { [op]: r.cursor.at } }, { [r.field]: { $eq: r.cursor.at }, _id: { [op]: r.cursor.id } }],
      });
    }
    const dir = r.asc ? 1 : -1;
    return {
      criteria: r.nestAnd || parts.length > 1 ? { $and: parts } : base,
      order: { [r.field]: dir, _id: dir },
      limit: r.limit,
      offset: r.offset,
    };
  });

const writeArb = fc.oneof(
  articleArb.map((a) => ({ kind: 'put' as const, doc: stored(a) })),
  idArb.map((id) => ({ kind: 'remove' as const, id })),
);

function ok(res: DbResponse): DbOk {
  if ('code' in res) throw new Error(`${res.code}: ${res.message}`);
  return res;
}

async function read(engine: Engine, store: Store, r: ReadCase, ordered: boolean): Promise<unknown> {
  store.indexes.useOrdered = ordered;
  const res = ok(
    await engine.execute('database.getDocument', {
      collectionName: C,
      queryType: 'WHERE',
      query: stringifyCanonical(r.criteria),
      order: JSON.stringify(r.order),
      limit: r.limit,
      offset: r.offset,
    }),
  );
  return res.data;
}

test('sorted reads from ordered indexes equal a full scan, through writes', async () => {
  const store = new Store(makeTempDir('lc-ordered-'));
  store.open();
  const engine = new Engine(store);
  ok(await engine.execute('database.addCollection', { collectionName: C }));
  try {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(articleArb, { selector: (a) => a._id, maxLength: 60 }),
        fc.array(fc.tuple(fc.array(writeArb, { maxLength: 3 }), readArb), { minLength: 1, maxLength: 8 }),
        async (docs, steps) => {
          ok(await engine.execute('database.removeDocument', { collectionName: C, query: '{}', multi: true }));
          if (docs.length) {
            const data = docs.map((d) => stringifyCanonical(stored(d)));
            ok(await engine.execute('database.insertDocument', { collectionName: C, data }));
          }
          for (const [writes, r] of steps) {
            for (const w of writes) {
              const query = stringifyCanonical({ _id: w.kind === 'put' ? w.doc._id : w.id });
              if (w.kind === 'remove')
                ok(await engine.execute('database.removeDocument', { collectionName: C, query }));
              else {
                const { _id: _ignored, ...body } = w.doc;
                const data = stringifyCanonical(body);
                ok(await engine.execute('database.modifyDocument', { collectionName: C, query, data, merge: false }));
              }
            }
            expect(await read(engine, store, r, true)).toEqual(await read(engine, store, r, false));
          }
        },
      ),
      { numRuns: 400 },
    );
    // Most reads took the indexed path (the rest had no fitting index or an irregular document).
    expect(store.indexes.orderedReads).toBeGreaterThan(300);
  } finally {
    store.indexes.useOrdered = true;
    store.close();
  }
});

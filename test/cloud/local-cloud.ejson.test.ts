// The local cloud's EJSON reader (tools/local-cloud/ejson.ts parse) gives
// what bson's relaxed EJSON.parse gives (then normalised), for random values
// written as canonical and relaxed EJSON (numbers of every kind, dates,
// regular expressions, operator keys) and for the awkward wrappers bson
// treats specially.
import { isDeepStrictEqual } from 'util';
import { EJSON } from 'bson';
import fc from 'fast-check';
import { normalise, parse } from '../../tools/local-cloud/ejson';

const leafArb = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(-0, 2 ** 40, Number.MAX_SAFE_INTEGER, 0.1),
  fc.integer({ min: 0, max: 2 ** 52 }).map((n) => n * 3 - 2 ** 52),
  fc.string({ maxLength: 4 }),
  fc.boolean(),
  fc.constant(null),
  fc.date({ min: new Date(0), max: new Date(4e12), noInvalidDate: true }),
  fc.constantFrom(/a+/i, /水/),
);
const keyArb = fc.constantFrom('a', 'status', '$inc', '$set', '$each', '$lt', '$nin', '$slice', 'notify.result');
const valueArb = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leafArb, tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 3 }),
  object: fc.dictionary(keyArb, tie('value'), { maxKeys: 3 }),
})).value;

function bsonParse(text: string): unknown {
  return normalise(EJSON.parse(text, { relaxed: true }));
}
function agree(text: string): void {
  const ours = parse(text);
  const theirs = bsonParse(text);
  // normalise gives each side its own server-date stamps; none are generated here.
  expect(isDeepStrictEqual(ours, theirs)).toBe(true);
}

describe('local cloud EJSON reader', () => {
  it('reads what bson reads', () => {
    fc.assert(
      fc.property(valueArb, fc.boolean(), (value, relaxed) => {
        agree(EJSON.stringify({ v: value } as Record<string, unknown>, { relaxed }));
      }),
      { numRuns: 2000 },
    );
  });

  it('leaves every wrapper bson reads specially to bson', () => {
    for (const text of [
      '{"a":{"$numberInt":"7"},"b":[{"$numberDouble":"-0.0"},{"$numberDouble":"NaN"},{"$numberDouble":"Infinity"}]}',
      '{"$numberInt":"3"}',
      '{"a":{"$numberInt":"3","b":1}}',
      '{"a":{"$numberInt":3}}',
      '{"a":{"$numberLong":"9007199254740993"}}',
      '{"a":[{"$numberLong":"1796186463607"},{"$numberLong":"-12"},{"$numberLong":"0"},{"$numberLong":"-0"}]}',
      '{"a":[{"$numberLong":"007"},{"$numberLong":"+5"},{"$numberLong":"999999999999999"},{"$numberLong":"1e3"}]}',
      '{"a":{"$date":{"$numberLong":"1700000000000"}}}',
      '{"a":{"$date":"2026-01-01T00:00:00Z"}}',
      '{"a":{"$regularExpression":{"pattern":"x","options":"ix"}}}',
      '{"a":{"$undefined":true}}',
      '{"a":{"$ref":"c","$id":"1"}}',
      '{"a":{"$oid":"62fb287aa800ae5faaf23402"}}',
      '{"a":{"$tcb_server_date":{"offset":0}}}',
    ]) {
      if (text.includes('$tcb_server_date')) expect(parse(text)).toEqual({ a: expect.any(Date) });
      else agree(text);
    }
    expect(() => parse('{"a\\u0000b":1}')).toThrow();
  });
});

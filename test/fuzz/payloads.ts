// Payload generators for the fuzz run (test/fuzz/harness.ts): for every action
// of both functions, payloads shaped by the contract's types (the table below
// must name every action, or it does not compile), then broken in the ways a
// hostile caller would: a field replaced by a hostile string or structure, a
// field missing, an unknown field, or the whole payload replaced.
import fc from 'fast-check';
import {
  COLUMNS,
  FIELD_TYPE_LABELS,
  SHARE_TARGET_TYPES,
  SUBSCRIBE_TEMPLATES,
  type ActionName,
  type FunctionName,
  type PayloadOf,
  type SignupFieldType,
} from '../../miniprogram/contract/index';

const FIELD_TYPES = Object.keys(FIELD_TYPE_LABELS) as SignupFieldType[];

/** Ids and codes that exist in the fuzz cloud (harness.ts), so valid payloads reach the real code paths. */
export interface FuzzFixtures {
  published: string;
  draft: string;
  removed: string;
  event: string;
  shareToken: string;
  checkinCode: string;
  member: string;
  admin: string;
}

/** Characters and strings that broke, or could break, something: control, XML, regex, bidi, size. */
export const HOSTILE_STRINGS: readonly string[] = [
  '',
  ' ',
  '\t',
  'a\nb',
  'a\r\nb',
  'a\rb',
  'a\u2028b',
  'a\u2029b',
  '\u0000',
  'x\u0000y',
  '\u0007',
  '\u001b[31m红\u001b[0m',
  '\u007f',
  '\u0085',
  '\u009f',
  '\ufffe',
  '\uffff',
  '张\uffff三',
  '\ufdd0',
  '\ufdef',
  '\ud800',
  '\udfff',
  'a\ud800b',
  '\udbff\udffe',
  '\u202e',
  '\u202aabc\u202c',
  '\u2066x\u2069',
  '\u200e\u200f',
  '\ufeff',
  '\u200b',
  '\u00a0',
  '\u3000',
  '𠮷',
  '👨‍👩‍👧',
  'e\u0301',
  '<script>alert(1)</script>',
  ']]>',
  '&amp;&#0;&#xFFFF;',
  '"\'`',
  '${x}{{x}}%s%n',
  '.*',
  '(a+)+$',
  '\\',
  '[',
  '^$|',
  '=HYPERLINK("http://x","y")',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  '0',
  '-1',
  'NaN',
  'null',
  'a'.repeat(5000),
  '名'.repeat(300),
  'cloud://x/\u0000.png',
  'https://x/\ufffe.png',
  'https://x/a b.png',
];

const hostileChar = fc.constantFrom(
  '\u0000',
  '\n',
  '\r',
  '\u2028',
  '\ufffe',
  '\uffff',
  '\ufdd0',
  '\ud800',
  '\udc00',
  '\u202e',
  '\u2066',
  '\u0085',
  '<',
  '&',
  '名',
  'a',
);

/** A hostile string: a known one, a mix of hostile characters, any code units, or a real id with a twist. */
export function hostileString(fx: FuzzFixtures): fc.Arbitrary<string> {
  const ids = [fx.published, fx.draft, fx.removed, fx.event, fx.shareToken, fx.member, fx.admin];
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
    { weight: 3, arbitrary: fc.string({ unit: hostileChar, maxLength: 12 }) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 24 }) },
    {
      weight: 1,
      arbitrary: fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) }),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.constantFrom(...ids), fc.constantFrom(...HOSTILE_STRINGS.slice(0, 30)), fc.boolean())
        .map(([id, s, before]) => (before ? s + id : id + s)),
    },
  );
}

/** Parsed from JSON so __proto__ is an own key, as it is after the wire. */
const protoKeys = fc.constantFrom(
  JSON.parse('{"__proto__":{"polluted":1}}') as object,
  { constructor: { prototype: { polluted: 1 } } },
  { toString: 1, valueOf: 1 },
  { $gt: '' },
  { $where: 'sleep(1000)' },
  { $regex: '.*' },
  { _id: { $ne: null } },
);

/** Any JSON-ish value a caller could send, nested a little. */
export function hostileValue(fx: FuzzFixtures): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 5, arbitrary: hostileString(fx) },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        0,
        -1,
        1.5,
        2 ** 53,
        -(2 ** 53),
        Number.MAX_VALUE,
        1e308,
        Date.now(),
        Date.UTC(1989, 11, 31),
        Date.UTC(2100, 0, 2),
        true,
        false,
        null,
      ),
    },
    { weight: 1, arbitrary: fc.double() },
    { weight: 1, arbitrary: protoKeys },
    { weight: 1, arbitrary: fc.array(hostileString(fx), { maxLength: 4 }) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 8 }) },
  );
}

type Gen<F extends FunctionName> = { [A in ActionName<F>]: fc.Arbitrary<PayloadOf<F, A>> };

const opt = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(arb, { nil: undefined });
const name = fc.constantFrom('张三', '李四', 'Ann Lee', '欧阳娜娜');
const phone = fc.integer({ min: 0, max: 99999999 }).map((n) => `139${String(n).padStart(8, '0')}`);
const time = fc.integer({ min: Date.now() - 30 * 86400000, max: Date.now() + 60 * 86400000 });

/** Well-formed payloads per action, from the contract's payload types. */
export function validPayloads(fx: FuzzFixtures): { content: Gen<'content'>; events: Gen<'events'> } {
  const articleId = fc.constantFrom(fx.published, fx.draft, fx.removed, 'no-such-article');
  const eventId = fc.constantFrom(fx.event, 'no-such-event');
  const column = fc.constantFrom(...COLUMNS);
  const targetType = fc.constantFrom(...SHARE_TARGET_TYPES);
  const targetId = fc.constantFrom(fx.published, fx.event, fx.draft);
  const attribution = {
    shareToken: opt(fc.constant(fx.shareToken)),
    groupCloudId: opt(fc.constantFrom('localgroup:fuzz', 'forged-cloud-id')),
  };
  const blocks = fc.array(
    fc.oneof(
      fc.record({ type: fc.constant('paragraph' as const), text: fc.constantFrom('第一段。', '协会\n动态') }),
      fc.record({ type: fc.constant('heading' as const), text: fc.constant('小标题') }),
      fc.record(
        { type: fc.constant('image' as const), src: fc.constant('https://example.com/a.png'), caption: opt(name) },
        { requiredKeys: ['type', 'src'] },
      ),
    ),
    { minLength: 1, maxLength: 3 },
  );
  const content: Gen<'content'> = {
    columns: fc.constant(undefined),
    'articles.list': fc.record({ column: opt(column), pageSize: opt(fc.integer({ min: 1, max: 20 })) }),
    'articles.open': fc.record({ id: articleId, ...attribution }),
    'articles.search': fc.record({ q: fc.constantFrom('协会', '活动', 'a', '崔康平', '，。！') }),
    'articles.adminList': fc.record({ status: fc.constantFrom('draft' as const, 'published' as const) }),
    'articles.get': fc.record({ id: articleId }),
    'articles.save': fc.record(
      {
        id: opt(fc.constantFrom(fx.draft, 'no-such-article')),
        column,
        title: fc.constantFrom('模糊测试报道', '标题'),
        summary: opt(fc.constant('摘要')),
        pinned: opt(fc.constant(false)),
        blocks,
      },
      { requiredKeys: ['column', 'title', 'blocks'] },
    ),
    'articles.publish': fc.record({ id: fc.constantFrom(fx.draft, 'no-such-article') }),
    'articles.unpublish': fc.record({ id: fc.constantFrom(fx.draft, 'no-such-article') }),
    'articles.remove': fc.record({ id: fc.constantFrom(fx.removed, 'no-such-article') }),
    'articles.reindex': fc.constant(undefined),
    'shares.create': fc.record({ targetType, targetId }),
    'stats.article': fc.record({ id: articleId }),
    'stats.event': fc.record({ id: eventId }),
    'content.qrcode': fc.record({ targetType, id: targetId }),
    'scene.resolve': fc.record({ scene: fc.constantFrom(`a=${fx.published}`, `e=${fx.event}`, 'a!ZZZZZZZZZZ') }),
  };
  const profile = { name, unit: fc.constantFrom('安徽环保企业', '协会'), phone };
  const events: Gen<'events'> = {
    'events.list': fc.record({
      scope: fc.constantFrom('upcoming' as const, 'past' as const),
      pageSize: opt(fc.integer({ min: 1, max: 20 })),
    }),
    'events.get': fc.record({ id: eventId, ...attribution }),
    'signup.submit': fc.record(
      {
        eventId,
        ...profile,
        position: opt(fc.constant('经理')),
        remark: opt(fc.constantFrom('素食', '第一行\n第二行')),
        subscribed: opt(fc.constant([SUBSCRIBE_TEMPLATES.eventReminder])),
        // The fixture event's optional fields (harness.ts), answered in and out of range.
        answers: opt(
          fc.record(
            { bus: fc.constantFrom('是', '否', '也许'), cars: fc.integer({ min: -1, max: 6 }) },
            { requiredKeys: [] },
          ),
        ),
        companions: opt(fc.array(fc.record({ name, phone }), { maxLength: 3 })),
      },
      { requiredKeys: ['eventId', 'name', 'unit', 'phone'] },
    ),
    'signup.cancel': fc.record({ eventId }),
    'signup.mine': fc.constant(undefined),
    'member.get': fc.record({ openid: opt(fc.constantFrom(fx.member, fx.admin, 'nobody')) }),
    'member.save': fc.record(profile),
    // Past-or-future times so the cross-field checks both pass and fail.
    'events.save': fc.record({
      title: fc.constant('模糊测试活动'),
      summary: fc.constant(''),
      place: fc.constant('合肥'),
      startAt: time,
      endAt: time,
      signupDeadline: time,
      capacity: fc.integer({ min: 1, max: 20 }),
      waitlistEnabled: fc.boolean(),
      location: opt(
        fc.record({
          name: fc.constantFrom('合肥市政务中心', ''),
          address: fc.constant('安徽省合肥市蜀山区'),
          latitude: fc.double({ min: -100, max: 100, noNaN: true }),
          longitude: fc.double({ min: -200, max: 200, noNaN: true }),
        }),
      ),
      reviewRequired: opt(fc.boolean()),
      groupMax: opt(fc.integer({ min: 0, max: 11 })),
      // Sensible and senseless definitions alike (fieldProblems refuses the latter).
      fields: opt(
        fc.array(
          fc.record(
            {
              id: fc.constantFrom('f1', 'f2', 'F-3'),
              type: fc.constantFrom(...FIELD_TYPES),
              label: fc.constantFrom('车牌号', '用餐', ''),
              required: fc.boolean(),
              min: fc.integer({ min: -2, max: 3 }),
              max: fc.integer({ min: 0, max: 300 }),
              options: fc.array(fc.constantFrom('是', '否', ''), { maxLength: 3 }),
            },
            { requiredKeys: ['id', 'type', 'label', 'required'] },
          ),
          { maxLength: 3 },
        ),
      ),
    }),
    'events.cancel': fc.record({ id: fc.constant('no-such-event') }),
    'signup.list': fc.record({ eventId }),
    'signup.export': fc.record({ eventId }),
    'signup.checkin': fc.record({ eventId, code: fc.constantFrom(fx.checkinCode, 'wrong-code') }),
    'signup.review': fc.record(
      {
        eventId,
        ids: fc.array(fc.constantFrom(`${fx.event}_${fx.member}`, 'no-such-signup'), { minLength: 1, maxLength: 3 }),
        decision: fc.constantFrom('approve' as const, 'reject' as const),
        reason: opt(fc.constantFrom('名额有限', '')),
      },
      { requiredKeys: ['eventId', 'ids', 'decision'] },
    ),
    'attendance.year': fc.record({ year: opt(fc.integer({ min: 1990, max: 2110 })) }),
    'attendance.export': fc.record({ year: opt(fc.integer({ min: 1990, max: 2110 })) }),
    'reminders.run': fc.record({ now: opt(fc.constant(Date.now())) }),
    'roles.me': fc.constant(undefined),
    'roles.list': fc.record({ q: opt(fc.constantFrom('张', '协会')) }),
    'roles.grant': fc.record({ openid: fc.constantFrom(fx.member, 'nobody') }),
    'roles.revoke': fc.record({ openid: fc.constantFrom(fx.member, 'nobody') }),
  };
  return { content, events };
}

/** One way of breaking a well-formed payload. */
function broken(valid: unknown, fx: FuzzFixtures): fc.Arbitrary<unknown> {
  const obj = valid && typeof valid === 'object' ? (valid as Record<string, unknown>) : {};
  const keys = Object.keys(obj);
  const replaceField = keys.length
    ? fc.tuple(fc.constantFrom(...keys), hostileValue(fx)).map(([k, v]) => ({ ...obj, [k]: v }))
    : hostileValue(fx).map((v) => ({ field: v }));
  return fc.oneof(
    { weight: 6, arbitrary: replaceField },
    {
      weight: 1,
      arbitrary: keys.length
        ? fc.constantFrom(...keys).map((k) => Object.fromEntries(Object.entries(obj).filter(([key]) => key !== k)))
        : fc.constant({}),
    },
    { weight: 1, arbitrary: fc.tuple(hostileString(fx), hostileValue(fx)).map(([k, v]) => ({ ...obj, [k]: v })) },
    { weight: 2, arbitrary: hostileValue(fx) },
  );
}

export type Caller = 'anonymous' | 'member' | 'admin';

export interface FuzzCall {
  fn: FunctionName;
  /** The call's data: usually {action, payload}, sometimes not even that. */
  data: unknown;
  caller: Caller;
}

/** A call to any action of either function, well-formed or broken, as anyone. */
export function fuzzCall(fx: FuzzFixtures): fc.Arbitrary<FuzzCall> {
  const valid = validPayloads(fx);
  const caller = fc.constantFrom<Caller>('anonymous', 'member', 'admin');
  const perFunction = (fn: FunctionName, table: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<FuzzCall>[] =>
    Object.entries(table).map(([action, arb]) =>
      fc
        .tuple(
          arb.chain((p) =>
            fc.oneof({ weight: 1, arbitrary: fc.constant<unknown>(p) }, { weight: 3, arbitrary: broken(p, fx) }),
          ),
          caller,
        )
        .map(([payload, who]) => ({ fn, data: { action, payload }, caller: who })),
    );
  const oddEvents = fc
    .tuple(
      fc.constantFrom<FunctionName>('content', 'events'),
      fc.oneof(
        hostileValue(fx).map((action) => ({ action, payload: {} })),
        fc.record({ Type: fc.constant('Timer'), TriggerName: fc.constantFrom('reminders', 'nope') }),
        protoKeys,
      ),
      caller,
    )
    .map(([fn, data, who]) => ({ fn, data, caller: who }));
  return fc.oneof(
    ...perFunction('content', valid.content as unknown as Record<string, fc.Arbitrary<unknown>>),
    ...perFunction('events', valid.events as unknown as Record<string, fc.Arbitrary<unknown>>),
    oddEvents,
  );
}

/** Bodies only the HTTP endpoint sees: not a JSON object, not JSON, or nested very deep. */
export const rawBodies: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('"x"', '1', 'true', 'false', 'null', '[]', '[{"action":"columns"}]', 'not json', '{"action":', ''),
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
  fc.integer({ min: 65, max: 5000 }).map((d) => '['.repeat(d) + ']'.repeat(d)),
  fc
    .integer({ min: 65, max: 5000 })
    .map((d) => `{"action":"events.get","payload":${'{"a":'.repeat(d)}1${'}'.repeat(d)}}`),
);

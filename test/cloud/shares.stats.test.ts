// stats.article / stats.event: staff see figures that equal the raw
// records (also past the 100-document read cap); members get FORBIDDEN.
import { startTestCloud, type TestCloud } from '../helpers/cloud';
import { ADMIN, createPublished, inBatches } from './content.fixtures';

let tc: TestCloud;

beforeAll(async () => {
  tc = await startTestCloud({ functionEnv: { ADMIN_OPENIDS: ADMIN } });
});
afterAll(() => tc.close());

type Doc = Record<string, unknown>;

function masked(openid: string): string {
  return `${openid.slice(0, 1)}****${openid.slice(-3)}`;
}

/** The figures as the raw records give them. */
function fromRecords(articleId: string) {
  const article = tc.dump('articles').find((d) => d._id === articleId) as Doc;
  const shares = tc.dump('shares').filter((d) => d.targetType === 'article' && d.targetId === articleId);
  const names = new Map(tc.dump('members').map((m) => [String(m._id), String(m.name ?? '')]));
  const bySharer = new Map<string, { shares: number; views: number }>();
  for (const s of shares) {
    const row = bySharer.get(String(s.sharer)) ?? { shares: 0, views: 0 };
    row.shares += 1;
    row.views += Number(s.views);
    bySharer.set(String(s.sharer), row);
  }
  const top = [...bySharer.entries()]
    .sort(([a, x], [b, y]) => y.views - x.views || y.shares - x.shares || (a < b ? -1 : 1))
    .slice(0, 10)
    .map(([openid, row]) => ({ name: names.get(openid) || masked(openid), ...row }));
  return {
    id: articleId,
    targetType: 'article',
    title: article.title,
    views: article.views,
    readers: tc.dump('article_readers').filter((r) => r.articleId === articleId).length,
    shares: shares.length,
    groups: tc.dump('share_groups').filter((g) => g.targetType === 'article' && g.targetId === articleId).length,
    shareViews: shares.reduce((n, s) => n + Number(s.views), 0),
    topSharers: top,
  };
}

test('admin: every figure equals the raw records, past the 100-document cap; names from profiles, else masked', async () => {
  const a = await createPublished(tc, { title: '统计报道' });
  const sharers = Array.from({ length: 12 }, (_, i) => `oSharer${String(i).padStart(2, '0')}xyz${i}`);
  // Two sharers have profiles (names), the others none.
  for (const [openid, name] of [
    [sharers[0]!, '王会员'],
    [sharers[3]!, '李会员'],
  ] as const) {
    await tc.ok('events', 'member.save', { name, unit: '某环保公司', phone: '13800000000' }, { openid });
  }
  // 105 shares (more than one read's 100 documents), 8 to 10 per sharer.
  const jobs = Array.from({ length: 105 }, (_, k) => sharers[k % sharers.length]!);
  const tokens = await inBatches(jobs, 20, async (openid) => ({
    openid,
    token: (await tc.ok('content', 'shares.create', { targetType: 'article', targetId: a.id }, { openid })).token,
  }));
  // Opens through some of them, from a few groups; sharers open their own too (not credited).
  const opens = tokens.flatMap(({ openid, token }, k) =>
    Array.from({ length: k % 4 }, (_, j) => ({
      reader: j === 0 && k % 5 === 0 ? openid : `reader-${(k * 7 + j) % 60}`,
      token,
      group: `localgroup:grp${(k + j) % 7}`,
    })),
  );
  await inBatches(opens, 25, (o) =>
    tc.ok('content', 'articles.open', { id: a.id, shareToken: o.token, groupCloudId: o.group }, { openid: o.reader }),
  );
  await tc.ok('content', 'articles.open', { id: a.id }, { openid: 'plain-reader' });

  const stats = await tc.ok('content', 'stats.article', { id: a.id }, { openid: ADMIN });
  const expected = fromRecords(a.id);
  expect(stats).toEqual(expected);
  // The figures are not trivially zero.
  expect(stats.shares).toBe(105);
  expect(stats.shareViews).toBeGreaterThan(100);
  expect(stats.groups).toBe(7);
  expect(stats.topSharers).toHaveLength(10);
  expect(stats.topSharers.map((s) => s.name)).toEqual(expect.arrayContaining(['王会员']));
  expect(stats.topSharers.some((s) => /^o\*{4}.{3}$/.test(s.name))).toBe(true);
  expect(JSON.stringify(stats)).not.toContain('oSharer'); // no raw openid reaches the console
});

test('a member gets FORBIDDEN, no OPENID UNAUTHENTICATED; an unknown id NOT_FOUND; nothing changes', async () => {
  const a = await createPublished(tc, { title: '成员不可看统计' });
  const ev = await tc.ok(
    'events',
    'events.save',
    {
      title: '活动统计',
      summary: '说明',
      place: '合肥',
      startAt: Date.now() + 96 * 3_600_000,
      endAt: Date.now() + 100 * 3_600_000,
      signupDeadline: Date.now() + 48 * 3_600_000,
      capacity: 10,
      waitlistEnabled: false,
    },
    { openid: ADMIN },
  );
  const before = JSON.stringify(['articles', 'shares', 'share_groups', 'events'].map((c) => tc.dump(c)));
  expect(await tc.call('content', 'stats.article', { id: a.id }, { openid: 'member-1' })).toMatchObject({
    ok: false,
    code: 'FORBIDDEN',
  });
  expect(await tc.call('content', 'stats.event', { id: ev.id }, { openid: 'member-1' })).toMatchObject({
    ok: false,
    code: 'FORBIDDEN',
  });
  expect(await tc.call('content', 'stats.article', { id: a.id }, {})).toMatchObject({ code: 'UNAUTHENTICATED' });
  expect(await tc.call('content', 'stats.article', { id: 'no-such' }, { openid: ADMIN })).toMatchObject({
    code: 'NOT_FOUND',
  });
  expect(
    await tc.callRaw('content', { action: 'stats.article', payload: { id: '' } }, { openid: ADMIN }),
  ).toMatchObject({ code: 'VALIDATION' });
  expect(await tc.ok('content', 'stats.event', { id: ev.id }, { openid: ADMIN })).toEqual({
    id: ev.id,
    targetType: 'event',
    title: '活动统计',
    shares: 0,
    groups: 0,
    shareViews: 0,
    topSharers: [],
  });
  expect(JSON.stringify(['articles', 'shares', 'share_groups', 'events'].map((c) => tc.dump(c)))).toBe(before);
});

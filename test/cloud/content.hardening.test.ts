// Content hardening: at most PINNED_MAX published pinned reports (the first
// page shows every one of them), and tampered cursors refused.
import { ARTICLE_RULES } from '../../miniprogram/contract/index';
import { PINNED_MAX } from '../../server/content/articles';
import { startTestCloud, type TestCloud } from '../helpers/cloud';
import { ADMIN, CONTENT_COLLECTIONS, createDraft, createPublished, input, T0, MINUTE } from './content.fixtures';

let tc: TestCloud;

beforeAll(async () => {
  tc = await startTestCloud({ functions: ['content'], functionEnv: { ADMIN_OPENIDS: ADMIN } });
});
afterAll(() => tc.close());

function snapshot(): string {
  return JSON.stringify(CONTENT_COLLECTIONS.map((c) => tc.dump(c)));
}

const PINNED_ERROR = { ok: false, code: 'VALIDATION', message: `置顶报道最多 ${PINNED_MAX} 篇`, field: 'pinned' };

describe('pinned reports are capped', () => {
  const pinned: string[] = [];

  test('the cap is what the first page can show', () => {
    expect(PINNED_MAX).toBe(20);
    expect(PINNED_MAX).toBeLessThanOrEqual(ARTICLE_RULES.pageSizeMax);
  });

  test('up to the cap, every pinned report shows on the first page', async () => {
    for (let k = 0; k < PINNED_MAX; k++) {
      pinned.push((await createPublished(tc, { title: `置顶 ${k}`, pinned: true, publishedAt: T0 + k * MINUTE })).id);
    }
    await createPublished(tc, { title: '普通报道' });
    const first = await tc.ok('content', 'articles.list', {}, { openid: 'reader' });
    const shown = first.items.filter((i) => i.pinned).map((i) => i.id);
    expect([...shown].sort()).toEqual([...pinned].sort());
  });

  test('publishing one more pinned report is refused, and nothing changes', async () => {
    // A pinned draft may be saved: it shows nowhere until published.
    const draft = await createDraft(tc, { title: '第21篇置顶', pinned: true });
    const before = snapshot();
    expect(await tc.call('content', 'articles.publish', { id: draft.id }, { openid: ADMIN })).toEqual(PINNED_ERROR);
    expect(snapshot()).toBe(before);
  });

  test('pinning a published report past the cap is refused; re-saving a pinned one is not', async () => {
    const plain = await createPublished(tc, { title: '想置顶的报道' });
    const before = snapshot();
    expect(
      await tc.call('content', 'articles.save', input({ id: plain.id, title: plain.title, pinned: true }), {
        openid: ADMIN,
      }),
    ).toEqual(PINNED_ERROR);
    expect(snapshot()).toBe(before);
    // One of the 20 edited (still pinned): allowed.
    const edited = await tc.ok(
      'content',
      'articles.save',
      input({ id: pinned[0]!, title: '置顶 0（已修改）', pinned: true }),
      { openid: ADMIN },
    );
    expect(edited).toMatchObject({ pinned: true, title: '置顶 0（已修改）' });
  });

  test('after one is unpinned, another may be pinned', async () => {
    await tc.ok('content', 'articles.save', input({ id: pinned[1]!, title: '置顶 1', pinned: false }), {
      openid: ADMIN,
    });
    const draft = await createDraft(tc, { title: '新置顶', pinned: true });
    const res = await tc.ok('content', 'articles.publish', { id: draft.id }, { openid: ADMIN });
    expect(res).toMatchObject({ pinned: true, status: 'published' });
    // The cap holds again.
    const other = await createDraft(tc, { title: '又一篇置顶', pinned: true });
    expect(await tc.call('content', 'articles.publish', { id: other.id }, { openid: ADMIN })).toEqual(PINNED_ERROR);
    // Unpublished and removed pinned reports do not count.
    await tc.ok('content', 'articles.unpublish', { id: pinned[2]! }, { openid: ADMIN });
    expect(await tc.call('content', 'articles.publish', { id: other.id }, { openid: ADMIN })).toMatchObject({
      ok: true,
    });
    expect(await tc.call('content', 'articles.publish', { id: pinned[2]! }, { openid: ADMIN })).toEqual(PINNED_ERROR);
    await tc.ok('content', 'articles.remove', { id: pinned[3]! }, { openid: ADMIN });
    expect(await tc.call('content', 'articles.publish', { id: pinned[2]! }, { openid: ADMIN })).toMatchObject({
      ok: true,
    });
  });
});

describe('tampered cursors', () => {
  function cursorOf(body: unknown): string {
    return Buffer.from(JSON.stringify(body), 'utf8').toString('base64url');
  }

  test('a sort value or id we never hand out is a VALIDATION error on the cursor', async () => {
    const now = Date.now();
    const bodies: unknown[][] = [
      [1e300, 'x'],
      [Number.MAX_SAFE_INTEGER + 2, 'abc'],
      [now + 0.5, 'abc'],
      [-1, 'abc'],
      [Date.UTC(1980, 0, 1), 'abc'],
      [Date.UTC(2101, 0, 1), 'abc'],
      [now, 'bad id!'],
      [now, 'a'.repeat(65)],
    ];
    const kinds: Array<[string, 'l' | 's' | 'a', Record<string, unknown>, string]> = [
      ['articles.list', 'l', {}, 'reader'],
      ['articles.search', 's', { q: '置顶' }, 'reader'],
      ['articles.adminList', 'a', { status: 'published' }, ADMIN],
    ];
    for (const [action, kind, payload, openid] of kinds) {
      for (const body of bodies) {
        const cursor = cursorOf([kind, ...body]);
        const env = await tc.callRaw('content', { action, payload: { ...payload, cursor } }, { openid });
        expect({ action, body, ...(env as object) }).toMatchObject({
          action,
          body,
          ok: false,
          code: 'VALIDATION',
          field: 'cursor',
        });
      }
      // A well-formed one still pages.
      const good = cursorOf([kind, now, 'abc']);
      expect(await tc.callRaw('content', { action, payload: { ...payload, cursor: good } }, { openid })).toMatchObject({
        ok: true,
      });
    }
  });
});

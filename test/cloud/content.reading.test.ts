// Reading on: 上一篇/下一篇 in the open's answer, cover thumbnails in lists,
// and articles.reindex (search terms for reports saved before search
// covered the whole text).
import type { Block } from '../../miniprogram/contract/index';
import { REINDEX_BATCH } from '../../server/content/articles';
import { startTestCloud, type TestCloud } from '../helpers/cloud';
import { ADMIN, body, createDraft, createPublished, MINUTE, T0 } from './content.fixtures';

let tc: TestCloud;
beforeAll(async () => {
  tc = await startTestCloud({ functions: ['content'], functionEnv: { ADMIN_OPENIDS: ADMIN } });
}, 60_000);
afterAll(() => tc.close());

const open = (id: string) => tc.ok('content', 'articles.open', { id }, { openid: 'reader' });

describe('上一篇 / 下一篇', () => {
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    const make = async (key: string, minutes: number, column: '党建活动' | '协会动态', pinned = false) => {
      ids[key] = (
        await createPublished(tc, { title: `报道${key}`, column, publishedAt: T0 + minutes * MINUTE, pinned })
      ).id;
    };
    await make('a1', 1, '党建活动');
    await make('a2', 2, '党建活动');
    await make('other', 3, '协会动态');
    await make('a3', 4, '党建活动', true);
    // A draft between them is no neighbour.
    await createDraft(tc, { title: '草稿', column: '党建活动', publishedAt: T0 + 3 * MINUTE });
  });

  test('within the column by date: prev is the next newer, next the next older; null at the ends', async () => {
    const link = (key: string, minutes: number) => ({ id: ids[key], title: `报道${key}`, at: T0 + minutes * MINUTE });
    const middle = await open(ids.a2!);
    expect(middle.prev).toEqual(link('a3', 4));
    expect(middle.next).toEqual(link('a1', 1));
    const newest = await open(ids.a3!);
    expect(newest.prev).toBeNull();
    expect(newest.next).toEqual(link('a2', 2));
    const oldest = await open(ids.a1!);
    expect(oldest.prev).toEqual(link('a2', 2));
    expect(oldest.next).toBeNull();
    const alone = await open(ids.other!);
    expect([alone.prev, alone.next]).toEqual([null, null]);
  });

  test('with its place from the list the same neighbours come back; a wrong place is ignored', async () => {
    const plain = await open(ids.a2!);
    const placed = await tc.ok(
      'content',
      'articles.open',
      { id: ids.a2!, place: { column: '党建活动', at: T0 + 2 * MINUTE } },
      { openid: 'reader' },
    );
    expect([placed.prev, placed.next]).toEqual([plain.prev, plain.next]);
    for (const place of [
      { column: '协会动态' as const, at: T0 + 2 * MINUTE },
      { column: '党建活动' as const, at: T0 + 10 * MINUTE },
    ]) {
      const wrong = await tc.ok('content', 'articles.open', { id: ids.a2!, place }, { openid: 'reader' });
      expect([wrong.prev, wrong.next]).toEqual([plain.prev, plain.next]);
    }
    for (const place of [{ column: '不存在', at: T0 }, { column: '党建活动', at: 1e300 }, { column: '党建活动' }]) {
      const env = await tc.callRaw(
        'content',
        { action: 'articles.open', payload: { id: ids.a2, place } },
        { openid: 'reader' },
      );
      expect(env).toMatchObject({ ok: false, code: 'VALIDATION' });
    }
  });

  test('reports at the same minute are ordered by id, each once', async () => {
    const same = await Promise.all(
      [0, 1, 2].map((k) =>
        createPublished(tc, { title: `同时${k}`, column: '协会动态', publishedAt: T0 + 60 * MINUTE }),
      ),
    );
    const byId = same.map((a) => a.id).sort();
    const middle = await open(byId[1]!);
    expect(middle.prev?.id).toBe(byId[2]);
    expect(middle.next?.id).toBe(byId[0]);
  });
});

describe('cover thumbnails', () => {
  const photo = (src: string, thumb?: string): Block => ({ type: 'image', src, ...(thumb ? { thumb } : {}) });

  test('a list shows the thumbnail of the cover photo; the report the full photo', async () => {
    const a = await createPublished(tc, {
      title: '有缩略图',
      column: '通知公告',
      publishedAt: T0 + 100 * MINUTE,
      blocks: [
        photo('cloud://env.bucket/articles/202402/a.jpg', 'cloud://env.bucket/articles/202402/a.thumb.jpg'),
        ...body(),
      ],
    });
    const b = await createPublished(tc, {
      title: '无缩略图',
      column: '通知公告',
      publishedAt: T0 + 99 * MINUTE,
      blocks: [photo('https://example.com/imported.jpg'), ...body()],
    });
    const list = await tc.ok('content', 'articles.list', { column: '通知公告' }, { openid: 'reader' });
    const cover = (id: string) => list.items.find((i) => i.id === id)?.cover;
    expect(cover(a.id)).toBe('cloud://env.bucket/articles/202402/a.thumb.jpg');
    expect(cover(b.id)).toBe('https://example.com/imported.jpg');
    expect((await open(a.id)).cover).toBe('cloud://env.bucket/articles/202402/a.jpg');
    // The stored thumb survives an edit that keeps the photo.
    const again = await tc.ok('content', 'articles.get', { id: a.id }, { openid: ADMIN });
    expect(again.blocks[0]).toMatchObject({ thumb: 'cloud://env.bucket/articles/202402/a.thumb.jpg' });
  });

  test('a thumbnail must be a cloud file or https', async () => {
    const env = await tc.call(
      'content',
      'articles.save',
      { column: '通知公告', title: 'x', blocks: [photo('https://example.com/a.jpg', 'http://evil.example/a.jpg')] },
      { openid: ADMIN },
    );
    expect(env).toMatchObject({ ok: false, code: 'VALIDATION', message: '缩略图须为云存储文件或 https 链接' });
  });
});

describe('articles.reindex', () => {
  const search = async (q: string) =>
    (await tc.ok('content', 'articles.search', { q }, { openid: 'reader' })).items.map((i) => i.id);

  test('gives reports saved before whole-text search their terms, in batches; safe to re-run; admins only', async () => {
    // Reports as an earlier version stored them: no terms.
    const old = Array.from({ length: REINDEX_BATCH + 5 }, (_, k) => ({
      _id: `old${String(k).padStart(3, '0')}`,
      column: '行业资讯',
      title: `旧报道${k}`,
      source: '',
      author: '',
      publishedAt: new Date(T0 - (k + 1) * MINUTE),
      status: 'published',
      pinned: false,
      cover: '',
      summary: '旧摘要',
      blocks: [{ type: 'paragraph', text: k === 3 ? '会上华铂科技介绍了再生铅工艺。' : '例行内容。' }],
      views: 0,
      readers: 0,
      shares: 0,
      groups: 0,
      shareViews: 0,
      createdAt: new Date(T0),
      updatedAt: new Date(T0),
    }));
    for (const doc of old) await tc.db.collection('articles').add({ data: doc });
    expect(await search('再生铅')).toEqual([]);

    for (const caller of [{ openid: 'reader' }, {}]) {
      const env = await tc.call('content', 'articles.reindex', undefined, caller);
      expect(env).toMatchObject({ ok: false });
      expect(['FORBIDDEN', 'UNAUTHENTICATED']).toContain(env.ok ? '' : env.code);
    }
    expect(await search('再生铅')).toEqual([]);

    let total = 0;
    let rounds = 0;
    for (;;) {
      const res = await tc.ok('content', 'articles.reindex', undefined, { openid: ADMIN });
      total += res.updated;
      rounds += 1;
      if (!res.remaining) break;
    }
    expect(total).toBe(old.length);
    expect(rounds).toBe(2);
    expect(await search('再生铅')).toEqual(['old003']);
    expect(await search('旧报道7')).toEqual(['old007']);

    // Again: nothing left to do, nothing changed.
    const before = tc.dump('articles');
    expect(await tc.ok('content', 'articles.reindex', undefined, { openid: ADMIN })).toEqual({
      updated: 0,
      remaining: false,
    });
    expect(tc.dump('articles')).toEqual(before);
  });
});

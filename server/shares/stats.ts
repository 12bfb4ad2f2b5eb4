// Share statistics for staff: the target's counters and its top sharers.
import type { ArticleShareStats, ShareStats, TopSharer } from '../../miniprogram/contract/index';
import { SHARE_RULES } from '../../miniprogram/contract/index';
import { fail } from '../errors';
import { maskOpenid, num, SHARES, TARGETS, type TargetDoc, type TargetRef } from './model';
import { cmd, db, findDoc, findDocs } from '../data';

const MEMBERS = 'members';

interface SharerRow {
  _id: string;
  shares: number;
  views: number;
}

/** Sharers of a target by views credited, then shares made (an aggregation: no 100-doc cap). */
export async function topSharers(ref: TargetRef, limit: number = SHARE_RULES.topSharers): Promise<TopSharer[]> {
  const $ = cmd().aggregate;
  const res = (await db()
    .collection(SHARES)
    .aggregate()
    .match({ targetType: ref.type, targetId: ref.id })
    .group({ _id: '$sharer', shares: $.sum(1), views: $.sum('$views') })
    .sort({ views: -1, shares: -1, _id: 1 })
    .limit(limit)
    .end()) as { list: SharerRow[] };
  const rows = res.list;
  if (!rows.length) return [];
  const profiles = await findDocs<{ _id: string; name?: string }>(
    db()
      .collection(MEMBERS)
      .where({ _id: cmd().in(rows.map((r) => r._id)) })
      .field({ _id: true, name: true })
      .limit(rows.length),
  );
  const names = new Map(profiles.map((p) => [p._id, (p.name || '').trim()]));
  return rows.map((r) => ({
    name: names.get(r._id) || maskOpenid(r._id),
    shares: num(r.shares),
    views: num(r.views),
  }));
}

async function targetDoc(ref: TargetRef): Promise<TargetDoc> {
  const doc = await findDoc<TargetDoc>(
    db().collection(TARGETS[ref.type].collection).doc(ref.id).field({
      _id: true,
      title: true,
      status: true,
      views: true,
      readers: true,
      shares: true,
      groups: true,
      shareViews: true,
    }),
  );
  // Staff see the figures of drafts and removed reports too (the books keep them).
  return doc ?? fail('NOT_FOUND');
}

async function load(ref: TargetRef): Promise<{ doc: TargetDoc; stats: ShareStats }> {
  const [doc, top] = await Promise.all([targetDoc(ref), topSharers(ref)]);
  const stats: ShareStats = {
    id: ref.id,
    targetType: ref.type,
    title: doc.title || '',
    shares: num(doc.shares),
    groups: num(doc.groups),
    shareViews: num(doc.shareViews),
    topSharers: top,
  };
  return { doc, stats };
}

export async function shareStats(ref: TargetRef): Promise<ShareStats> {
  return (await load(ref)).stats;
}

export async function articleStats(id: string): Promise<ArticleShareStats> {
  const { doc, stats } = await load({ type: 'article', id });
  return { ...stats, views: num(doc.views), readers: num(doc.readers) };
}

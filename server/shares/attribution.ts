// Attribution of an open (`articles.open`, `events.get`): a view through a
// share credits its sharer; an open from a group chat counts the group once
// per target.
//
// Split in two so the open path stays one round trip wide where it can:
// `resolveAttribution` does the reads (the share doc, the group's openGId)
// alongside the target's own read and count; `recordAttribution` writes
// only once the caller knows the target is live, so a draft, removed or
// unknown target never counts anything.
import type { OpenAttribution } from '../../miniprogram/contract/index';
import { cloud } from '../cloud';
import { groupDocId, SHARE_GROUPS, SHARES, TARGETS, type ShareDoc, type ShareGroupDoc, type TargetRef } from './model';
import { cmd, db, findDoc, insertDoc, isDuplicateKey, updateDoc } from '../data';

export interface ResolvedAttribution {
  /** The share to credit: an existing share of this target by someone other than the opener. */
  share: ShareDoc | null;
  /** The group chat the target was opened from. */
  openGId: string | null;
}

export const NO_ATTRIBUTION: ResolvedAttribution = { share: null, openGId: null };

/** The open group id in getOpenData's answer (`opengid` in WeChat's group data, `openGId` elsewhere). */
export function openGIdOf(item: unknown): string | null {
  if (!item || typeof item !== 'object') return null;
  const it = item as { data?: unknown; json?: unknown };
  let json: unknown = it.json;
  if (typeof json === 'string') {
    try {
      json = JSON.parse(json) as unknown;
    } catch {
      json = null;
    }
  }
  const data = (json && typeof json === 'object' ? (json as { data?: unknown }).data : undefined) ?? it.data;
  if (!data || typeof data !== 'object') return null;
  const d = data as Record<string, unknown>;
  const id = d.openGId ?? d.opengid ?? d.openGid;
  return typeof id === 'string' && id ? id : null;
}

/** The group chat behind wx.getGroupEnterInfo's cloudID; null when it does not resolve (expired, forged). */
export async function resolveGroup(cloudID: string): Promise<string | null> {
  try {
    const res = (await cloud.getOpenData({ list: [cloudID] })) as { list?: unknown[] };
    return openGIdOf(Array.isArray(res.list) ? res.list[0] : null);
  } catch (err) {
    console.warn('getOpenData failed', (err as Error).message);
    return null;
  }
}

/**
 * The reads attribution needs; never rejects (a failed read only means
 * nothing is attributed). Without an OPENID (Moments single-page mode) the
 * opener is unknown (it may be the sharer), so nothing is attributed.
 */
export async function resolveAttribution(
  ref: TargetRef,
  openid: string | undefined,
  input: OpenAttribution | undefined,
): Promise<ResolvedAttribution> {
  if (!openid || !input || (!input.shareToken && !input.groupCloudId)) return NO_ATTRIBUTION;
  const token = input.shareToken;
  const [share, openGId] = await Promise.all([
    token
      ? findDoc<ShareDoc>(db().collection(SHARES).doc(token)).catch((err: unknown) => {
          console.warn('share lookup failed', (err as Error).message);
          return null;
        })
      : Promise.resolve(null),
    input.groupCloudId ? resolveGroup(input.groupCloudId) : Promise.resolve(null),
  ]);
  const creditable =
    share && share.targetType === ref.type && share.targetId === ref.id && share.sharer !== openid ? share : null;
  return { share: creditable, openGId };
}

/**
 * The writes, for a target known to be live. `extra` are further counters
 * of the target to increment in the same request (the open's `readers`).
 * The target's counters fail the call like any count; the share's own
 * counter and the group record are logged and left (the member's read
 * matters more).
 */
export async function recordAttribution(
  ref: TargetRef,
  attribution: ResolvedAttribution,
  extra: Record<string, number> = {},
): Promise<void> {
  const _ = cmd();
  const inc: Record<string, number> = { ...extra };
  if (attribution.share) inc.shareViews = (inc.shareViews || 0) + 1;
  const data: Record<string, unknown> = {};
  for (const [field, by] of Object.entries(inc)) data[field] = _.inc(by);

  const jobs: Array<Promise<unknown>> = [];
  if (Object.keys(data).length) jobs.push(updateDoc(TARGETS[ref.type].collection, ref.id, data));
  const share = attribution.share;
  if (share) {
    jobs.push(
      updateDoc(SHARES, share._id, { views: _.inc(1) }).catch((err: unknown) => {
        console.warn('share view count failed', (err as Error).message);
      }),
    );
  }
  if (attribution.openGId) jobs.push(countGroup(ref, attribution.openGId, share ? share._id : null));
  await Promise.all(jobs);
}

/** The first open from a group inserts its doc and counts it; later ones find the doc there. */
async function countGroup(ref: TargetRef, openGId: string, via: string | null): Promise<void> {
  const doc: ShareGroupDoc = {
    _id: groupDocId(ref, openGId),
    targetType: ref.type,
    targetId: ref.id,
    openGId,
    via,
    createdAt: new Date(),
  };
  try {
    await insertDoc(SHARE_GROUPS, doc);
  } catch (err) {
    if (!isDuplicateKey(err)) console.warn('group record failed', (err as Error).message);
    return;
  }
  await updateDoc(TARGETS[ref.type].collection, ref.id, { groups: cmd().inc(1) });
}

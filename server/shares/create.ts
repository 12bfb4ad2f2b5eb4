// shares.create: a token for one share, tied to the member, counted on the target.
import type { ShareTargetType } from '../../miniprogram/contract/index';
import { fail } from '../errors';
import { newToken, SHARES, TARGETS, num, type ShareDoc, type TargetDoc, type TargetRef } from './model';
import { runTx } from '../data';

export interface CreatedShare {
  token: string;
  targetType: ShareTargetType;
  targetId: string;
}

/**
 * One transaction over the target doc and the share doc, so `shares` on the
 * target always equals the share docs. A token proposed by the page (a
 * Moments share carries it before this call returns) makes a retry
 * idempotent: the same member, target and token answer the existing share
 * and count nothing twice; someone else's token is a CONFLICT.
 */
export async function createShare(
  ref: TargetRef,
  sharer: string,
  proposed: string | undefined,
  nowMs: number,
): Promise<CreatedShare> {
  const kind = TARGETS[ref.type];
  const token = proposed ?? newToken();
  const out = await runTx(async (tx) => {
    const target = await tx.get<TargetDoc>(kind.collection, ref.id);
    if (!target || !kind.isLive(target)) fail('NOT_FOUND');
    const existing = await tx.get<ShareDoc>(SHARES, token);
    if (existing) {
      const same = existing.sharer === sharer && existing.targetType === ref.type && existing.targetId === ref.id;
      // A server-made token colliding is as likely as guessing it; treat both as taken.
      if (!same) fail('CONFLICT', '分享参数已被使用，请重新分享');
      return { token, created: false };
    }
    await tx.update(kind.collection, ref.id, { shares: num(target.shares) + 1 });
    await tx.set(SHARES, token, {
      targetType: ref.type,
      targetId: ref.id,
      sharer,
      views: 0,
      createdAt: new Date(nowMs),
    });
    return { token, created: true };
  });
  return { token: out.token, targetType: ref.type, targetId: ref.id };
}

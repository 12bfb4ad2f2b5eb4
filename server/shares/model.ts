// Sharing: stored shapes and the two kinds of target (reports, events). One
// implementation serves both, parameterised by the target's collection.
import crypto from 'crypto';
import { PLACEHOLDER_IMAGE, SHARE_RULES, type ShareTargetType } from '../../miniprogram/contract/index';

/** One doc per share (per token): `_id` is the token. */
export const SHARES = 'shares';
/** One doc per target and group chat: `${targetType}_${targetId}_${openGId}`. */
export const SHARE_GROUPS = 'share_groups';
/** One doc per target whose mini program code was made: `${targetType}_${targetId}`. */
export const QRCODES = 'qrcodes';
/** Short codes for scenes of ids that do not fit (`_id` is the code). */
export const SCENE_CODES = 'scene_codes';

export interface TargetRef {
  type: ShareTargetType;
  id: string;
}

export interface ShareDoc {
  _id: string;
  targetType: ShareTargetType;
  targetId: string;
  sharer: string;
  /** Opens through this share by other members. */
  views: number;
  createdAt: Date;
}

export interface ShareGroupDoc {
  _id: string;
  targetType: ShareTargetType;
  targetId: string;
  openGId: string;
  /** The share the first open from this group came through, if any. */
  via: string | null;
  createdAt: Date;
}

export interface QrcodeDoc {
  _id: string;
  targetType: ShareTargetType;
  targetId: string;
  scene: string;
  page: string;
  fileID: string;
  createdAt: Date;
}

export interface SceneCodeDoc {
  _id: string;
  targetType: ShareTargetType;
  targetId: string;
  createdAt: Date;
}

/** The share counters a target doc carries (articles and events alike). */
export interface TargetCounters {
  shares?: number;
  groups?: number;
  shareViews?: number;
}

/** What sharing reads of a target, whatever its collection. */
export interface TargetDoc extends TargetCounters {
  _id: string;
  title: string;
  status: string;
  cover?: string;
  blocks?: Array<{ type: string; src?: string }>;
  views?: number;
  readers?: number;
}

interface TargetKind {
  collection: string;
  /** Whether members may share / open it. */
  isLive(doc: TargetDoc): boolean;
}

export const TARGETS: Record<ShareTargetType, TargetKind> = {
  // A report is shared and opened while published; drafts and removed ones are gone.
  article: { collection: 'articles', isLive: (doc) => doc.status === 'published' },
  // An event stays visible (also when cancelled: its page says so).
  event: { collection: 'events', isLive: () => true },
};

export function groupDocId(ref: TargetRef, openGId: string): string {
  return `${ref.type}_${ref.id}_${openGId}`;
}

export function qrcodeDocId(ref: TargetRef): string {
  return `${ref.type}_${ref.id}`;
}

/** A fresh token: 10 characters of the URL-safe alphabet (60 random bits). */
export function newToken(): string {
  const alphabet = SHARE_RULES.tokenAlphabet;
  const bytes = crypto.randomBytes(SHARE_RULES.tokenLength);
  let out = '';
  for (const b of bytes) out += alphabet[b & 63];
  return out;
}

/** An openid as staff may see it when there is no profile name: `o****xyz`. */
export function maskOpenid(openid: string): string {
  if (openid.length <= 4) return `${openid.slice(0, 1)}****`;
  return `${openid.slice(0, 1)}****${openid.slice(-3)}`;
}

/** The photo a share card or poster shows: the cover, else the first photo; never the placeholder. */
export function targetImage(doc: Pick<TargetDoc, 'cover' | 'blocks'>): string {
  const real = (src: string | undefined): src is string => !!src && src !== PLACEHOLDER_IMAGE;
  if (real(doc.cover)) return doc.cover;
  const photo = (doc.blocks || []).find((b) => b.type === 'image' && real(b.src));
  return photo && photo.src ? photo.src : '';
}

export function num(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

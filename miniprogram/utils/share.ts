// Sharing on the mini program side, for the report and event pages:
// - the share menus (with shareTicket, so a group card tells which group);
// - what a share looks like: title, path or Moments query with the id and
//   the sharer's token, an image with a fallback; a cloud fileID image is
//   first turned into a temporary https URL (services/files.ts), since
//   share cards are not documented to take fileIDs;
// - the share token: made on the phone (a Moments share must carry it
//   synchronously: onShareTimeline takes no promise) and registered with
//   `shares.create`, which is idempotent for a retried token;
// - the entry: a code's `scene`, the `st` token, the group chat's cloudID,
//   and Moments single-page mode (scene 1154: no login, no navigation).

import {
  PLACEHOLDER_IMAGE,
  SHARE_PAGES,
  SHARE_RULES,
  SHARE_TOKEN_PARAM,
  SINGLE_PAGE_SCENE,
  isShareToken,
  type OpenAttribution,
  type ShareTargetType,
} from '../contract/index';
import { call } from '../services/cloud';
import { isCloudFileId, tempFileURL } from '../services/files';
import { queryText } from './format';
import { sceneFromQuery } from '../contract/scene';

export const DEFAULT_SHARE_IMAGE = '/images/share-default.png';
export const DEFAULT_SHARE_TITLE = '安徽省环保产业协会';

/** What a member in Moments single-page mode reads when they try a member action. */
export const SINGLE_PAGE_PROMPT = '当前为朋友圈预览，请点击屏幕下方「前往小程序」后报名、分享';

export interface ShareTarget {
  type: ShareTargetType;
  id: string;
  title: string;
  /** The image the card shows ('' for the default card). */
  image: string;
}

export interface ChatShare {
  title: string;
  path: string;
  imageUrl: string;
}

export interface TimelineShare {
  title: string;
  query: string;
  imageUrl: string;
}

/** Both menus, with shareTicket: a card opened in a group then tells the page which group. */
export function showShareMenus(): void {
  wx.showShareMenu({ withShareTicket: true, menus: ['shareAppMessage', 'shareTimeline'] });
}

/** The card's image: the cover, else the first photo, else the default card; never the placeholder. */
export function pickShareImage(cover: string | undefined, photos: readonly string[] = []): string {
  const real = (src: string | undefined): src is string => !!src && src !== PLACEHOLDER_IMAGE;
  if (real(cover)) return cover;
  const photo = photos.find(real);
  return photo || DEFAULT_SHARE_IMAGE;
}

/** `id=…&st=…`: the query of a shared target. */
export function shareQuery(id: string, token?: string): string {
  const parts = [`id=${encodeURIComponent(id)}`];
  if (token) parts.push(`${SHARE_TOKEN_PARAM}=${token}`);
  return parts.join('&');
}

export function sharePath(type: ShareTargetType, id: string, token?: string): string {
  return `/${SHARE_PAGES[type]}?${shareQuery(id, token)}`;
}

// ---------------------------------------------------------------------------
// the card's image

/**
 * A temporary URL lives for hours (two by default); one this old is asked
 * for again, so a card never carries one that is about to expire.
 */
export const SHARE_IMAGE_TTL = 30 * 60 * 1000;

const resolvedImages = new Map<string, { url: string; at: number }>();

/**
 * The card's image as WeChat can use it right now (synchronously): an
 * https URL or package path as is, a cloud fileID's temporary URL when one
 * was resolved recently, else the default card.
 */
export function shareImageNow(image: string, now: number = Date.now()): string {
  if (!image) return DEFAULT_SHARE_IMAGE;
  if (!isCloudFileId(image)) return image;
  const hit = resolvedImages.get(image);
  return hit && now - hit.at < SHARE_IMAGE_TTL ? hit.url : DEFAULT_SHARE_IMAGE;
}

/**
 * The card's image with a cloud fileID resolved to its temporary https URL
 * (remembered for shareImageNow); the default card when it cannot be.
 */
export async function resolveShareImage(image: string): Promise<string> {
  if (!isCloudFileId(image)) return shareImageNow(image);
  const now = Date.now();
  const hit = resolvedImages.get(image);
  if (hit && now - hit.at < SHARE_IMAGE_TTL) return hit.url;
  try {
    const url = (await tempFileURL([image]))[image];
    if (url) {
      resolvedImages.set(image, { url, at: now });
      return url;
    }
  } catch {
    // Offline: the default card still shares.
  }
  return DEFAULT_SHARE_IMAGE;
}

/** Resolves the image ahead of a share (onShareTimeline cannot wait for it). */
export function prepareShareImage(image: string): void {
  if (isCloudFileId(image)) void resolveShareImage(image);
}

export function chatShare(target: ShareTarget, token?: string): ChatShare {
  if (!target.id) return { title: DEFAULT_SHARE_TITLE, path: '/pages/home/index', imageUrl: DEFAULT_SHARE_IMAGE };
  return {
    title: target.title || DEFAULT_SHARE_TITLE,
    path: sharePath(target.type, target.id, token),
    imageUrl: shareImageNow(target.image),
  };
}

export function timelineShare(target: ShareTarget, token?: string): TimelineShare {
  return {
    title: target.title || DEFAULT_SHARE_TITLE,
    query: target.id ? shareQuery(target.id, token) : '',
    imageUrl: shareImageNow(target.image),
  };
}

/** A fresh token: 10 characters of the URL-safe alphabet (60 random bits). */
export function newShareToken(random: () => number = Math.random): string {
  const alphabet = SHARE_RULES.tokenAlphabet;
  let out = '';
  for (let i = 0; i < SHARE_RULES.tokenLength; i++) out += alphabet[Math.floor(random() * alphabet.length) % 64];
  return out;
}

/** Registers a share made on this phone; the token, or null when the server did not take it. */
export async function registerShare(target: ShareTarget, token: string): Promise<string | null> {
  try {
    const res = await call('content', 'shares.create', { targetType: target.type, targetId: target.id, token });
    return res.token;
  } catch {
    return null;
  }
}

/**
 * onShareAppMessage's answer: the card without a token at once, and a
 * promise WeChat waits for (up to 3 s) that carries the token once the
 * server has registered it, and a cloud fileID image resolved to its
 * temporary https URL. Unregistered, the card goes out without a token;
 * unresolved, with the default image.
 */
export function chatShareWithToken(
  target: ShareTarget,
  canRegister: boolean,
): ChatShare & { promise?: Promise<ChatShare> } {
  const plain = chatShare(target);
  if (!target.id) return plain;
  if (!canRegister && !isCloudFileId(target.image)) return plain;
  const promise = Promise.all([
    canRegister ? registerShare(target, newShareToken()) : Promise.resolve(null),
    resolveShareImage(target.image),
  ]).then(([token, imageUrl]): ChatShare => ({ ...chatShare(target, token || undefined), imageUrl }));
  return { ...plain, promise };
}

/**
 * onShareTimeline's answer: synchronous, so the token is made here and
 * registered in the background (an open before it lands credits nobody).
 */
export function timelineShareWithToken(target: ShareTarget, canRegister: boolean): TimelineShare {
  if (!canRegister || !target.id) return timelineShare(target);
  const token = newShareToken();
  void registerShare(target, token);
  return timelineShare(target, token);
}

// ---------------------------------------------------------------------------
// the entry

export interface Entry {
  /** The target's id; '' when it must first be resolved from `scene`, or is missing. */
  id: string;
  /** A code's scene that needs `scene.resolve` (ids that do not fit a scene). */
  scene: string;
  token: string | undefined;
}

/**
 * What a page was opened with: `?id=…&st=…` from a share, or `?scene=…`
 * from a mini program code (of this page's target type only).
 */
export function readEntry(query: Record<string, string | undefined>, type: ShareTargetType): Entry {
  if (query.scene) {
    const decoded = sceneFromQuery(query.scene);
    if (!decoded || decoded.targetType !== type) return { id: '', scene: '', token: undefined };
    if ('id' in decoded) return { id: decoded.id, scene: '', token: undefined };
    return { id: '', scene: queryText(query.scene), token: undefined };
  }
  const token = queryText(query[SHARE_TOKEN_PARAM]);
  return { id: queryText(query.id), scene: '', token: isShareToken(token) ? token : undefined };
}

/** The entry's id, asking the server only for a scene that carries a short code. */
export async function entryId(entry: Entry, type: ShareTargetType): Promise<string> {
  if (entry.id || !entry.scene) return entry.id;
  const res = await call('content', 'scene.resolve', { scene: entry.scene });
  return res.targetType === type ? res.id : '';
}

function enterOptions(): WechatMiniprogram.LaunchOptionsApp | null {
  try {
    return typeof wx.getEnterOptionsSync === 'function' ? wx.getEnterOptionsSync() : null;
  } catch {
    return null;
  }
}

/** Moments single-page mode: a page opened from a Moments post, before 前往小程序. */
export function isSinglePageMode(): boolean {
  const opts = enterOptions();
  return !!opts && opts.scene === SINGLE_PAGE_SCENE;
}

/**
 * The group chat's cloudID, when this very page (route and id) is the one
 * the member entered on from a group card; a later page of the same visit
 * did not come from the group. Gives up after `timeoutMs` (the open waits).
 */
export function groupCloudIdFor(route: string, id: string, timeoutMs = 1500): Promise<string | undefined> {
  const opts = enterOptions();
  if (!opts || !opts.shareTicket || typeof wx.getGroupEnterInfo !== 'function') return Promise.resolve(undefined);
  const enteredHere = opts.path.replace(/^\//, '') === route.replace(/^\//, '') && queryText(opts.query.id) === id;
  if (!enteredHere) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(undefined), timeoutMs);
    wx.getGroupEnterInfo({
      success: (res) => resolve(res.cloudID || undefined),
      fail: () => resolve(undefined),
      complete: () => clearTimeout(timer),
    });
  });
}

/** The attribution fields of the first open: only what is there (no undefined keys on the wire). */
export async function attributionFor(route: string, id: string, token: string | undefined): Promise<OpenAttribution> {
  const groupCloudId = await groupCloudIdFor(route, id);
  return {
    ...(token ? { shareToken: token } : {}),
    ...(groupCloudId ? { groupCloudId } : {}),
  };
}

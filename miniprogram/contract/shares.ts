// Contract of sharing: share tokens that attribute views to the member who
// shared, group chats reached, share statistics for staff, and mini program
// codes for posters. One implementation serves reports and events; the
// actions live in the `content` function (`events.get` takes the same
// attribution fields as `articles.open`).

export const SHARE_TARGET_TYPES = ['article', 'event'] as const;
export type ShareTargetType = (typeof SHARE_TARGET_TYPES)[number];

export function isShareTargetType(value: unknown): value is ShareTargetType {
  return typeof value === 'string' && (SHARE_TARGET_TYPES as readonly string[]).includes(value);
}

export const SHARE_RULES = {
  /** Tokens handed out (or proposed by the page) are exactly this long. */
  tokenLength: 10,
  /** URL-safe: survives a share path, a Moments query and a chat app unescaped. */
  tokenAlphabet: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_',
  /** What an open accepts as a token: well-formed, possibly unknown (then it credits nobody). */
  openTokenMax: 32,
  /** wx.getGroupEnterInfo's cloudID, passed through to cloud.getOpenData. */
  groupCloudIdMax: 512,
  /** How many sharers the statistics list. */
  topSharers: 10,
} as const;

/** The query key of a share token in shared paths: `/pages/article/index?id=…&st=…`. */
export const SHARE_TOKEN_PARAM = 'st';

const NEW_TOKEN = /^[A-Za-z0-9_-]{10}$/;
const OPEN_TOKEN = /^[A-Za-z0-9_-]{1,32}$/;

/** A token as `shares.create` makes or accepts it. */
export function isNewShareToken(value: unknown): value is string {
  return typeof value === 'string' && NEW_TOKEN.test(value);
}

/** A token an open accepts (an unknown one is ignored, a malformed one is refused). */
export function isShareToken(value: unknown): value is string {
  return typeof value === 'string' && OPEN_TOKEN.test(value);
}

/** Moments single-page mode (朋友圈单页模式): no login, no navigation, no sharing. */
export const SINGLE_PAGE_SCENE = 1154;

/** The pages a target opens on (mini program codes, share paths). */
export const SHARE_PAGES: Record<ShareTargetType, string> = {
  article: 'pages/article/index',
  event: 'pages/event/index',
};

/** Attribution fields of an open (`articles.open`, `events.get`). */
export interface OpenAttribution {
  /** The share the member came through (`st` in the shared path). */
  shareToken?: string;
  /** wx.getGroupEnterInfo's cloudID when opened from a group chat card. */
  groupCloudId?: string;
}

export interface TopSharer {
  /** The profile name, else the masked openid (`o****xyz`). */
  name: string;
  /** Shares made (tokens). */
  shares: number;
  /** Views credited to them: opens through their shares by other members. */
  views: number;
}

export interface ShareStats {
  id: string;
  targetType: ShareTargetType;
  title: string;
  shares: number;
  /** Distinct group chats it was opened from. */
  groups: number;
  /** Views that came through a share. */
  shareViews: number;
  topSharers: TopSharer[];
}

export interface ArticleShareStats extends ShareStats {
  views: number;
  readers: number;
}

export interface QrcodeResult {
  targetType: ShareTargetType;
  id: string;
  /** The code's scene (≤ 32 characters); the entry page decodes it. */
  scene: string;
  page: string;
  fileID: string;
  tempFileURL: string;
  /** For the poster. */
  title: string;
  /** A URL or package path the poster can load; '' when the target has no photo. */
  coverURL: string;
}

export interface SharesActions {
  /** A share token tied to the calling member; counts one share on the target. */
  'shares.create': {
    payload: { targetType: ShareTargetType; targetId: string; token?: string };
    result: { token: string; targetType: ShareTargetType; targetId: string };
  };
  /** Admin: the share figures of a report. */
  'stats.article': { payload: { id: string }; result: ArticleShareStats };
  /** Admin: the share figures of an event. */
  'stats.event': { payload: { id: string }; result: ShareStats };
  /** An unlimited mini program code for a target, made once and cached. */
  'content.qrcode': { payload: { targetType: ShareTargetType; id: string }; result: QrcodeResult };
  /** A code's scene back to its target (for scenes that carry a short code). */
  'scene.resolve': { payload: { scene: string }; result: { targetType: ShareTargetType; id: string } };
}

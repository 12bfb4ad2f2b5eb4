// The `scene` of an unlimited mini program code (wxacode.getUnlimited):
// WeChat allows at most 32 visible characters. Every target encodes to a
// scene that fits BY CONSTRUCTION, in one of three forms (kind `a` for a
// report, `e` for an event):
//
//   a=<id>     an id of 1–30 URL-safe characters, as is
//              (imported reports: `imp_` + 24 hex = 28)           ≤ 32
//   a~<b64>    a 32-hex generated id, its 16 bytes in base64url    = 24
//   a!<code>   anything else: a 10-character code that the server
//              maps to the id (`scene.resolve`)                    = 12
//
// The entry pages decode it; the server encodes it (server/shares/qrcode.ts).
// Shared by both sides, so no Node APIs here.

import type { ShareTargetType } from './shares';

export const SCENE_MAX = 32;

const KIND: Record<ShareTargetType, string> = { article: 'a', event: 'e' };
const KIND_TYPE: Record<string, ShareTargetType> = { a: 'article', e: 'event' };

const RAW_ID = /^[A-Za-z0-9_-]{1,30}$/;
const HEX_ID = /^[0-9a-f]{32}$/;
const B64_ID = /^[A-Za-z0-9_-]{22}$/;
export const SCENE_CODE = /^[A-Za-z0-9_-]{10}$/;

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

export type DecodedScene = { targetType: ShareTargetType; id: string } | { targetType: ShareTargetType; code: string };

/** 32 hex digits (16 bytes) as 22 base64url characters, no padding. */
export function hexToBase64url(hex: string): string {
  if (!HEX_ID.test(hex)) throw new Error('hexToBase64url: 32 lowercase hex digits expected');
  // 128 bits = 21 groups of 6 bits + 2 bits; work on a bit string (small, clear).
  let bits = '';
  for (const ch of hex) bits += parseInt(ch, 16).toString(2).padStart(4, '0');
  bits += '0000'; // pad 128 to 132 = 22 × 6
  let out = '';
  for (let i = 0; i < bits.length; i += 6) out += B64[parseInt(bits.slice(i, i + 6), 2)];
  return out;
}

/** The inverse of hexToBase64url; null for anything it did not make. */
export function base64urlToHex(text: string): string | null {
  if (!B64_ID.test(text)) return null;
  let bits = '';
  for (const ch of text) bits += B64.indexOf(ch).toString(2).padStart(6, '0');
  // The 4 padding bits must be zero, or two texts would decode to one id.
  if (bits.slice(128) !== '0000') return null;
  let hex = '';
  for (let i = 0; i < 128; i += 4) hex += parseInt(bits.slice(i, i + 4), 2).toString(16);
  return hex;
}

/**
 * The scene of a target when it needs no lookup (raw or compressed id);
 * null when the id must go through a short code.
 */
export function directScene(targetType: ShareTargetType, id: string): string | null {
  const kind = KIND[targetType];
  if (RAW_ID.test(id)) return `${kind}=${id}`;
  if (HEX_ID.test(id)) return `${kind}~${hexToBase64url(id)}`;
  return null;
}

/** The scene of a target mapped through a short code. */
export function codeScene(targetType: ShareTargetType, code: string): string {
  if (!SCENE_CODE.test(code)) throw new Error('codeScene: a 10-character code expected');
  return `${KIND[targetType]}!${code}`;
}

/** A scene back to its target (or to its code); null for anything we do not make. */
export function decodeScene(scene: string): DecodedScene | null {
  if (typeof scene !== 'string' || scene.length < 3 || scene.length > SCENE_MAX) return null;
  const targetType = KIND_TYPE[scene[0] as string];
  if (!targetType) return null;
  const mark = scene[1];
  const rest = scene.slice(2);
  if (mark === '=') return RAW_ID.test(rest) ? { targetType, id: rest } : null;
  if (mark === '~') {
    const id = base64urlToHex(rest);
    return id ? { targetType, id } : null;
  }
  if (mark === '!') return SCENE_CODE.test(rest) ? { targetType, code: rest } : null;
  return null;
}

/**
 * `options.scene` as a page receives it from a code: WeChat hands it
 * URL-encoded (`a%3Dimp_…`); decodeURIComponent first, as its docs say.
 */
export function sceneFromQuery(value: string | undefined): DecodedScene | null {
  if (!value) return null;
  let text = value;
  try {
    text = decodeURIComponent(value);
  } catch {
    return null;
  }
  return decodeScene(text.trim());
}

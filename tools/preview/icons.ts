// Vant's icon font, offline. Vant Weapp's icon stylesheet loads its font
// from a CDN; the preview never does: it serves the same font from
// @vant/icons (a dev dependency) and points the @font-face there. Should
// that package be missing, each icon this app can show is drawn by a small
// SVG mask in the current text colour, and any other icon name shows a
// neutral dot instead of a missing-glyph box.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const VANT_FONT_URL_RE = /at\.alicdn\.com\/t\/c\/font_2553510/;

/** 24×24 outline drawings (stroke), named as Vant's icons. */
const STROKE: Record<string, string> = {
  search: '<circle cx="10.5" cy="10.5" r="6.5"/><path d="M15.5 15.5 20 20"/>',
  'share-o': '<path d="M14 5l6 5.5-6 5.5v-3.2c-4.4 0-7.4 1.3-10 5 .8-5.3 3.7-9.4 10-10.1z"/>',
  share: '<path d="M14 5l6 5.5-6 5.5v-3.2c-4.4 0-7.4 1.3-10 5 .8-5.3 3.7-9.4 10-10.1z"/>',
  'clock-o': '<circle cx="12" cy="12" r="8.5"/><path d="M12 7v5.5l3.5 2"/>',
  clock: '<circle cx="12" cy="12" r="8.5"/><path d="M12 7v5.5l3.5 2"/>',
  'location-o':
    '<path d="M12 21s-6.5-6.2-6.5-11a6.5 6.5 0 0 1 13 0c0 4.8-6.5 11-6.5 11z"/><circle cx="12" cy="10" r="2.3"/>',
  location:
    '<path d="M12 21s-6.5-6.2-6.5-11a6.5 6.5 0 0 1 13 0c0 4.8-6.5 11-6.5 11z"/><circle cx="12" cy="10" r="2.3"/>',
  'todo-list-o': '<rect x="5" y="4.5" width="14" height="16" rx="1.5"/><path d="M9 3v3M15 3v3M8.5 11h7M8.5 15h5"/>',
  'flag-o': '<path d="M6 21V4M6 5h11l-2.5 4L17 13H6"/>',
  'setting-o':
    '<circle cx="12" cy="12" r="3"/><path d="M12 3.5l2 2.3 3-.4.6 3 2.6 1.6-1.3 2.7 1.3 2.7-2.6 1.6-.6 3-3-.4-2 2.3-2-2.3-3 .4-.6-3-2.6-1.6 1.3-2.7-1.3-2.7 2.6-1.6.6-3 3 .4z"/>',
  arrow: '<path d="M9 5l7 7-7 7"/>',
  'arrow-left': '<path d="M15 5l-7 7 7 7"/>',
  'arrow-down': '<path d="M5 9l7 7 7-7"/>',
  'arrow-up': '<path d="M5 15l7-7 7 7"/>',
  cross: '<path d="M6 6l12 12M18 6L6 18"/>',
  close: '<path d="M6 6l12 12M18 6L6 18"/>',
  success: '<path d="M4.5 12.5l5 5L19.5 7"/>',
  fail: '<path d="M6 6l12 12M18 6L6 18"/>',
  passed: '<circle cx="12" cy="12" r="8.5"/><path d="M8 12.3l2.8 2.8L16.3 9.5"/>',
  'warning-o': '<circle cx="12" cy="12" r="8.5"/><path d="M12 7.5v5.5M12 15.8v.4"/>',
  'info-o': '<circle cx="12" cy="12" r="8.5"/><path d="M12 10.5v6M12 7.6v.4"/>',
  'volume-o': '<path d="M4 9.5h3.5L12 6v12l-4.5-3.5H4z"/><path d="M15 9a4 4 0 0 1 0 6M17.5 6.5a7.5 7.5 0 0 1 0 11"/>',
  photo:
    '<rect x="3.5" y="5" width="17" height="14" rx="1.5"/><circle cx="9" cy="10" r="1.6"/><path d="M4 17l5-4.5 3.5 3 3-2.5 4.5 4"/>',
  'photo-o':
    '<rect x="3.5" y="5" width="17" height="14" rx="1.5"/><circle cx="9" cy="10" r="1.6"/><path d="M4 17l5-4.5 3.5 3 3-2.5 4.5 4"/>',
  'photo-fail': '<rect x="3.5" y="5" width="17" height="14" rx="1.5"/><path d="M9 9.5l6 5M15 9.5l-6 5"/>',
  'calendar-o': '<rect x="4" y="5.5" width="16" height="14" rx="1.5"/><path d="M4 10h16M8.5 3.5v4M15.5 3.5v4"/>',
  'user-o': '<circle cx="12" cy="8.5" r="4"/><path d="M4.5 20.5c.8-4 3.8-6 7.5-6s6.7 2 7.5 6"/>',
  'home-o': '<path d="M4 11l8-7 8 7M6.5 9v11h11V9"/>',
  'orders-o': '<rect x="5" y="3.5" width="14" height="17" rx="1.5"/><path d="M8.5 8.5h7M8.5 12h7M8.5 15.5h4"/>',
  'description-o': '<path d="M6 3.5h8.5L19 8v12.5H6z"/><path d="M14 3.5V8h5M9 12h7M9 15.5h7"/>',
  edit: '<path d="M5 19l1-4L15.5 5.5l3 3L9 18z"/><path d="M13.5 7.5l3 3"/>',
  'delete-o': '<path d="M5 7h14M9.5 7V4.5h5V7M7 7l1 13h8l1-13"/>',
  scan: '<path d="M4 9V4h5M15 4h5v5M20 15v5h-5M9 20H4v-5M4 12h16"/>',
  qr: '<rect x="4" y="4" width="6" height="6"/><rect x="14" y="4" width="6" height="6"/><rect x="4" y="14" width="6" height="6"/><path d="M14 14h2v2h-2zM18 18h2v2h-2zM14 18h2M18 14h2"/>',
  bell: '<path d="M6 17V11a6 6 0 0 1 12 0v6l1.5 1.5h-15z"/><path d="M10 20.5h4"/>',
  plus: '<path d="M12 5v14M5 12h14"/>',
  minus: '<path d="M5 12h14"/>',
  replay: '<path d="M5 12a7 7 0 1 0 2-5"/><path d="M5 4v4h4"/>',
  circle: '<circle cx="12" cy="12" r="8.5"/>',
  checked: '<circle cx="12" cy="12" r="8.5"/><path d="M8 12.3l2.8 2.8L16.3 9.5"/>',
  'friends-o':
    '<circle cx="9" cy="9" r="3.5"/><path d="M3 19.5c.6-3.2 3-5 6-5s5.4 1.8 6 5"/><path d="M15 5.8a3.5 3.5 0 0 1 0 6.5M17 14.8c2 .7 3.4 2.3 3.8 4.7"/>',
  'chat-o': '<path d="M4 5h16v11H10l-4 3.5V16H4z"/>',
  'star-o': '<path d="M12 4l2.5 5.2 5.5.7-4 3.9 1 5.6L12 16.8 7 19.4l1-5.6-4-3.9 5.5-.7z"/>',
  description: '<path d="M6 3.5h8.5L19 8v12.5H6z"/><path d="M14 3.5V8h5M9 12h7M9 15.5h7"/>',
  'notes-o': '<rect x="5" y="4.5" width="14" height="16" rx="1.5"/><path d="M9 3v3M15 3v3M8.5 11h7M8.5 15h7"/>',
  'manager-o':
    '<circle cx="12" cy="8" r="3.8"/><path d="M4.5 20.5c.8-4 3.8-6 7.5-6s6.7 2 7.5 6"/><path d="M12 14.5l-1.2 2.5 1.2 3.5 1.2-3.5z"/>',
  'phone-o':
    '<path d="M7 3.5h3l1.5 4-2 1.5a11 11 0 0 0 5.5 5.5l1.5-2 4 1.5v3a2 2 0 0 1-2 2A16 16 0 0 1 5 5.5a2 2 0 0 1 2-2z"/>',
  'eye-o': '<path d="M2.5 12S6 6 12 6s9.5 6 9.5 6-3.5 6-9.5 6-9.5-6-9.5-6z"/><circle cx="12" cy="12" r="2.8"/>',
};

/** Filled drawings (clear = the field's clear button). */
const FILLED: Record<string, string> = {
  clear:
    '<path fill-rule="evenodd" d="M12 3a9 9 0 1 1 0 18 9 9 0 0 1 0-18zm-3 4.6L7.6 9l3 3-3 3L9 16.4l3-3 3 3 1.4-1.4-3-3 3-3L15 7.6l-3 3z"/>',
  info: '<path fill-rule="evenodd" d="M12 3a9 9 0 1 1 0 18 9 9 0 0 1 0-18zm-1 7v7h2v-7zm0-3v2h2V7z"/>',
  warning: '<path fill-rule="evenodd" d="M12 3a9 9 0 1 1 0 18 9 9 0 0 1 0-18zm-1 4v7h2V7zm0 8.5v2h2v-2z"/>',
  dot: '<circle cx="12" cy="12" r="4"/>',
};

function svgUrl(inner: string, filled: boolean): string {
  const attrs = filled
    ? 'fill="#000"'
    : 'fill="none" stroke="#000" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round"';
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" ${attrs}>${inner}</svg>`;
  return `url("data:image/svg+xml,${encodeURIComponent(svg)}")`;
}

export interface IconFont {
  /** Served at /__preview/<name> when the real font is installed. */
  files: Map<string, string>;
  /** CSS appended after the component styles. */
  css: string;
}

/**
 * Vant's icon font from @vant/icons (the same font, id font_2553510_kfwma2yq1rs,
 * that Vant Weapp's stylesheet loads from the CDN): it ships the woff2 inline
 * in src/encode-woff2.less; written once to a cache file the server serves.
 */
function findInstalledFont(): Map<string, string> {
  const files = new Map<string, string>();
  let less: string;
  try {
    less = fs.readFileSync(
      path.join(path.dirname(require.resolve('@vant/icons/package.json')), 'src', 'encode-woff2.less'),
      'utf8',
    );
  } catch {
    return files;
  }
  const m = /url\('data:font\/woff2;charset=utf-8;base64,([A-Za-z0-9+/=]+)'\)/.exec(less);
  if (!m) return files;
  const cacheDir = path.join(os.tmpdir(), 'mp-preview-cache');
  const file = path.join(cacheDir, 'vant-icon.woff2');
  const bytes = Buffer.from(m[1] as string, 'base64');
  if (!fs.existsSync(file) || fs.statSync(file).size !== bytes.length) {
    fs.mkdirSync(cacheDir, { recursive: true });
    fs.writeFileSync(file, bytes);
  }
  files.set('vant-icon.woff2', file);
  return files;
}

/**
 * Rewrites the CDN @font-face of the compiled styles and adds what draws the
 * icons locally. `iconPrefix` is the class prefix of Vant's icon component.
 */
export function localIconFont(css: string, iconPrefix: string | null): { css: string; files: Map<string, string> } {
  const files = findInstalledFont();
  if (files.size > 0) {
    const src = [...files.keys()]
      .sort()
      .reverse()
      .map((f) => `url("/__preview/${f}") format("${f.endsWith('ttf') ? 'truetype' : f.split('.').pop()}")`)
      .join(',');
    return { css: css.replace(/src:\s*url\([^;}]*at\.alicdn\.com[^;}]*/g, `src:${src}`), files };
  }
  const noCdn = css.replace(/src:\s*url\([^;}]*at\.alicdn\.com[^;}]*;?/g, '');
  if (!iconPrefix) return { css: noCdn, files };
  const p = `.${iconPrefix}--van-icon`;
  const rules: string[] = [
    `/* Vant icons drawn locally (the icon font is not installed) */`,
    `${p}:not(${p}--image)::before{content:""!important;display:inline-block;width:1em;height:1em;vertical-align:-0.125em;background-color:currentColor;-webkit-mask:var(--mp-icon) center/contain no-repeat;mask:var(--mp-icon) center/contain no-repeat}`,
    `${p}{--mp-icon:${svgUrl(FILLED.dot as string, true)}}`,
  ];
  for (const [name, inner] of Object.entries(STROKE))
    rules.push(`${p}.${iconPrefix}--van-icon-${name}{--mp-icon:${svgUrl(inner, false)}}`);
  for (const [name, inner] of Object.entries(FILLED))
    rules.push(`${p}.${iconPrefix}--van-icon-${name}{--mp-icon:${svgUrl(inner, true)}}`);
  return { css: `${noCdn}\n${rules.join('\n')}\n`, files };
}

// WXSS → CSS for the browser preview, following WeChat's style rules in one
// document:
// - a component's classes get its prefix (`.x` → `.van-button--x`), as
//   exparser writes them (class isolation); `:host` is its host tag;
// - a page's styles are scoped to that page's wrapper and keep raw class
//   names, so they reach components with addGlobalClass ("shared" pages),
//   and `page` is the page wrapper;
// - app.wxss is global with `page` meaning every page wrapper;
// - rpx, vh and vw become CSS variables the frame sets (750rpx = phone width,
//   100vh = the page's visible height), built-in tags become their `wx-` hosts;
// - url() is served by the preview; the Vant icon font comes from the preview.
import fs from 'node:fs';
import path from 'node:path';
import postcss from 'postcss';
import { convertUnits } from './units';

export { convertUnits };

export const BUILTIN_TAGS = [
  'view',
  'text',
  'image',
  'button',
  'input',
  'textarea',
  'scroll-view',
  'swiper',
  'swiper-item',
  'navigator',
  'picker',
  'picker-view',
  'picker-view-column',
  'label',
  'form',
  'icon',
  'progress',
  'rich-text',
  'checkbox',
  'checkbox-group',
  'radio',
  'radio-group',
  'switch',
  'slider',
  'cover-view',
  'cover-image',
  'movable-area',
  'movable-view',
  'block',
  'video',
  'canvas',
  'map',
  'web-view',
  'editor',
  'root-portal',
  'page-container',
  'open-data',
  'ad',
  'navigation-bar',
  'page-meta',
  'camera',
  'audio',
];

export type StyleScope =
  { kind: 'app' } | { kind: 'page'; prefix: string } | { kind: 'component'; prefix: string; hostTag: string };

export interface WxssOptions {
  root: string;
  /** The .wxss file (absolute); its folder anchors relative url() and @import. */
  file: string;
  scope: StyleScope;
  /** Maps a font/image url found in the file to what the browser loads. */
  rewriteUrl: (url: string, file: string) => string;
}

const IMPORT_RE = /@import\s+(?:url\()?\s*["']([^"']+)["']\s*\)?\s*;/g;

/** The file with its @imports inlined (each file once per chain). */
export function readWxss(root: string, file: string, chain: string[] = []): string {
  if (!fs.existsSync(file) || chain.includes(file)) return '';
  const src = fs.readFileSync(file, 'utf8');
  return src.replace(IMPORT_RE, (_all, spec: string) => {
    const target = spec.startsWith('/') ? path.join(root, spec) : path.resolve(path.dirname(file), spec);
    const withExt = target.endsWith('.wxss') ? target : `${target}.wxss`;
    return readWxss(root, withExt, [...chain, file]);
  });
}

const TAG_RE = new RegExp(`(^|[\\s>+~(,])(${BUILTIN_TAGS.join('|')})(?=$|[\\s.#:\\[>+~),])`, 'g');
const PAGE_RE = /(^|[\s>+~(,])page(?=$|[\s.#:[>+~),])/g;
const CLASS_RE = /(^|[^\\\w-])\.(-?[_a-zA-Z][-_a-zA-Z0-9]*)/g;

function rewriteSelector(selector: string, scope: StyleScope): string {
  // Leave attribute selector contents alone: split them out first.
  const parts = selector.split(/(\[[^\]]*\])/);
  const mapped = parts.map((part, i) => {
    if (i % 2 === 1) return part;
    let s = part.replace(TAG_RE, (_m, lead: string, tag: string) => `${lead}wx-${tag}`);
    if (scope.kind === 'component') {
      s = s.replace(CLASS_RE, (_m, lead: string, name: string) => `${lead}.${scope.prefix}--${name}`);
      s = s.replace(/:host\b/g, scope.hostTag);
      s = s.replace(PAGE_RE, (_m, lead: string) => `${lead}.mp-page`);
    } else if (scope.kind === 'page') {
      s = s.replace(PAGE_RE, (_m, lead: string) => `${lead}.mp-page--${scope.prefix}`);
    } else {
      s = s.replace(PAGE_RE, (_m, lead: string) => `${lead}.mp-page`);
    }
    return s;
  });
  let out = mapped.join('');
  if (scope.kind === 'page') {
    const wrapper = `.mp-page--${scope.prefix}`;
    out = out.trim().startsWith(wrapper) ? out : `${wrapper} ${out.trim()}`;
  }
  return out;
}

function rewriteUrls(value: string, file: string, rewrite: WxssOptions['rewriteUrl']): string {
  return value.replace(
    /url\(\s*(['"]?)([^'")]+)\1\s*\)/g,
    (_m, _q: string, url: string) => `url("${rewrite(url.trim(), file)}")`,
  );
}

/** Compiles one WXSS file (imports inlined) for its scope. Throws on a syntax error. */
export function compileWxss(opts: WxssOptions): string {
  const source = readWxss(opts.root, opts.file);
  if (!source.trim()) return '';
  const root = postcss.parse(source, { from: opts.file });
  root.walkRules((rule) => {
    const parent = rule.parent;
    if (parent && parent.type === 'atrule' && /keyframes$/i.test((parent as postcss.AtRule).name)) return;
    rule.selectors = rule.selectors.map((s) => rewriteSelector(s, opts.scope));
  });
  root.walkDecls((decl) => {
    let v = decl.value;
    if (v.includes('url(')) v = rewriteUrls(v, opts.file, opts.rewriteUrl);
    decl.value = convertUnits(v);
  });
  return root.toString();
}

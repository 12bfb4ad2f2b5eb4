// Rendering pages and components in miniprogram-simulate (DESIGN §2, §7).
//
//   const page = await renderPage('pages/home/index', { id: 'a1' });
//   await tap(page, '#more');
//   await waitFor(() => text(page).includes('没有更多了'));
//
// - Everything loads with simulate's `official` compiler (wcc) and
//   rootPath = miniprogram/, so Vant's wxs works and absolute paths such as
//   /miniprogram_npm/@vant/weapp/button/index resolve as in WeChat.
//   miniprogram_npm comes from `npm run build` (jest's `pretest`).
// - simulate ignores app.json's global usingComponents and cannot follow
//   npm-style paths ("@vant/weapp/button/index"), so every load passes
//   usingComponents that map them (and every `van-*` tag used) to
//   /miniprogram_npm/....
// - simulate cannot load the same path twice in one test file (its module
//   is cached by jest): `loadComponent` caches the id per path and per test
//   file, and every render makes a fresh instance from it. Module-level state
//   of a page file therefore lives for the whole test file.
// - wx fakes (test/mp/setup.ts) record calls; `wxCalls('navigateTo')` reads
//   them, `answerWx('showModal', { confirm: false })` programs an answer.
import fs from 'fs';
import path from 'path';
import * as simulate from 'miniprogram-simulate';
import { setTransport, type RawCall } from '../../miniprogram/services/cloud';
import { setFileTransport, type TempFileItem } from '../../miniprogram/services/files';

export const MINIPROGRAM_ROOT = path.join(__dirname, '..', '..', 'miniprogram');
const NPM_PREFIX = '/miniprogram_npm/';
const VANT_DIR = path.join(MINIPROGRAM_ROOT, 'miniprogram_npm', '@vant', 'weapp');

type UsingComponents = Record<string, string>;
type Data = Record<string, unknown>;

// The tsconfig has no DOM lib (mini-program code must not see `document`),
// so the few DOM members used here are declared locally.
export interface DomElement {
  readonly tagName: string;
  readonly textContent: string | null;
  readonly firstElementChild: DomElement | null;
  /** The exparser node rendered as this element. */
  readonly __wxElement?: object;
  appendChild(child: unknown): unknown;
  dispatchEvent(event: unknown): boolean;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
}
interface DomGlobals {
  document: { body: DomElement; createElement(tag: string): DomElement };
  Touch: new (init: Record<string, unknown>) => unknown;
  TouchEvent: new (type: string, init: Record<string, unknown>) => unknown;
}
const dom = globalThis as unknown as DomGlobals;

/** A node of a rendered tree (j-component's Component, typed for what tests use). */
export interface SimNode<D extends Data = Data> {
  readonly dom: DomElement | undefined;
  readonly data: D;
  /** The component instance: `this` inside its methods. */
  readonly instance: Record<string, unknown>;
  dispatchEvent(eventName: string, options?: { detail?: unknown }): void;
  /** Listens to an event the component triggers (triggerEvent). */
  addEventListener(eventName: string, handler: (event: { detail: unknown }) => void): void;
  querySelector(selector: string): SimNode | undefined;
  querySelectorAll(selector: string): SimNode[];
  setData(data: Partial<D> & Data): void;
  triggerLifeTime(name: string): void;
  triggerPageLifeTime(name: string, ...args: unknown[]): void;
}

/** A rendered root: a page or a component under test. */
export interface Rendered<D extends Data = Data> extends SimNode<D> {
  attach(parent: DomElement): void;
  detach(): void;
}
type Node = SimNode;

// ---------------------------------------------------------------------------
// usingComponents the way WeChat resolves them

function readJson(file: string): { usingComponents?: UsingComponents } {
  if (!fs.existsSync(file)) return {};
  return JSON.parse(fs.readFileSync(file, 'utf8')) as { usingComponents?: UsingComponents };
}

const appUsing: UsingComponents = readJson(path.join(MINIPROGRAM_ROOT, 'app.json')).usingComponents ?? {};

function isNpmPath(value: string): boolean {
  return !value.startsWith('/') && !value.startsWith('.') && !value.includes('://');
}

/** An override entry applies to every component of the tree, so it must be absolute. */
function absolute(value: string, fromDir: string): string {
  if (isNpmPath(value)) return `${NPM_PREFIX}${value}`;
  if (value.startsWith('/')) return value;
  return `/${path.relative(MINIPROGRAM_ROOT, path.resolve(fromDir, value)).split(path.sep).join('/')}`;
}

/** Every tag name in a template; which are components is decided by the usingComponents lookups. */
function tagsIn(wxml: string): string[] {
  return [...new Set([...wxml.matchAll(/<([a-z][a-z0-9]*(?:-[a-z0-9]+)*)[\s/>]/g)].map((m) => m[1] as string))];
}

/**
 * The overrides a component tree needs: its `van-*` tags, npm-style entries
 * in its json files, and the app.json globals it uses, all made absolute.
 */
export function usingComponentsFor(componentPath: string): UsingComponents {
  const out: UsingComponents = {};
  const seen = new Set<string>();
  const visit = (base: string) => {
    if (seen.has(base) || base.startsWith(path.join(MINIPROGRAM_ROOT, 'miniprogram_npm'))) return;
    seen.add(base);
    const dir = path.dirname(base);
    const own = readJson(`${base}.json`).usingComponents ?? {};
    const wxml = fs.existsSync(`${base}.wxml`) ? fs.readFileSync(`${base}.wxml`, 'utf8') : '';
    for (const tag of tagsIn(wxml)) {
      const local = own[tag];
      const global = appUsing[tag];
      let target: string | undefined;
      if (local !== undefined) {
        target = absolute(local, dir);
      } else if (global !== undefined) {
        target = absolute(global, MINIPROGRAM_ROOT);
      } else if (tag.startsWith('van-') && fs.existsSync(path.join(VANT_DIR, tag.slice(4), 'index.json'))) {
        target = `${NPM_PREFIX}@vant/weapp/${tag.slice(4)}/index`;
      }
      if (!target) continue;
      // Local ones are followed natively by simulate; only npm and app.json globals need a hand.
      if (local === undefined || isNpmPath(local) || tag.startsWith('van-')) out[tag] = target;
      if (!target.startsWith(NPM_PREFIX)) visit(path.join(MINIPROGRAM_ROOT, target));
    }
  };
  visit(path.join(MINIPROGRAM_ROOT, componentPath));
  return out;
}

// ---------------------------------------------------------------------------
// loading and rendering

const loaded = new Map<string, string>();

function normalise(componentPath: string): string {
  return componentPath.replace(/^\/+/, '').replace(/\.(ts|js|json|wxml)$/, '');
}

// exparser selectors only know #id, .class and `>>>`. A bare tag name
// ('article-item', 'van-button', 'view') is handy in tests, so querySelector
// and querySelectorAll also accept one: it is matched in the rendered DOM
// below the node (across nested components), in document order.
const BARE_TAG = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
type QueryProto = {
  constructor: new (exparserNode: object) => SimNode;
  querySelector(this: SimNode, selector: string): SimNode | undefined;
  querySelectorAll(this: SimNode, selector: string): SimNode[];
};
let tagQueriesPatched = false;

function patchTagQueries(rendered: Rendered): void {
  if (tagQueriesPatched) return;
  tagQueriesPatched = true;
  // RootComponent -> Component: the class querySelector returns instances of.
  const proto = Object.getPrototypeOf(Object.getPrototypeOf(rendered)) as QueryProto;
  const Ctor = proto.constructor;
  const byId = proto.querySelector;
  const byIdAll = proto.querySelectorAll;
  const byTag = (node: SimNode, tag: string): SimNode[] => {
    const els = node.dom ? Array.from(node.dom.querySelectorAll(`${tag}, wx-${tag}`)) : [];
    return els.flatMap((el) => {
      const wxEl = el.__wxElement as { __componentNode__?: SimNode } | undefined;
      if (!wxEl) return [];
      return [wxEl.__componentNode__ ?? new Ctor(wxEl)];
    });
  };
  proto.querySelector = function querySelector(this: SimNode, selector: string) {
    return BARE_TAG.test(selector) ? byTag(this, selector)[0] : byId.call(this, selector);
  };
  proto.querySelectorAll = function querySelectorAll(this: SimNode, selector: string) {
    return BARE_TAG.test(selector) ? byTag(this, selector) : byIdAll.call(this, selector);
  };
}

/** simulate's component id for a path under miniprogram/ ('pages/home/index'), loaded once per test file. */
export function loadComponent(componentPath: string): string {
  const rel = normalise(componentPath);
  const cached = loaded.get(rel);
  if (cached) return cached;
  const abs = path.join(MINIPROGRAM_ROOT, rel);
  if (!fs.existsSync(`${abs}.json`)) {
    throw new Error(`${rel}.json not found under miniprogram/ (a component or page needs its json)`);
  }
  if (!fs.existsSync(path.join(VANT_DIR, 'button', 'index.json'))) {
    throw new Error('miniprogram/miniprogram_npm is missing: run `npm run build` first');
  }
  const id = simulate.load(abs, {
    compiler: 'official',
    rootPath: MINIPROGRAM_ROOT,
    usingComponents: usingComponentsFor(rel),
  });
  loaded.set(rel, id);
  return id;
}

/** Same as loadComponent; pages are components (DESIGN §2). */
export const loadPage = loadComponent;

/** Microtasks and one macrotask: what setData callbacks and simulated events need to land. */
export function flush(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Renders a component with properties, attached to a fresh parent (runs created/attached/ready). */
export async function renderComponent<D extends Data = Data>(
  componentPath: string,
  properties: Record<string, unknown> = {},
): Promise<Rendered<D>> {
  const comp = simulate.render(loadComponent(componentPath), properties) as unknown as Rendered<D>;
  patchTagQueries(comp);
  const parent = dom.document.createElement('parent-wrapper');
  dom.document.body.appendChild(parent);
  comp.attach(parent);
  await flush();
  return comp;
}

interface PageMethods {
  onLoad?: (query: Record<string, string>) => unknown;
  onShow?: () => unknown;
  onReady?: () => unknown;
  onHide?: () => unknown;
  onUnload?: () => unknown;
  onPullDownRefresh?: () => unknown;
  onReachBottom?: () => unknown;
  onShareAppMessage?: (opts: { from: string; target?: unknown }) => unknown;
  onShareTimeline?: () => unknown;
}

function pageMethods(page: Rendered): PageMethods {
  return page.instance as PageMethods;
}

/** The pages rendered in this test, oldest first: what getCurrentPages() returns. */
export const pageStack: Rendered[] = [];

/**
 * Renders a page as WeChat opens it: attached, then onLoad(query), onShow,
 * onReady (methods of its Component()), plus pageLifetimes.show. Query
 * values are strings, as in WeChat. Awaits the lifecycles that return a
 * promise; use `waitFor` for work they start without awaiting.
 */
export async function renderPage<D extends Data = Data>(
  pagePath: string,
  query: Record<string, string> = {},
): Promise<Rendered<D>> {
  const page = await renderComponent<D>(pagePath);
  const route = normalise(pagePath);
  Object.defineProperty(page.instance, 'route', { value: route, configurable: true });
  Object.defineProperty(page.instance, 'options', { value: { ...query }, configurable: true });
  pageStack.push(page);
  const m = pageMethods(page);
  if (m.onLoad) await m.onLoad.call(page.instance, { ...query });
  if (m.onShow) await m.onShow.call(page.instance);
  page.triggerPageLifeTime('show');
  if (m.onReady) await m.onReady.call(page.instance);
  await flush();
  return page;
}

/** Runs a page method by name (onPullDownRefresh, onReachBottom, onShareAppMessage...). */
export async function callPage<K extends keyof PageMethods>(
  page: Rendered,
  name: K,
  ...args: Parameters<NonNullable<PageMethods[K]>>
): Promise<unknown> {
  const fn = pageMethods(page)[name] as ((...a: unknown[]) => unknown) | undefined;
  if (!fn) throw new Error(`the page has no ${String(name)}()`);
  const result = await fn.apply(page.instance, args);
  await flush();
  return result;
}

// ---------------------------------------------------------------------------
// interacting

function find(root: Rendered | Node, target: string | Node): Node {
  if (typeof target !== 'string') return target;
  const node = root.querySelector(target);
  if (!node) throw new Error(`no element matches "${target}" in:\n${text(root)}`);
  return node;
}

/** The element a finger lands on: the deepest first element inside (through custom components). */
function landingElement(node: Node): DomElement {
  let el = node.dom;
  if (!el) throw new Error('the element is not rendered');
  while (el.firstElementChild) el = el.firstElementChild;
  return el;
}

let touchId = 0;
function touch(el: DomElement): unknown {
  touchId += 1;
  return new dom.Touch({ identifier: touchId, target: el, clientX: 1, clientY: 1, pageX: 1, pageY: 1 });
}

/**
 * Taps like a finger: touchstart + touchend on the innermost element, so
 * the tap bubbles through every handler on the way up (a Vant button's own
 * bindtap, then bind:click on <van-button> in the page).
 */
export async function tap(root: Rendered | Node, target: string | Node): Promise<void> {
  const el = landingElement(find(root, target));
  const t = touch(el);
  // j-component hands touchend and tap to exparser in a microtask each
  // (render/component.js _triggerExparserEvent): the tap handlers run there,
  // synchronously. That is the user gesture, so it ends in the microtask
  // queued after them, not when dispatchEvent returns.
  wxState.userGesture += 1;
  try {
    el.dispatchEvent(
      new dom.TouchEvent('touchstart', { bubbles: true, cancelable: true, touches: [t], changedTouches: [t] }),
    );
    el.dispatchEvent(
      new dom.TouchEvent('touchend', { bubbles: true, cancelable: true, touches: [], changedTouches: [t] }),
    );
  } finally {
    queueMicrotask(() => {
      wxState.userGesture -= 1;
    });
  }
  await flush();
}

/** Dispatches any event on an element (a native one, or a custom component's own event). */
export async function trigger(
  root: Rendered | Node,
  target: string | Node,
  eventName: string,
  detail: unknown = {},
): Promise<void> {
  find(root, target).dispatchEvent(eventName, { detail });
  await flush();
}

/**
 * Types into an <input>/<textarea>, or into the one inside a custom
 * component such as <van-field>: fires `input` with { value } as WeChat does.
 */
export async function input(root: Rendered | Node, target: string | Node, value: string): Promise<void> {
  const node = find(root, target);
  const native = ['input', 'textarea'].some((t) => node.dom?.tagName.toLowerCase() === `wx-${t}`)
    ? node
    : (node.querySelector('input') ?? node.querySelector('textarea'));
  if (!native) throw new Error(`no <input> or <textarea> in ${typeof target === 'string' ? target : 'the element'}`);
  native.dispatchEvent('input', { detail: { value, cursor: value.length, keyCode: 0 } });
  await flush();
}

/** The text a member sees: whitespace collapsed. */
export function text(node: Rendered | Node): string {
  return (node.dom?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/**
 * Polls until `predicate` returns true (or stops throwing). Fails with the
 * last error after `timeoutMs`; it waits for work, it does not measure it.
 */
export async function waitFor(predicate: () => boolean | void, timeoutMs = 4000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      if (predicate() !== false) return;
      last = undefined;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) {
      if (last instanceof Error) throw last;
      throw new Error('waitFor: the condition never became true');
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

// ---------------------------------------------------------------------------
// wx fakes (installed by test/mp/setup.ts)

export interface WxCall {
  api: string;
  args: unknown[];
}

type Answer = Record<string, unknown> | ((opts: Record<string, unknown>) => Record<string, unknown>);

interface FakeState {
  log: WxCall[];
  answers: Map<string, { ok: boolean; answer: Answer }>;
  storage: Map<string, unknown>;
  /** Misuse the harness saw (wx.cloud called, a callback threw); failed by setup's afterEach. */
  errors: string[];
  /** Whether the member has agreed to the privacy guide (true unless a test says otherwise). */
  privacyAgreed: boolean;
  /** > 0 while a member's tap is being handled (synchronously): what wx.openSetting requires. */
  userGesture: number;
}

export const wxState: FakeState = {
  log: [],
  answers: new Map(),
  storage: new Map(),
  errors: [],
  privacyAgreed: true,
  userGesture: 0,
};

/** The resolve WeChat hands an onNeedPrivacyAuthorization listener. */
export type PrivacyResolveFn = (option: { event: string; buttonId?: string }) => void;
export type PrivacyListener = (resolve: PrivacyResolveFn, info: { referrer: string }) => void;

/**
 * What the fake WeChat keeps for the whole run of the mini program, i.e. a
 * test file (its modules, such as utils/privacy.ts, live that long too):
 * the onNeedPrivacyAuthorization listener, last registration wins.
 */
export const wxApp: { privacyListener: PrivacyListener | null } = { privacyListener: null };

/**
 * The member has not agreed to the privacy guide yet: getPrivacySetting says
 * so, and privacy APIs (album, camera, clipboard, wx.authorize) first ask
 * the registered listener, then go on after `agree` or fail after `disagree`.
 */
export function needPrivacyConsent(): void {
  wxState.privacyAgreed = false;
}

/** The listener the mini program registered with wx.onNeedPrivacyAuthorization (fails when none). */
export function privacyListener(): PrivacyListener {
  if (!wxApp.privacyListener) throw new Error('no wx.onNeedPrivacyAuthorization listener is registered');
  return wxApp.privacyListener;
}

/** Options objects (first argument) of every call to `wx[api]`, oldest first. */
export function wxCalls<T = Record<string, unknown>>(api: string): T[] {
  return wxState.log.filter((c) => c.api === api).map((c) => c.args[0] as T);
}

/** Every recorded wx call in order, to assert on sequences (showLoading before hideLoading). */
export function wxLog(): readonly WxCall[] {
  return wxState.log;
}

/** The next calls to `wx[api]` succeed with this result (until changed; reset per test). */
export function answerWx(api: string, answer: Answer): void {
  wxState.answers.set(api, { ok: true, answer });
}

/** The next calls to `wx[api]` fail with this result (e.g. { errMsg: 'scanCode:fail cancel' }). */
export function failWx(api: string, answer: Answer = {}): void {
  wxState.answers.set(api, { ok: false, answer });
}

export function resetWx(): void {
  wxState.log.length = 0;
  wxState.answers.clear();
  wxState.storage.clear();
  wxState.errors.length = 0;
  wxState.privacyAgreed = true;
  wxState.userGesture = 0;
  pageStack.length = 0;
}

// ---------------------------------------------------------------------------
// the typed client answered by the local cloud, in process

/** What useLocalCloud needs from test/helpers/cloud.ts's TestCloud. */
export interface InProcessCloud {
  callRaw(fn: string, data: unknown, caller?: { openid?: string }): Promise<unknown>;
  /** The local cloud's storage: answers services/files.ts as wx.cloud.getTempFileURL would. */
  storage?: {
    api(): { getTempFileURL(p: { fileList?: unknown }): Promise<{ fileList: TempFileItem[] }> };
  };
}

export interface LocalCloudBinding {
  /** Every call the pages made, oldest first. */
  calls: RawCall[];
  /** Switch member (undefined: no OPENID, as in Moments single-page mode). */
  as(openid: string | undefined): void;
}

/**
 * Points miniprogram/services/cloud.ts at the local cloud: pages call
 * `cloud.call(...)` exactly as in WeChat and the real cloud function answers
 * as `openid`; and services/files.ts at its storage (temporary URLs of
 * cloud fileIDs). Undone after each test by test/mp/setup.ts.
 */
export function useLocalCloud(lc: InProcessCloud, openid: string | undefined): LocalCloudBinding {
  let current = openid;
  const calls: RawCall[] = [];
  setTransport(async (c) => {
    calls.push(c);
    // Through JSON, as over the wire: no Date objects or shared references leak to the page.
    const raw = await lc.callRaw(c.name, JSON.parse(JSON.stringify(c.data)), current ? { openid: current } : {});
    return raw === undefined ? undefined : JSON.parse(JSON.stringify(raw));
  });
  const storage = lc.storage;
  if (storage) {
    setFileTransport(async (fileIDs) => {
      const res = await storage.api().getTempFileURL({ fileList: [...fileIDs] });
      return JSON.parse(JSON.stringify(res.fileList)) as TempFileItem[];
    });
  }
  return {
    calls,
    as(next) {
      current = next;
    },
  };
}

// The page stack, as WeChat keeps it: navigateTo pushes (at most 10),
// redirectTo replaces, navigateBack pops, switchTab closes every non-tab
// page and shows a tab page (tab pages stay alive once opened), reLaunch
// closes everything. Lifecycles in WeChat's order: onLoad(query) → onShow →
// onReady; onHide when covered, onUnload when closed; pageLifetimes of the
// page's components follow. Each page scrolls on its own, which is where
// onPageScroll, onReachBottom and pull-down refresh come from.
import exparser, { type ExparserNode } from 'miniprogram-exparser';
import jComponent, { type RootComponent } from 'j-component';
import { getManifest, isTabPage, pageWindow, type WindowConfig } from './env';
import { isRegistered, openPackage } from './component';
import { reportError } from './errors';
import { setNav, setRouteLabel, setTabBar, updateMetrics, viewportElement } from './frame';

type Instance = Record<string, unknown> & { data: Record<string, unknown> };

export interface PageEntry {
  route: string;
  query: Record<string, string>;
  comp: RootComponent | null;
  instance: Instance | null;
  host: HTMLElement;
  scroller: HTMLElement;
  refresh: HTMLElement;
  title: string;
  window: WindowConfig;
  navLoading: boolean;
  atBottom: boolean;
  refreshing: boolean;
  webviewId: number;
}

const MAX_PAGES = 10;
let stack: PageEntry[] = [];
const aliveTabs = new Map<string, PageEntry>();
let webviewSeq = 0;

export class RouteError extends Error {}

export function parseUrl(
  url: string,
  from?: string,
): { route: string; query: Record<string, string>; queryString: string } {
  const [rawPath = '', qs = ''] = String(url).split('?');
  let p = rawPath;
  if (!p.startsWith('/') && from) {
    // Relative to the current page's folder, as WeChat resolves it.
    const base = from.split('/').slice(0, -1);
    for (const seg of p.split('/')) {
      if (seg === '..') base.pop();
      else if (seg && seg !== '.') base.push(seg);
    }
    p = base.join('/');
  }
  const route = p.replace(/^\/+/, '').replace(/\.(html|wxml|js|ts)$/, '');
  const query: Record<string, string> = {};
  for (const kv of qs.split('&').filter(Boolean)) {
    const at = kv.indexOf('=');
    // WeChat hands values over as written (not decoded).
    if (at < 0) query[kv] = '';
    else query[kv.slice(0, at)] = kv.slice(at + 1);
  }
  return { route, query, queryString: qs };
}

function call(entry: PageEntry, name: string, ...args: unknown[]): unknown {
  const inst = entry.instance;
  if (!inst) return undefined;
  const fn = inst[name];
  if (typeof fn !== 'function') return undefined;
  try {
    const out = (fn as (...a: unknown[]) => unknown).apply(inst, args);
    if (out && typeof (out as Promise<unknown>).then === 'function') {
      (out as Promise<unknown>).then(undefined, (err: unknown) => reportError(err, `${entry.route} ${name}`));
    }
    return out;
  } catch (err) {
    reportError(err, `${entry.route} ${name}`);
    return undefined;
  }
}

export function hasMethod(entry: PageEntry, name: string): boolean {
  return !!entry.instance && typeof entry.instance[name] === 'function';
}

export function callPage(entry: PageEntry, name: string, ...args: unknown[]): unknown {
  return call(entry, name, ...args);
}

function dfsReady(node: ExparserNode): void {
  if (node.shadowRoot) {
    dfsReady(node.shadowRoot);
    node.triggerLifeTime('ready', []);
  }
  for (const child of node.childNodes || []) {
    if (child && (child as ExparserNode).childNodes) dfsReady(child as ExparserNode);
  }
}

function pageLifetime(entry: PageEntry, name: 'show' | 'hide'): void {
  try {
    entry.comp?.triggerPageLifeTime(name);
  } catch (err) {
    reportError(err, `${entry.route} pageLifetimes.${name}`);
  }
}

function showEntry(entry: PageEntry, firstTime: boolean): void {
  for (const e of [...stack, ...aliveTabs.values()]) {
    if (e === entry) continue;
    e.host.style.display = 'none';
    delete e.host.dataset.active;
  }
  entry.host.style.display = '';
  entry.host.dataset.active = 'true';
  refreshChrome();
  if (!firstTime) {
    call(entry, 'onShow');
    pageLifetime(entry, 'show');
  }
}

function hideEntry(entry: PageEntry): void {
  call(entry, 'onHide');
  pageLifetime(entry, 'hide');
  entry.host.style.display = 'none';
  delete entry.host.dataset.active;
}

function unloadEntry(entry: PageEntry): void {
  call(entry, 'onUnload');
  try {
    entry.comp?.detach();
  } catch (err) {
    reportError(err, `${entry.route} detach`);
  }
  entry.host.remove();
  if (aliveTabs.get(entry.route) === entry) aliveTabs.delete(entry.route);
}

function placeholder(entry: PageEntry, message: string): void {
  const box = document.createElement('div');
  box.className = 'mp-page-error';
  box.textContent = message;
  entry.scroller.firstElementChild?.appendChild(box);
}

function createEntry(route: string, query: Record<string, string>): PageEntry {
  const manifest = getManifest();
  const info = manifest.pageInfo[route];
  if (!info) throw new RouteError(`page "${route}" is not found`);
  const host = document.createElement('div');
  host.className = 'mp-pagehost';
  host.dataset.route = route;
  const refresh = document.createElement('div');
  refresh.className = 'mp-refresh';
  refresh.innerHTML = '<span></span><span></span><span></span>';
  const scroller = document.createElement('div');
  scroller.className = 'mp-scroller';
  const wrapper = document.createElement('div');
  wrapper.className = `mp-page mp-page--${info.prefix}`;
  scroller.appendChild(wrapper);
  host.append(refresh, scroller);
  const window = pageWindow(route);
  host.style.background = window.backgroundColor || '#ffffff';
  refresh.dataset.style = window.backgroundTextStyle === 'light' ? 'light' : 'dark';
  viewportElement().appendChild(host);
  const entry: PageEntry = {
    route,
    query,
    comp: null,
    instance: null,
    host,
    scroller,
    refresh,
    title: window.navigationBarTitleText || '',
    window,
    navLoading: false,
    atBottom: false,
    refreshing: false,
    webviewId: ++webviewSeq,
  };
  bindScroll(entry);
  // A subpackage's code loads when one of its pages first opens.
  const meta = manifest.components.find((c) => c.id === info.id);
  if (meta) openPackage(meta.pkg);
  if (!isRegistered(info.id)) {
    placeholder(entry, `页面 ${route} 的脚本没有加载成功，见错误提示。`);
    return entry;
  }
  try {
    const comp = jComponent.create(info.id);
    if (!comp) throw new Error(`页面 ${route} 未注册`);
    entry.comp = comp;
    // Query values become the page's properties where it declares them (as in WeChat).
    const props: Record<string, string> = {};
    for (const [k, v] of Object.entries(query)) {
      const name = k.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());
      if (exparser.Component.hasPublicProperty(comp._exparserNode, name)) props[name] = v;
    }
    if (Object.keys(props).length) (comp.instance.setData as (d: Record<string, unknown>) => void)(props);
    const inst = comp.instance;
    entry.instance = inst;
    Object.assign(inst, { route, __route__: route, options: { ...query }, __webviewId__: entry.webviewId });
    wrapper.appendChild(comp.dom);
    exparser.Element.pretendAttached(comp._exparserNode);
  } catch (err) {
    reportError(err, `创建页面 ${route}`);
    placeholder(entry, `页面 ${route} 渲染失败，见错误提示。`);
  }
  return entry;
}

/** Creates a page and runs onLoad/onShow/onReady; the caller has put it in the stack. */
function openEntry(route: string, query: Record<string, string>): PageEntry {
  const entry = createEntry(route, query);
  return entry;
}

function startEntry(entry: PageEntry): void {
  showEntry(entry, true);
  call(entry, 'onLoad', { ...entry.query });
  call(entry, 'onShow');
  pageLifetime(entry, 'show');
  if (entry.comp) {
    try {
      dfsReady(entry.comp._exparserNode);
    } catch (err) {
      reportError(err, `${entry.route} ready`);
    }
  }
  call(entry, 'onReady');
}

export function top(): PageEntry | undefined {
  return stack[stack.length - 1];
}

export function pages(): PageEntry[] {
  return stack.slice();
}

export function currentPages(): Instance[] {
  return stack.map((e) => e.instance).filter((i): i is Instance => !!i);
}

function urlOf(entry: PageEntry): string {
  const qs = Object.entries(entry.query)
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  return `${entry.route}${qs ? `?${qs}` : ''}`;
}

export function refreshChrome(): void {
  const t = top();
  if (!t) return;
  const entryRoute = getManifest().pages[0];
  setNav({
    title: t.title,
    window: t.window,
    canGoBack: stack.length > 1,
    showHome: !isTabPage(t.route) && t.route !== entryRoute,
    loading: t.navLoading,
  });
  setTabBar(isTabPage(t.route) ? t.route : null);
  const url = urlOf(t);
  setRouteLabel(`/${url}`);
  const hash = `#/${url}`;
  if (location.hash !== hash) history.replaceState(null, '', hash);
  updateMetrics();
}

function checkRoute(route: string): void {
  if (!getManifest().pageInfo[route]) throw new RouteError(`page "${route}" is not found`);
}

export function navigateTo(url: string): void {
  const from = top();
  const { route, query } = parseUrl(url, from?.route);
  checkRoute(route);
  if (isTabPage(route)) throw new RouteError('can not navigateTo a tabbar page');
  if (stack.length >= MAX_PAGES) throw new RouteError('webview count limit exceed');
  if (from) hideEntry(from);
  const entry = openEntry(route, query);
  stack.push(entry);
  startEntry(entry);
}

export function redirectTo(url: string): void {
  const from = top();
  const { route, query } = parseUrl(url, from?.route);
  checkRoute(route);
  if (isTabPage(route)) throw new RouteError('can not redirectTo a tabbar page');
  if (from) {
    stack.pop();
    unloadEntry(from);
  }
  const entry = openEntry(route, query);
  stack.push(entry);
  startEntry(entry);
}

export function navigateBack(delta = 1): void {
  if (stack.length <= 1) throw new RouteError('cannot navigate back at first page.');
  const n = Math.min(Math.max(1, Math.floor(delta) || 1), stack.length - 1);
  for (let i = 0; i < n; i++) {
    const e = stack.pop();
    if (e) unloadEntry(e);
  }
  const t = top();
  if (t) showEntry(t, false);
}

export function switchTab(url: string): void {
  const { route } = parseUrl(url);
  checkRoute(route);
  if (!isTabPage(route)) throw new RouteError('can not switch to no-tabBar page');
  const current = top();
  // Close every page above the tab page (and a non-tab page at the bottom).
  while (stack.length > 0) {
    const e = stack[stack.length - 1] as PageEntry;
    if (isTabPage(e.route) && aliveTabs.get(e.route) === e) break;
    stack.pop();
    unloadEntry(e);
  }
  const bottom = stack[0];
  if (bottom && bottom.route === route) {
    stack = [bottom];
    if (current !== bottom) showEntry(bottom, false);
    else refreshChrome();
    return;
  }
  if (bottom && current === bottom) hideEntry(bottom);
  const alive = aliveTabs.get(route);
  if (alive) {
    stack = [alive];
    showEntry(alive, false);
    return;
  }
  const entry = openEntry(route, {});
  aliveTabs.set(route, entry);
  stack = [entry];
  startEntry(entry);
}

export function reLaunch(url: string): void {
  const { route, query } = parseUrl(url, top()?.route);
  checkRoute(route);
  // Tab pages can be in the stack and alive at once: unload each page once.
  for (const e of new Set([...[...stack].reverse(), ...aliveTabs.values()])) unloadEntry(e);
  stack = [];
  aliveTabs.clear();
  const entry = openEntry(route, query);
  if (isTabPage(route)) aliveTabs.set(route, entry);
  stack = [entry];
  startEntry(entry);
}

// ---- scrolling: onPageScroll, onReachBottom, pull-down refresh ----

function bindScroll(entry: PageEntry): void {
  const s = entry.scroller;
  s.addEventListener(
    'scroll',
    () => {
      if (hasMethod(entry, 'onPageScroll')) call(entry, 'onPageScroll', { scrollTop: s.scrollTop });
      const distance = Number(entry.window.onReachBottomDistance ?? 50);
      const bottom = s.scrollHeight - s.scrollTop - s.clientHeight <= distance;
      if (bottom && !entry.atBottom) call(entry, 'onReachBottom');
      entry.atBottom = bottom;
    },
    { passive: true },
  );
  // Pull down at the top: the wheel (mouse, trackpad) or a drag.
  let pulled = 0;
  let pullTimer: ReturnType<typeof setTimeout> | null = null;
  s.addEventListener(
    'wheel',
    (e) => {
      if (!entry.window.enablePullDownRefresh || entry.refreshing) return;
      if (s.scrollTop > 0 || e.deltaY >= 0) {
        pulled = 0;
        return;
      }
      pulled += -e.deltaY;
      if (pullTimer) clearTimeout(pullTimer);
      pullTimer = setTimeout(() => (pulled = 0), 400);
      if (pulled > 120) {
        pulled = 0;
        startPullDownRefresh(entry);
      }
    },
    { passive: true },
  );
  let dragY: number | null = null;
  const down = (y: number) => {
    dragY = s.scrollTop <= 0 ? y : null;
  };
  const up = (y: number) => {
    if (dragY !== null && y - dragY > 80 && entry.window.enablePullDownRefresh && !entry.refreshing)
      startPullDownRefresh(entry);
    dragY = null;
  };
  s.addEventListener('mousedown', (e) => down(e.clientY));
  s.addEventListener('mouseup', (e) => up(e.clientY));
  s.addEventListener('touchstart', (e) => down(e.touches[0]?.clientY ?? 0), { passive: true });
  s.addEventListener('touchend', (e) => up(e.changedTouches[0]?.clientY ?? 0), { passive: true });
}

export function startPullDownRefresh(entry: PageEntry | undefined = top()): void {
  if (!entry || entry.refreshing) return;
  entry.refreshing = true;
  entry.refresh.classList.add('mp-refresh--on');
  entry.scroller.scrollTop = 0;
  call(entry, 'onPullDownRefresh');
}

export function stopPullDownRefresh(entry: PageEntry | undefined = top()): void {
  if (!entry) return;
  entry.refreshing = false;
  entry.refresh.classList.remove('mp-refresh--on');
}

export function pageScrollTo(scrollTop: number, duration: number, selector?: string): boolean {
  const t = top();
  if (!t) return false;
  let y = scrollTop;
  if (selector) {
    const target = t.scroller.querySelector(
      selector.startsWith('#') || selector.startsWith('.') ? selector : `#${selector}`,
    );
    if (!target) return false;
    y = target.getBoundingClientRect().top - t.scroller.getBoundingClientRect().top + t.scroller.scrollTop;
  }
  t.scroller.scrollTo({ top: y, behavior: duration > 0 ? 'smooth' : 'auto' });
  return true;
}

/** The page entry a component instance or exparser node belongs to. */
export function entryOfNode(dom: Node | null): PageEntry | undefined {
  for (const e of [...stack, ...aliveTabs.values()]) if (dom && e.host.contains(dom)) return e;
  return undefined;
}

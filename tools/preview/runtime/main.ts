// The preview's browser entry. The generated bundle calls install(manifest)
// then boot(), which runs app.js and the main package's components through
// the module loader (modules.ts); a subpackage loads when a page of it opens.
import exparser, { type ExparserNode } from 'miniprogram-exparser';
import jUtils from 'j-component/src/tool/utils';
import frameCss from './frame.css';
import { convertUnits } from '../units';
import { getManifest, previewEnv, setManifest, type Manifest } from './env';
import { app, installComponentGlobals, openPackage } from './component';
import { installErrorHandlers, reportError, reportProblems } from './errors';
import { buildFrame, connectLocalCloud, setMember, setWarnings } from './frame';
import { registerBuiltins, resolveSrc, setBuiltinHost } from './builtins';
import { setImageResolver } from './canvas';
import * as router from './router';
import { agreePrivacy, createWx, launchOptions, openCapsuleMenu, shareFrom } from './wx';
import { hideToast, showToast } from './ui';
import { duringTap } from './gesture';

type Obj = Record<string, unknown>;

function injectStyles(): void {
  const style = document.createElement('style');
  style.id = 'mp-frame-css';
  style.textContent = frameCss;
  document.head.appendChild(style);
}

function go(what: string, fn: () => void): void {
  try {
    fn();
  } catch (err) {
    if (err instanceof router.RouteError)
      showToast({ title: `${what}：${err.message}`, icon: 'none', duration: 2000, mask: false });
    else reportError(err, what);
  }
}

function entryRoute(): string {
  return getManifest().pages[0] || '';
}

export function install(manifest: Manifest): void {
  setManifest(manifest);
  installErrorHandlers();
  exparser.addGlobalErrorListener((err, info) => {
    reportError(
      err,
      info && info.message ? info.message.replace(/^\[Exparser\] \[Error\] \[Component\] /, '') : '组件',
    );
  });
  // Inline style="" goes through j-component: rpx as WeChat sizes it.
  jUtils.transformRpx = (s: string) => convertUnits(String(s));
  const g = globalThis as unknown as Obj;
  g.wx = createWx();
  g.getCurrentPages = () => router.currentPages();
  installComponentGlobals();
  registerBuiltins();
  setImageResolver((src) => resolveSrc(src, `/${router.top()?.route || ''}`));
  setBuiltinHost({
    shareFromButton(node: ExparserNode, target) {
      const entry = router.entryOfNode(node.$$);
      if (entry) void shareFrom(entry, 'button', target, 'friend');
    },
    agreePrivacy() {
      agreePrivacy();
    },
    navigate(openType, url, delta) {
      go('navigator', () => {
        if (openType === 'navigateBack') router.navigateBack(delta);
        else if (openType === 'redirect') router.redirectTo(url);
        else if (openType === 'switchTab') router.switchTab(url);
        else if (openType === 'reLaunch') router.reLaunch(url);
        else if (openType !== 'exit') router.navigateTo(url);
      });
    },
  });
  injectStyles();
  buildFrame({
    onBack: () => go('返回', () => router.navigateBack(1)),
    onHome: () => go('首页', () => router.reLaunch(`/${entryRoute()}`)),
    onTab: (route) =>
      go('切换标签页', () => {
        router.switchTab(`/${route}`);
        // WeChat tells the tab page its item was tapped (also when it is already shown).
        const list = getManifest().tabBar?.list || [];
        const index = list.findIndex((i) => i.pagePath.replace(/^\//, '') === route);
        const t = router.top();
        if (t && index >= 0)
          router.callPage(t, 'onTabItemTap', { index, pagePath: route, text: list[index]?.text || '' });
      }),
    onMenu: () => void openCapsuleMenu(),
    onMemberChange: (openid) => {
      setMember(openid);
      // A different member sees different data: start the current page over.
      const t = router.top();
      go('切换身份', () =>
        router.reLaunch(
          `/${t ? t.route : entryRoute()}${
            t && Object.keys(t.query).length
              ? `?${Object.entries(t.query)
                  .map(([k, v]) => `${k}=${v}`)
                  .join('&')}`
              : ''
          }`,
        ),
      );
      hideToast();
      showToast({ title: `当前身份：${openid}`, icon: 'none', duration: 1200, mask: false });
    },
    onReload: () => {
      const t = router.top();
      go('重新进入', () => router.reLaunch(`/${t ? t.route : entryRoute()}`));
    },
  });
  connectLocalCloud();
  // ?member=<openid> opens the preview as that member (a fresh browser = a new phone).
  const member = new URLSearchParams(location.search).get('member');
  if (member) setMember(member);
}

// ---- mouse → WeChat touch events ----
interface WxDomNode extends Node {
  __wxElement?: ExparserNode;
}

function wxTarget(target: EventTarget | null): Node | null {
  for (let n = target instanceof Node ? target : null; n; n = n.parentNode) {
    if ((n as WxDomNode).__wxElement) return n;
  }
  return null;
}

function inPages(target: EventTarget | null): boolean {
  const vp = document.getElementById('mp-viewport');
  return !!vp && target instanceof Node && vp.contains(target);
}

function touchOf(e: MouseEvent): Obj {
  return { identifier: 0, pageX: e.pageX, pageY: e.pageY, clientX: e.clientX, clientY: e.clientY, force: 1 };
}

function dispatch(name: string, evt: MouseEvent, detail: Obj, touches: Obj[], changed: Obj[]): void {
  const target = wxTarget(evt.target);
  if (!target) return;
  // Handlers run synchronously here: what they call during a tap is from the member's tap.
  const run = name === 'tap' ? duringTap : (fn: () => void) => fn();
  run(() =>
    exparser.Event.dispatchEvent(
      target,
      exparser.Event.create(name, detail, {
        originalEvent: evt,
        bubbles: true,
        capturePhase: true,
        composed: true,
        extraFields: { touches, changedTouches: changed },
      }),
    ),
  );
}

function bindMouse(): void {
  let down = false;
  // Real touch input is handled by j-component (touchstart…touchend → tap);
  // the click a touch screen synthesizes afterwards must not tap twice.
  const fromTouch = (e: MouseEvent) =>
    !!(e as MouseEvent & { sourceCapabilities?: { firesTouchEvents?: boolean } }).sourceCapabilities?.firesTouchEvents;
  document.addEventListener(
    'mousedown',
    (e) => {
      if (e.button !== 0 || fromTouch(e) || !inPages(e.target)) return;
      down = true;
      dispatch('touchstart', e, {}, [touchOf(e)], [touchOf(e)]);
    },
    true,
  );
  document.addEventListener(
    'mousemove',
    (e) => {
      if (!down || fromTouch(e)) return;
      dispatch('touchmove', e, {}, [touchOf(e)], [touchOf(e)]);
    },
    true,
  );
  document.addEventListener(
    'mouseup',
    (e) => {
      if (!down || fromTouch(e)) return;
      down = false;
      dispatch('touchend', e, {}, [], [touchOf(e)]);
    },
    true,
  );
  document.addEventListener(
    'click',
    (e) => {
      if (fromTouch(e) || !inPages(e.target)) return;
      dispatch('tap', e, { x: e.pageX, y: e.pageY }, [], [touchOf(e)]);
    },
    true,
  );
}

function liveReload(): void {
  const url = previewEnv().eventsUrl;
  if (!url || typeof EventSource !== 'function') return;
  const source = new EventSource(url);
  source.addEventListener('reload', () => location.reload());
  source.addEventListener('problems', (e) => {
    try {
      reportProblems(JSON.parse((e as MessageEvent<string>).data) as Array<{ file: string; message: string }>);
    } catch (err) {
      reportError(err, '重新编译');
    }
  });
}

export function boot(): void {
  const manifest = getManifest();
  setWarnings(manifest.problems);
  // app.js first (as WeChat does), then the main package's components and pages.
  openPackage('', 'app.js' in manifest.modules ? 'app.js' : null);
  const a = app();
  const launch = launchOptions();
  for (const hook of ['onLaunch', 'onShow']) {
    const fn = a[hook];
    if (typeof fn === 'function') {
      try {
        (fn as (o: unknown) => void).call(a, launch);
      } catch (err) {
        reportError(err, `app.ts ${hook}`);
      }
    }
  }
  bindMouse();
  // The address keeps the page: #/pages/article/index?id=… reopens it.
  const hash = decodeURI(location.hash.replace(/^#\/?/, ''));
  const start = hash && manifest.pageInfo[hash.split('?')[0] || ''] ? hash : entryRoute();
  go('启动', () => router.reLaunch(`/${start}`));
  // Typing another page into the address opens it (the stack starts over, like reLaunch).
  window.addEventListener('hashchange', () => {
    const target = decodeURI(location.hash.replace(/^#\/?/, ''));
    if (target && manifest.pageInfo[target.split('?')[0] || '']) go('打开页面', () => router.reLaunch(`/${target}`));
  });
  liveReload();
  (window as unknown as { __mpBooted?: boolean }).__mpBooted = true;
}

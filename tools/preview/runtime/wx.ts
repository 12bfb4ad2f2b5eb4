// The `wx` object in the browser: the APIs this mini program and Vant call,
// with WeChat's calling conventions (success/fail/complete callbacks, or a
// promise when none is given; `name:ok` / `name:fail reason` errMsg), on
// browser equivalents: the page stack for navigation, localStorage for
// storage, fetch for requests and the local cloud, a file picker for
// chooseMedia, and visible sheets for what a phone would show or send.
import { getManifest, previewEnv } from './env';
import { reportError } from './errors';
import { currentOpenid, metrics, phoneElement, setMember } from './frame';
import * as router from './router';
import { resolveSrc } from './builtins';
import * as storage from './storage';
import * as ui from './ui';
import { addTempFile, extOf, tempFile } from './files';
import { SelectorQuery } from './selector-query';
import { canvasToTempFile } from './canvas';
import { duringTap, tapping } from './gesture';
import {
  callbackOrPromise,
  deliver,
  type DeliverHooks,
  type WxCallbacks,
  type WxOutcome,
  type WxResult,
} from '../../wx-api/convention';
import { answerIsTap, platformRefusal } from '../../wx-api/rules';

type Obj = Record<string, unknown>;
type Callbacks = WxCallbacks;

/** An error whose message becomes `name:fail <message>`. */
class ApiFail extends Error {
  readonly extra: Obj;
  constructor(message: string, extra: Obj = {}) {
    super(message);
    this.extra = extra;
  }
}

/** Callbacks run WeChat's way (shared with the page tests); a throwing callback shows on the page. */
const hooks: DeliverHooks = {
  guard(name, run) {
    try {
      run();
    } catch (err) {
      reportError(err, `wx.${name} 回调`);
    }
  },
  aroundSuccess(name, { ok, res }, run) {
    if (answerIsTap(name, ok, res)) duringTap(run);
    else run();
  },
};

/**
 * WeChat's async API convention around an implementation that may throw
 * ApiFail, after WeChat's platform rules (tools/wx-api/rules.ts): a call
 * WeChat refuses fails the same way; one that is a page bug also shows.
 */
function api<O extends Obj>(name: string, impl: (o: O) => Obj | void | Promise<Obj | void>) {
  return (options?: O): Promise<WxResult | undefined> | undefined => {
    const o = (options || {}) as O & WxCallbacks;
    const scene = Number(launchOptions().scene);
    const refusal = platformRefusal(name, { scene: Number.isFinite(scene) ? scene : undefined, tapping: tapping() });
    if (refusal?.bug) reportError(new Error(refusal.bug), `wx.${name}`);
    const outcome: Promise<WxOutcome> = refusal
      ? Promise.resolve({ ok: false, res: { errMsg: refusal.errMsg } })
      : Promise.resolve()
          .then(() => impl(o))
          .then(
            (r): WxOutcome => ({ ok: true, res: { ...(r || {}), errMsg: `${name}:ok` } }),
            (err: unknown): WxOutcome => {
              const message = err instanceof Error ? err.message : String(err);
              if (!(err instanceof ApiFail) && !(err instanceof router.RouteError))
                console.warn(`[preview] wx.${name}`, err);
              const extra = err instanceof ApiFail ? err.extra : {};
              return { ok: false, res: { ...extra, errMsg: `${name}:fail ${message}` } };
            },
          );
    return callbackOrPromise(
      o,
      outcome.then((out) => deliver(name, o, out, hooks)),
    );
  };
}

const str = (v: unknown, fallback = ''): string => (v === undefined || v === null ? fallback : String(v));

// ---- temp files (chooseMedia, downloadFile) ----
function tempBlob(path: string): Blob {
  const f = tempFile(path);
  if (!f) throw new ApiFail(`file not found: ${path}`);
  return f.blob;
}

function pickFiles(accept: string, multiple: boolean, capture: boolean): Promise<File[]> {
  return new Promise((resolve, reject) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = accept;
    input.multiple = multiple;
    if (capture) input.setAttribute('capture', 'environment');
    input.style.display = 'none';
    input.id = 'mp-file-input';
    document.body.appendChild(input);
    input.addEventListener('change', () => {
      const files = Array.from(input.files || []);
      input.remove();
      if (files.length) resolve(files);
      else reject(new ApiFail('cancel'));
    });
    input.addEventListener('cancel', () => {
      input.remove();
      reject(new ApiFail('cancel'));
    });
    input.click();
  });
}

// ---- the local cloud ----
function cloudBase(): string {
  const base = previewEnv().cloudUrl;
  if (!base) throw new ApiFail('本地云地址未配置（npm start 会设置）');
  return base;
}

async function callCloudFunction(name: string, data: unknown): Promise<unknown> {
  const res = await fetch(`${cloudBase()}/call/${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-openid': currentOpenid() },
    body: JSON.stringify(data ?? {}),
  });
  const body = (await res.json()) as unknown;
  if (!res.ok) throw new ApiFail(`${res.status} ${JSON.stringify(body)}`);
  return body;
}

function fileIdToUrl(fileID: string): string {
  return resolveSrc(fileID, '/');
}

// ---- privacy ----
type PrivacyResolve = (o: { event: string; buttonId?: string }) => void;
let privacyListener: ((resolve: PrivacyResolve, info: Obj) => void) | null = null;

function privacyKey(): string {
  return `mp-preview:privacy-agreed:${currentOpenid()}`;
}

export function privacyAgreed(): boolean {
  try {
    return localStorage.getItem(privacyKey()) === '1';
  } catch {
    return false;
  }
}

export function agreePrivacy(): void {
  try {
    localStorage.setItem(privacyKey(), '1');
  } catch {
    // storage unavailable: consent lasts for this page load
  }
}

function requirePrivacy(): Promise<void> {
  if (privacyAgreed() || !privacyListener) return Promise.resolve();
  const listener = privacyListener;
  return new Promise((resolve, reject) => {
    listener(
      (o) => {
        if (o.event === 'agree') {
          agreePrivacy();
          resolve();
        } else if (o.event === 'disagree') reject(new ApiFail('privacy permission is not authorized', { errno: 104 }));
      },
      { referrer: router.top()?.route || '' },
    );
  });
}

// ---- sharing ----
export interface ShareContent {
  title?: unknown;
  path?: unknown;
  imageUrl?: unknown;
  query?: unknown;
  promise?: unknown;
}

const shareMenus = new WeakMap<router.PageEntry, Set<string>>();

function appName(): string {
  return str(getManifest().window.navigationBarTitleText, '小程序');
}

export async function shareFrom(
  entry: router.PageEntry,
  from: string,
  target: Obj | undefined,
  kind: 'friend' | 'timeline',
): Promise<void> {
  const method = kind === 'timeline' ? 'onShareTimeline' : 'onShareAppMessage';
  const out = (router.callPage(entry, method, { from, target, webViewUrl: '' }) || {}) as ShareContent;
  let content: ShareContent = out;
  if (out.promise && typeof (out.promise as Promise<ShareContent>).then === 'function') {
    try {
      content = { ...out, ...((await (out.promise as Promise<ShareContent>)) || {}) };
    } catch (err) {
      reportError(err, `${entry.route} ${method} promise`);
    }
  }
  const qs = Object.entries(entry.query)
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const payload: ui.SharePayload = {
    kind,
    from,
    title: str(content.title) || appName(),
    path: str(content.path) || `/${entry.route}${qs ? `?${qs}` : ''}`,
    imageUrl: str(content.imageUrl),
    imageSrc: content.imageUrl ? resolveSrc(str(content.imageUrl), `/${entry.route}`) : '',
    query: str(content.query),
  };
  recordShare(payload);
  const sent = await ui.showShareCard(payload, appName());
  if (sent) ui.showToast({ title: '已发送', icon: 'success', duration: 1200, mask: false });
}

/** What was shared, for anyone who wants to check (tests, the console). */
function recordShare(p: ui.SharePayload): void {
  const w = window as unknown as { __mpShares?: unknown[] };
  w.__mpShares = w.__mpShares || [];
  w.__mpShares.push({ ...p });
}

export async function openCapsuleMenu(): Promise<void> {
  const entry = router.top();
  if (!entry) return;
  const menus = shareMenus.get(entry);
  const canFriend = router.hasMethod(entry, 'onShareAppMessage') && (!menus || menus.has('shareAppMessage'));
  const canTimeline = router.hasMethod(entry, 'onShareTimeline') && (!menus || menus.has('shareTimeline'));
  const items: Array<[string, () => void]> = [];
  if (canFriend) items.push(['转发给朋友', () => void shareFrom(entry, 'menu', undefined, 'friend')]);
  if (canTimeline) items.push(['分享到朋友圈', () => void shareFrom(entry, 'menu', undefined, 'timeline')]);
  items.push(['重新进入小程序', () => router.reLaunch(`/${entry.route}`)]);
  const index = await ui.showActionSheet(
    items.map((i) => i[0]),
    '#000000',
    canFriend ? '' : '本页面未设置 onShareAppMessage：不能转发',
  );
  if (index !== null) items[index]?.[1]();
}

// ---- animation (Vant's transitions use wx.createAnimation) ----
function createAnimation(option: Obj = {}) {
  const defaults = { duration: 400, timingFunction: 'linear', delay: 0, transformOrigin: '50% 50% 0', ...option };
  let current: Array<{ type: string; args: unknown[] }> = [];
  const actions: Array<{ animates: typeof current; option: Obj }> = [];
  const anim: Record<string, unknown> = {};
  const chain =
    (type: string) =>
    (...args: unknown[]) => {
      current.push({ type, args });
      return anim;
    };
  for (const t of [
    'matrix',
    'matrix3d',
    'rotate',
    'rotate3d',
    'rotateX',
    'rotateY',
    'rotateZ',
    'scale',
    'scale3d',
    'scaleX',
    'scaleY',
    'scaleZ',
    'skew',
    'skewX',
    'skewY',
    'translate',
    'translate3d',
    'translateX',
    'translateY',
    'translateZ',
  ]) {
    anim[t] = chain(t);
  }
  for (const s of ['opacity', 'backgroundColor', 'width', 'height', 'left', 'right', 'top', 'bottom']) {
    anim[s] = (v: unknown) => {
      current.push({
        type: 'style',
        args: [
          s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`),
          typeof v === 'number' && s !== 'opacity' ? `${v}px` : v,
        ],
      });
      return anim;
    };
  }
  anim.step = (o: Obj = {}) => {
    const opt = { ...defaults, ...o };
    actions.push({
      animates: current,
      option: {
        transformOrigin: opt.transformOrigin,
        transition: { duration: opt.duration, timingFunction: opt.timingFunction, delay: opt.delay },
      },
    });
    current = [];
    return anim;
  };
  anim.export = () => {
    const out = { actions: actions.splice(0) };
    return out;
  };
  return anim;
}

// ---- launch: ?scene=1044&shareTicket=<group> emulates opening a group chat's card ----
let launched: (Obj & { shareTicket?: string }) | null = null;

/** How the mini program was entered (the preview's address at boot). */
export function launchOptions(): Obj & { shareTicket?: string } {
  if (launched) return launched;
  const params = new URLSearchParams(location.search);
  const scene = Number(params.get('scene')) || 1001;
  const ticket = params.get('shareTicket') || '';
  const route = decodeURI(location.hash.replace(/^#\/?/, '')) || getManifest().pages[0] || '';
  const [path = '', qs = ''] = route.split('?');
  const query: Record<string, string> = {};
  for (const kv of qs.split('&').filter(Boolean)) {
    const at = kv.indexOf('=');
    query[at < 0 ? kv : kv.slice(0, at)] = at < 0 ? '' : kv.slice(at + 1);
  }
  launched = {
    path,
    query,
    scene,
    referrerInfo: {},
    apiCategory: 'default',
    ...(ticket ? { shareTicket: ticket } : {}),
  };
  return launched;
}

// ---- system info ----
function systemInfo(): Obj {
  const m = metrics();
  const dpr = window.devicePixelRatio || 2;
  const safeArea = {
    left: 0,
    right: m.width,
    top: m.statusBarHeight,
    bottom: m.height,
    width: m.width,
    height: m.height - m.statusBarHeight,
  };
  return {
    brand: 'devtools',
    model: 'iPhone（浏览器预览）',
    pixelRatio: dpr,
    screenWidth: m.width,
    screenHeight: m.height,
    windowWidth: m.width,
    windowHeight: m.windowHeight,
    statusBarHeight: m.statusBarHeight,
    language: 'zh_CN',
    version: '8.0.50',
    system: 'iOS 17.0',
    platform: 'devtools',
    fontSizeSetting: 16,
    SDKVersion: '3.4.3',
    benchmarkLevel: 1,
    albumAuthorized: true,
    cameraAuthorized: true,
    locationAuthorized: false,
    microphoneAuthorized: false,
    notificationAuthorized: true,
    bluetoothEnabled: false,
    locationEnabled: false,
    wifiEnabled: true,
    safeArea,
    screenTop: m.statusBarHeight + m.navHeight,
    theme: 'light',
    enableDebug: false,
    deviceOrientation: 'portrait',
    host: { env: 'WeChat', appId: '' },
    environment: '',
  };
}

function pick(o: Obj, keys: string[]): Obj {
  const out: Obj = {};
  for (const k of keys) out[k] = o[k];
  return out;
}

// ---- the object ----
export function createWx(): Obj {
  const nav = (name: string, fn: (o: Obj) => void) =>
    api<Obj>(name, (o) => {
      fn(o);
      return name === 'navigateTo' ? { eventChannel: { emit() {}, on() {}, once() {}, off() {} } } : {};
    });

  const wx: Obj = {
    // navigation
    navigateTo: nav('navigateTo', (o) => router.navigateTo(str(o.url))),
    redirectTo: nav('redirectTo', (o) => router.redirectTo(str(o.url))),
    navigateBack: nav('navigateBack', (o) => router.navigateBack(Number(o.delta) || 1)),
    switchTab: nav('switchTab', (o) => router.switchTab(str(o.url))),
    reLaunch: nav('reLaunch', (o) => router.reLaunch(str(o.url))),

    // storage
    setStorageSync: (key: string, data: unknown) => storage.storageSet(str(key), data),
    getStorageSync: (key: string) => storage.storageGet(str(key)),
    removeStorageSync: (key: string) => storage.storageRemove(str(key)),
    clearStorageSync: () => storage.storageClear(),
    getStorageInfoSync: () => storage.storageInfo(),
    setStorage: api<Obj>('setStorage', (o) => storage.storageSet(str(o.key), o.data)),
    getStorage: api<Obj>('getStorage', (o) => {
      if (!storage.storageHas(str(o.key))) throw new ApiFail('data not found');
      return { data: storage.storageGet(str(o.key)) };
    }),
    removeStorage: api<Obj>('removeStorage', (o) => storage.storageRemove(str(o.key))),
    clearStorage: api<Obj>('clearStorage', () => storage.storageClear()),
    getStorageInfo: api<Obj>('getStorageInfo', () => storage.storageInfo()),

    // interaction
    showToast: api<Obj>('showToast', (o) => {
      const icon = ['success', 'error', 'loading', 'none'].includes(str(o.icon))
        ? (str(o.icon) as ui.ToastOptions['icon'])
        : 'success';
      ui.showToast({
        title: str(o.title),
        icon,
        ...(o.image ? { image: resolveSrc(str(o.image), `/${router.top()?.route || ''}`) } : {}),
        duration: Number(o.duration ?? 1500),
        mask: !!o.mask,
      });
    }),
    hideToast: api<Obj>('hideToast', () => ui.hideToast()),
    showLoading: api<Obj>('showLoading', (o) =>
      ui.showToast({ title: str(o.title), icon: 'loading', duration: Infinity, mask: !!o.mask }),
    ),
    hideLoading: api<Obj>('hideLoading', () => ui.hideToast()),
    showModal: api<Obj>('showModal', async (o) =>
      ui.showModal({
        title: str(o.title),
        content: str(o.content),
        showCancel: o.showCancel !== false,
        cancelText: str(o.cancelText, '取消'),
        cancelColor: str(o.cancelColor, '#000000'),
        confirmText: str(o.confirmText, '确定'),
        confirmColor: str(o.confirmColor, '#576B95'),
        editable: !!o.editable,
        placeholderText: str(o.placeholderText),
      }),
    ),
    showActionSheet: api<Obj>('showActionSheet', async (o) => {
      const list = Array.isArray(o.itemList) ? o.itemList.map((i) => str(i)) : [];
      const tapIndex = await ui.showActionSheet(list, str(o.itemColor, '#000000'), str(o.alertText));
      if (tapIndex === null) throw new ApiFail('cancel');
      return { tapIndex };
    }),
    previewImage: api<Obj>('previewImage', (o) => {
      const from = `/${router.top()?.route || ''}`;
      const urls = (Array.isArray(o.urls) ? o.urls : []).map((u) => resolveSrc(str(u), from));
      const current = resolveSrc(str(o.current || (Array.isArray(o.urls) ? o.urls[0] : '')), from);
      if (!urls.length) throw new ApiFail('urls is empty');
      ui.showLightbox(urls, current);
    }),
    previewMedia: api<Obj>('previewMedia', (o) => {
      const sources = (Array.isArray(o.sources) ? o.sources : []) as Obj[];
      const urls = sources.map((s) => resolveSrc(str(s.url), `/${router.top()?.route || ''}`));
      ui.showLightbox(urls, urls[Number(o.current) || 0] || '');
    }),

    // navigation bar, tab bar, page
    setNavigationBarTitle: api<Obj>('setNavigationBarTitle', (o) => {
      const t = router.top();
      if (t) t.title = str(o.title);
      router.refreshChrome();
    }),
    setNavigationBarColor: api<Obj>('setNavigationBarColor', (o) => {
      const t = router.top();
      if (t) {
        t.window = {
          ...t.window,
          navigationBarBackgroundColor: str(o.backgroundColor, t.window.navigationBarBackgroundColor),
          navigationBarTextStyle: str(o.frontColor) === '#000000' ? 'black' : 'white',
        };
      }
      router.refreshChrome();
    }),
    showNavigationBarLoading: api<Obj>('showNavigationBarLoading', () => {
      const t = router.top();
      if (t) t.navLoading = true;
      router.refreshChrome();
    }),
    hideNavigationBarLoading: api<Obj>('hideNavigationBarLoading', () => {
      const t = router.top();
      if (t) t.navLoading = false;
      router.refreshChrome();
    }),
    setBackgroundColor: api<Obj>('setBackgroundColor', (o) => {
      const t = router.top();
      if (t && o.backgroundColor) t.host.style.background = str(o.backgroundColor);
    }),
    setBackgroundTextStyle: api<Obj>('setBackgroundTextStyle', (o) => {
      const t = router.top();
      if (t) t.refresh.dataset.style = str(o.textStyle) === 'light' ? 'light' : 'dark';
    }),
    startPullDownRefresh: api<Obj>('startPullDownRefresh', () => router.startPullDownRefresh()),
    stopPullDownRefresh: api<Obj>('stopPullDownRefresh', () => router.stopPullDownRefresh()),
    pageScrollTo: api<Obj>('pageScrollTo', (o) => {
      if (
        !router.pageScrollTo(
          Number(o.scrollTop) || 0,
          Number(o.duration ?? 300),
          o.selector ? str(o.selector) : undefined,
        )
      ) {
        throw new ApiFail('selector not found');
      }
    }),
    showTabBar: api<Obj>('showTabBar', () =>
      document.getElementById('mp-tabbar')?.classList.remove('mp-tabbar--hidden'),
    ),
    hideTabBar: api<Obj>('hideTabBar', () => document.getElementById('mp-tabbar')?.classList.add('mp-tabbar--hidden')),
    setTabBarBadge: api<Obj>('setTabBarBadge', (o) => tabBadge(Number(o.index), str(o.text))),
    removeTabBarBadge: api<Obj>('removeTabBarBadge', (o) => tabBadge(Number(o.index), '')),
    showTabBarRedDot: api<Obj>('showTabBarRedDot', (o) => tabBadge(Number(o.index), ' ')),
    hideTabBarRedDot: api<Obj>('hideTabBarRedDot', (o) => tabBadge(Number(o.index), '')),

    // sharing
    // The capsule menu (•••) offers what the page enabled; sharing shows the payload.
    showShareMenu: api<Obj>('showShareMenu', (o) => {
      const t = router.top();
      const menus = Array.isArray(o.menus) ? o.menus.map((m) => str(m)) : ['shareAppMessage'];
      if (t) shareMenus.set(t, new Set(menus));
    }),
    hideShareMenu: api<Obj>('hideShareMenu', () => {
      const t = router.top();
      if (t) shareMenus.set(t, new Set());
    }),
    updateShareMenu: api<Obj>('updateShareMenu', () => undefined),
    showShareImageMenu: api<Obj>('showShareImageMenu', (o) =>
      ui.showLightbox([resolveSrc(str(o.path), '/')], resolveSrc(str(o.path), '/')),
    ),

    // subscribe messages, privacy
    requestSubscribeMessage: api<Obj>('requestSubscribeMessage', async (o) => {
      const ids = (Array.isArray(o.tmplIds) ? o.tmplIds : []).map((i) => str(i));
      if (!ids.length) throw new ApiFail("TmplIds can't be empty", { errCode: 10001 });
      const w = window as unknown as { __mpSubscribeRequests?: string[][] };
      w.__mpSubscribeRequests = w.__mpSubscribeRequests || [];
      w.__mpSubscribeRequests.push(ids);
      const res = await ui.showSubscribe(ids);
      if (!res) throw new ApiFail('cancel', { errCode: 20004 });
      return res;
    }),
    getPrivacySetting: api<Obj>('getPrivacySetting', () => ({
      needAuthorization: !privacyAgreed(),
      privacyContractName: '《小程序隐私保护指引》',
    })),
    onNeedPrivacyAuthorization: (listener: (resolve: PrivacyResolve, info: Obj) => void) => {
      privacyListener = typeof listener === 'function' ? listener : null;
    },
    offNeedPrivacyAuthorization: () => {
      privacyListener = null;
    },
    requirePrivacyAuthorize: api<Obj>('requirePrivacyAuthorize', () => requirePrivacy()),
    openPrivacyContract: api<Obj>('openPrivacyContract', async () => {
      await ui.showModal({
        title: '小程序隐私保护指引',
        content: '（浏览器预览）这里会打开小程序在微信公众平台填写的《小程序隐私保护指引》。',
        showCancel: false,
        cancelText: '取消',
        cancelColor: '#000000',
        confirmText: '知道了',
        confirmColor: '#576B95',
        editable: false,
        placeholderText: '',
      });
    }),

    // media, files, scanning
    chooseMedia: api<Obj>('chooseMedia', async (o) => {
      await requirePrivacy();
      const types = Array.isArray(o.mediaType) ? o.mediaType.map((t) => str(t)) : ['image', 'video'];
      const accept =
        [
          types.includes('image') || types.includes('mix') ? 'image/*' : '',
          types.includes('video') || types.includes('mix') ? 'video/*' : '',
        ]
          .filter(Boolean)
          .join(',') || 'image/*,video/*';
      const count = Math.max(1, Number(o.count ?? 9));
      const files = (
        await pickFiles(
          accept,
          count > 1,
          Array.isArray(o.sourceType) && o.sourceType.length === 1 && o.sourceType[0] === 'camera',
        )
      ).slice(0, count);
      const tempList = files.map((f) => ({
        tempFilePath: addTempFile(f, f.name),
        size: f.size,
        fileType: f.type.startsWith('video') ? 'video' : 'image',
        thumbTempFilePath: '',
        duration: 0,
        width: 0,
        height: 0,
      }));
      const kinds = new Set(tempList.map((f) => f.fileType));
      return { tempFiles: tempList, type: kinds.size > 1 ? 'mix' : [...kinds][0] || 'image' };
    }),
    chooseImage: api<Obj>('chooseImage', async (o) => {
      const count = Math.max(1, Number(o.count ?? 9));
      const files = (await pickFiles('image/*', count > 1, false)).slice(0, count);
      const paths = files.map((f) => addTempFile(f, f.name));
      return { tempFilePaths: paths, tempFiles: paths.map((p, i) => ({ path: p, size: files[i]?.size || 0 })) };
    }),
    chooseMessageFile: api<Obj>('chooseMessageFile', async (o) => {
      const count = Math.max(1, Number(o.count ?? 1));
      const files = (await pickFiles('', count > 1, false)).slice(0, count);
      return {
        tempFiles: files.map((f) => ({
          path: addTempFile(f, f.name),
          size: f.size,
          name: f.name,
          type: 'file',
          time: Math.floor(f.lastModified / 1000),
        })),
      };
    }),
    compressImage: api<Obj>('compressImage', (o) => ({ tempFilePath: str(o.src) })),
    getImageInfo: api<Obj>(
      'getImageInfo',
      (o) =>
        new Promise<Obj>((resolve, reject) => {
          const img = new Image();
          const src = str(o.src);
          img.onload = () =>
            resolve({
              width: img.naturalWidth,
              height: img.naturalHeight,
              path: src,
              orientation: 'up',
              type: extOf(src, ''),
            });
          img.onerror = () => reject(new ApiFail('image load failed'));
          img.src = resolveSrc(src, `/${router.top()?.route || ''}`);
        }),
    ),
    canvasToTempFilePath: api<Obj>('canvasToTempFilePath', async (o) => {
      if (!(o.canvas instanceof HTMLCanvasElement)) throw new ApiFail('预览只支持 type="2d" 画布（传 canvas 节点）');
      return { tempFilePath: await canvasToTempFile(o.canvas, o) };
    }),
    getFileSystemManager: () => fileSystemManager(),
    saveImageToPhotosAlbum: api<Obj>('saveImageToPhotosAlbum', (o) => download(str(o.filePath))),
    saveVideoToPhotosAlbum: api<Obj>('saveVideoToPhotosAlbum', (o) => download(str(o.filePath))),
    openDocument: api<Obj>('openDocument', (o) => {
      download(str(o.filePath));
      ui.showToast({ title: '已下载到浏览器', icon: 'none', duration: 1500, mask: false });
    }),
    scanCode: api<Obj>('scanCode', async () => {
      const text = await ui.prompt('扫一扫（预览）', '浏览器预览没有摄像头：请输入二维码中的内容', '二维码内容');
      if (text === null) throw new ApiFail('cancel');
      return {
        result: text,
        scanType: 'QR_CODE',
        charSet: 'UTF-8',
        rawData: btoa(unescape(encodeURIComponent(text))),
        path: '',
      };
    }),

    // network
    request: (o: Obj & Callbacks) => request(o),
    downloadFile: (o: Obj & Callbacks) => {
      void api<Obj>('downloadFile', async (opt) => {
        const res = await fetch(str(opt.url), { headers: (opt.header || {}) as Record<string, string> });
        const blob = await res.blob();
        return { tempFilePath: addTempFile(blob, str(opt.url).split('?')[0] || 'file'), statusCode: res.status };
      })(o);
      return { abort() {}, onProgressUpdate() {}, offProgressUpdate() {} };
    },
    uploadFile: (o: Obj & Callbacks) => {
      void api<Obj>('uploadFile', async (opt) => {
        const form = new FormData();
        for (const [k, v] of Object.entries((opt.formData || {}) as Obj)) form.append(k, str(v));
        form.append(str(opt.name, 'file'), tempBlob(str(opt.filePath)), str(opt.filePath).split('/').pop());
        const res = await fetch(str(opt.url), {
          method: 'POST',
          body: form,
          headers: (opt.header || {}) as Record<string, string>,
        });
        return { data: await res.text(), statusCode: res.status };
      })(o);
      return { abort() {}, onProgressUpdate() {}, offProgressUpdate() {} };
    },
    getNetworkType: api<Obj>('getNetworkType', () => ({ networkType: navigator.onLine ? 'wifi' : 'none' })),
    onNetworkStatusChange: () => undefined,
    offNetworkStatusChange: () => undefined,

    // cloud: the local cloud's HTTP endpoint
    cloud: {
      init: () => undefined,
      callFunction: api<Obj>('cloud.callFunction', async (o) => ({
        result: await callCloudFunction(str(o.name), o.data),
        requestID: `preview-${Date.now()}`,
      })),
      uploadFile: api<Obj>('cloud.uploadFile', async (o) => {
        const cloudPath = str(o.cloudPath);
        if (!cloudPath) throw new ApiFail('cloudPath is required');
        const res = await fetch(`${cloudBase()}/upload?cloudPath=${encodeURIComponent(cloudPath)}`, {
          method: 'POST',
          body: tempBlob(str(o.filePath)),
        });
        const body = (await res.json()) as Obj;
        if (!res.ok || !body.fileID) throw new ApiFail(str(body.errMsg, `HTTP ${res.status}`));
        return { fileID: str(body.fileID), statusCode: 200 };
      }),
      getTempFileURL: api<Obj>('cloud.getTempFileURL', (o) => ({
        fileList: (Array.isArray(o.fileList) ? o.fileList : []).map((f) => {
          const fileID = typeof f === 'string' ? f : str((f as Obj).fileID);
          return { fileID, tempFileURL: fileIdToUrl(fileID), status: 0, errMsg: 'ok', maxAge: 7200 };
        }),
      })),
      downloadFile: api<Obj>('cloud.downloadFile', async (o) => {
        const res = await fetch(fileIdToUrl(str(o.fileID)));
        if (!res.ok) throw new ApiFail(`HTTP ${res.status}`);
        return { tempFilePath: addTempFile(await res.blob(), str(o.fileID)), statusCode: 200 };
      }),
      deleteFile: api<Obj>('cloud.deleteFile', (o) => ({
        fileList: (Array.isArray(o.fileList) ? o.fileList : []).map((fileID) => ({
          fileID,
          status: -1,
          errMsg: '预览环境不删除文件',
        })),
      })),
      database: () => {
        throw new Error('预览环境不提供 wx.cloud.database()：页面应通过云函数（services/cloud.ts）读写数据');
      },
    },

    // system
    getSystemInfoSync: () => systemInfo(),
    getSystemInfo: api<Obj>('getSystemInfo', () => systemInfo()),
    getSystemInfoAsync: api<Obj>('getSystemInfoAsync', () => systemInfo()),
    getWindowInfo: () =>
      pick(systemInfo(), [
        'pixelRatio',
        'screenWidth',
        'screenHeight',
        'windowWidth',
        'windowHeight',
        'statusBarHeight',
        'safeArea',
        'screenTop',
      ]),
    getDeviceInfo: () => pick(systemInfo(), ['brand', 'model', 'system', 'platform', 'benchmarkLevel', 'pixelRatio']),
    getAppBaseInfo: () =>
      pick(systemInfo(), ['SDKVersion', 'enableDebug', 'host', 'language', 'version', 'theme', 'fontSizeSetting']),
    getSystemSetting: () => ({
      bluetoothEnabled: false,
      locationEnabled: false,
      wifiEnabled: true,
      deviceOrientation: 'portrait',
    }),
    getAppAuthorizeSetting: () => ({
      albumAuthorized: 'authorized',
      cameraAuthorized: 'authorized',
      notificationAuthorized: 'authorized',
      locationAuthorized: 'not determined',
      microphoneAuthorized: 'not determined',
    }),
    getMenuButtonBoundingClientRect: () => {
      const btn = document.querySelector('.mp-capsule');
      const phone = phoneElement().getBoundingClientRect();
      const r = btn
        ? btn.getBoundingClientRect()
        : { left: phone.left + 281, top: phone.top + 24, width: 87, height: 32 };
      const left = r.left - phone.left;
      const topPx = r.top - phone.top;
      return { left, top: topPx, right: left + r.width, bottom: topPx + r.height, width: r.width, height: r.height };
    },
    getLaunchOptionsSync: () => launchOptions(),
    getEnterOptionsSync: () => launchOptions(),
    // ?shareTicket=<name> in the preview's address: opened from a group chat's card.
    getGroupEnterInfo: api<Obj>('getGroupEnterInfo', (o) => {
      const ticket = launchOptions().shareTicket;
      if (!ticket || str(o.shareTicket) !== ticket) throw new ApiFail('invalid shareTicket');
      // The local cloud resolves `localgroup:<name>` to a stable openGId (cloud.getOpenData).
      return { cloudID: `localgroup:${ticket}`, encryptedData: '', iv: '' };
    }),
    getAccountInfoSync: () => ({
      miniProgram: { appId: 'wxlocal000000000', envVersion: 'develop', version: '' },
      plugin: {},
    }),
    getUpdateManager: () => ({ onCheckForUpdate() {}, onUpdateReady() {}, onUpdateFailed() {}, applyUpdate() {} }),
    getLogManager: () => ({ log: console.log, info: console.info, warn: console.warn, debug: console.debug }),
    getRealtimeLogManager: () => ({
      info: console.info,
      warn: console.warn,
      error: console.error,
      setFilterMsg() {},
      addFilterMsg() {},
    }),
    reportEvent: () => undefined,
    reportAnalytics: () => undefined,
    reportMonitor: () => undefined,
    onAppShow: () => undefined,
    onAppHide: () => undefined,
    offAppShow: () => undefined,
    offAppHide: () => undefined,
    onError: () => undefined,
    onUnhandledRejection: () => undefined,
    onPageNotFound: () => undefined,
    onThemeChange: () => undefined,
    onMemoryWarning: () => undefined,
    onWindowResize: () => undefined,
    offWindowResize: () => undefined,
    env: { USER_DATA_PATH: 'http://usr' },
    nextTick: (fn: () => void) => {
      void Promise.resolve().then(() => {
        try {
          fn();
        } catch (err) {
          reportError(err, 'wx.nextTick');
        }
      });
    },
    canIUse: (schema: string) => {
      const first = str(schema).split('.')[0] || '';
      return (
        first in wx ||
        /^(view|text|image|button|input|textarea|scroll-view|navigator|picker|swiper|label|form)$/.test(first)
      );
    },
    createSelectorQuery: () => new SelectorQuery(router.top()?.instance || null),
    createAnimation: (o?: Obj) => createAnimation(o || {}),
    hideKeyboard: api<Obj>('hideKeyboard', () => {
      if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
    }),
    loadFontFace: api<Obj>('loadFontFace', () => undefined),
    vibrateShort: api<Obj>('vibrateShort', () => undefined),
    vibrateLong: api<Obj>('vibrateLong', () => undefined),
    setKeepScreenOn: api<Obj>('setKeepScreenOn', () => undefined),
    setClipboardData: api<Obj>('setClipboardData', async (o) => {
      try {
        await navigator.clipboard.writeText(str(o.data));
      } catch {
        // no clipboard permission in this browser: the toast still says what WeChat says
      }
      ui.showToast({ title: '内容已复制', icon: 'none', duration: 1500, mask: false });
    }),
    getClipboardData: api<Obj>('getClipboardData', async () => {
      try {
        return { data: await navigator.clipboard.readText() };
      } catch {
        return { data: '' };
      }
    }),
    makePhoneCall: api<Obj>('makePhoneCall', async (o) => {
      const res = await ui.showModal({
        title: '',
        content: `拨打电话 ${str(o.phoneNumber)}（预览）`,
        showCancel: true,
        cancelText: '取消',
        cancelColor: '#000000',
        confirmText: '呼叫',
        confirmColor: '#576B95',
        editable: false,
        placeholderText: '',
      });
      if (!res.confirm) throw new ApiFail('cancel');
    }),

    // account
    login: api<Obj>('login', () => ({ code: `preview-${currentOpenid()}` })),
    checkSession: api<Obj>('checkSession', () => undefined),
    getSetting: api<Obj>('getSetting', () => ({
      authSetting: {},
      subscriptionsSetting: { mainSwitch: true, itemSettings: {} },
    })),
    openSetting: api<Obj>('openSetting', () => ({ authSetting: {} })),
    authorize: api<Obj>('authorize', () => undefined),
    getUserProfile: api<Obj>('getUserProfile', () => {
      throw new ApiFail('预览环境不提供微信头像昵称');
    }),
  };

  // The member switcher in the toolbar is the preview's; expose it for scripts.
  wx.__preview = { setMember, openid: currentOpenid };

  return new Proxy(wx, {
    get(target, key) {
      if (typeof key === 'string' && !(key in target) && key !== 'then' && key !== 'toJSON') {
        console.warn(`[preview] wx.${key} 未在浏览器预览中实现`);
      }
      return Reflect.get(target, key);
    },
  });
}

/** Reads and writes temp files (chooseMedia, downloadFile, canvas exports; files written here). */
function fileSystemManager(): Obj {
  const read = async (o: Obj): Promise<Obj> => {
    const f = tempFile(str(o.filePath));
    if (!f) throw new ApiFail(`no such file or directory, open ${str(o.filePath)}`);
    if (o.encoding === 'base64') {
      const bytes = new Uint8Array(await f.blob.arrayBuffer());
      let bin = '';
      for (const b of bytes) bin += String.fromCharCode(b);
      return { data: btoa(bin) };
    }
    if (o.encoding) return { data: await f.blob.text() };
    return { data: await f.blob.arrayBuffer() };
  };
  return {
    readFile: api<Obj>('readFile', read),
    writeFile: api<Obj>('writeFile', (o) => {
      const data = o.data instanceof ArrayBuffer ? o.data : str(o.data);
      // Written files become temp files under the path the page chose.
      const path = addTempFile(new Blob([data]), str(o.filePath));
      return { filePath: path };
    }),
    getFileInfo: api<Obj>('getFileInfo', (o) => {
      const f = tempFile(str(o.filePath));
      if (!f) throw new ApiFail('file not exist');
      return { size: f.blob.size, digest: '' };
    }),
    access: api<Obj>('access', (o) => {
      if (!tempFile(str(o.path))) throw new ApiFail(`no such file or directory ${str(o.path)}`);
    }),
    saveFile: api<Obj>('saveFile', (o) => ({ savedFilePath: str(o.tempFilePath) })),
    unlink: api<Obj>('unlink', () => undefined),
  };
}

function tabBadge(index: number, text: string): void {
  const item = document.querySelectorAll('.mp-tabbar__item')[index];
  if (!(item instanceof HTMLElement)) throw new ApiFail('index out of range');
  if (text) item.dataset.badge = text;
  else delete item.dataset.badge;
}

function download(filePath: string): void {
  const f = tempFile(filePath);
  const a = document.createElement('a');
  a.href = f ? f.url : filePath;
  a.download = f ? f.name.split('/').pop() || 'file' : filePath.split('/').pop() || 'file';
  document.body.appendChild(a);
  a.click();
  a.remove();
}

function request(o: Obj & Callbacks): Obj {
  const controller = new AbortController();
  void api<Obj>('request', async (opt) => {
    const method = str(opt.method, 'GET').toUpperCase();
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries((opt.header || {}) as Obj)) headers[k.toLowerCase()] = str(v);
    let url = str(opt.url);
    let body: BodyInit | undefined;
    const data = opt.data;
    if (method === 'GET' || method === 'HEAD') {
      if (data && typeof data === 'object') {
        const qs = new URLSearchParams(Object.entries(data as Obj).map(([k, v]) => [k, str(v)])).toString();
        if (qs) url += (url.includes('?') ? '&' : '?') + qs;
      }
    } else if (data !== undefined) {
      const type = headers['content-type'] || 'application/json';
      headers['content-type'] = type;
      if (typeof data === 'string') body = data;
      else if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) body = data as BodyInit;
      else if (type.includes('x-www-form-urlencoded'))
        body = new URLSearchParams(Object.entries(data as Obj).map(([k, v]) => [k, str(v)])).toString();
      else body = JSON.stringify(data);
    }
    const timeout = setTimeout(() => controller.abort(), Number(opt.timeout) || 60000);
    let res: Response;
    try {
      res = await fetch(url, { method, headers, body, signal: controller.signal });
    } catch (err) {
      throw new ApiFail(controller.signal.aborted ? 'abort' : (err as Error).message);
    } finally {
      clearTimeout(timeout);
    }
    const header: Obj = {};
    res.headers.forEach((v, k) => (header[k] = v));
    if (opt.responseType === 'arraybuffer')
      return { data: await res.arrayBuffer(), statusCode: res.status, header, cookies: [] };
    const text = await res.text();
    let parsed: unknown = text;
    if (str(opt.dataType, 'json') === 'json') {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
    }
    return { data: parsed, statusCode: res.status, header, cookies: [] };
  })(o);
  return {
    abort: () => controller.abort(),
    onHeadersReceived() {},
    offHeadersReceived() {},
    onChunkReceived() {},
    offChunkReceived() {},
  };
}

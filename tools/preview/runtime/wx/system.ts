// wx system and device info, launch options, selector queries, animation and other base APIs.
import { reportError } from '../errors';
import { metrics, phoneElement } from '../frame';
import * as router from '../router';
import * as ui from '../ui';
import { SelectorQuery } from '../selector-query';
import { launchOptions } from './launch';
import { ApiFail, api, pick, str, type Obj, type WxApis } from './api';

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

export function systemApis(): WxApis {
  return {
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
  };
}

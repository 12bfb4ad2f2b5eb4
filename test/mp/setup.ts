// jest `mp` setup: what miniprogram-simulate does not provide (DESIGN §7).
// - App / getApp / getCurrentPages / Page;
// - wx.cloud that fails the test if used: pages go through
//   miniprogram/services/cloud.ts, which tests point at the local cloud
//   with useLocalCloud() (test/helpers/simulate.ts);
// - the wx APIs pages use, as jest.fn fakes that RECORD every call
//   (wxCalls('navigateTo')) and answer like WeChat: asynchronously, through
//   success/fail/complete, or a promise when no callback is given.
//   answerWx()/failWx() change an answer; everything is reset per test;
// - privacy consent as WeChat does it: after needPrivacyConsent(), a privacy
//   API first calls the onNeedPrivacyAuthorization listener (kept for the
//   whole test file, like the running mini program keeps it) and goes on
//   after `agree`, or fails with errno 104 after `disagree`.
import { setTransport } from '../../miniprogram/services/cloud';
import { setFileTransport } from '../../miniprogram/services/files';
import { pageStack, resetWx, wxApp, wxState, type PrivacyListener } from '../helpers/simulate';
import {
  callbackOrPromise,
  deliver,
  type DeliverHooks,
  type WxOutcome,
  type WxResult,
} from '../../tools/wx-api/convention';
import { answerIsTap, platformRefusal } from '../../tools/wx-api/rules';

type Res = Record<string, unknown>;
interface WxOpts {
  success?: (res: Res) => void;
  fail?: (res: Res) => void;
  complete?: (res: Res) => void;
  [key: string]: unknown;
}

function guard(api: string, fn: () => void): void {
  try {
    fn();
  } catch (err) {
    wxState.errors.push(`a callback of wx.${api} threw: ${err instanceof Error ? err.stack : String(err)}`);
  }
}

/**
 * WeChat's consent step before a privacy API: nothing when the member
 * agreed; else the registered listener is asked and the API waits for its
 * resolve (`agree` with the agree button's id, or `disagree`). Without a
 * listener it fails, as after the official popup's 拒绝.
 */
function privacyConsent(api: string): Promise<boolean> {
  if (wxState.privacyAgreed) return Promise.resolve(true);
  const listener = wxApp.privacyListener;
  if (!listener) return Promise.resolve(false);
  return new Promise((resolve) => {
    let settled = false;
    void Promise.resolve().then(() =>
      guard('onNeedPrivacyAuthorization', () =>
        listener(
          (o) => {
            if (settled || (o.event !== 'agree' && o.event !== 'disagree')) return;
            settled = true;
            if (o.event === 'agree') {
              if (!o.buttonId) wxState.errors.push(`privacy consent for wx.${api} resolved 'agree' without a buttonId`);
              wxState.privacyAgreed = true;
            }
            resolve(o.event === 'agree');
          },
          { referrer: api },
        ),
      ),
    );
  });
}

/** Callbacks as WeChat runs them (tools/wx-api, shared with the preview); a dialog's confirm is a tap. */
const hooks: DeliverHooks = {
  guard,
  aroundSuccess(api, { ok, res }, run) {
    const gesture = answerIsTap(api, ok, res);
    if (gesture) wxState.userGesture += 1;
    try {
      run();
    } finally {
      if (gesture) wxState.userGesture -= 1;
    }
  },
};

/**
 * WeChat's platform rules (tools/wx-api/rules.ts, shared with the preview):
 * wx.openSetting and wx.addPhoneCalendar only from a member's tap (a tap handler or a modal's
 * confirm), no navigation in Moments single-page mode (scene 1154). A
 * refused call fails; one that is a page bug (navigation in single-page
 * mode leaves a button that does nothing) fails the test too.
 */
function ruled(api: string, inner: ReturnType<typeof asyncApi>): ReturnType<typeof asyncApi> {
  return jest.fn((opts: WxOpts = {}) => {
    const w = (globalThis as { wx?: { getEnterOptionsSync?: () => { scene?: unknown } | undefined } }).wx;
    const scene = w?.getEnterOptionsSync?.()?.scene;
    const refusal = platformRefusal(api, {
      scene: typeof scene === 'number' ? scene : undefined,
      tapping: wxState.userGesture > 0,
    });
    if (!refusal) return inner(opts);
    wxState.log.push({ api, args: [opts] });
    if (refusal.bug) wxState.errors.push(refusal.bug);
    const settled = Promise.resolve().then(() =>
      deliver(api, opts, { ok: false, res: { errMsg: refusal.errMsg } }, hooks),
    );
    // The test already fails on the bug: an unawaited rejection would only add noise.
    if (refusal.bug) settled.catch(() => undefined);
    return callbackOrPromise(opts, settled);
  });
}

/** An asynchronous wx API: ok with `defaults(opts)` unless answerWx/failWx said otherwise. */
function asyncApi(api: string, defaults: (opts: WxOpts) => Res = () => ({}), failByDefault = false, privacy = false) {
  return jest.fn((opts: WxOpts = {}) => {
    wxState.log.push({ api, args: [opts] });
    const answerNow = (): WxOutcome => {
      const programmed = wxState.answers.get(api);
      const ok = programmed ? programmed.ok : !failByDefault;
      const answer = programmed
        ? typeof programmed.answer === 'function'
          ? programmed.answer(opts)
          : programmed.answer
        : defaults(opts);
      const errMsg = typeof answer.errMsg === 'string' ? answer.errMsg : `${api}:${ok ? 'ok' : 'fail'}`;
      const res: WxResult = { ...answer, errMsg };
      return { ok, res };
    };
    const settle = (outcome: WxOutcome) => deliver(api, opts, outcome, hooks);
    let settled: Promise<WxResult | undefined>;
    if (privacy && !wxState.privacyAgreed) {
      settled = privacyConsent(api).then((agreed) =>
        settle(
          agreed
            ? answerNow()
            : { ok: false, res: { errMsg: `${api}:fail privacy permission is not authorized`, errno: 104 } },
        ),
      );
    } else {
      // Answered at call time, as before: a side effect (storage, clipboard) is there at once.
      const answered = answerNow();
      settled = Promise.resolve().then(() => settle(answered));
    }
    return callbackOrPromise(opts, settled);
  });
}

/** A privacy API (wx "隐私接口"): asks for consent first when the member has not agreed. */
function privacyApi(api: string, defaults: (opts: WxOpts) => Res = () => ({}), failByDefault = false) {
  return asyncApi(api, defaults, failByDefault, true);
}

function clone<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

function syncApi<A extends unknown[], R>(api: string, impl: (...args: A) => R) {
  return jest.fn((...args: A): R => {
    wxState.log.push({ api, args });
    return impl(...args);
  });
}

const { storage } = wxState;
let clipboard = '';

const fakes = {
  // navigation
  navigateTo: ruled('navigateTo', asyncApi('navigateTo')),
  redirectTo: ruled('redirectTo', asyncApi('redirectTo')),
  navigateBack: asyncApi('navigateBack'),
  switchTab: ruled('switchTab', asyncApi('switchTab')),
  reLaunch: ruled('reLaunch', asyncApi('reLaunch')),
  // feedback
  showToast: asyncApi('showToast'),
  hideToast: asyncApi('hideToast'),
  showLoading: asyncApi('showLoading'),
  hideLoading: asyncApi('hideLoading'),
  showModal: asyncApi('showModal', () => ({ confirm: true, cancel: false })),
  showActionSheet: asyncApi('showActionSheet', () => ({ tapIndex: 0 })),
  setNavigationBarTitle: asyncApi('setNavigationBarTitle'),
  startPullDownRefresh: asyncApi('startPullDownRefresh'),
  stopPullDownRefresh: asyncApi('stopPullDownRefresh'),
  pageScrollTo: asyncApi('pageScrollTo'),
  vibrateShort: asyncApi('vibrateShort'),
  // media, device
  previewImage: asyncApi('previewImage'),
  saveImageToPhotosAlbum: privacyApi('saveImageToPhotosAlbum'),
  downloadFile: asyncApi('downloadFile', (o) => ({
    tempFilePath: `wxfile://tmp/${String(o.url).split('/').pop()}`,
    statusCode: 200,
  })),
  openDocument: asyncApi('openDocument'),
  openLocation: asyncApi('openLocation'),
  // No map in tests: cancelled (`chooseLocation:fail cancel`, what WeChat answers when the member
  // backs out) unless a test answers with { name, address, latitude, longitude }. A privacy API
  // ("收集你选择的位置信息"): https://developers.weixin.qq.com/miniprogram/dev/api/location/wx.chooseLocation.html
  chooseLocation: privacyApi('chooseLocation', () => ({ errMsg: 'chooseLocation:fail cancel' }), true),
  // Added unless a test answers otherwise. A privacy API ("使用你的日历（仅写入）权限"), only from a
  // tap (tools/wx-api/rules.ts).
  addPhoneCalendar: ruled('addPhoneCalendar', privacyApi('addPhoneCalendar')),
  makePhoneCall: asyncApi('makePhoneCall'),
  setClipboardData: privacyApi('setClipboardData', (o) => {
    clipboard = String(o.data ?? '');
    return {};
  }),
  getClipboardData: privacyApi('getClipboardData', () => ({ data: clipboard })),
  // No camera or album in tests: cancelled unless a test answers.
  scanCode: asyncApi('scanCode', () => ({ errMsg: 'scanCode:fail cancel' }), true),
  chooseMedia: privacyApi('chooseMedia', () => ({ errMsg: 'chooseMedia:fail cancel' }), true),
  chooseImage: privacyApi('chooseImage', () => ({ errMsg: 'chooseImage:fail cancel' }), true),
  // No image codec in tests: a test that wants a thumbnail answers both.
  compressImage: asyncApi('compressImage', () => ({ errMsg: 'compressImage:fail no image codec' }), true),
  getImageInfo: asyncApi('getImageInfo', () => ({ errMsg: 'getImageInfo:fail no image codec' }), true),
  // sharing, subscribe messages, privacy, settings
  showShareMenu: asyncApi('showShareMenu'),
  hideShareMenu: asyncApi('hideShareMenu'),
  updateShareMenu: asyncApi('updateShareMenu'),
  requestSubscribeMessage: asyncApi('requestSubscribeMessage', (o) => {
    const ids = Array.isArray(o.tmplIds) ? (o.tmplIds as unknown[]) : [];
    return Object.fromEntries(ids.map((id) => [String(id), 'accept']));
  }),
  getPrivacySetting: asyncApi('getPrivacySetting', () => ({
    needAuthorization: !wxState.privacyAgreed,
    privacyContractName: '《小程序隐私保护指引》',
  })),
  requirePrivacyAuthorize: privacyApi('requirePrivacyAuthorize'),
  openPrivacyContract: asyncApi('openPrivacyContract'),
  // WeChat keeps one listener: the last one registered.
  onNeedPrivacyAuthorization: syncApi('onNeedPrivacyAuthorization', (listener: unknown) => {
    wxApp.privacyListener = typeof listener === 'function' ? (listener as PrivacyListener) : null;
  }),
  // The album permission; granted unless a test answers otherwise.
  authorize: privacyApi('authorize'),
  getSetting: asyncApi('getSetting', () => ({ authSetting: {}, subscriptionsSetting: { mainSwitch: true } })),
  openSetting: ruled(
    'openSetting',
    asyncApi('openSetting', () => ({ authSetting: {} })),
  ),
  login: asyncApi('login', () => ({ code: 'test-login-code' })),
  // storage: in memory, JSON-cloned like WeChat's
  setStorageSync: syncApi('setStorageSync', (key: string, data: unknown) => {
    storage.set(key, clone(data));
  }),
  getStorageSync: syncApi('getStorageSync', (key: string): unknown =>
    storage.has(key) ? clone(storage.get(key)) : '',
  ),
  removeStorageSync: syncApi('removeStorageSync', (key: string) => {
    storage.delete(key);
  }),
  clearStorageSync: syncApi('clearStorageSync', () => {
    storage.clear();
  }),
  setStorage: asyncApi('setStorage', (o) => {
    storage.set(String(o.key), clone(o.data));
    return {};
  }),
  getStorage: asyncApi('getStorage', (o) => ({ data: clone(storage.get(String(o.key))) })),
  removeStorage: asyncApi('removeStorage', (o) => {
    storage.delete(String(o.key));
    return {};
  }),
};

/** Any use of wx.cloud in a page test is a bug: record it and fail the test. */
const forbiddenCloud = new Proxy(
  {},
  {
    get(_target, prop) {
      if (typeof prop !== 'string' || prop === 'then' || prop === 'toJSON') return undefined;
      return () => {
        const msg =
          `wx.cloud.${prop}() was called in a page test. Pages must use miniprogram/services/cloud.ts; ` +
          'point it at the local cloud with useLocalCloud(lc, openid) from test/helpers/simulate.ts.';
        wxState.errors.push(msg);
        throw new Error(msg);
      };
    },
  },
);

Object.assign(wx, fakes, { cloud: forbiddenCloud });

// App / getApp / getCurrentPages / Page (simulate only defines Component and Behavior).
type AppInstance = Record<string, unknown> & { globalData: Record<string, unknown> };
let app: AppInstance = { globalData: {} };

function registerApp(options: Record<string, unknown>): void {
  app = { globalData: {}, ...options } as AppInstance;
}

/** Page() as a Component(): its data stays data, everything else becomes a method. */
function registerPage(options: Record<string, unknown>): void {
  const { data, behaviors, options: componentOptions, ...rest } = options;
  const methods: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(rest)) if (typeof value === 'function') methods[key] = value;
  Component({
    data: (data ?? {}) as Record<string, unknown>,
    ...(Array.isArray(behaviors) ? { behaviors: behaviors as string[] } : {}),
    ...(componentOptions ? { options: componentOptions as WechatMiniprogram.Component.ComponentOptions } : {}),
    methods: methods as WechatMiniprogram.Component.MethodOption,
  });
}

Object.assign(globalThis, {
  App: registerApp,
  getApp: () => app,
  getCurrentPages: () => pageStack.map((p) => p.instance),
  Page: registerPage,
});

beforeEach(() => {
  resetWx();
  app = { globalData: {} };
  clipboard = '';
  setTransport(null);
  setFileTransport(null);
  for (const fake of Object.values(fakes)) fake.mockClear();
});

afterEach(() => {
  setTransport(null);
  setFileTransport(null);
  const errors = wxState.errors.splice(0);
  if (errors.length > 0) throw new Error(errors.join('\n'));
});

// WeChat components have groupSetData (batch several setData calls into one
// render); exparser's don't, and Vant's tabs call it. Running the batch
// right away is what a single render does.
{
  const exparser = require('miniprogram-exparser') as { Component: { prototype: Record<string, unknown> } };
  if (!('groupSetData' in exparser.Component.prototype)) {
    exparser.Component.prototype.groupSetData = function groupSetData(cb?: () => void): void {
      if (cb) cb();
    };
  }
}

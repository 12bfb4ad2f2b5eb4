// wx sharing (the capsule menu, share cards), subscribe messages and privacy consent.
import { getManifest } from '../env';
import { reportError } from '../errors';
import { currentOpenid } from '../frame';
import * as router from '../router';
import { resolveSrc } from '../builtins';
import * as ui from '../ui';
import { ApiFail, api, str, type Obj, type WxApis } from './api';

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

export function requirePrivacy(): Promise<void> {
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

export function shareApis(): WxApis {
  return {
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
  };
}

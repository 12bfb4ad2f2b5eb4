// The `wx` object in the browser: the APIs this mini program and Vant call,
// with WeChat's calling conventions (success/fail/complete callbacks, or a
// promise when none is given; `name:ok` / `name:fail reason` errMsg), on
// browser equivalents: the page stack for navigation, localStorage for
// storage, fetch for requests and the local cloud, a file picker for
// chooseMedia, and visible sheets for what a phone would show or send.
// Each area is a file under ./wx, typed against WechatMiniprogram.Wx.
import { currentOpenid, setMember } from './frame';
import type { Obj } from './wx/api';
import { accountApis } from './wx/account';
import { interactionApis } from './wx/interaction';
import { locationApis } from './wx/location';
import { mediaApis } from './wx/media';
import { navigationApis } from './wx/navigation';
import { networkApis } from './wx/network';
import { shareApis } from './wx/share';
import { storageApis } from './wx/storage';
import { systemApis } from './wx/system';

export { launchOptions } from './wx/launch';
export { agreePrivacy, openCapsuleMenu, privacyAgreed, shareFrom, type ShareContent } from './wx/share';

export function createWx(): Obj {
  const wx: Obj = {
    ...navigationApis(),
    ...storageApis(),
    ...interactionApis(),
    ...shareApis(),
    ...mediaApis(),
    ...locationApis(),
    ...networkApis(),
    ...systemApis(),
    ...accountApis(),
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

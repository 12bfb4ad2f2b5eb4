// wx account and settings: login, getSetting/openSetting, authorize.
import { currentOpenid } from '../frame';
import { ApiFail, api, type Obj, type WxApis } from './api';

export function accountApis(): WxApis {
  return {
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
}

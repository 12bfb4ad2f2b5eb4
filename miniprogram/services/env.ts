// Where the typed client sends calls. In WeChat: wx.cloud. In local mode
// (storage key `localCloud` set by the browser preview, or by hand in
// DevTools' console) the local cloud's HTTP endpoint.

export interface LocalCloudConfig {
  baseUrl: string;
  openid: () => string;
}

export const LOCAL_CLOUD_KEY = 'localCloud';
export const LOCAL_OPENID_KEY = 'localOpenid';

export function localCloudConfig(): LocalCloudConfig | null {
  let baseUrl: unknown;
  try {
    baseUrl = wx.getStorageSync(LOCAL_CLOUD_KEY);
  } catch {
    return null;
  }
  if (typeof baseUrl !== 'string' || !/^https?:\/\//.test(baseUrl)) return null;
  return {
    baseUrl: baseUrl.replace(/\/$/, ''),
    openid: () => {
      const id: unknown = wx.getStorageSync(LOCAL_OPENID_KEY);
      return typeof id === 'string' && id ? id : 'member-a';
    },
  };
}

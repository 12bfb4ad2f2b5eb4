// Saving to the album with the permission asked properly
// (scope.writePhotosAlbum): ask once through wx.authorize; after a refusal
// WeChat no longer asks, so explain and offer the settings page, from the
// member's tap on 去设置.

const SCOPE = 'scope.writePhotosAlbum';

export type AlbumAccess = 'granted' | 'refused';

function getSetting(): Promise<WechatMiniprogram.GetSettingSuccessCallbackResult | null> {
  return new Promise((resolve) => {
    wx.getSetting({ success: resolve, fail: () => resolve(null) });
  });
}

function authorize(): Promise<boolean> {
  return new Promise((resolve) => {
    wx.authorize({ scope: SCOPE, success: () => resolve(true), fail: () => resolve(false) });
  });
}

/**
 * The settings page, offered in a modal. wx.openSetting only opens after a
 * user tap (base library 2.3.0+:
 * https://developers.weixin.qq.com/miniprogram/dev/api/open-api/setting/wx.openSetting.html);
 * the modal's 去设置 counts only when openSetting is called synchronously in
 * showModal's success callback, not from a later promise continuation.
 */
function offerSettings(): Promise<boolean> {
  return new Promise((resolve) => {
    wx.showModal({
      title: '需要相册权限',
      content: '保存海报需要允许“添加到相册”，请在设置中打开后再保存。',
      confirmText: '去设置',
      success: (res) => {
        if (!res.confirm) {
          resolve(false);
          return;
        }
        wx.openSetting({
          success: (r) => resolve((r.authSetting as Record<string, boolean | undefined>)[SCOPE] === true),
          fail: () => resolve(false),
        });
      },
      fail: () => resolve(false),
    });
  });
}

export async function ensureAlbumAccess(): Promise<AlbumAccess> {
  const setting = await getSetting();
  const state = setting ? (setting.authSetting as Record<string, boolean | undefined>)[SCOPE] : undefined;
  if (state === true) return 'granted';
  if (state === undefined) return (await authorize()) ? 'granted' : 'refused';
  return (await offerSettings()) ? 'granted' : 'refused';
}

export function saveToAlbum(filePath: string): Promise<{ ok: true } | { ok: false; errMsg: string }> {
  return new Promise((resolve) => {
    wx.saveImageToPhotosAlbum({
      filePath,
      success: () => resolve({ ok: true }),
      fail: (err) => resolve({ ok: false, errMsg: err.errMsg || '' }),
    });
  });
}

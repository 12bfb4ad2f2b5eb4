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

function confirm(title: string, content: string, confirmText: string): Promise<boolean> {
  return new Promise((resolve) => {
    wx.showModal({ title, content, confirmText, success: (res) => resolve(!!res.confirm), fail: () => resolve(false) });
  });
}

function openSetting(): Promise<boolean> {
  return new Promise((resolve) => {
    wx.openSetting({
      success: (res) => resolve((res.authSetting as Record<string, boolean | undefined>)[SCOPE] === true),
      fail: () => resolve(false),
    });
  });
}

export async function ensureAlbumAccess(): Promise<AlbumAccess> {
  const setting = await getSetting();
  const state = setting ? (setting.authSetting as Record<string, boolean | undefined>)[SCOPE] : undefined;
  if (state === true) return 'granted';
  if (state === undefined) return (await authorize()) ? 'granted' : 'refused';
  const go = await confirm('需要相册权限', '保存海报需要允许“添加到相册”，请在设置中打开后再保存。', '去设置');
  if (!go) return 'refused';
  return (await openSetting()) ? 'granted' : 'refused';
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

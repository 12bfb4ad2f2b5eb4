// WeChat's privacy-consent APIs (base library ≥ 2.32.3), typed and guarded.
// With `__usePrivacyCheck__` on, personal data may only be collected after
// the member agrees through <button open-type="agreePrivacyAuthorization">.

export type PrivacyResolve = (option: {
  event: 'agree' | 'disagree' | 'exposureAuthorization';
  buttonId?: string;
}) => void;

export interface PrivacySetting {
  needAuthorization: boolean;
  privacyContractName: string;
}

/** The id of the page's agree button; WeChat checks it was really tapped. */
export const PRIVACY_AGREE_BUTTON_ID = 'agree-btn';

export const DEFAULT_CONTRACT_NAME = '《用户隐私保护指引》';

// The bundled typings declare the listener as `(res) => void`; the real
// listener receives `resolve` and an info object (see the API's docs).
interface PrivacyApi {
  getPrivacySetting?: (option: {
    success?: (res: { needAuthorization: boolean; privacyContractName?: string }) => void;
    fail?: () => void;
  }) => void;
  onNeedPrivacyAuthorization?: (listener: (resolve: PrivacyResolve, info?: { referrer?: string }) => void) => void;
  openPrivacyContract?: (option: { fail?: () => void }) => void;
}

function api(): PrivacyApi {
  return wx as unknown as PrivacyApi;
}

/** Whether the member still has to agree; old base libraries need nothing. */
export function getPrivacySetting(): Promise<PrivacySetting> {
  const getter = api().getPrivacySetting;
  if (typeof getter !== 'function') {
    return Promise.resolve({
      needAuthorization: false,
      privacyContractName: DEFAULT_CONTRACT_NAME,
    });
  }
  return new Promise((resolve) => {
    getter({
      success: (res) =>
        resolve({
          needAuthorization: !!res.needAuthorization,
          privacyContractName: res.privacyContractName || DEFAULT_CONTRACT_NAME,
        }),
      // When the setting cannot be read, ask: asking too often is harmless.
      fail: () =>
        resolve({
          needAuthorization: true,
          privacyContractName: DEFAULT_CONTRACT_NAME,
        }),
    });
  });
}

/** Called when a privacy API or component waits for consent. */
export function onNeedPrivacyAuthorization(listener: (resolve: PrivacyResolve) => void): void {
  const on = api().onNeedPrivacyAuthorization;
  if (typeof on === 'function') on((resolve) => listener(resolve));
}

export function openPrivacyContract(): void {
  const open = api().openPrivacyContract;
  if (typeof open === 'function') {
    open({
      fail: () => wx.showToast({ title: '暂时无法打开隐私保护指引', icon: 'none' }),
    });
  }
}

// Platform rules of WeChat that a browser cannot feel on its own, shared by
// the browser preview's wx and the page tests' fake wx (test/mp/setup.ts),
// so both refuse the same calls with the same errMsg. Dependency-free.

/**
 * APIs that open only from a member's tap: called synchronously in a tap
 * handler (or a modal's confirm). wx.openSetting, base library 2.3.0+:
 * https://developers.weixin.qq.com/miniprogram/dev/api/open-api/setting/wx.openSetting.html
 * ("此接口从基础库 2.3.0 版本起，需要用户发生点击行为后，才可以跳转打开设置页").
 * wx.addPhoneCalendar ("限制：仅在点击行为时调用"):
 * https://developers.weixin.qq.com/miniprogram/dev/api/device/calendar/wx.addPhoneCalendar.html
 */
export const TAP_ONLY_APIS: ReadonlySet<string> = new Set(['openSetting', 'addPhoneCalendar']);

/** APIs whose success is a member's tap on a native dialog (confirm, or an item picked). */
export const TAP_ANSWER_APIS: ReadonlySet<string> = new Set(['showModal', 'showActionSheet']);

/** Moments single-page mode: a shared page opened from the timeline. */
export const SINGLE_PAGE_SCENE = 1154;

/**
 * Navigation single-page mode refuses
 * (https://developers.weixin.qq.com/miniprogram/dev/framework/open-ability/share-timeline.html,
 * 单页模式下的限制: "页面无导航栏，也不能跳转到其他页面").
 */
export const SINGLE_PAGE_BLOCKED_APIS: ReadonlySet<string> = new Set([
  'navigateTo',
  'redirectTo',
  'switchTab',
  'reLaunch',
]);

export interface PlatformState {
  /** The scene the mini program was entered with (wx.getEnterOptionsSync().scene). */
  scene: number | undefined;
  /** True while a member's tap (or a dialog's confirm) is being handled. */
  tapping: boolean;
}

export interface Refusal {
  errMsg: string;
  /**
   * Set when the call is a bug in the page (a button that does nothing for
   * the member): the preview shows it, a page test fails on it.
   */
  bug?: string;
}

/** Whether WeChat refuses `api` now, and how. */
export function platformRefusal(api: string, state: PlatformState): Refusal | null {
  if (TAP_ONLY_APIS.has(api) && !state.tapping)
    return { errMsg: `${api}:fail can only be invoked by user TAP gesture.` };
  if (SINGLE_PAGE_BLOCKED_APIS.has(api) && state.scene === SINGLE_PAGE_SCENE)
    return {
      errMsg: `${api}:fail not supported in single page mode`,
      bug: `wx.${api} was called in Moments single-page mode (scene ${SINGLE_PAGE_SCENE}), where WeChat allows no navigation`,
    };
  return null;
}

/** Whether a settled dialog answer counts as the member's tap for its success callback. */
export function answerIsTap(api: string, ok: boolean, res: Record<string, unknown>): boolean {
  return ok && TAP_ANSWER_APIS.has(api) && res.cancel !== true;
}

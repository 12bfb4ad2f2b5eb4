/* global Page, getApp, wx */
const log = (hook) => getApp().log.push('me:' + hook);

Page({
  data: { shown: 0, settingResult: '' },
  // wx.openSetting opens only from a tap: this handler is one.
  openSetting() {
    wx.openSetting({
      complete: (res) => this.setData({ settingResult: res.errMsg }),
    });
  },
  onLoad() {
    log('onLoad');
  },
  onShow() {
    log('onShow');
  },
  onHide() {
    log('onHide');
  },
  onUnload() {
    log('onUnload');
  },
});

/* global Page, getApp */
const log = (hook) => getApp().log.push('me:' + hook);

Page({
  data: { shown: 0 },
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

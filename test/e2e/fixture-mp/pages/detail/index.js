/* global Component, getApp, wx */
const log = (hook) => getApp().log.push('detail:' + hook);

Component({
  // A page's properties receive the query values they name.
  properties: { id: { type: String, value: '' } },
  data: { queryText: '' },
  methods: {
    onLoad(query) {
      log('onLoad ' + JSON.stringify(query));
      this.setData({ queryText: JSON.stringify(query) });
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
    onBack() {
      wx.navigateBack();
    },
    onRedirect() {
      wx.redirectTo({ url: '/pages/detail/index?id=43' });
    },
    onRelaunch() {
      wx.reLaunch({ url: '/pages/me/index' });
    },
  },
});

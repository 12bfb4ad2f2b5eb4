/* global App */
// Every lifecycle the preview runs, in order: the tests read getApp().log.
App({
  log: [],
  onLaunch() {
    this.log.push('app:onLaunch');
  },
});

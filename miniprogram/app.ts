// App entry. Local mode (DevTools or the browser preview against
// `npm start`) routes the typed client to the local cloud's HTTP endpoint.
import { httpTransport, setTransport } from './services/cloud';
import { localCloudConfig } from './services/env';

App({
  onLaunch() {
    const local = localCloudConfig();
    if (local) {
      setTransport(httpTransport(local.baseUrl, local.openid));
      return;
    }
    if (wx.cloud) {
      wx.cloud.init({ env: 'YOUR-CLOUD-ENV-ID', traceUser: true });
    }
  },
});

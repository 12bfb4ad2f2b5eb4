// App entry. Local mode (DevTools or the browser preview against
// `npm start`) routes the typed client to the local cloud's HTTP endpoint.
import { DEPLOYMENT } from './contract/deployment';
import { httpTransport, setTransport } from './services/cloud';
import { localCloudConfig } from './services/env';
import { installPrivacyListener } from './utils/privacy';

App({
  onLaunch() {
    // One consent listener for every page (utils/privacy.ts), before any page asks.
    installPrivacyListener();
    const local = localCloudConfig();
    if (local) {
      setTransport(httpTransport(local.baseUrl, local.openid));
      return;
    }
    if (wx.cloud) {
      // The deployed environment (npm run deploy writes it); without one, DevTools' current one.
      const env = DEPLOYMENT.cloudEnv;
      wx.cloud.init(env ? { env, traceUser: true } : { traceUser: true });
    }
  },
});

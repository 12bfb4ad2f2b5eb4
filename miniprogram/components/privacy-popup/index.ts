// The consent popup for a page that uses privacy APIs (album, camera,
// clipboard): utils/privacy.ts routes WeChat's onNeedPrivacyAuthorization
// here while this page is on screen. 同意 settles the waiting API through
// the agreePrivacyAuthorization button; 不同意 declines it (the API fails).
//
//   <privacy-popup purpose="保存海报到相册" />
import {
  addPrivacyHost,
  DEFAULT_CONTRACT_NAME,
  getPrivacySetting,
  openPrivacyContract,
  pageOf,
  PrivacyRequests,
} from '../../utils/privacy';

interface Hidden {
  requests: PrivacyRequests;
  remove: () => void;
}
const hidden = new WeakMap<object, Hidden>();

Component({
  properties: {
    /** What the page needs consent for, in a few words (保存海报到相册). */
    purpose: { type: String, value: '' },
  },

  data: {
    show: false,
    contractName: DEFAULT_CONTRACT_NAME,
  },

  lifetimes: {
    attached() {
      const requests = new PrivacyRequests();
      const remove = addPrivacyHost({
        page: pageOf(this),
        ask: (resolve) => {
          requests.add(resolve);
          if (!this.data.show) this.setData({ show: true });
          getPrivacySetting().then((setting) => {
            if (setting.privacyContractName !== this.data.contractName) {
              this.setData({ contractName: setting.privacyContractName });
            }
          });
        },
      });
      hidden.set(this, { requests, remove });
    },
    detached() {
      const state = hidden.get(this);
      if (!state) return;
      state.remove();
      // The page is gone: nothing may wait for an answer from it.
      state.requests.disagree();
      hidden.delete(this);
    },
  },

  methods: {
    onAgree() {
      const state = hidden.get(this);
      this.setData({ show: false });
      if (state) state.requests.agree();
      this.triggerEvent('agree');
    },

    onDisagree() {
      const state = hidden.get(this);
      this.setData({ show: false });
      if (state) state.requests.disagree();
      wx.showToast({ title: '未同意隐私保护指引，无法继续', icon: 'none' });
      this.triggerEvent('disagree');
    },

    onOpenContract() {
      openPrivacyContract();
    },
  },
});

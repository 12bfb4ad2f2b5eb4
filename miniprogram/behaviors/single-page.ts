// Moments single-page mode (scene 1154: a shared page opened from 朋友圈
// without the full mini program, so no login and no navigation): taps that
// would navigate, sign up or make a poster show the prompt to open the mini
// program instead. As a Behavior for the pages a share opens (report, event).
//
// Template data: singlePage (the page is in that mode, from
// checkSinglePage() on load), promptShown (for
// <single-page-prompt show="{{ promptShown }}" bind:close="onPromptClose">).
import { isSinglePageMode, showShareMenus } from '../utils/share';

export const singlePageMode = Behavior({
  data: {
    singlePage: false,
    promptShown: false,
  },
  methods: {
    /** On load: whether the page is in single-page mode; outside it, the share menus are shown (if `shareMenus`). */
    checkSinglePage(shareMenus = true): boolean {
      const singlePage = isSinglePageMode();
      if (singlePage) this.setData({ singlePage });
      else if (shareMenus) showShareMenus();
      return singlePage;
    },

    /** In single-page mode: shows the prompt and answers true, and the tap does nothing else. */
    promptIfSinglePage(): boolean {
      if (!this.data.singlePage) return false;
      this.setData({ promptShown: true });
      return true;
    },

    onPromptClose() {
      this.setData({ promptShown: false });
    },
  },
});

// Moments single-page mode: member actions (sign-up, sharing, posters) are
// not available there; this says how to reach them (WeChat's own bar at the
// bottom, 前往小程序, opens the full mini program on the same page).
import { SINGLE_PAGE_PROMPT } from '../../utils/share';

Component({
  properties: {
    show: { type: Boolean, value: false },
  },
  data: {
    text: SINGLE_PAGE_PROMPT,
  },
  methods: {
    onClose() {
      this.triggerEvent('close');
    },
  },
});

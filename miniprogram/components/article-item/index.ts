// One report in a list: cover thumbnail, title (two lines at most), column,
// date and 阅读 count. Tapping opens the report page (like van-cell's url)
// and emits `click` with the article id for pages that want to know.
//
//   <article-item article="{{ item }}" />   item: ArticleItemView (./view.ts)

import { isColumn } from '../../contract/index';
import { articleUrl } from './view';

Component({
  options: { addGlobalClass: true },
  externalClasses: ['custom-class'],
  properties: {
    /** An ArticleItemView (./view.ts). */
    article: { type: Object, value: null },
    /** Hide the column tag (e.g. inside a column tab). */
    hideColumn: { type: Boolean, value: false },
  },
  methods: {
    onTap(
      e: WechatMiniprogram.TouchEvent<
        WechatMiniprogram.IAnyObject,
        WechatMiniprogram.IAnyObject,
        { id?: string; column?: string; at?: number | string }
      >,
    ) {
      const { id, column } = e.currentTarget.dataset;
      if (!id) return;
      const at = Number(e.currentTarget.dataset.at);
      this.triggerEvent('click', { id });
      wx.navigateTo({ url: articleUrl(id, isColumn(column) && Number.isSafeInteger(at) ? { column, at } : undefined) });
    },
  },
});

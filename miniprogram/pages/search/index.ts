// Search reports by anything they say (`content/articles.search`: title,
// source, summary and body). The query is checked here first (1–40
// characters); results page like home and show the sentence that matched.

import { ARTICLE_RULES, type SearchResult } from '../../contract/index';
import { call } from '../../services/cloud';
import { pagedList } from '../../behaviors/paged-list';
import { toSearchItem, type ArticleItemView } from '../../components/article-item/view';
import { queryText } from '../../utils/format';
import { checkQuery } from './query';

/** Vant's field events carry the value itself as `detail`. */
interface VantEvent<D> {
  detail: D;
}

const results = pagedList<SearchResult, ArticleItemView>({
  load: (q, cursor) => call('content', 'articles.search', cursor ? { q, cursor } : { q }),
  toView: (item) => toSearchItem(item),
});

Component({
  behaviors: [results],
  data: {
    q: '',
    invalid: '',
    maxlength: ARTICLE_RULES.searchMax,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const q = queryText(query.q);
      if (q) {
        this.setData({ q });
        this.submit(q);
      }
    },
    onPullDownRefresh() {
      if (this.data.listKey) this.refreshList();
      else wx.stopPullDownRefresh();
    },
    onInput(e: VantEvent<string>) {
      const patch: Record<string, string> = { q: e.detail };
      if (this.data.invalid) patch.invalid = '';
      this.setData(patch);
    },
    onSearch(e: VantEvent<string>) {
      this.submit(typeof e.detail === 'string' ? e.detail : this.data.q);
    },
    onClear() {
      this.setData({ q: '', invalid: '' });
    },
    onCancel() {
      wx.navigateBack({ fail: () => wx.switchTab({ url: '/pages/home/index' }) });
    },
    onRetry() {
      this.retryList();
    },
    submit(raw: string) {
      const checked = checkQuery(raw);
      if (!checked.ok) {
        this.setData({ invalid: checked.message });
        return;
      }
      if (this.data.invalid) this.setData({ invalid: '' });
      // The search key pressed twice while the same query loads: one call.
      if (this.data.loading && this.data.listKey === checked.q) return;
      this.reloadList(checked.q);
    },
  },
});

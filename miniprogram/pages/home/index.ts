// Home (tab): the association's reports by column, newest first. Column
// tabs come from the contract; the list is the paged-list Behavior over
// `content/articles.list`.

import { ARTICLE_RULES, COLUMNS, isColumn, type ArticleSummary } from '../../contract/index';
import { call } from '../../services/cloud';
import { pagedList } from '../../behaviors/paged-list';
import { toArticleItem, type ArticleItemView } from '../../components/article-item/view';
import { queryText } from '../../utils/format';

/** The first tab lists every column; its key is ''. */
const ALL_TAB = '全部';
const TABS: string[] = [ALL_TAB, ...COLUMNS];

function keyOfTab(index: number): string {
  const title = TABS[index];
  return title && isColumn(title) ? title : '';
}

const articleList = pagedList<ArticleSummary, ArticleItemView>({
  load(key, cursor) {
    return call('content', 'articles.list', {
      pageSize: ARTICLE_RULES.pageSizeDefault,
      ...(isColumn(key) ? { column: key } : {}),
      ...(cursor ? { cursor } : {}),
    });
  },
  toView: (item) => toArticleItem(item),
});

Component({
  behaviors: [articleList],
  data: {
    tabs: TABS,
    activeTab: 0,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      // A link may open a column directly: /pages/home/index?column=通知公告
      const column = queryText(query.column);
      const index = isColumn(column) ? TABS.indexOf(column) : 0;
      if (index !== this.data.activeTab) this.setData({ activeTab: index });
      this.reloadList(keyOfTab(index));
    },
    onTabChange(e: WechatMiniprogram.CustomEvent<{ index: number }>) {
      const index = e.detail.index;
      if (index === this.data.activeTab) return;
      this.setData({ activeTab: index });
      this.reloadList(keyOfTab(index));
      wx.pageScrollTo({ scrollTop: 0, duration: 0 });
    },
    onRetry() {
      this.retryList();
    },
    onSearchTap() {
      wx.navigateTo({ url: '/pages/search/index' });
    },
    onShareAppMessage(): WechatMiniprogram.Page.ICustomShareContent {
      return { title: '安徽省环保产业协会 · 协会报道', path: '/pages/home/index' };
    },
  },
});

// Reports in the console: drafts and published, newest first, each opening
// the editor. The list refreshes when the editor closes.
import type { ArticleStatus, ArticleSummary } from '../../../contract/index';
import { pagedList, tabKey, type ListTab } from '../../../behaviors/paged-list';
import { call } from '../../../services/cloud';
import { formatCount, formatDateTime } from '../../../utils/format';

interface ArticleRow {
  id: string;
  title: string;
  column: string;
  date: string;
  views: string;
}

const TABS: [ListTab<ArticleStatus>, ListTab<ArticleStatus>] = [
  { name: 'draft', title: '草稿' },
  { name: 'published', title: '已发布' },
];

const list = pagedList<ArticleSummary, ArticleRow>({
  load: (key, cursor) =>
    call('content', 'articles.adminList', { status: tabKey(TABS, key), ...(cursor ? { cursor } : {}) }),
  toView: (a) => ({
    id: a.id,
    title: a.title,
    column: a.column,
    date: formatDateTime(a.publishedAt),
    views: formatCount(a.views),
  }),
  idOf: (row) => row.id,
  tabs: TABS,
});

Component({
  behaviors: [list],
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.reloadList(tabKey(TABS, query.status));
    },

    onShow() {
      // Back from the editor: what was saved or published moves lists.
      this.refreshListOnReturn();
    },

    onOpen(e: { currentTarget: { dataset: { id?: string } } }) {
      const id = e.currentTarget.dataset.id;
      if (id) wx.navigateTo({ url: `/admin/pages/editor/index?id=${encodeURIComponent(id)}` });
    },

    onStats(e: { currentTarget: { dataset: { id?: string } } }) {
      const id = e.currentTarget.dataset.id;
      if (id) wx.navigateTo({ url: `/admin/pages/stats/index?id=${encodeURIComponent(id)}` });
    },

    onNew() {
      wx.navigateTo({ url: '/admin/pages/editor/index' });
    },
  },
});

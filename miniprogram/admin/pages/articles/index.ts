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
  toView: ({ id, title, column, publishedAt, views }) => ({
    id,
    title,
    column,
    date: formatDateTime(publishedAt),
    views: formatCount(views),
  }),
  tabs: TABS,
  // Back from the editor: what was saved or published moves lists (refreshed on show).
  start: { query: 'status' },
});

Component({
  behaviors: [list],
  methods: {
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

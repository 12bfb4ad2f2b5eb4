// Reports in the console: drafts and published, newest first, each opening
// the editor. The list refreshes when the editor closes.
import type { ArticleStatus, ArticleSummary } from '../../../contract/index';
import { pagedList } from '../../../behaviors/paged-list';
import { call } from '../../../services/cloud';
import { formatCount, formatDateTime } from '../../../utils/format';

interface ArticleRow {
  id: string;
  title: string;
  column: string;
  date: string;
  views: string;
}

const TABS: Array<{ name: ArticleStatus; title: string }> = [
  { name: 'draft', title: '草稿' },
  { name: 'published', title: '已发布' },
];

function asStatus(value: unknown): ArticleStatus {
  return value === 'published' ? 'published' : 'draft';
}

const list = pagedList<ArticleSummary, ArticleRow>({
  load: (key, cursor) =>
    call('content', 'articles.adminList', { status: asStatus(key), ...(cursor ? { cursor } : {}) }),
  toView: (a) => ({
    id: a.id,
    title: a.title,
    column: a.column,
    date: formatDateTime(a.publishedAt),
    views: formatCount(a.views),
  }),
  idOf: (row) => row.id,
});

Component({
  behaviors: [list],
  data: {
    tabs: TABS,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.reloadList(asStatus(query.status));
    },

    onShow() {
      // Back from the editor: what was saved or published moves lists.
      this.refreshListOnReturn();
    },

    onTabChange(e: { detail: { name?: unknown } }) {
      const status = asStatus(e.detail.name);
      if (status !== this.data.listKey) this.reloadList(status);
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

// A report's reach (issue 5's stats.article): views, readers, shares, the
// group chats it reached, views that came through shares, top sharers.
import type { ArticleShareStats } from '../../../contract/index';
import { call, CloudError, errorMessage } from '../../../services/cloud';
import { formatCount, queryText } from '../../../utils/format';
import { FORBIDDEN_TITLE, isForbidden, toast } from '../../utils/guard';

type Status = 'loading' | 'ready' | 'forbidden' | 'not-found' | 'error';

interface Figure {
  key: string;
  label: string;
  value: string;
}

export function figuresOf(s: ArticleShareStats): Figure[] {
  return [
    { key: 'views', label: '阅读', value: formatCount(s.views) },
    { key: 'readers', label: '读者', value: formatCount(s.readers) },
    { key: 'shares', label: '分享', value: formatCount(s.shares) },
    { key: 'groups', label: '触达群聊', value: formatCount(s.groups) },
    { key: 'shareViews', label: '分享带来的阅读', value: formatCount(s.shareViews) },
  ];
}

Component({
  data: {
    status: 'loading' as Status,
    loadError: '',
    forbiddenTitle: FORBIDDEN_TITLE,
    id: '',
    title: '',
    figures: [] as Figure[],
    sharers: [] as Array<{ name: string; shares: number; views: number }>,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const id = queryText(query.id);
      this.setData({ id });
      if (!id) this.setData({ status: 'not-found' });
      else this.load();
    },

    onPullDownRefresh() {
      this.load().then(() => wx.stopPullDownRefresh());
    },

    async load(): Promise<void> {
      try {
        const s = await call('content', 'stats.article', { id: this.data.id });
        this.setData({ status: 'ready', title: s.title, figures: figuresOf(s), sharers: s.topSharers });
      } catch (err) {
        if (this.data.status === 'ready') toast(errorMessage(err));
        else if (isForbidden(err)) this.setData({ status: 'forbidden' });
        else if (err instanceof CloudError && err.code === 'NOT_FOUND') this.setData({ status: 'not-found' });
        else this.setData({ status: 'error', loadError: errorMessage(err) });
      }
    },

    onRetryLoad() {
      this.setData({ status: 'loading' });
      this.load();
    },
  },
});

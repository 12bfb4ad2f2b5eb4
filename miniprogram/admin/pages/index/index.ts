// The console's home, reached from 我的 by admins: reports, events, attendance, roles;
// and 更新搜索索引, the one-off backfill of search terms for reports saved
// before search covered the whole text (articles.reindex, in batches).
// A member who arrives here anyway (a shared link) is told it is for admins;
// the server refuses every console action to them regardless.
import { call, errorMessage } from '../../../services/cloud';
import { FORBIDDEN_DESCRIPTION, FORBIDDEN_TITLE, isForbidden, toast } from '../../utils/guard';

/** A stop for the batch loop; 1,000 batches cover 20,000 reports. */
const REINDEX_ROUNDS_MAX = 1000;

type Status = 'loading' | 'ready' | 'forbidden' | 'error';

export const CONSOLE_ENTRIES = [
  {
    id: 'entry-articles',
    title: '报道管理',
    label: '草稿、已发布、撤回',
    icon: 'notes-o',
    url: '/admin/pages/articles/index',
  },
  {
    id: 'entry-new-article',
    title: '写报道',
    label: '段落、小标题、现场照片',
    icon: 'edit',
    url: '/admin/pages/editor/index',
  },
  {
    id: 'entry-events',
    title: '活动管理',
    label: '创建、编辑、报名名单、导出、扫码签到',
    icon: 'flag-o',
    url: '/admin/pages/events/index',
  },
  {
    id: 'entry-attendance',
    title: '出勤统计',
    label: '各活动报名、签到、未到，各单位参加次数',
    icon: 'chart-trending-o',
    url: '/admin/pages/attendance/index',
  },
  { id: 'entry-roles', title: '管理员', label: '设置或取消管理员', icon: 'manager-o', url: '/admin/pages/roles/index' },
];

Component({
  data: {
    status: 'loading' as Status,
    error: '',
    entries: CONSOLE_ENTRIES,
    forbiddenTitle: FORBIDDEN_TITLE,
    forbiddenDescription: FORBIDDEN_DESCRIPTION,
    reindexing: false,
    reindexNote: '让正文里的人名、单位也能搜到（已是最新时不做改动）',
  },
  methods: {
    onLoad() {
      this.load();
    },

    async load() {
      if (this.data.status !== 'loading') this.setData({ status: 'loading', error: '' });
      try {
        const me = await call('events', 'roles.me');
        this.setData({ status: me.isAdmin ? 'ready' : 'forbidden' });
      } catch (err) {
        if (isForbidden(err)) this.setData({ status: 'forbidden' });
        else this.setData({ status: 'error', error: errorMessage(err) });
      }
    },

    onRetry() {
      this.load();
    },

    async onReindex() {
      if (this.data.reindexing) return;
      this.setData({ reindexing: true, reindexNote: '正在更新…' });
      let updated = 0;
      try {
        for (let round = 0; round < REINDEX_ROUNDS_MAX; round++) {
          const res = await call('content', 'articles.reindex');
          updated += res.updated;
          this.setData({ reindexNote: `正在更新…已完成 ${updated} 篇` });
          if (!res.remaining) break;
        }
        const note = updated ? `已更新 ${updated} 篇报道的搜索索引` : '搜索索引已是最新';
        this.setData({ reindexing: false, reindexNote: note });
        toast(note, 'success');
      } catch (err) {
        // Safe to run again: it carries on with what is left.
        const note = `${errorMessage(err)}（已更新 ${updated} 篇，可再次点击继续）`;
        this.setData({ reindexing: false, reindexNote: note });
        toast(errorMessage(err));
      }
    },
  },
});

// The console's home, reached from 我的 by admins: reports, events, roles.
// A member who arrives here anyway (a shared link) is told it is for admins;
// the server refuses every console action to them regardless.
import { call, errorMessage } from '../../../services/cloud';
import { FORBIDDEN_DESCRIPTION, FORBIDDEN_TITLE, isForbidden } from '../../utils/guard';

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
  { id: 'entry-roles', title: '管理员', label: '设置或取消管理员', icon: 'manager-o', url: '/admin/pages/roles/index' },
];

Component({
  data: {
    status: 'loading' as Status,
    error: '',
    entries: CONSOLE_ENTRIES,
    forbiddenTitle: FORBIDDEN_TITLE,
    forbiddenDescription: FORBIDDEN_DESCRIPTION,
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
  },
});

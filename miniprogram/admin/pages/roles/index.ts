// Who may use the console: the admins (those from ADMIN_OPENIDS marked, not
// revocable here), and members found by name or unit, to make admin.
// The server refuses to remove the last admin (LAST_ADMIN).
import { ROLE_MESSAGES, ROLE_RULES, type RoleEntry } from '../../../contract/index';
import { call, errorMessage } from '../../../services/cloud';
import { charLength } from '../../../utils/validate';
import { confirm, FORBIDDEN_TITLE, isForbidden, toast } from '../../utils/guard';

type Status = 'loading' | 'ready' | 'forbidden' | 'error';

interface PersonRow extends RoleEntry {
  who: string;
}

function rowOf(e: RoleEntry): PersonRow {
  return { ...e, who: e.name || '（未填写姓名）' };
}

Component({
  data: {
    status: 'loading' as Status,
    loadError: '',
    forbiddenTitle: FORBIDDEN_TITLE,
    q: '',
    qError: '',
    searching: false,
    admins: [] as PersonRow[],
    members: [] as PersonRow[],
    busy: '',
  },
  methods: {
    onLoad() {
      this.load();
    },

    async load(): Promise<void> {
      const q = this.data.q.trim();
      if (charLength(q) > ROLE_RULES.searchMax) {
        this.setData({ qError: ROLE_MESSAGES.search });
        return;
      }
      this.setData({ searching: true, qError: '' });
      try {
        const res = await call('events', 'roles.list', q ? { q } : {});
        this.setData({ status: 'ready', admins: res.admins.map(rowOf), members: res.members.map(rowOf) });
      } catch (err) {
        if (this.data.status === 'ready') toast(errorMessage(err));
        else if (isForbidden(err)) this.setData({ status: 'forbidden' });
        else this.setData({ status: 'error', loadError: errorMessage(err) });
      }
      this.setData({ searching: false });
    },

    onRetryLoad() {
      this.setData({ status: 'loading' });
      this.load();
    },

    onQueryChange(e: { detail: unknown }) {
      this.setData({ q: typeof e.detail === 'string' ? e.detail : '', qError: '' });
    },

    onSearch() {
      this.load();
    },

    async onGrant(e: { currentTarget: { dataset: { openid?: string } } }) {
      const person = this.data.members.find((m) => m.openid === e.currentTarget.dataset.openid);
      if (!person || this.data.busy) return;
      const ok = await confirm({
        title: '设为管理员',
        content: `${person.who}（${person.unit || '未填写单位'}）将可以发布报道、管理活动和名单。`,
        confirmText: '设为管理员',
      });
      if (!ok) return;
      await this.change('roles.grant', person, `${person.who} 已设为管理员`);
    },

    async onRevoke(e: { currentTarget: { dataset: { openid?: string } } }) {
      const person = this.data.admins.find((m) => m.openid === e.currentTarget.dataset.openid);
      if (!person || person.fromEnv || this.data.busy) return;
      const ok = await confirm({
        title: '取消管理员',
        content: `取消后 ${person.who} 将不能再使用管理后台。`,
        confirmText: '取消管理员',
        danger: true,
      });
      if (!ok) return;
      await this.change('roles.revoke', person, `已取消 ${person.who} 的管理员`);
    },

    async change(action: 'roles.grant' | 'roles.revoke', person: PersonRow, done: string) {
      this.setData({ busy: person.openid });
      try {
        await call('events', action, { openid: person.openid });
        toast(done);
        await this.load();
      } catch (err) {
        toast(errorMessage(err));
      }
      this.setData({ busy: '' });
    },
  },
});

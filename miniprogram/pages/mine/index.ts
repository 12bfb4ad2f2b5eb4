// 我的 tab: the member's profile (as remembered from the last sign-up form)
// and the entries to 我的报名 and, for admins, the console (issue 6).
import { call, errorMessage } from '../../services/cloud';
import { signupVersion } from '../../utils/signup-state';

interface AdminEntry {
  title: string;
  icon: string;
  url: string;
}

/**
 * The admin console (the `admin` subpackage, downloaded only when opened).
 * Shown only when the caller is an admin (roles.me, which also knows the
 * ADMIN_OPENIDS admins who never filled in a profile); the server checks
 * again on every call.
 */
const ADMIN_ENTRIES: AdminEntry[] = [{ title: '管理后台', icon: 'setting-o', url: '/admin/pages/index/index' }];

const loadedVersion = new WeakMap<object, number>();

Component({
  data: {
    loading: true,
    error: '',
    hasProfile: false,
    name: '',
    unitLine: '',
    initial: '会',
    isAdmin: false,
    adminEntries: ADMIN_ENTRIES,
  },
  methods: {
    onLoad() {
      this.load();
    },

    onShow() {
      // The form remembers the profile: show what was just submitted.
      const seen = loadedVersion.get(this);
      if (seen !== undefined && seen !== signupVersion()) this.load();
    },

    onRetry() {
      this.setData({ loading: true, error: '' });
      this.load();
    },

    async load() {
      loadedVersion.set(this, signupVersion());
      try {
        const [profile, admin] = await Promise.all([
          call('events', 'member.get', {}),
          // Best effort: without it the profile's role decides.
          call('events', 'roles.me').then(
            (me) => me.isAdmin,
            () => false,
          ),
        ]);
        const name = profile ? profile.name : '';
        this.setData({
          loading: false,
          error: '',
          hasProfile: !!name,
          name,
          unitLine: profile ? [profile.unit, profile.position].filter((s) => !!s).join(' · ') : '',
          initial: name ? Array.from(name)[0] || '会' : '会',
          isAdmin: admin || (!!profile && profile.role === 'admin'),
        });
      } catch (err) {
        this.setData({ loading: false, error: errorMessage(err) });
      }
    },
  },
});

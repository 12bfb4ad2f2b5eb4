// A console page's first load, as a Behavior: the states its template shows
// while and after loading (加载中, the page, 仅协会管理员…, gone, an error
// with 重新加载).
//
// Template data: status ('loading' | 'ready' | 'forbidden' | 'not-found' |
// 'error'), loadError (Chinese, for the error state), forbiddenTitle.
import { FORBIDDEN_TITLE, loadFailure } from '../utils/guard';

export type LoadStatus = 'loading' | 'ready' | 'forbidden' | 'not-found' | 'error';

export const firstLoad = Behavior({
  data: {
    status: 'loading' as LoadStatus,
    loadError: '',
    forbiddenTitle: FORBIDDEN_TITLE,
  },
  methods: {
    /** The first load failed: not allowed, gone, or an error to retry. */
    loadFailed(err: unknown): void {
      this.setData(loadFailure(err));
    },
  },
});

// 活动 tab: 即将开始 / 已结束, each a cursor-paged list with skeleton,
// empty and error states, pull-down refresh and infinite scroll.
import type { EventSummary } from '../../contract/index';
import { pagedList, tabKey } from '../../behaviors/paged-list';
import { call } from '../../services/cloud';
import { SCOPE_TABS, toEventRow, type EventRow } from '../../utils/event-view';
import { signupVersion } from '../../utils/signup-state';

const list = pagedList<EventSummary, EventRow>({
  load: (key, cursor) =>
    call('events', 'events.list', {
      scope: tabKey(SCOPE_TABS, key),
      ...(cursor ? { cursor } : {}),
    }),
  toView: (event) => toEventRow(event, Date.now()),
  tabs: SCOPE_TABS,
  start: { query: 'scope' },
  // A sign-up made or cancelled elsewhere changes the badges.
  version: signupVersion,
});

Component({
  behaviors: [list],
  methods: {
    onShareAppMessage() {
      return {
        title: '安徽省环保产业协会 · 共建活动',
        path: '/pages/events/index',
      };
    },
  },
});

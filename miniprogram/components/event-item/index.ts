// One event in a list: title, time, place, seats line (剩余N个名额 / 已满 /
// 已截止, with 需审核 when sign-ups wait for approval) and the member's own status badge. Tapping opens the event page
// and emits `click` with the id. A default slot takes extra lines (我的报名
// puts the check-in code and the cancel button there; wrap taps in catch:tap).
//
//   <event-item event="{{ item }}" />   item: EventRow (utils/event-view.ts)

Component({
  options: { addGlobalClass: true },
  externalClasses: ['custom-class'],
  properties: {
    /** An EventRow (utils/event-view.ts); typed loosely by the typings. */
    event: Object,
  },
  methods: {
    onTap() {
      const id: unknown = this.data.event ? this.data.event.id : undefined;
      if (typeof id !== 'string' || !id) return;
      this.triggerEvent('click', { id });
      wx.navigateTo({ url: `/pages/event/index?id=${encodeURIComponent(id)}` });
    },
  },
});

// The footer of a paged list: "加载中…", a tap-to-retry line after a failed
// page, or "没有更多了". Generic: any paged list may use it.
//
//   <load-more status="{{ loadingMore ? 'loading' : error ? 'error' : hasMore ? 'idle' : 'done' }}"
//              bind:retry="onRetry" />

Component({
  options: { addGlobalClass: true },
  properties: {
    /** 'idle' | 'loading' | 'error' | 'done' */
    status: { type: String, value: 'idle' },
    /** Shown with status 'error'. */
    errorText: { type: String, value: '加载失败，点击重试' },
    doneText: { type: String, value: '没有更多了' },
  },
  methods: {
    onRetry() {
      if (this.data.status === 'error') this.triggerEvent('retry');
    },
  },
});

/* global Component, wx */
function rows(n) {
  return Array.from({ length: n }, (_, i) => i + 1);
}

Component({
  data: { rows: rows(40), refreshed: 0, bottom: 0 },
  methods: {
    onPullDownRefresh() {
      this.setData({ refreshed: this.data.refreshed + 1 });
      setTimeout(() => wx.stopPullDownRefresh(), 300);
    },
    onReachBottom() {
      this.setData({ bottom: this.data.bottom + 1, rows: rows(this.data.rows.length + 20) });
    },
  },
});

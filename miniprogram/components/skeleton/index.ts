// Grey placeholders shaped like what is loading, so the page does not jump
// when it arrives. variant 'list': `count` report rows (thumbnail + lines);
// variant 'article': a report's heading, meta line and paragraphs; variant
// 'card': `count` plain cards (title + two lines), for other lists.

Component({
  options: { addGlobalClass: true },
  properties: {
    /** 'list' | 'article' | 'card' */
    variant: { type: String, value: 'list' },
    count: { type: Number, value: 4 },
  },
  data: { rows: [0, 1, 2, 3] as number[] },
  observers: {
    count(count: number) {
      const n = Math.max(1, Math.min(12, Math.floor(count) || 1));
      if (n !== this.data.rows.length) this.setData({ rows: Array.from({ length: n }, (_, i) => i) });
    },
  },
});

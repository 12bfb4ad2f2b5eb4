// swiper.
import { type ExparserNode } from 'miniprogram-exparser';
import { Ctx, dom, register } from './base';

// ---- swiper ----
export function registerSwiper(): void {
  const timers = new WeakMap<ExparserNode, ReturnType<typeof setInterval>>();
  register('swiper', {
    properties: {
      indicatorDots: { type: Boolean, value: false },
      autoplay: { type: Boolean, value: false },
      current: { type: Number, value: 0 },
      interval: { type: Number, value: 5000 },
      duration: { type: Number, value: 500 },
      circular: { type: Boolean, value: false },
      vertical: { type: Boolean, value: false },
    },
    reflectProps: ['vertical', 'indicatorDots'],
    attached() {
      const el = dom(this);
      if (!el) return;
      let last = Number(this.data.current) || 0;
      el.addEventListener(
        'scroll',
        () => {
          const vertical = !!this.data.vertical;
          const size = vertical ? el.clientHeight : el.clientWidth;
          const i = Math.round((vertical ? el.scrollTop : el.scrollLeft) / Math.max(1, size));
          if (i !== last) {
            last = i;
            this.triggerEvent('change', { current: i, currentItemId: '', source: 'touch' });
          }
        },
        { passive: true },
      );
      const tick = () => {
        const count = el.children.length;
        if (!this.data.autoplay || count < 2) return;
        const next = last + 1 >= count ? (this.data.circular ? 0 : last) : last + 1;
        el.scrollTo({ left: next * el.clientWidth, top: 0, behavior: 'smooth' });
      };
      timers.set(this._exparserNode, setInterval(tick, Math.max(1000, Number(this.data.interval) || 5000)));
    },
    detached() {
      const t = timers.get(this._exparserNode);
      if (t) clearInterval(t);
    },
    observers: {
      current(this: Ctx, v: unknown) {
        const el = dom(this);
        if (el) el.scrollTo({ left: (Number(v) || 0) * el.clientWidth, behavior: 'auto' });
      },
    },
  });
  register('swiper-item', { properties: { itemId: { type: String, value: '' } } });
}

// scroll-view.
import { Ctx, dom, register } from './base';

// ---- scroll-view ----
export function registerScrollView(): void {
  const lastPos = new WeakMap<HTMLElement, { top: number; left: number; upper: boolean; lower: boolean }>();
  register('scroll-view', {
    properties: {
      scrollX: { type: Boolean, value: false },
      scrollY: { type: Boolean, value: false },
      upperThreshold: { type: Number, value: 50 },
      lowerThreshold: { type: Number, value: 50 },
      scrollTop: { type: null, value: null },
      scrollLeft: { type: null, value: null },
      scrollIntoView: { type: String, value: '' },
      scrollWithAnimation: { type: Boolean, value: false },
      enableFlex: { type: Boolean, value: false },
      showScrollbar: { type: Boolean, value: true },
      enhanced: { type: Boolean, value: false },
    },
    reflectProps: ['scrollX', 'scrollY', 'enableFlex', 'showScrollbar'],
    attached() {
      const el = dom(this);
      if (!el) return;
      lastPos.set(el, { top: 0, left: 0, upper: true, lower: false });
      el.addEventListener(
        'scroll',
        () => {
          const last = lastPos.get(el) || { top: 0, left: 0, upper: true, lower: false };
          this.triggerEvent('scroll', {
            scrollLeft: el.scrollLeft,
            scrollTop: el.scrollTop,
            scrollHeight: el.scrollHeight,
            scrollWidth: el.scrollWidth,
            deltaX: el.scrollLeft - last.left,
            deltaY: el.scrollTop - last.top,
          });
          const vertical = !!this.data.scrollY;
          const pos = vertical ? el.scrollTop : el.scrollLeft;
          const size = vertical ? el.scrollHeight - el.clientHeight : el.scrollWidth - el.clientWidth;
          const upper = pos <= Number(this.data.upperThreshold);
          const lower = size - pos <= Number(this.data.lowerThreshold);
          if (upper && !last.upper) this.triggerEvent('scrolltoupper', { direction: vertical ? 'top' : 'left' });
          if (lower && !last.lower) this.triggerEvent('scrolltolower', { direction: vertical ? 'bottom' : 'right' });
          lastPos.set(el, { top: el.scrollTop, left: el.scrollLeft, upper, lower });
        },
        { passive: true },
      );
    },
    observers: {
      scrollTop(this: Ctx, v: unknown) {
        const el = dom(this);
        if (el && v !== null && v !== undefined && v !== '')
          el.scrollTo({ top: Number(v), behavior: this.data.scrollWithAnimation ? 'smooth' : 'auto' });
      },
      scrollLeft(this: Ctx, v: unknown) {
        const el = dom(this);
        if (el && v !== null && v !== undefined && v !== '')
          el.scrollTo({ left: Number(v), behavior: this.data.scrollWithAnimation ? 'smooth' : 'auto' });
      },
      scrollIntoView(this: Ctx, id: unknown) {
        const el = dom(this);
        const target = id && el ? el.querySelector(`#${CSS.escape(String(id))}`) : null;
        if (el && target instanceof HTMLElement) {
          const behavior = this.data.scrollWithAnimation ? 'smooth' : 'auto';
          el.scrollTo({
            top: target.offsetTop - el.offsetTop,
            left: target.offsetLeft - el.offsetLeft,
            behavior,
          });
        }
      },
    },
  });
}

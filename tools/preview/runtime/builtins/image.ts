// image: modes, cloud fileIDs, lazy-load.
import { type ExparserNode } from 'miniprogram-exparser';
import { Ctx, dom, ownerPath, register, resolveSrc, str } from './base';

// ---- image ----
interface ImageState {
  img: HTMLImageElement;
  observer: IntersectionObserver | null;
  wanted: string;
}
const images = new WeakMap<ExparserNode, ImageState>();

function loadImage(ctx: Ctx): void {
  const st = images.get(ctx._exparserNode);
  if (!st) return;
  const src = resolveSrc(str(ctx.data.src), ownerPath(ctx._exparserNode));
  st.wanted = src;
  st.observer?.disconnect();
  st.observer = null;
  const el = dom(ctx);
  if (!src) {
    st.img.removeAttribute('src');
    el?.setAttribute('data-state', 'empty');
    return;
  }
  const start = () => {
    el?.setAttribute('data-state', 'loading');
    st.img.src = src;
  };
  const scroller = el?.closest('.mp-scroller') || null;
  if (ctx.data.lazyLoad && el && typeof IntersectionObserver === 'function') {
    el.setAttribute('data-state', 'lazy');
    // WeChat loads a lazy image when it comes within about one screen.
    st.observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) {
          st.observer?.disconnect();
          st.observer = null;
          start();
        }
      },
      { root: scroller, rootMargin: '100% 0px 100% 0px' },
    );
    st.observer.observe(el);
  } else start();
}

export function registerImage(): void {
  register('image', {
    properties: {
      src: { type: String, value: '' },
      mode: { type: String, value: 'scaleToFill' },
      lazyLoad: { type: Boolean, value: false },
      fadeIn: { type: Boolean, value: false },
      webp: { type: Boolean, value: false },
      showMenuByLongpress: { type: Boolean, value: false },
    },
    reflectProps: ['mode'],
    attached() {
      const el = dom(this);
      if (!el) return;
      const img = document.createElement('img');
      img.className = 'mp-image__img';
      img.draggable = false;
      img.alt = '';
      el.appendChild(img);
      const st: ImageState = { img, observer: null, wanted: '' };
      images.set(this._exparserNode, st);
      img.addEventListener('load', () => {
        if (img.src !== st.wanted && !img.src.endsWith(st.wanted)) return;
        el.setAttribute('data-state', 'loaded');
        this.triggerEvent('load', { width: img.naturalWidth, height: img.naturalHeight });
      });
      img.addEventListener('error', () => {
        if (!img.getAttribute('src')) return;
        el.setAttribute('data-state', 'error');
        this.triggerEvent('error', { errMsg: `GET ${img.src} 404 (Not Found)` });
      });
      loadImage(this);
    },
    detached() {
      const st = images.get(this._exparserNode);
      st?.observer?.disconnect();
    },
    observers: {
      'src, lazyLoad'(this: Ctx) {
        if (images.has(this._exparserNode)) loadImage(this);
      },
    },
  });
}

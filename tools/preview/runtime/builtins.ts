// WeChat's built-in components with real behaviour in the browser. Each is
// an exparser component whose host element (<wx-view>, <wx-image> …) is in
// the DOM; containers keep their children in a <slot/>, leaf controls draw
// native elements (<img>, <input>, <textarea>) inside their host.
//
// Scope: what this mini program and Vant use, done properly — view, text
// (selectable), image (modes, cloud fileIDs, lazy-load), button (open-type
// share / agreePrivacyAuthorization, loading, hover), input and textarea
// (value binding, bindinput/focus/blur/confirm, placeholder-class), label,
// scroll-view, navigator, picker (selector/date/time), swiper, icon,
// progress, rich-text, form; the rest are plain containers.
import exparser, { type ExparserNode } from 'miniprogram-exparser';
import jComponent from 'j-component';
import { componentPathById, previewEnv } from './env';
import { reportError } from './errors';
import * as ui from './ui';
import { tempFile } from './files';
import { attachCanvas } from './canvas';

interface Ctx {
  data: Record<string, unknown>;
  _exparserNode: ExparserNode;
  setData(d: Record<string, unknown>): void;
  triggerEvent(name: string, detail?: unknown, options?: Record<string, unknown>): void;
}

type Props = Record<string, { type: unknown; value?: unknown }>;

/** Hooks for what the built-ins ask of the rest of the runtime (set by main.ts). */
export interface BuiltinHost {
  shareFromButton(node: ExparserNode, target: { id: string; dataset: Record<string, unknown> }): void;
  agreePrivacy(buttonId: string): void;
  navigate(openType: string, url: string, delta: number): void;
}

let host: BuiltinHost | null = null;

export function setBuiltinHost(h: BuiltinHost): void {
  host = h;
}

function dom(ctx: Ctx): HTMLElement | null {
  return ctx._exparserNode.$$ || ctx._exparserNode.__domElement || null;
}

function str(v: unknown, fallback = ''): string {
  return v === undefined || v === null ? fallback : String(v);
}

function reflect(el: HTMLElement | null, name: string, value: unknown): void {
  if (!el) return;
  if (value === false || value === undefined || value === null || value === '') el.removeAttribute(name);
  else el.setAttribute(name, value === true ? '' : String(value));
}

/** Class names resolved in the owner's scope (as exparser writes `class`). */
function ownerClasses(ctx: Ctx, names: string): string {
  let prefix = '';
  try {
    prefix = ctx._exparserNode.classList.getPrefix() || '';
  } catch {
    prefix = '';
  }
  return names
    .split(/\s+/)
    .filter(Boolean)
    .map((n) => (prefix ? `${prefix}--${n} ${n}` : n))
    .join(' ');
}

/** The component that wrote this element into its template. */
function ownerPath(node: ExparserNode): string {
  const root = node.ownerShadowRoot;
  if (!root) return '/';
  const owner = root.getHostNode();
  return (owner && componentPathById(owner.is)) || '/';
}

function joinPath(dir: string, rel: string): string {
  const out: string[] = [];
  for (const seg of `${dir}/${rel}`.split('/')) {
    if (!seg || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  return out.join('/');
}

/** What the browser loads for an image src written in a template. */
export function resolveSrc(src: string, fromPath: string): string {
  if (!src) return '';
  const temp = tempFile(src);
  if (temp) return temp.url;
  const cloud = /^cloud:\/\/[^/]+\/(.+)$/.exec(src);
  if (cloud) {
    const base = previewEnv().cloudUrl;
    return `${base}/files/${(cloud[1] || '').split('/').map(encodeURIComponent).join('/')}`;
  }
  if (/^(https?:|data:|blob:|\/\/)/.test(src)) return src;
  if (src.startsWith('/')) return `/mp${src}`;
  return `/mp/${joinPath(fromPath.replace(/\/[^/]*$/, ''), src)}`;
}

/** `model:value="{{ x }}"`: the new value goes back to the owner's data (WeChat's two-way binding). */
function writeModel(ctx: Ctx, prop: string, value: unknown): void {
  const node = ctx._exparserNode as ExparserNode & { __mpModel?: Record<string, string> };
  const dataPath = node.__mpModel ? node.__mpModel[prop] : undefined;
  const root = node.ownerShadowRoot;
  if (!dataPath || !root) return;
  const owner = exparser.Element.getMethodCaller(root.getHostNode()) as {
    setData?: (d: Record<string, unknown>) => void;
  };
  if (owner && typeof owner.setData === 'function') owner.setData({ [dataPath]: value });
}

// ---- hover-class ----
const hoverState = new WeakMap<HTMLElement, { timer: ReturnType<typeof setTimeout> | null; on: boolean }>();

function bindHover(ctx: Ctx, defaults: { start: number; stay: number }): void {
  const el = dom(ctx);
  if (!el || hoverState.has(el)) return;
  const state = { timer: null as ReturnType<typeof setTimeout> | null, on: false };
  hoverState.set(el, state);
  // WeChat's default hover classes are global, not in the owner's scope (`~`).
  const cls = () => {
    const name = str(ctx.data.hoverClass, 'none');
    return name === 'button-hover' || name === 'navigator-hover' ? `~${name}` : name;
  };
  const set = (on: boolean) => {
    const name = cls();
    if (name === 'none' || !name) return;
    state.on = on;
    for (const n of name.split(/\s+/).filter(Boolean)) {
      try {
        ctx._exparserNode.classList.toggle(n, on);
      } catch {
        el.classList.toggle(n, on);
      }
    }
  };
  const start = (e: Event) => {
    const marked = e as Event & { __mpHover?: boolean };
    if (marked.__mpHover || ctx.data.disabled || cls() === 'none') return;
    if (ctx.data.hoverStopPropagation) marked.__mpHover = true;
    if (state.timer) clearTimeout(state.timer);
    state.timer = setTimeout(() => set(true), Number(ctx.data.hoverStartTime ?? defaults.start));
  };
  const end = () => {
    if (state.timer) clearTimeout(state.timer);
    state.timer = setTimeout(() => set(false), state.on ? Number(ctx.data.hoverStayTime ?? defaults.stay) : 0);
  };
  el.addEventListener('mousedown', start);
  el.addEventListener('touchstart', start, { passive: true });
  for (const ev of ['mouseup', 'mouseleave', 'touchend', 'touchcancel'])
    el.addEventListener(ev, end, { passive: true });
}

function hoverProps(defaultClass: string, start: number, stay: number): Props {
  return {
    hoverClass: { type: String, value: defaultClass },
    hoverStopPropagation: { type: Boolean, value: false },
    hoverStartTime: { type: Number, value: start },
    hoverStayTime: { type: Number, value: stay },
  };
}

const common: Props = { hidden: { type: Boolean, value: false } };

function onTap(ctx: Ctx, fn: (e: { detail: unknown }) => void): void {
  const node = ctx._exparserNode as ExparserNode & {
    addListener?: (n: string, f: (e: { detail: unknown }) => void) => void;
  };
  if (typeof node.addListener === 'function') node.addListener('tap', fn);
}

function safely(where: string, fn: () => void): void {
  try {
    fn();
  } catch (err) {
    reportError(err, where);
  }
}

function register(
  name: string,
  def: {
    template?: string;
    properties?: Props;
    attached?: (this: Ctx) => void;
    detached?: (this: Ctx) => void;
    observers?: Record<string, (this: Ctx, ...values: unknown[]) => void>;
    methods?: Record<string, (this: Ctx, ...args: unknown[]) => unknown>;
    reflectProps?: string[];
  },
): void {
  const props = { ...common, ...(def.properties || {}) };
  const reflectList = ['hidden', ...(def.reflectProps || [])];
  const observers: Record<string, (this: Ctx, ...values: unknown[]) => void> = { ...(def.observers || {}) };
  observers[reflectList.join(', ')] = function (this: Ctx, ...values: unknown[]) {
    const el = dom(this);
    reflectList.forEach((p, i) =>
      reflect(
        el,
        p.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`),
        values[i],
      ),
    );
  };
  jComponent.register({
    id: name,
    tagName: `wx-${name}`,
    template: def.template ?? '<slot/>',
    properties: props,
    observers,
    methods: def.methods || {},
    options: { classPrefix: '' },
    lifetimes: {
      attached(this: Ctx) {
        const el = dom(this);
        reflectList.forEach((p) =>
          reflect(
            el,
            p.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`),
            this.data[p],
          ),
        );
        if (def.attached) safely(`<${name}>`, () => def.attached?.call(this));
      },
      detached(this: Ctx) {
        if (def.detached) safely(`<${name}>`, () => def.detached?.call(this));
      },
    },
  });
}

// ---- view, text and other containers ----
function registerContainers(): void {
  for (const name of ['view', 'cover-view']) {
    register(name, {
      properties: hoverProps('none', 50, 400),
      attached() {
        bindHover(this, { start: 50, stay: 400 });
      },
    });
  }
  register('text', {
    properties: {
      userSelect: { type: Boolean, value: false },
      selectable: { type: Boolean, value: false },
      space: { type: String, value: '' },
      decode: { type: Boolean, value: false },
    },
    reflectProps: ['userSelect', 'selectable', 'space'],
  });
  const shells = [
    'block',
    'movable-area',
    'movable-view',
    'page-container',
    'root-portal',
    'checkbox-group',
    'radio-group',
    'checkbox',
    'radio',
    'switch',
    'slider',
    'picker-view',
    'picker-view-column',
    'editor',
    'audio',
    'camera',
    'video',
    'map',
    'canvas',
    'web-view',
    'ad',
    'open-data',
    'navigation-bar',
    'page-meta',
    'match-media',
    'official-account',
    'live-player',
    'live-pusher',
    'functional-page-navigator',
    'keyboard-accessory',
    'grid-view',
    'list-view',
    'sticky-header',
    'sticky-section',
    'share-element',
    'channel-video',
    'voip-room',
    'cover-image',
  ];
  for (const name of shells) register(name, {});
}

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

function registerImage(): void {
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

// ---- button ----
function registerButton(): void {
  register('button', {
    properties: {
      ...hoverProps('button-hover', 20, 70),
      size: { type: String, value: 'default' },
      type: { type: String, value: 'default' },
      plain: { type: Boolean, value: false },
      disabled: { type: Boolean, value: false },
      loading: { type: Boolean, value: false },
      formType: { type: String, value: '' },
      openType: { type: String, value: '' },
      lang: { type: String, value: 'en' },
      sessionFrom: { type: String, value: '' },
      sendMessageTitle: { type: String, value: '' },
      sendMessagePath: { type: String, value: '' },
      sendMessageImg: { type: String, value: '' },
      appParameter: { type: String, value: '' },
      showMessageCard: { type: Boolean, value: false },
    },
    reflectProps: ['size', 'type', 'plain', 'disabled', 'loading', 'openType'],
    attached() {
      const el = dom(this);
      if (el) el.setAttribute('role', 'button');
      bindHover(this, { start: 20, stay: 70 });
      onTap(this, () => {
        if (this.data.disabled || this.data.loading) return;
        const openType = str(this.data.openType);
        const node = this._exparserNode;
        const target = { id: node.id || '', dataset: { ...(node.dataset || {}) } };
        if (openType === 'share') host?.shareFromButton(node, target);
        else if (openType === 'agreePrivacyAuthorization') {
          host?.agreePrivacy(node.id || '');
          this.triggerEvent('agreeprivacyauthorization', { errMsg: 'agreePrivacyAuthorization:ok' });
        } else if (openType === 'getPhoneNumber') {
          this.triggerEvent('getphonenumber', { errMsg: 'getPhoneNumber:fail 预览环境无法获取手机号' });
        } else if (openType === 'getRealtimePhoneNumber') {
          this.triggerEvent('getrealtimephonenumber', { errMsg: 'getRealtimePhoneNumber:fail 预览环境无法获取手机号' });
        } else if (openType === 'chooseAvatar') {
          this.triggerEvent('chooseavatar', { avatarUrl: '' });
        } else if (
          openType === 'contact' ||
          openType === 'feedback' ||
          openType === 'openSetting' ||
          openType === 'launchApp'
        ) {
          ui.showToast({ title: `预览环境不支持 open-type="${openType}"`, icon: 'none', duration: 1500, mask: false });
        }
        const formType = str(this.data.formType);
        if (formType === 'submit' || formType === 'reset') submitForm(node, formType);
      });
    },
  });
}

// ---- input / textarea ----
interface FieldState {
  control: HTMLInputElement | HTMLTextAreaElement;
  placeholder: HTMLElement;
}
const fields = new WeakMap<ExparserNode, FieldState>();

const fieldProps: Props = {
  value: { type: null, value: '' },
  type: { type: String, value: 'text' },
  password: { type: Boolean, value: false },
  placeholder: { type: String, value: '' },
  placeholderClass: { type: String, value: 'input-placeholder' },
  placeholderStyle: { type: String, value: '' },
  disabled: { type: Boolean, value: false },
  maxlength: { type: Number, value: 140 },
  focus: { type: Boolean, value: false },
  autoFocus: { type: Boolean, value: false },
  confirmType: { type: String, value: 'done' },
  cursor: { type: Number, value: -1 },
  selectionStart: { type: Number, value: -1 },
  selectionEnd: { type: Number, value: -1 },
  autoHeight: { type: Boolean, value: false },
  name: { type: String, value: '' },
};

function syncField(ctx: Ctx): void {
  const st = fields.get(ctx._exparserNode);
  if (!st) return;
  const { control, placeholder } = st;
  const value = str(ctx.data.value);
  // Typing already put this value there: leave the caret alone.
  if (control.value !== value) control.value = value;
  const max = Number(ctx.data.maxlength);
  if (max >= 0) control.maxLength = max;
  else control.removeAttribute('maxlength');
  control.disabled = !!ctx.data.disabled;
  if (control instanceof HTMLInputElement) {
    const type = str(ctx.data.type, 'text');
    control.type = ctx.data.password || type === 'safe-password' ? 'password' : 'text';
    control.inputMode =
      type === 'number' ? 'numeric' : type === 'digit' ? 'decimal' : type === 'idcard' ? 'text' : 'text';
    control.enterKeyHint = str(ctx.data.confirmType, 'done') as HTMLInputElement['enterKeyHint'];
  }
  placeholder.className = `mp-field__placeholder ${ownerClasses(ctx, str(ctx.data.placeholderClass))}`;
  placeholder.setAttribute('style', str(ctx.data.placeholderStyle));
  placeholder.textContent = str(ctx.data.placeholder);
  placeholder.style.display = control.value ? 'none' : '';
  if (ctx.data.autoHeight && control instanceof HTMLTextAreaElement) {
    control.style.height = 'auto';
    control.style.height = `${control.scrollHeight}px`;
  }
}

function registerField(kind: 'input' | 'textarea'): void {
  register(kind, {
    properties: fieldProps,
    reflectProps: ['disabled', 'autoHeight'],
    attached() {
      const el = dom(this);
      if (!el) return;
      const wrap = document.createElement('div');
      wrap.className = 'mp-field';
      const placeholder = document.createElement('div');
      const control = document.createElement(kind);
      control.className = 'mp-field__control';
      control.setAttribute('autocomplete', 'off');
      wrap.append(placeholder, control);
      el.appendChild(wrap);
      fields.set(this._exparserNode, { control, placeholder });
      syncField(this);
      const numeric = () => str(this.data.type) === 'number' && kind === 'input';
      control.addEventListener('input', (e) => {
        if (numeric()) {
          const digits = control.value.replace(/[^0-9]/g, '');
          if (digits !== control.value) control.value = digits;
        }
        placeholder.style.display = control.value ? 'none' : '';
        if (kind === 'textarea' && this.data.autoHeight) {
          control.style.height = 'auto';
          control.style.height = `${control.scrollHeight}px`;
        }
        const ie = e as InputEvent;
        this.setData({ value: control.value });
        writeModel(this, 'value', control.value);
        this.triggerEvent('input', {
          value: control.value,
          cursor: control.selectionStart ?? control.value.length,
          keyCode: ie.data ? ie.data.charCodeAt(0) : 8,
        });
      });
      control.addEventListener('focus', () => this.triggerEvent('focus', { value: control.value, height: 0 }));
      control.addEventListener('blur', () =>
        this.triggerEvent('blur', { value: control.value, cursor: control.selectionStart ?? 0 }),
      );
      control.addEventListener('keydown', (e) => {
        const ke = e as KeyboardEvent;
        if (ke.key === 'Enter' && kind === 'input' && !ke.isComposing) {
          ke.preventDefault();
          this.triggerEvent('confirm', { value: control.value });
        }
      });
      if (this.data.focus || this.data.autoFocus) setTimeout(() => control.focus(), 0);
    },
    observers: {
      'value, placeholder, placeholderClass, placeholderStyle, disabled, maxlength, type, password'(this: Ctx) {
        syncField(this);
      },
      focus(this: Ctx, on: unknown) {
        const st = fields.get(this._exparserNode);
        if (!st) return;
        if (on) setTimeout(() => st.control.focus(), 0);
        else st.control.blur();
      },
    },
  });
}

// ---- label: focuses its control ----
function registerLabel(): void {
  register('label', {
    properties: { for: { type: String, value: '' } },
    attached() {
      onTap(this, () => {
        const id = str(this.data.for);
        const el = dom(this);
        let target: Element | null = null;
        if (id) target = document.getElementById(id);
        else if (el) target = el.querySelector('wx-input, wx-textarea');
        const control = target?.querySelector('input, textarea');
        if (control instanceof HTMLElement) control.focus();
      });
    },
  });
}

// ---- scroll-view ----
function registerScrollView(): void {
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

// ---- navigator ----
function registerNavigator(): void {
  register('navigator', {
    properties: {
      ...hoverProps('navigator-hover', 50, 600),
      url: { type: String, value: '' },
      openType: { type: String, value: 'navigate' },
      delta: { type: Number, value: 1 },
      target: { type: String, value: 'self' },
    },
    attached() {
      bindHover(this, { start: 50, stay: 600 });
      onTap(this, () =>
        host?.navigate(str(this.data.openType, 'navigate'), str(this.data.url), Number(this.data.delta) || 1),
      );
    },
  });
}

// ---- picker ----
function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function registerPicker(): void {
  register('picker', {
    properties: {
      mode: { type: String, value: 'selector' },
      range: { type: Array, value: [] },
      rangeKey: { type: String, value: '' },
      value: { type: null, value: null },
      start: { type: String, value: '' },
      end: { type: String, value: '' },
      fields: { type: String, value: 'day' },
      disabled: { type: Boolean, value: false },
      headerText: { type: String, value: '' },
      name: { type: String, value: '' },
    },
    reflectProps: ['disabled'],
    attached() {
      onTap(this, () => {
        if (this.data.disabled) return;
        void openPicker(this);
      });
    },
  });
}

async function openPicker(ctx: Ctx): Promise<void> {
  const mode = str(ctx.data.mode, 'selector');
  const labelOf = (item: unknown): string => {
    const key = str(ctx.data.rangeKey);
    if (key && item && typeof item === 'object') return str((item as Record<string, unknown>)[key]);
    return str(item);
  };
  const result = await ui.pickerSheet((body) => {
    if (ctx.data.headerText) {
      const h = document.createElement('div');
      h.className = 'mp-picker__header';
      h.textContent = str(ctx.data.headerText);
      body.appendChild(h);
    }
    if (mode === 'date' || mode === 'time') {
      const input = document.createElement('input');
      const fieldsMode = str(ctx.data.fields, 'day');
      input.type =
        mode === 'time' ? 'time' : fieldsMode === 'month' ? 'month' : fieldsMode === 'year' ? 'number' : 'date';
      input.className = 'mp-picker__native';
      const now = new Date();
      const fallback =
        mode === 'time'
          ? `${pad(now.getHours())}:${pad(now.getMinutes())}`
          : fieldsMode === 'year'
            ? String(now.getFullYear())
            : fieldsMode === 'month'
              ? `${now.getFullYear()}-${pad(now.getMonth() + 1)}`
              : `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
      input.value = str(ctx.data.value) || fallback;
      if (ctx.data.start) input.min = str(ctx.data.start);
      if (ctx.data.end) input.max = str(ctx.data.end);
      body.appendChild(input);
      return () => input.value;
    }
    if (mode === 'multiSelector') {
      const columns = (Array.isArray(ctx.data.range) ? ctx.data.range : []) as unknown[];
      const current = (Array.isArray(ctx.data.value) ? ctx.data.value : []) as unknown[];
      const selects = columns.map((col, ci) => {
        const s = document.createElement('select');
        s.className = 'mp-picker__select';
        (Array.isArray(col) ? col : []).forEach((item, i) => {
          const o = document.createElement('option');
          o.value = String(i);
          o.textContent = labelOf(item);
          s.appendChild(o);
        });
        s.value = String(Number(current[ci]) || 0);
        s.addEventListener('change', () => ctx.triggerEvent('columnchange', { column: ci, value: Number(s.value) }));
        body.appendChild(s);
        return s;
      });
      return () => selects.map((s) => Number(s.value));
    }
    if (mode === 'region') {
      const input = document.createElement('input');
      input.className = 'mp-picker__native';
      input.placeholder = '省 市 区（空格分隔）';
      input.value = (Array.isArray(ctx.data.value) ? (ctx.data.value as unknown[]) : []).map(String).join(' ');
      body.appendChild(input);
      return () => input.value.split(/\s+/).filter(Boolean);
    }
    // selector: one tappable row per option.
    const list = document.createElement('div');
    list.className = 'mp-picker__list';
    let chosen = Number(ctx.data.value) || 0;
    const rows: HTMLElement[] = [];
    (Array.isArray(ctx.data.range) ? (ctx.data.range as unknown[]) : []).forEach((item, i) => {
      const row = document.createElement('div');
      row.className = 'mp-picker__option';
      row.textContent = labelOf(item);
      row.dataset.index = String(i);
      row.addEventListener('click', () => {
        chosen = i;
        rows.forEach((r, j) => r.classList.toggle('mp-picker__option--on', j === chosen));
      });
      rows.push(row);
      list.appendChild(row);
    });
    rows.forEach((r, j) => r.classList.toggle('mp-picker__option--on', j === chosen));
    body.appendChild(list);
    setTimeout(() => rows[chosen]?.scrollIntoView({ block: 'center' }), 0);
    return () => chosen;
  });
  if (result) {
    ctx.setData({ value: result.value });
    writeModel(ctx, 'value', result.value);
    ctx.triggerEvent('change', { value: result.value });
  } else ctx.triggerEvent('cancel', {});
}

// ---- swiper ----
function registerSwiper(): void {
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

// ---- icon, progress, rich-text, form, canvas, switch ----
function registerSmall(): void {
  register('switch', {
    properties: {
      checked: { type: Boolean, value: false },
      disabled: { type: Boolean, value: false },
      type: { type: String, value: 'switch' },
      color: { type: String, value: '#04BE02' },
      name: { type: String, value: '' },
    },
    reflectProps: ['checked', 'disabled', 'type'],
    attached() {
      const el = dom(this);
      if (!el) return;
      const track = document.createElement('span');
      track.className = 'mp-switch';
      el.appendChild(track);
      el.setAttribute('role', 'switch');
      onTap(this, () => {
        if (this.data.disabled) return;
        const value = !this.data.checked;
        this.setData({ checked: value });
        writeModel(this, 'checked', value);
        this.triggerEvent('change', { value });
      });
    },
    observers: {
      'checked, color'(this: Ctx, checked: unknown, color: unknown) {
        const el = dom(this);
        if (el) el.style.setProperty('--mp-switch-color', checked ? str(color, '#04BE02') : '#e5e5e5');
      },
    },
  });
  register('canvas', {
    properties: {
      type: { type: String, value: '' },
      canvasId: { type: String, value: '' },
      disableScroll: { type: Boolean, value: false },
    },
    reflectProps: ['type'],
    attached() {
      const el = dom(this);
      if (el) attachCanvas(this._exparserNode, el);
    },
  });
  register('icon', {
    properties: {
      type: { type: String, value: '' },
      size: { type: null, value: 23 },
      color: { type: String, value: '' },
    },
    reflectProps: ['type'],
    observers: {
      'size, color'(this: Ctx, size: unknown, color: unknown) {
        const el = dom(this);
        if (!el) return;
        const px = typeof size === 'number' || /^\d+$/.test(str(size)) ? `${size}px` : str(size);
        el.style.setProperty('--mp-icon-size', px);
        if (color) el.style.color = str(color);
      },
    },
  });
  register('progress', {
    properties: {
      percent: { type: Number, value: 0 },
      showInfo: { type: Boolean, value: false },
      strokeWidth: { type: Number, value: 6 },
      activeColor: { type: String, value: '#09BB07' },
      backgroundColor: { type: String, value: '#EBEBEB' },
    },
    attached() {
      const el = dom(this);
      if (!el) return;
      el.innerHTML =
        '<div class="mp-progress__bar"><div class="mp-progress__inner"></div></div><span class="mp-progress__info"></span>';
    },
    observers: {
      'percent, showInfo, strokeWidth, activeColor, backgroundColor'(this: Ctx) {
        const el = dom(this);
        const bar = el?.querySelector<HTMLElement>('.mp-progress__bar');
        const inner = el?.querySelector<HTMLElement>('.mp-progress__inner');
        const info = el?.querySelector<HTMLElement>('.mp-progress__info');
        if (!bar || !inner || !info) return;
        const pct = Math.max(0, Math.min(100, Number(this.data.percent) || 0));
        bar.style.height = `${Number(this.data.strokeWidth) || 6}px`;
        bar.style.background = str(this.data.backgroundColor);
        inner.style.width = `${pct}%`;
        inner.style.background = str(this.data.activeColor);
        info.textContent = this.data.showInfo ? `${pct}%` : '';
      },
    },
  });
  register('rich-text', {
    properties: {
      nodes: { type: null, value: '' },
      space: { type: String, value: '' },
      userSelect: { type: Boolean, value: false },
    },
    reflectProps: ['userSelect'],
    observers: {
      nodes(this: Ctx, nodes: unknown) {
        const el = dom(this);
        if (!el) return;
        el.replaceChildren(renderRichNodes(nodes));
      },
    },
  });
  register('form', {
    properties: { reportSubmit: { type: Boolean, value: false } },
    methods: {
      __submit(this: Ctx, ...args: unknown[]) {
        this.triggerEvent('submit', { value: args[0], formId: 'preview-form-id' });
      },
      __reset(this: Ctx) {
        this.triggerEvent('reset', {});
      },
    },
  });
}

const SAFE_TAGS = new Set([
  'div',
  'p',
  'span',
  'b',
  'strong',
  'i',
  'em',
  'u',
  'br',
  'img',
  'a',
  'ul',
  'ol',
  'li',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'blockquote',
  'pre',
  'code',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  'section',
  'sub',
  'sup',
  'hr',
]);

function renderRichNodes(nodes: unknown): DocumentFragment {
  const frag = document.createDocumentFragment();
  if (typeof nodes === 'string') {
    const tpl = document.createElement('template');
    tpl.innerHTML = nodes;
    return renderRichNodes(domToNodes(tpl.content));
  }
  if (!Array.isArray(nodes)) return frag;
  for (const n of nodes as Array<Record<string, unknown>>) {
    if (!n || typeof n !== 'object') continue;
    if (n.type === 'text') {
      frag.appendChild(document.createTextNode(str(n.text)));
      continue;
    }
    const name = str(n.name).toLowerCase();
    if (!SAFE_TAGS.has(name)) continue;
    const e = document.createElement(name);
    const attrs = (n.attrs && typeof n.attrs === 'object' ? n.attrs : {}) as Record<string, unknown>;
    for (const [k, v] of Object.entries(attrs)) {
      if (/^on/i.test(k) || (k === 'href' && /^javascript:/i.test(str(v)))) continue;
      if (k === 'class' || k === 'style' || k === 'src' || k === 'alt' || k === 'width' || k === 'height')
        e.setAttribute(k, str(v));
    }
    e.appendChild(renderRichNodes(n.children));
    frag.appendChild(e);
  }
  return frag;
}

function domToNodes(root: ParentNode): unknown[] {
  const out: unknown[] = [];
  root.childNodes.forEach((c) => {
    if (c.nodeType === 3) out.push({ type: 'text', text: c.textContent || '' });
    else if (c instanceof Element) {
      const attrs: Record<string, string> = {};
      for (const a of Array.from(c.attributes)) attrs[a.name] = a.value;
      out.push({ name: c.tagName.toLowerCase(), attrs, children: domToNodes(c) });
    }
  });
  return out;
}

/** form-type="submit": the named fields under the enclosing <form>. */
function submitForm(button: ExparserNode, kind: 'submit' | 'reset'): void {
  const el = button.$$;
  const formEl = el?.closest('wx-form');
  if (!formEl) return;
  const formNode = (formEl as HTMLElement & { __wxElement?: ExparserNode }).__wxElement;
  if (!formNode) return;
  const caller = exparser.Element.getMethodCaller(formNode);
  if (kind === 'reset') {
    (caller.__reset as () => void)();
    return;
  }
  const value: Record<string, unknown> = {};
  formEl.querySelectorAll('wx-input, wx-textarea, wx-picker').forEach((f) => {
    const node = (f as HTMLElement & { __wxElement?: ExparserNode }).__wxElement;
    if (!node) return;
    const data = exparser.Element.getMethodCaller(node).data;
    if (data.name) value[str(data.name)] = data.value;
  });
  (caller.__submit as (v: unknown) => void)(value);
}

export function registerBuiltins(): void {
  registerContainers();
  registerImage();
  registerButton();
  registerField('input');
  registerField('textarea');
  registerLabel();
  registerScrollView();
  registerNavigator();
  registerPicker();
  registerSwiper();
  registerSmall();
}

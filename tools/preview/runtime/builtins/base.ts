// What every built-in shares: the component context, the host callbacks the
// runtime installs, attribute and path helpers, hover-class, and register().
import exparser, { type ExparserNode } from 'miniprogram-exparser';
import jComponent from 'j-component';
import { componentPathById, previewEnv } from '../env';
import { reportError } from '../errors';
import { tempFile } from '../files';

export interface Ctx {
  data: Record<string, unknown>;
  _exparserNode: ExparserNode;
  setData(d: Record<string, unknown>): void;
  triggerEvent(name: string, detail?: unknown, options?: Record<string, unknown>): void;
}

export type Props = Record<string, { type: unknown; value?: unknown }>;

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

/** The runtime's callbacks (share, privacy, navigation), once main.ts has installed them. */
export function builtinHost(): BuiltinHost | null {
  return host;
}

export function dom(ctx: Ctx): HTMLElement | null {
  return ctx._exparserNode.$$ || ctx._exparserNode.__domElement || null;
}

export function str(v: unknown, fallback = ''): string {
  return v === undefined || v === null ? fallback : String(v);
}

export function reflect(el: HTMLElement | null, name: string, value: unknown): void {
  if (!el) return;
  if (value === false || value === undefined || value === null || value === '') el.removeAttribute(name);
  else el.setAttribute(name, value === true ? '' : String(value));
}

/** Class names resolved in the owner's scope (as exparser writes `class`). */
export function ownerClasses(ctx: Ctx, names: string): string {
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
export function ownerPath(node: ExparserNode): string {
  const root = node.ownerShadowRoot;
  if (!root) return '/';
  const owner = root.getHostNode();
  return (owner && componentPathById(owner.is)) || '/';
}

export function joinPath(dir: string, rel: string): string {
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
export function writeModel(ctx: Ctx, prop: string, value: unknown): void {
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
export const hoverState = new WeakMap<HTMLElement, { timer: ReturnType<typeof setTimeout> | null; on: boolean }>();

export function bindHover(ctx: Ctx, defaults: { start: number; stay: number }): void {
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

export function hoverProps(defaultClass: string, start: number, stay: number): Props {
  return {
    hoverClass: { type: String, value: defaultClass },
    hoverStopPropagation: { type: Boolean, value: false },
    hoverStartTime: { type: Number, value: start },
    hoverStayTime: { type: Number, value: stay },
  };
}

export const common: Props = { hidden: { type: Boolean, value: false } };

export function onTap(ctx: Ctx, fn: (e: { detail: unknown }) => void): void {
  const node = ctx._exparserNode as ExparserNode & {
    addListener?: (n: string, f: (e: { detail: unknown }) => void) => void;
  };
  if (typeof node.addListener === 'function') node.addListener('tap', fn);
}

export function safely(where: string, fn: () => void): void {
  try {
    fn();
  } catch (err) {
    reportError(err, where);
  }
}

export function register(
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

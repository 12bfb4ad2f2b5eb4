// wx.createSelectorQuery() / this.createSelectorQuery(), replacing
// j-component's: rects are relative to the page's window (below the
// navigation bar, as in WeChat, not to the browser window), the viewport is
// the page's scroller, and `node` gives a canvas type="2d" its node.
import exparser, { type ExparserNode } from 'miniprogram-exparser';
import { canvasNodeOf } from './canvas';

type Obj = Record<string, unknown>;
type Callback = ((res: unknown) => void) | undefined;

interface Fields {
  id?: boolean;
  dataset?: boolean;
  rect?: boolean;
  size?: boolean;
  scrollOffset?: boolean;
  properties?: string[];
  computedStyle?: string[];
  context?: boolean;
  node?: boolean;
  mark?: boolean;
}

interface Item {
  selector: string;
  root: ExparserNode | null;
  /** null: the viewport (selectViewport). */
  single: boolean;
  viewport: boolean;
  fields: Fields;
  cb: Callback;
}

function viewportEl(): HTMLElement | null {
  return document.querySelector<HTMLElement>('.mp-pagehost[data-active="true"] .mp-scroller');
}

function origin(): { left: number; top: number } {
  const vp = document.getElementById('mp-viewport');
  const r = vp ? vp.getBoundingClientRect() : { left: 0, top: 0 };
  return { left: r.left, top: r.top };
}

function query(root: ExparserNode | null, selector: string, single: boolean): ExparserNode[] {
  const shadow = root && root.shadowRoot;
  const scope = (shadow || root) as
    | (ExparserNode & {
        querySelector?: (s: string) => ExparserNode | null;
        querySelectorAll?: (s: string) => ExparserNode[];
      })
    | null;
  if (!scope || typeof scope.querySelectorAll !== 'function') return [];
  // WeChat's ">>>" crosses component boundaries; exparser queries one tree.
  const sel = selector.replace(/\s*>>>\s*/g, ' ');
  if (single) {
    const one = scope.querySelector ? scope.querySelector(sel) : null;
    return one ? [one] : [];
  }
  return scope.querySelectorAll(sel) || [];
}

function describe(node: ExparserNode, f: Fields): Obj {
  const out: Obj = {};
  const dom = node.$$;
  if (f.id) out.id = node.id || '';
  if (f.dataset) out.dataset = { ...(node.dataset || {}) };
  if ((f.rect || f.size) && dom) {
    const r = dom.getBoundingClientRect();
    const o = origin();
    if (f.rect)
      Object.assign(out, {
        left: r.left - o.left,
        right: r.right - o.left,
        top: r.top - o.top,
        bottom: r.bottom - o.top,
      });
    if (f.size) Object.assign(out, { width: r.width, height: r.height });
  }
  if (f.scrollOffset && dom) {
    Object.assign(out, {
      scrollLeft: dom.scrollLeft,
      scrollTop: dom.scrollTop,
      scrollWidth: dom.scrollWidth,
      scrollHeight: dom.scrollHeight,
    });
  }
  if (f.properties) {
    const data = exparser.Element.getMethodCaller(node).data;
    for (const raw of f.properties) {
      const name = raw.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());
      if (exparser.Component.hasPublicProperty(node, name)) out[name] = data[name];
    }
  }
  if (f.computedStyle && dom) {
    const style = getComputedStyle(dom);
    for (const key of f.computedStyle)
      out[key] = style.getPropertyValue(key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`));
  }
  if (f.node || f.context) {
    const canvas = canvasNodeOf(node);
    if (f.node)
      out.node =
        canvas ||
        (dom
          ? {
              scrollTo: (o: ScrollToOptions) => dom.scrollTo(o),
              scrollIntoView: (s: string) => dom.querySelector(s)?.scrollIntoView(),
            }
          : null);
    if (f.context) out.context = {};
  }
  return out;
}

function describeViewport(f: Fields): Obj {
  const el = viewportEl();
  const out: Obj = {};
  if (f.id) out.id = '';
  if (f.dataset) out.dataset = {};
  const w = el ? el.clientWidth : 0;
  const h = el ? el.clientHeight : 0;
  if (f.rect) Object.assign(out, { left: 0, top: 0, right: w, bottom: h });
  if (f.size) Object.assign(out, { width: w, height: h });
  if (f.scrollOffset) {
    Object.assign(out, {
      scrollLeft: el ? el.scrollLeft : 0,
      scrollTop: el ? el.scrollTop : 0,
      scrollWidth: el ? el.scrollWidth : 0,
      scrollHeight: el ? el.scrollHeight : 0,
    });
  }
  return out;
}

class NodesRef {
  constructor(
    private readonly q: SelectorQuery,
    private readonly item: Omit<Item, 'fields' | 'cb'>,
  ) {}

  private push(fields: Fields, cb: Callback): SelectorQuery {
    return this.q.push({ ...this.item, fields, cb });
  }

  boundingClientRect(cb?: Callback): SelectorQuery {
    return this.push({ id: true, dataset: true, rect: true, size: true }, cb);
  }

  scrollOffset(cb?: Callback): SelectorQuery {
    return this.push({ id: true, dataset: true, scrollOffset: true }, cb);
  }

  fields(fields: Fields, cb?: Callback): SelectorQuery {
    return this.push(fields || {}, cb);
  }

  context(cb?: Callback): SelectorQuery {
    return this.push({ context: true }, cb);
  }

  node(cb?: Callback): SelectorQuery {
    return this.push({ node: true }, cb);
  }
}

export class SelectorQuery {
  private root: ExparserNode | null;
  private readonly queue: Item[] = [];

  constructor(context?: unknown) {
    const node = context ? (context as { _exparserNode?: ExparserNode })._exparserNode : undefined;
    this.root = node || null;
  }

  in(context: unknown): SelectorQuery {
    const node = context ? (context as { _exparserNode?: ExparserNode })._exparserNode : undefined;
    if (!node) throw new Error('SelectorQuery.in: invalid component');
    this.root = node;
    return this;
  }

  select(selector: string): NodesRef {
    return new NodesRef(this, { selector, root: this.root, single: true, viewport: false });
  }

  selectAll(selector: string): NodesRef {
    return new NodesRef(this, { selector, root: this.root, single: false, viewport: false });
  }

  selectViewport(): NodesRef {
    return new NodesRef(this, { selector: '', root: null, single: true, viewport: true });
  }

  push(item: Item): SelectorQuery {
    this.queue.push(item);
    return this;
  }

  exec(cb?: (res: unknown[]) => void): void {
    const items = this.queue.splice(0);
    // Like WeChat: answered after the current rendering, asynchronously.
    setTimeout(() => {
      const results = items.map((item) => {
        let res: unknown;
        if (item.viewport) res = describeViewport(item.fields);
        else {
          const nodes = query(item.root, item.selector, item.single).map((n) => describe(n, item.fields));
          res = item.single ? nodes[0] || null : nodes;
        }
        if (item.cb) item.cb(res);
        return res;
      });
      if (cb) cb(results);
    }, 0);
  }
}

// icon, progress, rich-text, form, canvas, switch.
import { attachCanvas } from '../canvas';
import { Ctx, dom, onTap, register, str, writeModel } from './base';

// ---- icon, progress, rich-text, form, canvas, switch ----
export function registerSmall(): void {
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

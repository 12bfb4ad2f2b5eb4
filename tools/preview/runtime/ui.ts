// WeChat's native UI the wx APIs open, drawn over the phone: toast and
// loading, modal, action sheet, image lightbox, and the preview's own
// sheets that show what an API would have sent (share card, subscribe
// request, scan prompt).
import { el } from './dom';

function layer(): HTMLElement {
  const phone = document.getElementById('mp-phone') || document.body;
  let l = document.getElementById('mp-layer');
  if (!l) {
    l = el('div', 'mp-layer');
    l.id = 'mp-layer';
    phone.appendChild(l);
  }
  return l;
}

// ---- toast / loading ----
let toastEl: HTMLElement | null = null;
let toastTimer: ReturnType<typeof setTimeout> | null = null;

export interface ToastOptions {
  title: string;
  icon: 'success' | 'error' | 'loading' | 'none';
  image?: string;
  duration: number;
  mask: boolean;
}

export function showToast(o: ToastOptions): void {
  hideToast();
  const wrap = el('div', `mp-toast-wrap${o.mask ? ' mp-toast-wrap--mask' : ''}`);
  wrap.id = 'mp-toast';
  const box = el('div', `mp-toast mp-toast--${o.icon === 'none' && !o.image ? 'text' : 'icon'}`);
  box.dataset.icon = o.icon;
  if (o.image) {
    const img = el('img', 'mp-toast__image');
    img.src = o.image;
    box.appendChild(img);
  } else if (o.icon !== 'none') {
    box.appendChild(el('div', `mp-toast__icon mp-toast__icon--${o.icon}`));
  }
  box.appendChild(el('div', 'mp-toast__title', o.title));
  wrap.appendChild(box);
  layer().appendChild(wrap);
  toastEl = wrap;
  if (o.icon !== 'loading' || o.duration !== Infinity) {
    if (o.duration !== Infinity) toastTimer = setTimeout(hideToast, o.duration);
  }
}

export function hideToast(): void {
  if (toastTimer) clearTimeout(toastTimer);
  toastTimer = null;
  toastEl?.remove();
  toastEl = null;
}

// ---- dialogs ----
interface DialogButton {
  text: string;
  color?: string;
  primary?: boolean;
  onClick: () => void;
}

function dialog(
  id: string,
  title: string,
  body: Node | string | null,
  buttons: DialogButton[],
): { close: () => void; root: HTMLElement } {
  const mask = el('div', 'mp-mask');
  mask.id = id;
  const box = el('div', 'mp-dialog');
  if (title) box.appendChild(el('div', 'mp-dialog__title', title));
  if (body !== null) {
    const content = el('div', 'mp-dialog__content');
    if (typeof body === 'string') content.textContent = body;
    else content.appendChild(body);
    box.appendChild(content);
  }
  const bar = el('div', 'mp-dialog__buttons');
  const close = () => mask.remove();
  for (const b of buttons) {
    const btn = el('button', `mp-dialog__button${b.primary ? ' mp-dialog__button--primary' : ''}`, b.text);
    if (b.color) btn.style.color = b.color;
    btn.addEventListener('click', () => {
      close();
      b.onClick();
    });
    bar.appendChild(btn);
  }
  box.appendChild(bar);
  mask.appendChild(box);
  layer().appendChild(mask);
  return { close, root: mask };
}

export interface ModalOptions {
  title: string;
  content: string;
  showCancel: boolean;
  cancelText: string;
  cancelColor: string;
  confirmText: string;
  confirmColor: string;
  editable: boolean;
  placeholderText: string;
}

export function showModal(o: ModalOptions): Promise<{ confirm: boolean; cancel: boolean; content?: string }> {
  return new Promise((resolve) => {
    let input: HTMLTextAreaElement | null = null;
    let body: Node | string | null = o.content || null;
    if (o.editable) {
      input = el('textarea', 'mp-dialog__input');
      input.placeholder = o.placeholderText;
      input.value = o.content;
      body = input;
    }
    const buttons: DialogButton[] = [];
    if (o.showCancel) {
      buttons.push({
        text: o.cancelText,
        color: o.cancelColor,
        onClick: () => resolve({ confirm: false, cancel: true }),
      });
    }
    buttons.push({
      text: o.confirmText,
      color: o.confirmColor,
      primary: true,
      onClick: () => resolve({ confirm: true, cancel: false, ...(input ? { content: input.value } : {}) }),
    });
    dialog('mp-modal', o.title, body, buttons);
    input?.focus();
  });
}

/** A one-line text prompt (scanCode asks for the code's text). */
export function prompt(title: string, hint: string, placeholder: string): Promise<string | null> {
  return new Promise((resolve) => {
    const body = el('div', 'mp-prompt');
    body.appendChild(el('div', 'mp-prompt__hint', hint));
    const input = el('input', 'mp-prompt__input');
    input.placeholder = placeholder;
    body.appendChild(input);
    const d = dialog('mp-prompt', title, body, [
      { text: '取消', onClick: () => resolve(null) },
      { text: '确定', primary: true, onClick: () => resolve(input.value) },
    ]);
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') {
        d.close();
        resolve(input.value);
      }
    });
    input.focus();
  });
}

// ---- bottom sheets ----
function sheet(id: string, build: (panel: HTMLElement, close: () => void) => void, onCancel: () => void): void {
  const mask = el('div', 'mp-mask mp-mask--sheet');
  mask.id = id;
  const panel = el('div', 'mp-sheet');
  const close = () => mask.remove();
  mask.addEventListener('click', (e) => {
    if (e.target === mask) {
      close();
      onCancel();
    }
  });
  build(panel, close);
  mask.appendChild(panel);
  layer().appendChild(mask);
}

export function showActionSheet(items: string[], itemColor: string, alertText: string): Promise<number | null> {
  return new Promise((resolve) => {
    sheet(
      'mp-action-sheet',
      (panel, close) => {
        if (alertText) panel.appendChild(el('div', 'mp-sheet__alert', alertText));
        items.forEach((item, i) => {
          const b = el('button', 'mp-sheet__item', item);
          b.style.color = itemColor;
          b.addEventListener('click', () => {
            close();
            resolve(i);
          });
          panel.appendChild(b);
        });
        const cancel = el('button', 'mp-sheet__item mp-sheet__cancel', '取消');
        cancel.addEventListener('click', () => {
          close();
          resolve(null);
        });
        panel.appendChild(cancel);
      },
      () => resolve(null),
    );
  });
}

export interface SharePayload {
  title: string;
  path: string;
  /** As the page returned it (what WeChat receives). */
  imageUrl: string;
  /** What the browser loads for the card's picture. */
  imageSrc: string;
  /** Where it was sent from: 'button' (open-type="share") or 'menu'. */
  from: string;
  kind: 'friend' | 'timeline';
  query?: string;
}

/** The chat card WeChat would send, with the exact payload under it. */
export function showShareCard(p: SharePayload, appName: string): Promise<boolean> {
  return new Promise((resolve) => {
    sheet(
      'mp-share',
      (panel, close) => {
        panel.classList.add('mp-share');
        panel.appendChild(
          el('div', 'mp-share__head', p.kind === 'timeline' ? '分享到朋友圈（预览）' : '发送给朋友（预览）'),
        );
        const card = el('div', 'mp-share__card');
        const app = el('div', 'mp-share__app', appName);
        card.appendChild(app);
        card.appendChild(el('div', 'mp-share__title', p.title));
        const img = el('div', 'mp-share__image');
        if (p.imageSrc) img.style.backgroundImage = `url("${p.imageSrc}")`;
        else img.textContent = '（页面截图）';
        card.appendChild(img);
        card.appendChild(el('div', 'mp-share__foot', '小程序'));
        panel.appendChild(card);
        const payload = el('dl', 'mp-share__payload');
        const rows: Array<[string, string]> = [
          ['title', p.title],
          [p.kind === 'timeline' ? 'query' : 'path', p.kind === 'timeline' ? p.query || '' : p.path],
          ['imageUrl', p.imageUrl || '（默认：页面截图）'],
          ['from', p.from],
        ];
        for (const [k, v] of rows) {
          payload.appendChild(el('dt', 'mp-share__key', k));
          const dd = el('dd', `mp-share__value mp-share__value--${k}`, v);
          payload.appendChild(dd);
        }
        panel.appendChild(payload);
        const bar = el('div', 'mp-share__buttons');
        const cancel = el('button', 'mp-share__button', '取消');
        cancel.addEventListener('click', () => {
          close();
          resolve(false);
        });
        const send = el('button', 'mp-share__button mp-share__button--send', '发送');
        send.addEventListener('click', () => {
          close();
          resolve(true);
        });
        bar.append(cancel, send);
        panel.appendChild(bar);
      },
      () => resolve(false),
    );
  });
}

/** requestSubscribeMessage: the templates asked for, each to allow or not. */
export function showSubscribe(tmplIds: string[]): Promise<Record<string, 'accept' | 'reject'> | null> {
  return new Promise((resolve) => {
    sheet(
      'mp-subscribe',
      (panel, close) => {
        panel.appendChild(el('div', 'mp-sheet__title', '小程序申请向你发送以下订阅消息'));
        const boxes: HTMLInputElement[] = [];
        for (const id of tmplIds) {
          const row = el('label', 'mp-subscribe__row');
          const box = el('input', 'mp-subscribe__check');
          box.type = 'checkbox';
          box.checked = true;
          box.value = id;
          boxes.push(box);
          row.append(box, el('span', 'mp-subscribe__id', id));
          panel.appendChild(row);
        }
        const bar = el('div', 'mp-share__buttons');
        const reject = el('button', 'mp-share__button', '取消');
        reject.addEventListener('click', () => {
          close();
          resolve(Object.fromEntries(tmplIds.map((id) => [id, 'reject' as const])));
        });
        const allow = el('button', 'mp-share__button mp-share__button--send', '允许');
        allow.addEventListener('click', () => {
          close();
          resolve(
            Object.fromEntries(boxes.map((b) => [b.value, b.checked ? ('accept' as const) : ('reject' as const)])),
          );
        });
        bar.append(reject, allow);
        panel.appendChild(bar);
      },
      () => resolve(null),
    );
  });
}

/** A picker's sheet: any control, confirmed or cancelled. */
export function pickerSheet(build: (body: HTMLElement) => () => unknown): Promise<{ value: unknown } | null> {
  return new Promise((resolve) => {
    sheet(
      'mp-picker',
      (panel, close) => {
        const bar = el('div', 'mp-picker__bar');
        const cancel = el('button', 'mp-picker__cancel', '取消');
        const ok = el('button', 'mp-picker__ok', '确定');
        bar.append(cancel, ok);
        const body = el('div', 'mp-picker__body');
        const read = build(body);
        cancel.addEventListener('click', () => {
          close();
          resolve(null);
        });
        ok.addEventListener('click', () => {
          close();
          resolve({ value: read() });
        });
        panel.append(bar, body);
      },
      () => resolve(null),
    );
  });
}

// ---- image lightbox ----
export function showLightbox(urls: string[], current: string): void {
  let index = Math.max(0, urls.indexOf(current));
  const box = el('div', 'mp-lightbox');
  box.id = 'mp-lightbox';
  const img = el('img', 'mp-lightbox__image');
  const counter = el('div', 'mp-lightbox__counter');
  const show = () => {
    img.src = urls[index] || '';
    counter.textContent = urls.length > 1 ? `${index + 1} / ${urls.length}` : '';
  };
  const prev = el('button', 'mp-lightbox__nav mp-lightbox__nav--prev', '‹');
  const next = el('button', 'mp-lightbox__nav mp-lightbox__nav--next', '›');
  prev.addEventListener('click', (e) => {
    e.stopPropagation();
    index = (index - 1 + urls.length) % urls.length;
    show();
  });
  next.addEventListener('click', (e) => {
    e.stopPropagation();
    index = (index + 1) % urls.length;
    show();
  });
  box.addEventListener('click', () => box.remove());
  box.append(img, counter);
  if (urls.length > 1) box.append(prev, next);
  show();
  layer().appendChild(box);
}

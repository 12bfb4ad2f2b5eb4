// Errors in page code (a throwing lifecycle, handler, observer, a rejected
// promise nobody caught, a script that fails to load) show as an overlay
// over the phone, with where it happened, instead of a blank page.

import { mapStack } from './sourcemap';

export interface ShownError {
  where: string;
  message: string;
  stack: string;
}

const shown: ShownError[] = [];
let overlay: HTMLElement | null = null;

function text(tag: string, className: string, content: string): HTMLElement {
  const el = document.createElement(tag);
  el.className = className;
  el.textContent = content;
  return el;
}

function render(): void {
  const host = document.getElementById('mp-phone') || document.body;
  if (!overlay) {
    overlay = document.createElement('div');
    overlay.id = 'mp-error-overlay';
    overlay.className = 'mp-error-overlay';
  }
  if (overlay.parentElement !== host) host.appendChild(overlay);
  overlay.replaceChildren();
  const head = text('div', 'mp-error-overlay__head', `页面代码出错（${shown.length}）`);
  const close = text('button', 'mp-error-overlay__close', '关闭');
  close.addEventListener('click', () => {
    shown.length = 0;
    overlay?.remove();
  });
  head.appendChild(close);
  overlay.appendChild(head);
  const list = document.createElement('div');
  list.className = 'mp-error-overlay__list';
  for (const e of shown) {
    const item = document.createElement('div');
    item.className = 'mp-error-overlay__item';
    item.appendChild(text('div', 'mp-error-overlay__where', e.where));
    item.appendChild(text('div', 'mp-error-overlay__message', e.message));
    if (e.stack) item.appendChild(text('pre', 'mp-error-overlay__stack', e.stack));
    list.appendChild(item);
  }
  overlay.appendChild(list);
}

function describe(err: unknown): { message: string; stack: string } {
  if (err instanceof Error) {
    const stack = (err.stack || '')
      .split('\n')
      .filter((l) => /^\s+at /.test(l))
      .slice(0, 8)
      .join('\n');
    return { message: `${err.name}: ${err.message}`, stack };
  }
  if (err && typeof err === 'object') {
    try {
      return { message: JSON.stringify(err), stack: '' };
    } catch {
      return { message: String(err), stack: '' };
    }
  }
  return { message: String(err), stack: '' };
}

export function reportError(err: unknown, where: string): void {
  const { message, stack } = describe(err);
  console.error(`[preview] ${where}:`, err);
  // The same error reported through two paths shows once.
  if (shown.some((e) => e.message === message && e.where === where)) return;
  const item = { where, message, stack };
  shown.push(item);
  render();
  // Then the same frames in the mini program's own files.
  void mapStack(stack).then((mapped) => {
    if (mapped === item.stack || !shown.includes(item)) return;
    // The mini program's own frames say where; the framework's only add noise.
    const frames = mapped.split('\n');
    const own = frames.filter((f) => !/node_modules\/|tools\/preview\//.test(f));
    item.stack = (own.length ? own : frames).join('\n');
    render();
  });
}

export function reportProblems(problems: Array<{ file: string; message: string }>): void {
  for (const p of problems) reportError(new Error(p.message), p.file);
}

export function shownErrors(): ShownError[] {
  return shown.slice();
}

export function installErrorHandlers(): void {
  window.addEventListener('error', (e) => {
    // Resource load errors (an <img> 404) are not page code errors.
    if (e.error === undefined && !(e.message || '').length) return;
    reportError(e.error ?? e.message, '脚本错误');
  });
  window.addEventListener('unhandledrejection', (e) => {
    reportError(e.reason, '未处理的 Promise 拒绝');
  });
}

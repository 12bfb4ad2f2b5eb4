// input, textarea (value binding, events, placeholder-class) and label.
import { type ExparserNode } from 'miniprogram-exparser';
import { Ctx, Props, dom, onTap, ownerClasses, register, str, writeModel } from './base';

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

export function registerField(kind: 'input' | 'textarea'): void {
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
export function registerLabel(): void {
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

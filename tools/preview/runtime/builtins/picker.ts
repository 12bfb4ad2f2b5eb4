// picker: selector, multiSelector, date, time.
import * as ui from '../ui';
import { Ctx, onTap, register, str, writeModel } from './base';

// ---- picker ----
function pad(n: number): string {
  return String(n).padStart(2, '0');
}

export function registerPicker(): void {
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

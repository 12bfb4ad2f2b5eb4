// What every console page shares: the admin check, confirmations, toasts,
// and telling "not allowed" apart from "try again". The server checks the
// role on every call; these only decide what the page shows.
import { call, CloudError, errorMessage } from '../../services/cloud';

export const FORBIDDEN_TITLE = '仅协会管理员可以使用管理后台';
export const FORBIDDEN_DESCRIPTION = '如需开通，请联系协会秘书处的管理员';

/** The call was refused for who the caller is, not for what went wrong. */
export function isForbidden(err: unknown): boolean {
  return err instanceof CloudError && (err.code === 'FORBIDDEN' || err.code === 'UNAUTHENTICATED');
}

/** What a page shows when its first load failed: not allowed, gone, or an error to retry. */
export function loadFailure(
  err: unknown,
): { status: 'forbidden' } | { status: 'not-found' } | { status: 'error'; loadError: string } {
  if (isForbidden(err)) return { status: 'forbidden' };
  if (err instanceof CloudError && err.code === 'NOT_FOUND') return { status: 'not-found' };
  return { status: 'error', loadError: errorMessage(err) };
}

/** For pages that read nothing admin-only on load: refuse members before they type anything. */
export async function ensureAdmin(): Promise<void> {
  const me = await call('events', 'roles.me');
  if (!me.isAdmin) throw new CloudError('FORBIDDEN');
}

export function toast(title: string, icon: 'none' | 'success' = 'none'): void {
  wx.showToast({ title, icon, duration: 2000 });
}

/** A server error as a toast, in Chinese (the envelope's message). */
export function toastError(err: unknown): void {
  toast(errorMessage(err));
}

export function confirm(opts: {
  title: string;
  content: string;
  confirmText?: string;
  danger?: boolean;
}): Promise<boolean> {
  return new Promise((resolve) => {
    wx.showModal({
      title: opts.title,
      content: opts.content,
      confirmText: opts.confirmText || '确定',
      cancelText: '取消',
      ...(opts.danger ? { confirmColor: '#ee0a24' } : {}),
      success: (res) => resolve(!!res.confirm),
      fail: () => resolve(false),
    });
  });
}

/**
 * A line of text typed into WeChat's own dialog (wx.showModal with
 * `editable`, base library 2.17.1+:
 * https://developers.weixin.qq.com/miniprogram/dev/api/ui/interaction/wx.showModal.html).
 * With `editable`, `content` is what the input starts with (res.content is
 * the text on confirm): `text` asks again with what was typed.
 * The text as typed on confirm ('' when left empty); null when cancelled.
 */
export function askText(opts: {
  title: string;
  placeholder: string;
  confirmText?: string;
  text?: string;
}): Promise<string | null> {
  return new Promise((resolve) => {
    wx.showModal({
      title: opts.title,
      editable: true,
      placeholderText: opts.placeholder,
      ...(opts.text ? { content: opts.text } : {}),
      confirmText: opts.confirmText || '确定',
      cancelText: '取消',
      confirmColor: '#ee0a24',
      success: (res) => resolve(res.confirm ? (typeof res.content === 'string' ? res.content : '') : null),
      fail: () => resolve(null),
    });
  });
}

/** A dataset index from a tap or input event. */
export function indexOf(e: { currentTarget: { dataset: Record<string, unknown> } }): number {
  const raw = e.currentTarget.dataset.index;
  const n = typeof raw === 'number' ? raw : Number(raw);
  return Number.isInteger(n) ? n : -1;
}

export interface InputEvent {
  detail: { value?: unknown } | unknown;
  currentTarget: { dataset: Record<string, unknown> };
}

/** van-field's change carries the value itself; native inputs carry { value }. */
export function valueOf(e: InputEvent): string {
  const d = e.detail;
  if (typeof d === 'string') return d;
  if (d && typeof d === 'object' && 'value' in d) {
    const v = (d as { value?: unknown }).value;
    return typeof v === 'string' || typeof v === 'number' ? String(v) : '';
  }
  return '';
}

// Unsaved editor work kept on the phone (wx storage), so a report survives
// the page being closed by accident, the app being killed, or a failed
// call. Written on every change, removed once the server has it.
import type { ArticleForm, EditorBlock } from './article-form';

const PREFIX = 'admin:article-draft:';
const VERSION = 1;

export interface LocalDraft {
  v: number;
  form: ArticleForm;
  blocks: EditorBlock[];
  savedAt: number;
}

/** One key per report; 'new' for a report not saved yet. */
export function draftKey(id: string): string {
  return `${PREFIX}${id || 'new'}`;
}

export function saveLocalDraft(id: string, form: ArticleForm, blocks: EditorBlock[], now: number = Date.now()): void {
  const draft: LocalDraft = { v: VERSION, form, blocks, savedAt: now };
  try {
    wx.setStorageSync(draftKey(id), draft);
  } catch {
    // Storage full: the page still holds everything; nothing else to do.
  }
}

function isDraft(value: unknown): value is LocalDraft {
  if (!value || typeof value !== 'object') return false;
  const d = value as Partial<LocalDraft>;
  return d.v === VERSION && !!d.form && typeof d.form === 'object' && Array.isArray(d.blocks);
}

/**
 * The kept draft, if any. An upload that was running when the page closed
 * did not finish: it comes back as failed, to retry from the phone's copy.
 */
export function loadLocalDraft(id: string): LocalDraft | null {
  let raw: unknown;
  try {
    raw = wx.getStorageSync(draftKey(id));
  } catch {
    return null;
  }
  if (!isDraft(raw)) return null;
  return {
    ...raw,
    blocks: raw.blocks.map((b) => (b.upload === 'uploading' ? { ...b, upload: 'failed', progress: 0 } : b)),
  };
}

export function clearLocalDraft(id: string): void {
  try {
    wx.removeStorageSync(draftKey(id));
  } catch {
    // Nothing to clear.
  }
}

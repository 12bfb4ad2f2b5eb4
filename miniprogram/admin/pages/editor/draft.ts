// The editor's local draft, as a Behavior: nothing typed is lost. Every
// change marks the form dirty and is kept on the phone at once
// (utils/draft-store.ts) until the server has it; a kept draft comes back
// into the form when the editor opens again.
//
// Template data: form and blocks (the report being edited), errors (per
// field, Chinese, '' when none), dirty (changes the server does not have
// yet), restored (a kept draft was put back into the form).
import type { Article } from '../../../contract/index';
import { emptyForm, NO_ERRORS, type ArticleForm, type EditorBlock, type FormErrors } from '../../utils/article-form';
import { clearLocalDraft, loadLocalDraft, saveLocalDraft } from '../../utils/draft-store';

/** Per page instance: bumped on every change, so a save can tell whether more was typed meanwhile. */
const revisions = new WeakMap<object, number>();

export const localDraft = Behavior({
  data: {
    form: emptyForm(),
    blocks: [] as EditorBlock[],
    errors: { ...NO_ERRORS } as FormErrors,
    dirty: false,
    restored: false,
  },
  methods: {
    /** After every change: mark dirty and keep the whole form on the phone. */
    changed(): void {
      revisions.set(this, this.revision() + 1);
      if (!this.data.dirty) this.setData({ dirty: true });
      saveLocalDraft(this.data.form.id, this.data.form, this.data.blocks);
    },

    /** Counts the changes made on this page; compare before and after a call. */
    revision(): number {
      return revisions.get(this) || 0;
    },

    /**
     * Shows the server's report, or the draft kept on this phone for it: the
     * kept text wins, the server's status and version stay.
     */
    showWithKeptDraft(server: ArticleForm, serverBlocks: EditorBlock[]): { kept: boolean; failedUploads: boolean } {
      const kept = loadLocalDraft(server.id);
      const form = kept
        ? { ...kept.form, id: server.id, status: server.status, views: server.views, updatedAt: server.updatedAt }
        : server;
      const blocks = kept ? kept.blocks : serverBlocks;
      this.setData({ form, blocks, errors: { ...NO_ERRORS }, dirty: !!kept, restored: !!kept });
      return { kept: !!kept, failedUploads: blocks.some((b) => b.type === 'image' && b.upload === 'failed') };
    },

    /**
     * articles.save answered `article` for the form as it was at `revision`:
     * the form learns its id and version; the phone's copy goes unless more
     * was typed meanwhile.
     */
    savedAs(article: Article, wasNew: boolean, revision: number): void {
      const typedMeanwhile = this.revision() !== revision;
      this.setData({
        'form.id': article.id,
        'form.status': article.status,
        'form.updatedAt': article.updatedAt,
        'form.views': article.views,
        restored: false,
        dirty: typedMeanwhile,
      });
      if (wasNew) clearLocalDraft('');
      if (typedMeanwhile) saveLocalDraft(article.id, this.data.form, this.data.blocks);
      else clearLocalDraft(article.id);
    },

    /** Drops the phone's copy of report `id` (discarded, or the report removed). */
    forgetLocal(id: string): void {
      clearLocalDraft(id);
      this.setData({ dirty: false });
    },
  },
});

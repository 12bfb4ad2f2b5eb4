// The editor's way to the server, as a Behavior: the contract's checks shown
// in place, save draft, publish (saving first what the server lacks),
// unpublish, remove. A refused call leaves the form as it was, its message
// in Chinese on the field it names.
//
// Template data: that of draft.ts, and busy (the call under way: '' | save |
// publish | unpublish | remove; the bar's buttons wait for it).
import type { Article } from '../../../contract/index';
import { call, CloudError, errorMessage } from '../../../services/cloud';
import { checkArticle, MESSAGES, toInput, type FormErrors } from '../../utils/article-form';
import { confirm, toast } from '../../utils/guard';
import { dateOf, timeOf } from '../../utils/time';
import { localDraft } from './draft';

type Busy = '' | 'save' | 'publish' | 'unpublish' | 'remove';

const FORM_ERROR_FIELDS: Array<keyof FormErrors> = ['title', 'source', 'summary', 'publishedAt', 'blocks'];

export const publishing = Behavior({
  behaviors: [localDraft],
  data: {
    busy: '' as Busy,
  },
  methods: {
    /** Runs the contract's checks; shows every problem in place. */
    check(): boolean {
      const { errors, blockErrors, ok } = checkArticle(this.data.form, this.data.blocks);
      const patch: Record<string, string> = {};
      for (const f of FORM_ERROR_FIELDS) patch[`errors.${f}`] = errors[f];
      blockErrors.forEach((msg, i) => {
        if (this.data.blocks[i]?.error !== msg) patch[`blocks[${i}].error`] = msg;
      });
      this.setData(patch);
      if (!ok) toast(errors.title || errors.blocks || MESSAGES.fix);
      return ok;
    },

    /** A refused call: the message in Chinese, the field marked, the form untouched. */
    showError(err: unknown): void {
      if (err instanceof CloudError && err.code === 'VALIDATION' && err.field) {
        const m = /^blocks\.(\d+)/.exec(err.field);
        const top = err.field.split('.')[0] as keyof FormErrors;
        if (m && this.data.blocks[Number(m[1])]) this.setData({ [`blocks[${Number(m[1])}].error`]: err.message });
        else if (FORM_ERROR_FIELDS.includes(top)) this.setData({ [`errors.${top}`]: err.message });
      }
      toast(errorMessage(err));
    },

    /** articles.save; on success the form knows its id and version. Returns null on failure. */
    async save(): Promise<Article | null> {
      // setData mutates this.data in place: read what is needed before the call.
      const wasNew = !this.data.form.id;
      const revision = this.revision();
      try {
        const article = await call('content', 'articles.save', toInput(this.data.form, this.data.blocks));
        this.savedAs(article, wasNew, revision);
        return article;
      } catch (err) {
        this.showError(err);
        return null;
      }
    },

    /** Asks, then runs `work` with `kind` under way; a refused call is shown. */
    async confirmed(kind: Busy, question: Parameters<typeof confirm>[0], work: () => Promise<void>): Promise<void> {
      if (!(await confirm(question))) return;
      this.setData({ busy: kind });
      try {
        await work();
      } catch (err) {
        this.showError(err);
      }
      this.setData({ busy: '' });
    },

    async onSaveDraft() {
      if (this.data.busy || !this.check()) return;
      this.setData({ busy: 'save' });
      const saved = await this.save();
      this.setData({ busy: '' });
      if (saved) toast(saved.status === 'published' ? '已保存，会员看到的是新内容' : '草稿已保存', 'success');
    },

    async onPublish() {
      if (this.data.busy || !this.check()) return;
      const question = { title: '发布报道', content: '发布后会员即可在“报道”中看到这篇报道。', confirmText: '发布' };
      await this.confirmed('publish', question, async () => {
        let id = this.data.form.id;
        if (!id || this.data.dirty) {
          const saved = await this.save();
          id = saved ? saved.id : '';
        }
        if (!id) return;
        const a = await call('content', 'articles.publish', { id });
        this.setData({
          'form.status': a.status,
          'form.updatedAt': a.updatedAt,
          'form.date': dateOf(a.publishedAt),
          'form.time': timeOf(a.publishedAt),
          'form.timeTouched': false,
        });
        toast('已发布', 'success');
      });
    },

    async onUnpublish() {
      if (this.data.busy || !this.data.form.id) return;
      const content = '撤回后会员将看不到这篇报道，可修改后再次发布。';
      await this.confirmed('unpublish', { title: '撤回发布', content, confirmText: '撤回', danger: true }, async () => {
        const a = await call('content', 'articles.unpublish', { id: this.data.form.id });
        this.setData({ 'form.status': a.status, 'form.updatedAt': a.updatedAt });
        toast('已撤回为草稿', 'success');
      });
    },

    async onRemove() {
      const id = this.data.form.id;
      if (this.data.busy || !id) return;
      const content = '删除后会员和管理后台都将看不到这篇报道。';
      await this.confirmed('remove', { title: '删除报道', content, confirmText: '删除', danger: true }, async () => {
        await call('content', 'articles.remove', { id });
        this.forgetLocal(id);
        toast('已删除', 'success');
        wx.navigateBack({ delta: 1 });
      });
    },
  },
});

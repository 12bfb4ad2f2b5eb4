// The report editor: column, title, source, publish time, summary, and the
// body as blocks (paragraphs, headings, photos with captions), reordered
// and deleted by hand; preview exactly as members read it (the report
// page's template and view function); save draft, publish, unpublish.
//
// One job per file: this page loads the report, edits its fields and shows
// the preview; draft.ts keeps every change on the phone until the server
// has it, blocks.ts edits the body, photos.ts uploads photos, publish.ts
// checks, saves, publishes, unpublishes and removes.
import { COLUMNS } from '../../../contract/index';
import { call } from '../../../services/cloud';
import { queryText } from '../../../utils/format';
import type { BlockView } from '../../../pages/article/view';
import { emptyForm, fromArticle, previewOf, type EditorBlock } from '../../utils/article-form';
import { dateOf } from '../../utils/time';
import { confirm, ensureAdmin, toast, valueOf, type InputEvent } from '../../utils/guard';
import { firstLoad } from '../../behaviors/first-load';
import { blockEditing } from './blocks';
import { localDraft } from './draft';
import { photoUpload } from './photos';
import { publishing } from './publish';

Component({
  // blocks, photos and publish each name the behaviors they build on; one
  // referenced more than once runs its lifetimes once (these have none)
  // (developers.weixin.qq.com/miniprogram/dev/framework/custom-component/behaviors.html).
  behaviors: [firstLoad, localDraft, blockEditing, photoUpload, publishing],
  data: {
    columns: [...COLUMNS] as string[],
    preview: false,
    column: '',
    title: '',
    meta: '',
    previewBlocks: [] as BlockView[],
    photos: [] as string[],
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const id = queryText(query.id);
      this.setData({ 'form.id': id });
      this.load(id);
    },

    async load(id: string): Promise<void> {
      if (this.data.status !== 'loading') this.setData({ status: 'loading', loadError: '' });
      try {
        let server = { form: emptyForm(), blocks: [] as EditorBlock[] };
        if (id) server = fromArticle(await call('content', 'articles.get', { id }));
        else await ensureAdmin();
        const { kept, failedUploads } = this.showWithKeptDraft(server.form, server.blocks);
        this.setData({ status: 'ready' });
        if (kept && failedUploads) toast('有图片未上传完成，请点“重试”');
      } catch (err) {
        this.loadFailed(err);
      }
    },

    onRetryLoad() {
      this.load(this.data.form.id);
    },

    /** Drop the kept local changes and show what the server has. */
    async onDiscardLocal() {
      const ok = await confirm({
        title: '放弃本机修改',
        content: '将丢弃未保存的修改，恢复为已保存的版本。',
        danger: true,
      });
      if (!ok) return;
      this.forgetLocal(this.data.form.id);
      this.setData({ restored: false });
      await this.load(this.data.form.id);
    },

    // ---- fields ------------------------------------------------------------

    setField(field: 'title' | 'source' | 'summary', value: string) {
      this.setData({ [`form.${field}`]: value, ...(this.data.errors[field] ? { [`errors.${field}`]: '' } : {}) });
      this.changed();
    },

    onTitleChange(e: InputEvent) {
      this.setField('title', valueOf(e));
    },
    onSourceChange(e: InputEvent) {
      this.setField('source', valueOf(e));
    },
    onSummaryChange(e: InputEvent) {
      this.setField('summary', valueOf(e));
    },

    onColumnChange(e: InputEvent) {
      const i = Number(valueOf(e));
      if (!Number.isInteger(i) || i < 0 || i >= COLUMNS.length) return;
      this.setData({ 'form.column': i });
      this.changed();
    },

    onDateChange(e: InputEvent) {
      const date = valueOf(e);
      // A date alone means that day at the time already shown, else 09:00.
      const time = this.data.form.time || '09:00';
      this.setData({ 'form.date': date, 'form.time': time, 'form.timeTouched': true, 'errors.publishedAt': '' });
      this.changed();
    },

    onTimeChange(e: InputEvent) {
      const time = valueOf(e);
      const date = this.data.form.date || dateOf(Date.now());
      this.setData({ 'form.date': date, 'form.time': time, 'form.timeTouched': true, 'errors.publishedAt': '' });
      this.changed();
    },

    onClearTime() {
      this.setData({ 'form.date': '', 'form.time': '', 'form.timeTouched': false, 'errors.publishedAt': '' });
      this.changed();
    },

    // ---- preview -----------------------------------------------------------

    onPreview() {
      const view = previewOf(this.data.form, this.data.blocks, Date.now());
      this.setData({
        preview: true,
        column: view.column,
        title: view.title,
        meta: view.meta,
        previewBlocks: view.blocks,
        photos: view.photos,
      });
      wx.pageScrollTo({ scrollTop: 0, duration: 0 });
    },

    onBackToEdit() {
      this.setData({ preview: false });
    },

    /** The template's photo tap, as on the report page. */
    onImageTap(e: { currentTarget: { dataset: { photo?: unknown } } }) {
      const i = Number(e.currentTarget.dataset.photo);
      const current = i >= 0 ? this.data.photos[i] : undefined;
      if (current) wx.previewImage({ current, urls: this.data.photos });
    },
  },
});

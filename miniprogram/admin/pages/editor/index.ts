// The report editor: column, title, source, publish time, summary, and the
// body as blocks (paragraphs, headings, photos with captions), reordered
// and deleted by hand; preview exactly as members read it (the report
// page's template and view function); save draft, publish, unpublish.
//
// Nothing typed is lost: every change is kept on the phone at once
// (utils/draft-store.ts) until the server has it, a failed call leaves the
// form as it was, and a failed photo upload keeps its place (and the phone's
// copy) to retry.
import { COLUMNS, type Article } from '../../../contract/index';
import { call, CloudError, errorMessage } from '../../../services/cloud';
import { queryText } from '../../../utils/format';
import type { BlockView } from '../../../pages/article/view';
import { makeThumbnail, photoCloudPath, thumbCloudPath, uploadFile } from '../../services/storage';
import {
  checkArticle,
  emptyForm,
  fromArticle,
  MESSAGES,
  NO_ERRORS,
  photoBlock,
  previewOf,
  textBlock,
  toInput,
  type ArticleForm,
  type EditorBlock,
  type FormErrors,
} from '../../utils/article-form';
import { clearLocalDraft, loadLocalDraft, saveLocalDraft } from '../../utils/draft-store';
import { dateOf, timeOf } from '../../utils/time';
import { confirm, ensureAdmin, FORBIDDEN_TITLE, indexOf, isForbidden, toast } from '../../utils/guard';

type Status = 'loading' | 'ready' | 'forbidden' | 'not-found' | 'error';
type Busy = '' | 'save' | 'publish' | 'unpublish' | 'remove';

interface InputEvent {
  detail: { value?: unknown } | unknown;
  currentTarget: { dataset: Record<string, unknown> };
}

/** van-field's change carries the value itself; native inputs carry { value }. */
function valueOf(e: InputEvent): string {
  const d = e.detail;
  if (typeof d === 'string') return d;
  if (d && typeof d === 'object' && 'value' in d) {
    const v = (d as { value?: unknown }).value;
    return typeof v === 'string' || typeof v === 'number' ? String(v) : '';
  }
  return '';
}

const FORM_ERROR_FIELDS: Array<keyof FormErrors> = ['title', 'source', 'summary', 'publishedAt', 'blocks'];

/** Per page instance: bumped on every change, so a save can tell whether more was typed meanwhile. */
const revisions = new WeakMap<object, number>();

Component({
  data: {
    status: 'loading' as Status,
    loadError: '',
    forbiddenTitle: FORBIDDEN_TITLE,
    columns: [...COLUMNS] as string[],
    form: emptyForm(),
    blocks: [] as EditorBlock[],
    errors: { ...NO_ERRORS } as FormErrors,
    busy: '' as Busy,
    dirty: false,
    /** A kept local draft was put back into the form. */
    restored: false,
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
        let form: ArticleForm;
        let blocks: EditorBlock[];
        if (id) {
          ({ form, blocks } = fromArticle(await call('content', 'articles.get', { id })));
        } else {
          await ensureAdmin();
          form = emptyForm();
          blocks = [];
        }
        const kept = loadLocalDraft(id);
        if (kept) {
          // The server's status and version win; the text is the editor's.
          form = { ...kept.form, id: form.id, status: form.status, views: form.views, updatedAt: form.updatedAt };
          blocks = kept.blocks;
        }
        this.setData({ status: 'ready', form, blocks, errors: { ...NO_ERRORS }, dirty: !!kept, restored: !!kept });
        const failed = blocks.some((b) => b.type === 'image' && b.upload === 'failed');
        if (kept && failed) toast('有图片未上传完成，请点“重试”');
      } catch (err) {
        if (isForbidden(err)) this.setData({ status: 'forbidden' });
        else if (err instanceof CloudError && err.code === 'NOT_FOUND') this.setData({ status: 'not-found' });
        else this.setData({ status: 'error', loadError: errorMessage(err) });
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
      clearLocalDraft(this.data.form.id);
      this.setData({ restored: false, dirty: false });
      await this.load(this.data.form.id);
    },

    // ---- keeping changes ---------------------------------------------------

    /** After every change: mark dirty and keep the whole form on the phone. */
    changed() {
      revisions.set(this, (revisions.get(this) || 0) + 1);
      if (!this.data.dirty) this.setData({ dirty: true });
      saveLocalDraft(this.data.form.id, this.data.form, this.data.blocks);
    },

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

    // ---- blocks ------------------------------------------------------------

    setBlocks(blocks: EditorBlock[]) {
      this.setData({ blocks, ...(this.data.errors.blocks ? { 'errors.blocks': '' } : {}) });
      this.changed();
    },

    onBlockText(e: InputEvent) {
      const i = indexOf(e);
      const b = this.data.blocks[i];
      if (!b) return;
      this.setData({ [`blocks[${i}].text`]: valueOf(e), ...(b.error ? { [`blocks[${i}].error`]: '' } : {}) });
      this.changed();
    },

    onCaption(e: InputEvent) {
      const i = indexOf(e);
      const b = this.data.blocks[i];
      if (!b) return;
      const captionError = b.error === MESSAGES.captionMax;
      this.setData({ [`blocks[${i}].caption`]: valueOf(e), ...(captionError ? { [`blocks[${i}].error`]: '' } : {}) });
      this.changed();
    },

    onAddParagraph() {
      this.setBlocks([...this.data.blocks, textBlock('paragraph')]);
    },

    onAddHeading() {
      this.setBlocks([...this.data.blocks, textBlock('heading')]);
    },

    async onAddPhoto() {
      let files: WechatMiniprogram.MediaFile[];
      try {
        const res = await wx.chooseMedia({
          count: 9,
          mediaType: ['image'],
          sourceType: ['album', 'camera'],
          sizeType: ['compressed'],
        });
        files = res.tempFiles || [];
      } catch {
        return; // Cancelled.
      }
      const added = files.filter((f) => !!f.tempFilePath).map((f) => photoBlock(f.tempFilePath, f.width, f.height));
      if (!added.length) return;
      this.setBlocks([...this.data.blocks, ...added]);
      // One after another: a phone on site has little bandwidth to share.
      for (const b of added) await this.upload(b.key);
    },

    onRetryUpload(e: InputEvent) {
      const b = this.data.blocks[indexOf(e)];
      if (b && b.type === 'image' && b.upload === 'failed') this.upload(b.key);
    },

    /** Uploads one photo block; found by key, since blocks may move meanwhile. */
    async upload(key: string): Promise<void> {
      const at = () => this.data.blocks.findIndex((b) => b.key === key);
      const start = at();
      const block = this.data.blocks[start];
      if (!block || !block.localPath) return;
      this.setData({
        [`blocks[${start}].upload`]: 'uploading',
        [`blocks[${start}].progress`]: 0,
        [`blocks[${start}].error`]: '',
      });
      try {
        const cloudPath = photoCloudPath(block.localPath);
        const fileID = await uploadFile(block.localPath, cloudPath, (percent) => {
          const i = at();
          if (i >= 0) this.setData({ [`blocks[${i}].progress`]: Math.max(0, Math.min(100, Math.round(percent))) });
        });
        // The list-size copy stored beside it; without one, lists load the photo.
        const thumb = await this.uploadThumbnail(block.localPath, cloudPath);
        const i = at();
        if (i < 0) return; // Deleted while uploading.
        this.setData({
          [`blocks[${i}].src`]: fileID,
          [`blocks[${i}].thumb`]: thumb,
          [`blocks[${i}].upload`]: 'done',
          [`blocks[${i}].progress`]: 100,
        });
      } catch (err) {
        const i = at();
        if (i < 0) return;
        this.setData({ [`blocks[${i}].upload`]: 'failed', [`blocks[${i}].error`]: errorMessage(err) });
      }
      this.changed();
    },

    /** Best effort: the thumbnail's fileID, or '' when none could be made or sent. */
    async uploadThumbnail(localPath: string, photoPath: string): Promise<string> {
      const small = await makeThumbnail(localPath);
      if (!small) return '';
      try {
        return await uploadFile(small, thumbCloudPath(photoPath), () => undefined);
      } catch {
        return '';
      }
    },

    move(from: number, to: number) {
      const blocks = [...this.data.blocks];
      if (from < 0 || to < 0 || from >= blocks.length || to >= blocks.length) return;
      const [b] = blocks.splice(from, 1);
      if (!b) return;
      blocks.splice(to, 0, b);
      this.setBlocks(blocks);
    },

    onMoveUp(e: InputEvent) {
      const i = indexOf(e);
      this.move(i, i - 1);
    },

    onMoveDown(e: InputEvent) {
      const i = indexOf(e);
      this.move(i, i + 1);
    },

    async onDelete(e: InputEvent) {
      const i = indexOf(e);
      const b = this.data.blocks[i];
      if (!b) return;
      const hasContent = b.type === 'image' || !!b.text.trim();
      if (hasContent) {
        const what = b.type === 'image' ? '这张图片' : b.type === 'heading' ? '这个小标题' : '这个段落';
        const ok = await confirm({
          title: '删除内容',
          content: `确定删除${what}吗？`,
          confirmText: '删除',
          danger: true,
        });
        if (!ok) return;
      }
      // Found again by key: the list may have changed while the dialog was open.
      this.setBlocks(this.data.blocks.filter((x) => x.key !== b.key));
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

    // ---- saving ------------------------------------------------------------

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
    showError(err: unknown) {
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
      const revision = revisions.get(this) || 0;
      try {
        const article = await call('content', 'articles.save', toInput(this.data.form, this.data.blocks));
        const typedMeanwhile = (revisions.get(this) || 0) !== revision;
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
        return article;
      } catch (err) {
        this.showError(err);
        return null;
      }
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
      const ok = await confirm({
        title: '发布报道',
        content: '发布后会员即可在“报道”中看到这篇报道。',
        confirmText: '发布',
      });
      if (!ok) return;
      this.setData({ busy: 'publish' });
      let id = this.data.form.id;
      if (!id || this.data.dirty) {
        const saved = await this.save();
        id = saved ? saved.id : '';
      }
      if (id) {
        try {
          const a = await call('content', 'articles.publish', { id });
          this.setData({
            'form.status': a.status,
            'form.updatedAt': a.updatedAt,
            'form.date': dateOf(a.publishedAt),
            'form.time': timeOf(a.publishedAt),
            'form.timeTouched': false,
          });
          toast('已发布', 'success');
        } catch (err) {
          this.showError(err);
        }
      }
      this.setData({ busy: '' });
    },

    async onUnpublish() {
      if (this.data.busy || !this.data.form.id) return;
      const ok = await confirm({
        title: '撤回发布',
        content: '撤回后会员将看不到这篇报道，可修改后再次发布。',
        confirmText: '撤回',
        danger: true,
      });
      if (!ok) return;
      this.setData({ busy: 'unpublish' });
      try {
        const a = await call('content', 'articles.unpublish', { id: this.data.form.id });
        this.setData({ 'form.status': a.status, 'form.updatedAt': a.updatedAt });
        toast('已撤回为草稿', 'success');
      } catch (err) {
        this.showError(err);
      }
      this.setData({ busy: '' });
    },

    async onRemove() {
      const id = this.data.form.id;
      if (this.data.busy || !id) return;
      const ok = await confirm({
        title: '删除报道',
        content: '删除后会员和管理后台都将看不到这篇报道。',
        confirmText: '删除',
        danger: true,
      });
      if (!ok) return;
      this.setData({ busy: 'remove' });
      try {
        await call('content', 'articles.remove', { id });
        clearLocalDraft(id);
        this.setData({ dirty: false });
        toast('已删除', 'success');
        wx.navigateBack({ delta: 1 });
      } catch (err) {
        this.showError(err);
      }
      this.setData({ busy: '' });
    },
  },
});

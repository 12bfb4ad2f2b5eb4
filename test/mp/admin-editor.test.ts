// The console's report editor in simulate, on the local cloud: a staff
// member writes a report with a photo right after an event, reorders it,
// saves a draft, publishes, and members read exactly what the preview
// showed. Nothing typed is lost: a failed upload, a refused call or a
// closed page keep the text.
import type { Block } from '../../miniprogram/contract/index';
import type { ArticleForm, EditorBlock } from '../../miniprogram/admin/utils/article-form';
import { installPhotoUploads, PNG_1X1, type PhotoUploads } from './admin-helpers';
import {
  actions,
  answerWx,
  dialogs,
  input,
  needPrivacyConsent,
  openPage,
  payloads,
  popupClosed,
  popupOpen,
  publishReport,
  shows,
  startCloudWithAdmin,
  tap,
  text,
  texts,
  toasts,
  trigger,
  useLocalCloud,
  usePageCloud,
  waitFor,
  wxCalls,
  type Rendered,
  type SimNode,
} from './page-test';

const ADMIN = 'editor-admin';
const MEMBER = 'reader-member';
const EDITOR = 'admin/pages/editor/index';
const PHOTO = 'wxfile://tmp/group-photo.jpg';
const PHOTO_2 = 'wxfile://tmp/site-visit.png';

const lc = usePageCloud(() => startCloudWithAdmin(ADMIN));
let uploads: PhotoUploads;

beforeAll(async () => {
  uploads = await installPhotoUploads(lc);
  uploads.photos.set(PHOTO, PNG_1X1);
  uploads.photos.set(PHOTO_2, Buffer.concat([PNG_1X1, Buffer.from('second')]));
});

beforeEach(() => {
  uploads.useLocalMode();
  uploads.failNext = 0;
});

function nth(page: Rendered, selector: string, i: number): SimNode {
  const node = page.querySelectorAll(selector)[i];
  if (!node) throw new Error(`no ${selector} #${i} in: ${text(page)}`);
  return node;
}

function choosePhotos(...paths: string[]): void {
  answerWx('chooseMedia', {
    type: 'image',
    tempFiles: paths.map((p) => ({ tempFilePath: p, fileType: 'image', size: 68, width: 0, height: 0 })),
  });
}

/** The editor once its first load is over (the form, or the state that replaces it). */
function openEditor(query: Record<string, string> = {}): Promise<Rendered> {
  return openPage(EDITOR, query, (page) => !shows(page, '.admin-loading'));
}

/** The kind of each block as labelled on screen: 段落, 小标题, 图片. */
function blockKinds(page: Rendered): string[] {
  return texts(page, '.block__type');
}

/** The photo block `i` (counting every block) has finished uploading: neither progress nor failure under it. */
function uploaded(page: Rendered, i: number): boolean {
  const block = page.querySelectorAll('.block')[i];
  const shown = block ? text(block) : '';
  return shown.startsWith('图片') && !shown.includes('上传中') && !shown.includes('上传失败');
}

/** What the preview shows (the report page's template), then back to editing. */
async function previewText(page: Rendered): Promise<string> {
  await tap(page, '#preview-button');
  const shown = text(page.querySelector('#preview') as SimNode);
  await tap(page, '#back-to-edit');
  return shown;
}

/** The id the server gave the report titled `title` (the console's list of drafts and published). */
async function reportId(title: string): Promise<string> {
  for (const status of ['draft', 'published'] as const) {
    const list = await lc.ok('content', 'articles.adminList', { status }, { openid: ADMIN });
    const found = list.items.find((a) => a.title === title);
    if (found) return found.id;
  }
  throw new Error(`no report titled ${title}`);
}

function articleSaves(binding: Parameters<typeof actions>[0]): number {
  return actions(binding).filter((a) => a === 'articles.save').length;
}

function lastSave(binding: Parameters<typeof actions>[0]): { blocks: Block[]; pinned?: boolean } {
  const all = payloads<{ blocks: Block[]; pinned?: boolean }>(binding, 'articles.save');
  const last = all[all.length - 1];
  if (!last) throw new Error('the editor sent no articles.save');
  return last;
}

/** The image block of a save payload. */
function photoOf(save: { blocks: Block[] }, i: number): Extract<Block, { type: 'image' }> {
  const b = save.blocks[i];
  if (!b || b.type !== 'image') throw new Error(`block ${i} is not a photo`);
  return b;
}

describe('writing a report with a photo', () => {
  it('adds a paragraph and a captioned photo, reorders, saves a draft, publishes; members read the same blocks', async () => {
    const binding = useLocalCloud(lc, ADMIN);
    const page = await openEditor();
    expect(text(page)).toContain('新报道');

    await trigger(page, '#column-picker', 'change', { value: '1' });
    await input(page, '#title-field', '我会赴界首开展党建共建观摩活动');
    await input(page, '#source-field', '安徽省环保产业协会');

    await tap(page, '#add-paragraph');
    await input(page, nth(page, '.block__text', 0), '为深入贯彻落实党的二十大精神，协会组织会员单位赴界首观摩。');

    choosePhotos(PHOTO);
    await tap(page, '#add-photo');
    await waitFor(() => uploaded(page, 1));
    await input(page, nth(page, '.block__caption', 0), '与会人员在界首高新区合影');

    await tap(page, '#add-heading');
    await input(page, nth(page, '.block__text', 1), '观摩与座谈');

    // Reorder: the heading (third) moves above the photo.
    await tap(page, nth(page, '.block__up', 1));
    expect(blockKinds(page)).toEqual(['段落', '小标题', '图片']);
    // And one more paragraph, added at the end then moved up to the top.
    await tap(page, '#add-paragraph');
    await input(page, nth(page, '.block__text', 2), '创新无止境，服务总关情。');
    await tap(page, nth(page, '.block__up', 2));
    await tap(page, nth(page, '.block__up', 1));
    expect(blockKinds(page)).toEqual(['段落', '段落', '小标题', '图片']);
    // Delete it again (with confirmation), back to three blocks.
    await tap(page, nth(page, '.block__delete', 1));
    await waitFor(() => blockKinds(page).length === 3);
    expect(dialogs()).toContain('删除内容');
    expect(blockKinds(page)).toEqual(['段落', '小标题', '图片']);

    await tap(page, '#save-button');
    await waitFor(() => toasts().includes('草稿已保存'));
    // The photo went to cloud storage; the draft names it.
    const fileID = photoOf(lastSave(binding), 2).src;
    expect(fileID).toMatch(/^cloud:\/\/.+\/articles\/\d{6}\/.+\.jpg$/);
    expect(lc.storage.read(fileID).equals(PNG_1X1)).toBe(true);
    const id = await reportId('我会赴界首开展党建共建观摩活动');
    const expected: Block[] = [
      { type: 'paragraph', text: '为深入贯彻落实党的二十大精神，协会组织会员单位赴界首观摩。' },
      { type: 'heading', text: '观摩与座谈' },
      { type: 'image', src: fileID, caption: '与会人员在界首高新区合影' },
    ];
    const draft = await lc.ok('content', 'articles.get', { id }, { openid: ADMIN });
    expect(draft).toMatchObject({
      status: 'draft',
      column: '协会动态',
      title: '我会赴界首开展党建共建观摩活动',
      source: '安徽省环保产业协会',
      blocks: expected,
    });
    expect(text(page)).toContain('草稿');
    expect(text(page)).not.toContain('有未保存的修改');
    // Saved: nothing is kept on the phone any more.
    expect(wx.getStorageSync('admin:article-draft:new')).toBe('');
    expect(wx.getStorageSync(`admin:article-draft:${id}`)).toBe('');
    // A draft is not readable by members.
    expect(await lc.call('content', 'articles.open', { id }, { openid: MEMBER })).toMatchObject({ code: 'NOT_FOUND' });

    await tap(page, '#publish-button');
    await waitFor(() => toasts().includes('已发布'));
    expect(dialogs()).toContain('发布报道');
    expect(text(page.querySelector('.editor__state') as SimNode)).toBe('已发布');
    expect(text(page)).toContain('撤回发布');
    expect(payloads(binding, 'articles.publish')).toEqual([{ id }]);
    expect((await lc.ok('content', 'articles.get', { id }, { openid: ADMIN })).status).toBe('published');
    // Publishing an unchanged draft saved nothing twice.
    expect(articleSaves(binding)).toBe(1);

    // The preview, as members will see it.
    await tap(page, '#preview-button');
    expect(shows(page, '#preview')).toBe(true);
    const previewText = text(page.querySelector('#preview') as SimNode);
    expect(previewText).toContain('与会人员在界首高新区合影');

    // A member opens the published report.
    binding.as(MEMBER);
    const report = await openPage('pages/article/index', { id }, (p) => shows(p, '.article__title'));
    // Same column, title, meta line and blocks (kind and text) on screen as the preview showed.
    const head = (p: Rendered) => ['.article__column', '.article__title', '.article__meta'].map((sel) => texts(p, sel));
    expect(head(report)).toEqual(head(page));
    const blockSelector = '.article__figure, .article__paragraph, .article__heading';
    const kinds = (p: Rendered) =>
      p
        .querySelectorAll(blockSelector)
        .map(
          (n) => /article__(figure|paragraph|heading)/.exec((n.dom as unknown as { className: string }).className)?.[1],
        );
    expect(kinds(report)).toEqual(kinds(page));
    expect(kinds(report)).toEqual(['paragraph', 'heading', 'figure']);
    expect(texts(report, '.article__meta')[0]).toMatch(
      /^发布时间 \d{4}-\d{2}-\d{2} \d{2}:\d{2} · 来源 安徽省环保产业协会 · 阅读 1$/,
    );
    // Same text on screen, block for block.
    expect(texts(report, blockSelector)).toEqual(texts(page, blockSelector));
    expect(texts(report, blockSelector)).toEqual([
      '为深入贯彻落实党的二十大精神，协会组织会员单位赴界首观摩。',
      '观摩与座谈',
      '与会人员在界首高新区合影',
    ]);
    // A long scenario (first render of the editor and the report page): more than jest's 5 s on a busy machine.
  }, 20_000);

  it('makes a list-size thumbnail of each photo on the phone and stores it beside the photo; lists load it, the report the photo', async () => {
    const binding = useLocalCloud(lc, ADMIN);
    const THUMB = 'wxfile://tmp/group-photo.thumb.jpg';
    const thumbBytes = Buffer.concat([PNG_1X1, Buffer.from('thumb')]);
    uploads.photos.set(THUMB, thumbBytes);
    answerWx('compressImage', (o: Record<string, unknown>) =>
      o.src === PHOTO ? { tempFilePath: THUMB } : { errMsg: 'compressImage:fail' },
    );
    answerWx('getImageInfo', (o: Record<string, unknown>) =>
      o.src === THUMB ? { width: 330, height: 220, path: THUMB } : { width: 4032, height: 3024, path: o.src },
    );
    const page = await openEditor();
    await input(page, '#title-field', '缩略图测试报道');
    choosePhotos(PHOTO);
    await tap(page, '#add-photo');
    await waitFor(() => uploaded(page, 0));
    // Made at the list's size, compressed.
    expect(wxCalls<Record<string, unknown>>('compressImage')).toEqual([
      expect.objectContaining({ src: PHOTO, quality: 80, compressedWidth: 330 }),
    ]);

    await tap(page, '#save-button');
    await waitFor(() => toasts().includes('草稿已保存'));
    const { src, thumb } = photoOf(lastSave(binding), 0);
    expect(thumb).toBe(src.replace(/\.jpg$/, '.thumb.jpg'));
    expect(lc.storage.read(thumb ?? '').equals(thumbBytes)).toBe(true);
    expect(lc.storage.read(src).equals(PNG_1X1)).toBe(true);
    const id = await reportId('缩略图测试报道');
    await lc.ok('content', 'articles.publish', { id }, { openid: ADMIN });
    binding.as(MEMBER);
    const list = await lc.ok('content', 'articles.list', {}, { openid: MEMBER });
    expect(list.items.find((i) => i.id === id)?.cover).toBe(thumb);
    expect((await lc.ok('content', 'articles.open', { id }, { openid: MEMBER })).cover).toBe(src);
  });

  it('without a small copy (compression fails or ignores the size) the photo is saved alone', async () => {
    const binding = useLocalCloud(lc, ADMIN);
    answerWx('compressImage', { tempFilePath: PHOTO_2 });
    // An older base library ignores compressedWidth: the copy is as big as the photo.
    answerWx('getImageInfo', { width: 1920, height: 1080, path: PHOTO_2 });
    const page = await openEditor();
    await input(page, '#title-field', '没有缩略图的报道');
    choosePhotos(PHOTO_2);
    await tap(page, '#add-photo');
    await waitFor(() => uploaded(page, 0));
    await tap(page, '#save-button');
    await waitFor(() => toasts().includes('草稿已保存'));
    expect(photoOf(lastSave(binding), 0).thumb).toBeUndefined();
    expect(uploads.uploaded.filter((p) => p.endsWith('.thumb.jpg'))).toHaveLength(1); // only the earlier test's
  });

  it('a failed upload keeps the text, blocks saving, and can be retried', async () => {
    const binding = useLocalCloud(lc, ADMIN);
    const page = await openEditor();
    await input(page, '#title-field', '现场照片上传失败也不丢字');
    await tap(page, '#add-paragraph');
    const words = '会议现场气氛热烈，与会代表踊跃发言。';
    await input(page, nth(page, '.block__text', 0), words);

    uploads.failNext = 1;
    choosePhotos(PHOTO_2);
    await tap(page, '#add-photo');
    await waitFor(() => texts(page, '.block__upload').some((t) => t.startsWith('上传失败')));
    expect(texts(page, '.block__error')).toEqual(['图片上传失败，请检查网络后重试']);
    expect(text(page)).toContain('上传失败');
    // The text is all there, on screen and in the phone's kept draft.
    const shown = await previewText(page);
    expect(shown).toContain(words);
    expect(shown).toContain('现场照片上传失败也不丢字');
    const kept = wx.getStorageSync('admin:article-draft:new') as { blocks: EditorBlock[] };
    expect(kept.blocks[0]!.text).toBe(words);

    // Saving is refused on the phone, without a call.
    await tap(page, '#save-button');
    expect(texts(page, '.block__error')).toEqual(['图片上传失败，请点“重试”或删除']);
    expect(articleSaves(binding)).toBe(0);

    await tap(page, nth(page, '.block__retry', 0));
    await waitFor(() => uploaded(page, 1));
    expect(texts(page, '.block__error')).toEqual([]);
    expect(await previewText(page)).toContain(words);

    await tap(page, '#save-button');
    await waitFor(() => toasts().includes('草稿已保存'));
    const id = await reportId('现场照片上传失败也不丢字');
    const saved = await lc.ok('content', 'articles.get', { id }, { openid: ADMIN });
    expect(saved.blocks).toEqual([
      { type: 'paragraph', text: words },
      { type: 'image', src: photoOf(lastSave(binding), 1).src },
    ]);
  });

  it('keeps unsaved changes on the phone when the page is closed by accident', async () => {
    useLocalCloud(lc, ADMIN);
    const first = await openEditor();
    await input(first, '#title-field', '写到一半的报道');
    await tap(first, '#add-paragraph');
    await input(first, nth(first, '.block__text', 0), '第一段已经写好了。');
    expect(text(first)).toContain('有未保存的修改');
    first.detach(); // Closed without saving.

    const again = await openEditor();
    expect(shows(again, '#restored')).toBe(true);
    expect(text(again)).toContain('已恢复本机上次未保存的修改');
    expect(blockKinds(again)).toEqual(['段落']);
    const restored = await previewText(again);
    expect(restored).toContain('写到一半的报道');
    expect(restored).toContain('第一段已经写好了。');

    // Discarding starts over.
    await tap(again, '#restored');
    await waitFor(() => !shows(again, '.admin-loading') && !shows(again, '#restored'));
    expect(dialogs()).toContain('放弃本机修改');
    expect(blockKinds(again)).toEqual([]);
    expect(text(again)).not.toContain('有未保存的修改');
    expect(await previewText(again)).not.toContain('写到一半的报道');
    expect(wx.getStorageSync('admin:article-draft:new')).toBe('');
  });

  it('checks the contract rules before calling and keeps everything on a refused call', async () => {
    const binding = useLocalCloud(lc, 'editor-2');
    await lc.makeAdmin('editor-2');
    const page = await openEditor();
    const titleField = () => text(page.querySelector('#title-field') as SimNode);

    await tap(page, '#save-button');
    expect(titleField()).toContain('标题不能为空');
    expect(texts(page, '#blocks-error')).toEqual(['正文不能为空，请添加段落或图片']);
    await input(page, '#title-field', '很'.repeat(101));
    await tap(page, '#add-paragraph');
    await tap(page, '#add-heading');
    await tap(page, '#save-button');
    expect(titleField()).toContain('标题不能超过100个字');
    expect(texts(page, '.block__error')).toEqual(['段落不能为空', '小标题不能为空']);
    expect(text(page)).toContain('段落不能为空');
    expect(articleSaves(binding)).toBe(0);

    await input(page, '#title-field', '权限被收回时正在编辑');
    await input(page, nth(page, '.block__text', 0), '这段文字不能丢。');
    await input(page, nth(page, '.block__text', 1), '小标题');
    // Meanwhile another admin takes the role away.
    await lc.ok('events', 'roles.revoke', { openid: 'editor-2' }, { openid: ADMIN });

    await tap(page, '#save-button');
    await waitFor(() => toasts().includes('没有权限进行此操作'));
    expect(articleSaves(binding)).toBe(1);
    const shown = await previewText(page);
    expect(shown).toContain('权限被收回时正在编辑');
    expect(texts(page, '.block__type')).toEqual(['段落', '小标题']);
    expect(shown).toContain('这段文字不能丢。');
    expect(shown).toContain('小标题');
    expect(text(page)).toContain('有未保存的修改');
    const kept = wx.getStorageSync('admin:article-draft:new') as { form: ArticleForm };
    expect(kept.form.title).toBe('权限被收回时正在编辑');
  });

  it('edits a published report, unpublishes it, and members no longer see it', async () => {
    const createdId = await publishReport(lc, ADMIN, {
      column: '通知公告',
      title: '关于召开会员大会的通知',
      source: '协会秘书处',
      pinned: true,
      blocks: [{ type: 'paragraph', text: '定于下月召开会员大会。' }],
    });
    const binding = useLocalCloud(lc, ADMIN);
    const page = await openEditor({ id: createdId });
    expect(text(page.querySelector('.editor__state') as SimNode)).toBe('已发布');
    expect(text(page.querySelector('#column-picker') as SimNode)).toBe('栏目通知公告');
    expect(await previewText(page)).toContain('关于召开会员大会的通知');
    expect(text(page)).toContain('保存修改');
    expect(text(page)).toContain('撤回发布');

    await input(page, nth(page, '.block__text', 0), '定于下月十五日召开会员大会。');
    await tap(page, '#save-button');
    await waitFor(() => toasts().includes('已保存，会员看到的是新内容'));
    expect(text(page)).not.toContain('有未保存的修改');
    // The editor keeps what it does not show (pinned) in what it sends.
    expect(lastSave(binding).pinned).toBe(true);
    const updated = await lc.ok('content', 'articles.open', { id: createdId }, { openid: MEMBER });
    expect(updated.blocks).toEqual([{ type: 'paragraph', text: '定于下月十五日召开会员大会。' }]);
    // Fields the editor does not show were kept.
    expect(updated.pinned).toBe(true);

    await tap(page, '#unpublish-button');
    await waitFor(() => toasts().includes('已撤回为草稿'));
    expect(text(page.querySelector('.editor__state') as SimNode)).toBe('草稿');
    expect(payloads(binding, 'articles.unpublish')).toEqual([{ id: createdId }]);
    expect(await lc.call('content', 'articles.open', { id: createdId }, { openid: MEMBER })).toMatchObject({
      ok: false,
      code: 'NOT_FOUND',
    });
  });

  it('a member who reaches the editor sees that it is for admins, and nothing is called on their behalf', async () => {
    const binding = useLocalCloud(lc, MEMBER);
    const page = await openEditor();
    expect(shows(page, '#forbidden')).toBe(true);
    expect(text(page)).toContain('仅协会管理员可以使用管理后台');
    expect(actions(binding)).toEqual(['roles.me']);
    expect(page.querySelector('#save-button')).toBeUndefined();

    const existing = await lc.ok(
      'content',
      'articles.save',
      { column: '协会动态', title: '草稿', blocks: [{ type: 'paragraph', text: '内容' }] },
      { openid: ADMIN },
    );
    const other = await openEditor({ id: existing.id });
    expect(shows(other, '#forbidden')).toBe(true);
    expect(text(other)).not.toContain('内容');
  });
});

describe('privacy consent for photos', () => {
  it('not agreed yet: 添加照片 shows the editor\u2019s consent popup, and the photo is added after 同意', async () => {
    useLocalCloud(lc, ADMIN);
    needPrivacyConsent();
    const page = await openEditor();
    const popup = page.querySelector('privacy-popup') as SimNode;
    choosePhotos(PHOTO);
    await tap(page, '#add-photo');
    await waitFor(() => text(popup).includes('选择照片') && popupOpen(popup, 'privacy-popup'));
    expect(blockKinds(page)).toEqual([]);

    await trigger(popup, '#agree-btn', 'agreeprivacyauthorization');
    await waitFor(() => uploaded(page, 0));
    await waitFor(() => popupClosed(popup, 'privacy-popup'));
    expect(wxCalls('chooseMedia')).toHaveLength(1);
  });
});

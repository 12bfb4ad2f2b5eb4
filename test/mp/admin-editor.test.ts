// The console's report editor in simulate, on the local cloud: a staff
// member writes a report with a photo right after an event, reorders it,
// saves a draft, publishes, and members read exactly what the preview
// showed. Nothing typed is lost: a failed upload, a refused call or a
// closed page keep the text.
import type { Block } from '../../miniprogram/contract/index';
import type { ArticleForm, EditorBlock } from '../../miniprogram/admin/utils/article-form';
import type { BlockView } from '../../miniprogram/pages/article/view';
import type { TestCloud } from '../helpers/cloud';
import {
  answerWx,
  input,
  needPrivacyConsent,
  renderPage,
  tap,
  text,
  trigger,
  useLocalCloud,
  waitFor,
  wxCalls,
  type Rendered,
  type SimNode,
} from '../helpers/simulate';
import { publishReport, startCloudWithAdmin } from './fixtures';
import { installPhotoUploads, PNG_1X1, type PhotoUploads } from './admin-helpers';

const ADMIN = 'editor-admin';
const MEMBER = 'reader-member';
const EDITOR = 'admin/pages/editor/index';
const PHOTO = 'wxfile://tmp/group-photo.jpg';
const PHOTO_2 = 'wxfile://tmp/site-visit.png';

interface EditorData extends Record<string, unknown> {
  status: string;
  form: ArticleForm;
  blocks: EditorBlock[];
  errors: Record<string, string>;
  busy: string;
  dirty: boolean;
  restored: boolean;
  preview: boolean;
  column: string;
  title: string;
  meta: string;
  previewBlocks: BlockView[];
}

interface ArticlePageData extends Record<string, unknown> {
  status: string;
  column: string;
  title: string;
  meta: string;
  blocks: BlockView[];
}

let lc: TestCloud;
let uploads: PhotoUploads;

beforeAll(async () => {
  lc = await startCloudWithAdmin(ADMIN);
  uploads = await installPhotoUploads(lc);
  uploads.photos.set(PHOTO, PNG_1X1);
  uploads.photos.set(PHOTO_2, Buffer.concat([PNG_1X1, Buffer.from('second')]));
}, 60_000);

afterAll(async () => {
  await lc.close();
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

async function openEditor(query: Record<string, string> = {}): Promise<Rendered<EditorData>> {
  const page = await renderPage<EditorData>(EDITOR, query);
  await waitFor(() => page.data.status !== 'loading');
  return page;
}

function articleSaves(binding: { calls: Array<{ data: { action: string } }> }): number {
  return binding.calls.filter((c) => c.data.action === 'articles.save').length;
}

describe('writing a report with a photo', () => {
  it('adds a paragraph and a captioned photo, reorders, saves a draft, publishes; members read the same blocks', async () => {
    const binding = useLocalCloud(lc, ADMIN);
    const page = await openEditor();
    expect(page.data.status).toBe('ready');

    await trigger(page, '#column-picker', 'change', { value: '1' });
    await input(page, '#title-field', '我会赴界首开展党建共建观摩活动');
    await input(page, '#source-field', '安徽省环保产业协会');

    await tap(page, '#add-paragraph');
    await input(page, nth(page, '.block__text', 0), '为深入贯彻落实党的二十大精神，协会组织会员单位赴界首观摩。');

    choosePhotos(PHOTO);
    await tap(page, '#add-photo');
    await waitFor(() => page.data.blocks[1]?.upload === 'done');
    const fileID = page.data.blocks[1]!.src;
    expect(fileID).toMatch(/^cloud:\/\/.+\/articles\/\d{6}\/.+\.jpg$/);
    expect(page.data.blocks[1]!.progress).toBe(100);
    // The photo's bytes are in cloud storage.
    expect(lc.storage.read(fileID).equals(PNG_1X1)).toBe(true);
    await input(page, nth(page, '.block__caption', 0), '与会人员在界首高新区合影');

    await tap(page, '#add-heading');
    await input(page, nth(page, '.block__text', 1), '观摩与座谈');

    // Reorder: the heading (third) moves above the photo.
    await tap(page, nth(page, '.block__up', 1));
    expect(page.data.blocks.map((b) => b.type)).toEqual(['paragraph', 'heading', 'image']);
    // And one more paragraph, added at the end then moved up to the top.
    await tap(page, '#add-paragraph');
    await input(page, nth(page, '.block__text', 2), '创新无止境，服务总关情。');
    await tap(page, nth(page, '.block__up', 2));
    await tap(page, nth(page, '.block__up', 1));
    expect(page.data.blocks.map((b) => b.type)).toEqual(['paragraph', 'paragraph', 'heading', 'image']);
    // Delete it again (with confirmation), back to three blocks.
    await tap(page, nth(page, '.block__delete', 1));
    await waitFor(() => page.data.blocks.length === 3);
    expect(page.data.blocks[1]!.text).toBe('观摩与座谈');

    await tap(page, '#save-button');
    await waitFor(() => !!page.data.form.id && page.data.busy === '');
    const id = page.data.form.id;
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
    expect(page.data.dirty).toBe(false);
    // Saved: nothing is kept on the phone any more.
    expect(wx.getStorageSync('admin:article-draft:new')).toBe('');
    expect(wx.getStorageSync(`admin:article-draft:${id}`)).toBe('');
    // A draft is not readable by members.
    expect(await lc.call('content', 'articles.open', { id }, { openid: MEMBER })).toMatchObject({ code: 'NOT_FOUND' });

    await tap(page, '#publish-button');
    await waitFor(() => page.data.form.status === 'published' && page.data.busy === '');
    expect(wxCalls<{ title: string }>('showModal').map((m) => m.title)).toContain('发布报道');
    expect((await lc.ok('content', 'articles.get', { id }, { openid: ADMIN })).status).toBe('published');
    // Publishing an unchanged draft saved nothing twice.
    expect(articleSaves(binding)).toBe(1);

    // The preview, as members will see it.
    await tap(page, '#preview-button');
    expect(page.data.preview).toBe(true);
    const previewText = text(page.querySelector('#preview') as SimNode);
    expect(previewText).toContain('与会人员在界首高新区合影');

    // A member opens the published report.
    binding.as(MEMBER);
    const report = await renderPage<ArticlePageData>('pages/article/index', { id });
    await waitFor(() => report.data.status === 'ready');
    expect(report.data.blocks).toEqual(page.data.previewBlocks);
    expect(report.data.blocks.map((b) => b.type)).toEqual(['paragraph', 'heading', 'image']);
    expect({ column: report.data.column, title: report.data.title, meta: report.data.meta }).toEqual({
      column: page.data.column,
      title: page.data.title,
      meta: page.data.meta,
    });
    expect(report.data.meta).toMatch(/^发布时间 \d{4}-\d{2}-\d{2} \d{2}:\d{2} · 来源 安徽省环保产业协会 · 阅读 1$/);
    // Same text on screen, block for block.
    const body = (p: Rendered) =>
      p.querySelectorAll('.article__figure, .article__paragraph, .article__heading').map(text);
    expect(body(report)).toEqual(body(page));
    expect(body(report)).toEqual([
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
    await waitFor(() => page.data.blocks[0]?.upload === 'done');
    const { src, thumb } = page.data.blocks[0]!;
    // Made at the list's size, compressed.
    expect(wxCalls<Record<string, unknown>>('compressImage')).toEqual([
      expect.objectContaining({ src: PHOTO, quality: 80, compressedWidth: 330 }),
    ]);
    expect(thumb).toBe(src.replace(/\.jpg$/, '.thumb.jpg'));
    expect(lc.storage.read(thumb).equals(thumbBytes)).toBe(true);
    expect(lc.storage.read(src).equals(PNG_1X1)).toBe(true);

    await tap(page, '#save-button');
    await waitFor(() => !!page.data.form.id && page.data.busy === '');
    const id = page.data.form.id;
    await lc.ok('content', 'articles.publish', { id }, { openid: ADMIN });
    binding.as(MEMBER);
    const list = await lc.ok('content', 'articles.list', {}, { openid: MEMBER });
    expect(list.items.find((i) => i.id === id)?.cover).toBe(thumb);
    expect((await lc.ok('content', 'articles.open', { id }, { openid: MEMBER })).cover).toBe(src);
  });

  it('without a small copy (compression fails or ignores the size) the photo is saved alone', async () => {
    useLocalCloud(lc, ADMIN);
    answerWx('compressImage', { tempFilePath: PHOTO_2 });
    // An older base library ignores compressedWidth: the copy is as big as the photo.
    answerWx('getImageInfo', { width: 1920, height: 1080, path: PHOTO_2 });
    const page = await openEditor();
    choosePhotos(PHOTO_2);
    await tap(page, '#add-photo');
    await waitFor(() => page.data.blocks[0]?.upload === 'done');
    expect(page.data.blocks[0]!.thumb).toBe('');
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
    await waitFor(() => page.data.blocks[1]?.upload === 'failed');
    expect(page.data.blocks[1]!.error).toBe('图片上传失败，请检查网络后重试');
    expect(text(page)).toContain('上传失败');
    // The text is all there, on screen and in the phone's kept draft.
    expect(page.data.blocks[0]!.text).toBe(words);
    expect(page.data.form.title).toBe('现场照片上传失败也不丢字');
    const kept = wx.getStorageSync('admin:article-draft:new') as { blocks: EditorBlock[] };
    expect(kept.blocks[0]!.text).toBe(words);

    // Saving is refused on the phone, without a call.
    await tap(page, '#save-button');
    expect(page.data.blocks[1]!.error).toBe('图片上传失败，请点“重试”或删除');
    expect(articleSaves(binding)).toBe(0);

    await tap(page, nth(page, '.block__retry', 0));
    await waitFor(() => page.data.blocks[1]?.upload === 'done');
    expect(page.data.blocks[1]!.error).toBe('');
    expect(page.data.blocks[0]!.text).toBe(words);

    await tap(page, '#save-button');
    await waitFor(() => !!page.data.form.id);
    const saved = await lc.ok('content', 'articles.get', { id: page.data.form.id }, { openid: ADMIN });
    expect(saved.blocks).toEqual([
      { type: 'paragraph', text: words },
      { type: 'image', src: page.data.blocks[1]!.src },
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
    expect(again.data.restored).toBe(true);
    expect(again.data.form.title).toBe('写到一半的报道');
    expect(again.data.blocks.map((b) => b.text)).toEqual(['第一段已经写好了。']);
    expect(text(again)).toContain('已恢复本机上次未保存的修改');

    // Discarding starts over.
    await tap(again, '#restored');
    await waitFor(() => again.data.status === 'ready' && !again.data.restored);
    expect(again.data.form.title).toBe('');
    expect(wx.getStorageSync('admin:article-draft:new')).toBe('');
  });

  it('checks the contract rules before calling and keeps everything on a refused call', async () => {
    const binding = useLocalCloud(lc, 'editor-2');
    await lc.makeAdmin('editor-2');
    const page = await openEditor();

    await tap(page, '#save-button');
    expect(page.data.errors.title).toBe('标题不能为空');
    expect(page.data.errors.blocks).toBe('正文不能为空，请添加段落或图片');
    await input(page, '#title-field', '很'.repeat(101));
    await tap(page, '#add-paragraph');
    await tap(page, '#add-heading');
    await tap(page, '#save-button');
    expect(page.data.errors.title).toBe('标题不能超过100个字');
    expect(page.data.blocks.map((b) => b.error)).toEqual(['段落不能为空', '小标题不能为空']);
    expect(text(page)).toContain('段落不能为空');
    expect(articleSaves(binding)).toBe(0);

    await input(page, '#title-field', '权限被收回时正在编辑');
    await input(page, nth(page, '.block__text', 0), '这段文字不能丢。');
    await input(page, nth(page, '.block__text', 1), '小标题');
    // Meanwhile another admin takes the role away.
    await lc.ok('events', 'roles.revoke', { openid: 'editor-2' }, { openid: ADMIN });

    await tap(page, '#save-button');
    await waitFor(() => wxCalls<{ title: string }>('showToast').some((t) => t.title === '没有权限进行此操作'));
    expect(articleSaves(binding)).toBe(1);
    expect(page.data.form.title).toBe('权限被收回时正在编辑');
    expect(page.data.blocks.map((b) => b.text)).toEqual(['这段文字不能丢。', '小标题']);
    expect(page.data.dirty).toBe(true);
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
    useLocalCloud(lc, ADMIN);
    const page = await openEditor({ id: createdId });
    expect(page.data.form).toMatchObject({
      status: 'published',
      title: '关于召开会员大会的通知',
      column: 2,
      pinned: true,
    });
    expect(text(page)).toContain('保存修改');
    expect(text(page)).toContain('撤回发布');

    await input(page, nth(page, '.block__text', 0), '定于下月十五日召开会员大会。');
    await tap(page, '#save-button');
    await waitFor(() => !page.data.dirty && page.data.busy === '');
    const updated = await lc.ok('content', 'articles.open', { id: createdId }, { openid: MEMBER });
    expect(updated.blocks).toEqual([{ type: 'paragraph', text: '定于下月十五日召开会员大会。' }]);
    // Fields the editor does not show were kept.
    expect(updated.pinned).toBe(true);

    await tap(page, '#unpublish-button');
    await waitFor(() => page.data.form.status === 'draft' && page.data.busy === '');
    expect(await lc.call('content', 'articles.open', { id: createdId }, { openid: MEMBER })).toMatchObject({
      ok: false,
      code: 'NOT_FOUND',
    });
  });

  it('a member who reaches the editor sees that it is for admins, and nothing is called on their behalf', async () => {
    const binding = useLocalCloud(lc, MEMBER);
    const page = await openEditor();
    expect(page.data.status).toBe('forbidden');
    expect(text(page)).toContain('仅协会管理员可以使用管理后台');
    expect(binding.calls.map((c) => c.data.action)).toEqual(['roles.me']);
    expect(page.querySelector('#save-button')).toBeUndefined();

    const existing = await lc.ok(
      'content',
      'articles.save',
      { column: '协会动态', title: '草稿', blocks: [{ type: 'paragraph', text: '内容' }] },
      { openid: ADMIN },
    );
    const other = await openEditor({ id: existing.id });
    expect(other.data.status).toBe('forbidden');
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
    await waitFor(() => text(popup).includes('选择照片'));
    expect(page.data.blocks).toHaveLength(0);

    await trigger(popup, '#agree-btn', 'agreeprivacyauthorization');
    await waitFor(() => page.data.blocks[0]?.upload === 'done');
    expect(popup.data.show).toBe(false);
    expect(wxCalls('chooseMedia')).toHaveLength(1);
  });
});

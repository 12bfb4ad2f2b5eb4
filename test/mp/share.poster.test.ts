// The report's poster in simulate on the local cloud: the mini program code
// made by content.qrcode, cover, title and code drawn on a 2D canvas,
// exported, and saved to the album with the permission asked properly,
// after privacy consent through the page's own popup (utils/privacy.ts).
import {
  drawPoster,
  POSTER_SIZE,
  wrapText,
  type PosterContext,
} from '../../miniprogram/components/share-poster/layout';
import {
  answerWx,
  failWx,
  needPrivacyConsent,
  publishReport,
  renderPage,
  startCloudWithAdmin,
  tap,
  text,
  trigger,
  useLocalCloud,
  usePageCloud,
  waitFor,
  wxCalls,
  type Rendered,
  type SimNode,
} from './page-test';
import { fakeAsync, fakeCanvas, restoreWx, selectorQueryFor, type DrawOp } from './share-fakes';

const ADMIN = 'poster-admin';
const MEMBER = 'poster-member';
const COVER = 'https://example.com/photos/poster-cover.jpg';
const TITLE = '安徽省环保产业协会组织会员单位赴长三角生态绿色一体化发展示范区学习考察交流';

const lc = usePageCloud(() => startCloudWithAdmin(ADMIN));
let reportId = '';

beforeAll(async () => {
  reportId = await publishReport(lc, ADMIN, {
    column: '协会动态',
    title: TITLE,
    cover: COVER,
    blocks: [{ type: 'paragraph', text: '正文。' }],
  });
}, 60_000);

afterEach(() => {
  restoreWx();
});

interface Device {
  ops: DrawOp[];
  downloads: Array<Record<string, unknown>>;
  exports: Array<Record<string, unknown>>;
  authorizes: Array<Record<string, unknown>>;
  node: unknown;
}

/** The phone: a canvas node, image downloads, canvas export, and wx.authorize answering `authorize`. */
function device(authorize: boolean, opts: { failImages?: RegExp } = {}): Device {
  const canvas = fakeCanvas(opts);
  selectorQueryFor(canvas.node);
  const downloads = fakeAsync('getImageInfo', (o) => ({
    ok: true,
    res: { path: `wxfile://tmp/${String(o.src).split('/').pop()}`, width: 430, height: 430 },
  }));
  const exports = fakeAsync('canvasToTempFilePath', () => ({
    ok: true,
    res: { tempFilePath: 'wxfile://tmp/poster.png' },
  }));
  const authorizes = fakeAsync('authorize', () => ({
    ok: authorize,
    res: authorize ? {} : { errMsg: 'authorize:fail auth deny' },
  }));
  return { ops: canvas.ops, downloads, exports, authorizes, node: canvas.node };
}

async function openPoster(): Promise<{ page: Rendered; poster: SimNode }> {
  const page = await renderPage('pages/article/index', { id: reportId });
  await waitFor(() => page.data.status === 'ready');
  await tap(page, '#poster-button');
  const poster = page.querySelector('share-poster') as SimNode;
  await waitFor(() => poster.data.status === 'ready' || poster.data.status === 'error');
  return { page, poster };
}

function texts(ops: DrawOp[]): string[] {
  return ops.filter((o) => o.op === 'fillText').map((o) => String(o.args[0]));
}

describe('poster', () => {
  it('draws the cover, the title and the mini program code, and shows the exported image', async () => {
    const phone = device(true);
    const binding = useLocalCloud(lc, MEMBER);
    const { poster } = await openPoster();
    expect(poster.data.status).toBe('ready');

    const code = await lc.ok('content', 'content.qrcode', { targetType: 'article', id: reportId }, { openid: MEMBER });
    expect(binding.calls.map((c) => c.data)).toContainEqual({
      action: 'content.qrcode',
      payload: { targetType: 'article', id: reportId },
    });
    // The code made once: the call above was served from the cache.
    expect(lc.records.wxacodes.filter((w) => w.scene === code.scene)).toHaveLength(1);

    // Both pictures were downloaded to local paths and drawn.
    expect(phone.downloads.map((d) => d.src).sort()).toEqual([COVER, code.tempFileURL].sort());
    const drawn = phone.ops.filter((o) => o.op === 'drawImage').map((o) => o.args[0]);
    expect(drawn).toEqual(
      expect.arrayContaining([
        `wxfile://tmp/${COVER.split('/').pop()}`,
        `wxfile://tmp/${code.tempFileURL.split('/').pop()}`,
      ]),
    );
    // The title, wrapped (at most three lines), the column and the call to action.
    const lines = texts(phone.ops);
    expect(lines).toContain('协会动态');
    expect(lines).toContain('长按识别小程序码');
    expect(lines).toContain('阅读全文');
    // The fake canvas measures 18 px per character at the title's 18 px: 14 characters fit 260 px.
    const title = [TITLE.slice(0, 14), TITLE.slice(14, 28), TITLE.slice(28)];
    expect(TITLE.length).toBeLessThanOrEqual(42);
    const at = lines.indexOf(title[0] as string);
    expect(at).toBeGreaterThan(-1);
    expect(lines.slice(at, at + 3)).toEqual(title);

    // Exported from the canvas node, at the poster's size.
    expect(phone.exports).toHaveLength(1);
    expect(phone.exports[0]).toMatchObject({
      canvas: phone.node,
      width: POSTER_SIZE.width,
      height: POSTER_SIZE.height,
    });
    const image = poster.querySelector('#poster-image') as SimNode;
    expect(image).toBeTruthy();
    expect(text(poster)).toContain('保存到相册');
  });

  it('first save: asks for the album permission, then saves', async () => {
    const phone = device(true);
    useLocalCloud(lc, MEMBER);
    answerWx('getSetting', { authSetting: {} });
    const { poster } = await openPoster();
    await tap(poster, '#poster-save');
    await waitFor(() => wxCalls('showToast').length > 0);
    expect(phone.authorizes.map((a) => a.scope)).toEqual(['scope.writePhotosAlbum']);
    expect(wxCalls('saveImageToPhotosAlbum')).toEqual([
      expect.objectContaining({ filePath: 'wxfile://tmp/poster.png' }),
    ]);
    expect(wxCalls('showToast')[0]).toMatchObject({ title: '已保存到相册' });
    expect(wxCalls('openSetting')).toHaveLength(0);
  });

  it('refused at the first ask: nothing saved, the member is told; no settings page pushed at them', async () => {
    const phone = device(false);
    useLocalCloud(lc, MEMBER);
    answerWx('getSetting', { authSetting: {} });
    const { poster } = await openPoster();
    await tap(poster, '#poster-save');
    await waitFor(() => wxCalls('showToast').length > 0);
    expect(phone.authorizes).toHaveLength(1);
    expect(wxCalls('saveImageToPhotosAlbum')).toHaveLength(0);
    expect(wxCalls('showToast')[0]).toMatchObject({ title: '未获得相册权限，海报未保存' });
    expect(wxCalls('showModal')).toHaveLength(0);
  });

  it('refused before: explains, opens the settings on 去设置, and saves once allowed', async () => {
    const phone = device(true);
    useLocalCloud(lc, MEMBER);
    answerWx('getSetting', { authSetting: { 'scope.writePhotosAlbum': false } });
    answerWx('showModal', { confirm: true, cancel: false });
    answerWx('openSetting', { authSetting: { 'scope.writePhotosAlbum': true } });
    const { poster } = await openPoster();
    await tap(poster, '#poster-save');
    await waitFor(() => wxCalls('showToast').length > 0);
    expect(phone.authorizes).toHaveLength(0); // WeChat would not ask again
    expect(wxCalls('showModal')[0]).toMatchObject({ title: '需要相册权限', confirmText: '去设置' });
    expect(wxCalls('openSetting')).toHaveLength(1);
    expect(wxCalls('saveImageToPhotosAlbum')).toHaveLength(1);
    expect(wxCalls('showToast')[0]).toMatchObject({ title: '已保存到相册' });
  });

  it('refused before and the member declines to go to settings: nothing saved', async () => {
    device(true);
    useLocalCloud(lc, MEMBER);
    answerWx('getSetting', { authSetting: { 'scope.writePhotosAlbum': false } });
    answerWx('showModal', { confirm: false, cancel: true });
    const { poster } = await openPoster();
    await tap(poster, '#poster-save');
    await waitFor(() => wxCalls('showToast').length > 0);
    expect(wxCalls('openSetting')).toHaveLength(0);
    expect(wxCalls('saveImageToPhotosAlbum')).toHaveLength(0);
  });

  it('a cover that does not load leaves the banner; a failed code shows retry', async () => {
    const phone = device(true, { failImages: /poster-cover/ });
    useLocalCloud(lc, MEMBER);
    const { poster } = await openPoster();
    expect(poster.data.status).toBe('ready');
    expect(texts(phone.ops)).toContain('安徽省环保产业协会');
    expect(phone.ops.filter((o) => o.op === 'drawImage')).toHaveLength(1);

    restoreWx();
    device(true);
    failWx('saveImageToPhotosAlbum', { errMsg: 'saveImageToPhotosAlbum:fail cancel' });
    useLocalCloud(lc, undefined); // no OPENID: content.qrcode refuses
    const page = await renderPage('pages/article/index', { id: reportId });
    await waitFor(() => page.data.status === 'ready');
    await tap(page, '#poster-button');
    const failed = page.querySelector('share-poster') as SimNode;
    await waitFor(() => failed.data.status === 'error');
    expect(text(failed)).toContain('请在微信中打开小程序后再试');
    expect(failed.querySelector('#poster-retry')).toBeTruthy();
  });
});

describe('privacy consent before saving (app-wide listener)', () => {
  /** The phone as in device(), but wx.authorize left to the harness: a privacy API that asks for consent. */
  function phoneAskingConsent(): void {
    const canvas = fakeCanvas();
    selectorQueryFor(canvas.node);
    fakeAsync('getImageInfo', (o) => ({
      ok: true,
      res: { path: `wxfile://tmp/${String(o.src).split('/').pop()}`, width: 430, height: 430 },
    }));
    fakeAsync('canvasToTempFilePath', () => ({ ok: true, res: { tempFilePath: 'wxfile://tmp/poster.png' } }));
  }

  /** The member signed up earlier: the form took part in consent, then went away (navigateBack). */
  async function formOpenedAndClosedBefore(): Promise<void> {
    const form = await renderPage('pages/signup/index', { id: 'an-event-long-gone' });
    await waitFor(() => form.data.loading === false);
    form.detach();
  }

  it('not agreed yet: saving shows this page\u2019s consent popup and saves after 同意', async () => {
    useLocalCloud(lc, MEMBER);
    await formOpenedAndClosedBefore();
    phoneAskingConsent();
    needPrivacyConsent();
    answerWx('getSetting', { authSetting: {} });
    const { page, poster } = await openPoster();
    expect(poster.data.status).toBe('ready');
    const popup = page.querySelector('privacy-popup') as SimNode;
    expect(popup.data.show).toBe(false);

    await tap(poster, '#poster-save');
    // wx.authorize waits for consent: the article page's own popup asks for it.
    await waitFor(() => text(popup).includes('用户隐私保护提示'));
    expect(popup.data.show).toBe(true);
    expect(text(popup)).toContain('保存海报到相册');
    expect(wxCalls('authorize')).toHaveLength(1);
    expect(wxCalls('saveImageToPhotosAlbum')).toHaveLength(0);
    expect(wxCalls('showToast')).toHaveLength(0);

    await trigger(popup, '#agree-btn', 'agreeprivacyauthorization');
    await waitFor(() => wxCalls('showToast').length > 0);
    expect(popup.data.show).toBe(false);
    expect(wxCalls('showToast')[0]).toMatchObject({ title: '已保存到相册' });
    expect(wxCalls('saveImageToPhotosAlbum')).toEqual([
      expect.objectContaining({ filePath: 'wxfile://tmp/poster.png' }),
    ]);
    expect(poster.data.saving).toBe(false);
  });

  it('不同意: the album is not touched, the member is told, and the save does not hang', async () => {
    useLocalCloud(lc, MEMBER);
    phoneAskingConsent();
    needPrivacyConsent();
    answerWx('getSetting', { authSetting: {} });
    const { page, poster } = await openPoster();
    const popup = page.querySelector('privacy-popup') as SimNode;

    await tap(poster, '#poster-save');
    await waitFor(() => text(popup).includes('不同意'));
    await tap(popup, '#privacy-disagree');
    await waitFor(() => poster.data.saving === false && wxCalls('showToast').length >= 2);
    expect(popup.data.show).toBe(false);
    expect(wxCalls<{ title: string }>('showToast').map((t) => t.title)).toEqual([
      '未同意隐私保护指引，无法继续',
      '未获得相册权限，海报未保存',
    ]);
    expect(wxCalls('saveImageToPhotosAlbum')).toHaveLength(0);

    // Asked again on the next try, and agreeing then saves.
    await tap(poster, '#poster-save');
    await waitFor(() => popup.data.show === true && text(popup).includes('同意并继续'));
    await trigger(popup, '#agree-btn', 'agreeprivacyauthorization');
    await waitFor(() => wxCalls('saveImageToPhotosAlbum').length === 1);
    await waitFor(() => wxCalls<{ title: string }>('showToast').some((t) => t.title === '已保存到相册'));
  });

  it('a page without a consent popup gets a refusal at once instead of a wait', async () => {
    useLocalCloud(lc, MEMBER);
    needPrivacyConsent();
    // The 我的报名 page has no privacy popup; something on it calls a privacy API.
    const mine = await renderPage('pages/my-signups/index');
    await waitFor(() => mine.data.loading === false);
    const res = await new Promise<Record<string, unknown>>((resolve) =>
      wx.setClipboardData({ data: 'x', success: () => resolve({ ok: true }), fail: (e) => resolve({ ...e }) }),
    );
    expect(res).toMatchObject({ errno: 104 });
    expect(wxCalls<{ title: string }>('showToast').map((t) => t.title)).toEqual(['请先同意隐私保护指引后再使用此功能']);
  });
});

describe('poster layout', () => {
  it('wraps a title into at most three lines, the last with an ellipsis', () => {
    const measure = (t: string) => Array.from(t).length * 18;
    expect(wrapText('短标题', 260, measure, 3)).toEqual(['短标题']);
    const lines = wrapText('一'.repeat(50), 260, measure, 3);
    expect(lines).toHaveLength(3);
    expect(lines.slice(0, 2).every((l) => l === '一'.repeat(14))).toBe(true);
    expect(lines[2]).toBe(`${'一'.repeat(13)}…`);
    expect(lines.every((l) => measure(l) <= 260)).toBe(true);
    expect(wrapText('一'.repeat(42), 260, measure, 3)).toEqual(['一'.repeat(14), '一'.repeat(14), '一'.repeat(14)]);
  });

  it('draws without a cover: the banner with the association name', () => {
    const canvas = fakeCanvas();
    const ctx = canvas.node.getContext('2d') as unknown as PosterContext;
    drawPoster(
      ctx,
      { title: '标题', label: '共建活动', action: '查看活动并报名' },
      { cover: null, qrcode: { width: 430, height: 430 } },
    );
    expect(texts(canvas.ops)).toEqual([
      '安徽省环保产业协会',
      '共建活动',
      '标题',
      '长按识别小程序码',
      '查看活动并报名',
      '安徽省环保产业协会',
    ]);
    expect(canvas.ops.filter((o) => o.op === 'drawImage')).toHaveLength(1);
  });
});

// The page-test harness itself: a real component with a real Vant button
// rendered by simulate's official compiler, tapped like a finger; the wx
// fakes record and answer; wx.cloud is off limits; the typed client is
// answered in process by the local cloud running the real wx-server-sdk.
import { call, CloudError } from '../../miniprogram/services/cloud';
import { startTestCloud, type TestCloud } from '../helpers/cloud';
import {
  answerWx,
  failWx,
  input,
  renderComponent,
  renderPage,
  tap,
  text,
  useLocalCloud,
  usingComponentsFor,
  waitFor,
  wxCalls,
  wxLog,
  wxState,
} from '../helpers/simulate';

describe('rendering with Vant', () => {
  test('state-view renders its Vant button and emits action when it is tapped', async () => {
    const view = await renderComponent('components/state-view/index', { title: '加载失败', actionText: '重试' });
    expect(text(view)).toContain('加载失败');

    const button = view.querySelector('#state-action');
    expect(button).toBeDefined();
    // The real Vant button rendered its own template (wcc compiled its wxml and wxs).
    expect(button?.querySelector('.van-button')).toBeDefined();
    expect(text(button ?? view)).toBe('重试');

    const details: unknown[] = [];
    view.addEventListener('action', (e) => details.push(e.detail));
    await tap(view, '#state-action');
    expect(details).toHaveLength(1);
  });

  test('the same path renders again in the same file (cached load), with fresh state', async () => {
    const a = await renderComponent('components/state-view/index', { title: '甲' });
    const b = await renderComponent('components/state-view/index', { title: '乙', actionText: '刷新' });
    expect(text(a)).toBe('甲');
    expect(text(b)).toBe('乙刷新');
    // No action text, no button.
    expect(a.querySelector('#state-action')).toBeUndefined();
  });

  test('npm-style usingComponents and van-* tags are mapped to miniprogram_npm', () => {
    const using = usingComponentsFor('pages/search/index');
    expect(using['van-search']).toBe('/miniprogram_npm/@vant/weapp/search/index');
    // Reached through the page's own state-view component.
    expect(using['van-button']).toBe('/miniprogram_npm/@vant/weapp/button/index');
  });

  test('input types into the <input> inside a Vant field and the page sees the value', async () => {
    const page = await renderPage<{ q: string }>('pages/search/index');
    await input(page, 'van-search', '环保');
    expect(page.querySelectorAll('state-view').length).toBeGreaterThan(0);
    await waitFor(() => page.data.q === '环保');
  });
});

describe('wx fakes', () => {
  test('record every call and answer through callbacks or a promise', async () => {
    const seen: unknown[] = [];
    wx.showModal({ title: '确认', content: '取消报名？', success: (res) => seen.push(res.confirm) });
    await waitFor(() => seen.length === 1);
    expect(seen).toEqual([true]);

    answerWx('showModal', { confirm: false, cancel: true });
    const res = await wx.showModal({ title: '确认', content: '再问一次' });
    expect(res.confirm).toBe(false);

    wx.navigateTo({ url: '/pages/article/index?id=a1' });
    expect(wxCalls<{ url: string }>('navigateTo').map((c) => c.url)).toEqual(['/pages/article/index?id=a1']);
    expect(wxLog().map((c) => c.api)).toEqual(['showModal', 'showModal', 'navigateTo']);
  });

  test('failWx makes an API fail; scanCode is cancelled unless answered', async () => {
    failWx('makePhoneCall', { errMsg: 'makePhoneCall:fail cancel' });
    await expect(wx.makePhoneCall({ phoneNumber: '0551-00000000' })).rejects.toMatchObject({
      errMsg: 'makePhoneCall:fail cancel',
    });
    await expect(wx.scanCode({})).rejects.toMatchObject({ errMsg: 'scanCode:fail cancel' });
    answerWx('scanCode', { result: 'checkin:e1' });
    await expect(wx.scanCode({})).resolves.toMatchObject({ result: 'checkin:e1' });
  });

  test('storage keeps JSON copies, and is empty again in the next test', () => {
    const form = { name: '张三' };
    wx.setStorageSync('signupForm', form);
    form.name = '李四';
    expect(wx.getStorageSync('signupForm')).toEqual({ name: '张三' });
    expect(wx.getStorageSync('missing')).toBe('');
  });

  test('storage was reset', () => {
    expect(wx.getStorageSync('signupForm')).toBe('');
  });

  test('wx.cloud throws, and the misuse is recorded to fail the test', () => {
    expect(() => wx.cloud.callFunction({ name: 'content', data: {} })).toThrow(/services\/cloud\.ts/);
    expect(wxState.errors).toHaveLength(1);
    wxState.errors.length = 0; // this test expects it; any other test would fail in afterEach
  });

  test('getApp and getCurrentPages exist; rendered pages are the page stack', async () => {
    expect(getApp().globalData).toEqual({});
    const page = await renderPage('pages/search/index', { q: '' });
    const pages = getCurrentPages();
    expect(pages).toHaveLength(1);
    expect(pages[0]).toBe(page.instance);
    expect(pages[0]?.route).toBe('pages/search/index');
  });
});

describe('useLocalCloud', () => {
  let lc: TestCloud;
  beforeAll(async () => {
    lc = await startTestCloud({ functions: ['content'] });
  });
  afterAll(async () => {
    await lc.close();
  });

  test('the typed client reaches the real cloud function in process, as the given member', async () => {
    const binding = useLocalCloud(lc, 'member-1');
    const page = await call('content', 'articles.list', { pageSize: 5 });
    expect(Array.isArray(page.items)).toBe(true);
    expect(binding.calls.map((c) => `${c.name}/${c.data.action}`)).toEqual(['content/articles.list']);
  });

  test('an error envelope becomes a typed CloudError with its Chinese message', async () => {
    useLocalCloud(lc, 'member-1');
    const err = await call('content', 'articles.open', { id: 'no-such-report' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CloudError);
    expect((err as CloudError).code).toBe('NOT_FOUND');
    expect((err as CloudError).message).toMatch(/[\u4e00-\u9fa5]/);
  });
});

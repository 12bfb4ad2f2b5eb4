// The browser preview itself, on a small fixture mini program
// (test/e2e/fixture-mp) that uses what this app's pages do not (yet): the
// page stack's lifecycles, a subpackage, built-ins and wx APIs.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PreviewServer } from '../../tools/preview/index';
import { booted, check, type E2ETest, type Env, type MiniApp, type TestContext } from './harness';

const FIXTURE = path.join(__dirname, 'fixture-mp');
const servers = new WeakMap<Env, Promise<PreviewServer>>();

function fixture(env: Env): Promise<PreviewServer> {
  let p = servers.get(env);
  if (!p) {
    p = env.startPreview(FIXTURE);
    servers.set(env, p);
  }
  return p;
}

async function openFixture(t: TestContext, route?: string): Promise<MiniApp> {
  const server = await fixture(t.env);
  return t.openApp({ baseUrl: server.url, ...(route ? { route } : {}) });
}

async function appLog(app: MiniApp): Promise<string[]> {
  return app.page.evaluate(() => [...(globalThis as unknown as { getApp: () => { log: string[] } }).getApp().log]);
}

async function text(app: MiniApp, selector: string): Promise<string> {
  return ((await app.top.locator(selector).innerText()) || '').trim();
}

async function waitText(app: MiniApp, selector: string, expected: string | RegExp): Promise<string> {
  const loc = app.top.locator(selector);
  await loc.filter({ hasText: expected }).waitFor();
  return text(app, selector);
}

/** A 2×1 red PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAABCAIAAAB7QOjdAAAAEElEQVR4nGP4z8DAwMDAAAAMAQH/6Y4p1wAAAABJRU5ErkJggg==',
  'base64',
);

export const tests: E2ETest[] = [
  {
    name: '预览：页面栈与生命周期（onLoad 带参数、onShow/onHide/onUnload、标签页常驻、redirectTo、reLaunch、分包页面）',
    async run(t) {
      const app = await openFixture(t);
      await app.waitRoute('pages/index/index');
      let log = await appLog(app);
      const start = [
        'app:onLaunch',
        'index:attached',
        'index:onLoad {}',
        'index:onShow',
        'index:ready',
        'index:onReady',
      ];
      check(JSON.stringify(log) === JSON.stringify(start), `启动顺序：${log.join(' → ')}`);
      check((await app.navTitle()) === '夹具首页', '页面标题来自页面 json');

      await app.top.locator('#nav-detail').click();
      await app.waitRoute('pages/detail/index');
      // WeChat hands query values over as written in the url (not decoded).
      check(
        (await text(app, '#query')) === '{"id":"42","name":"%E4%BD%A0%E5%A5%BD"}',
        `详情页参数：${await text(app, '#query')}`,
      );
      check((await text(app, '#prop')) === 'prop:42', `页面 properties 接收参数：${await text(app, '#prop')}`);
      check((await app.top.locator('page-pages-detail').getAttribute('id')) === null, '参数 id 不是页面元素的 id');
      check(await app.page.locator('#mp-nav-back').isVisible(), '第二页应显示返回按钮');
      check(!(await app.page.locator('#mp-tabbar').isVisible()), '非标签页不显示标签栏');
      await app.back();
      await app.waitRoute('pages/index/index');
      log = (await appLog(app)).slice(start.length);
      check(
        JSON.stringify(log) ===
          JSON.stringify([
            'index:onHide',
            'detail:onLoad {"id":"42","name":"%E4%BD%A0%E5%A5%BD"}',
            'detail:onShow',
            'detail:onUnload',
            'index:onShow',
          ]),
        `打开与返回：${log.join(' → ')}`,
      );

      // Tab pages stay alive: the second visit is onShow only.
      const mark = (await appLog(app)).length;
      await app.page.locator('.mp-tabbar__item', { hasText: '我的' }).click();
      await app.waitRoute('pages/me/index');
      await app.page.locator('.mp-tabbar__item', { hasText: '首页' }).click();
      await app.waitRoute('pages/index/index');
      log = (await appLog(app)).slice(mark);
      check(
        JSON.stringify(log) === JSON.stringify(['index:onHide', 'me:onLoad', 'me:onShow', 'me:onHide', 'index:onShow']),
        `切换标签：${log.join(' → ')}`,
      );

      // redirectTo replaces the top page; reLaunch closes everything.
      await app.top.locator('#nav-detail').click();
      await app.waitRoute('pages/detail/index');
      await app.top.locator('#btn-redirect').click();
      await app.top.locator('#query', { hasText: '43' }).waitFor();
      const stack = await app.page.evaluate(() =>
        (globalThis as unknown as { getCurrentPages: () => Array<{ route: string }> })
          .getCurrentPages()
          .map((p) => p.route),
      );
      check(
        JSON.stringify(stack) === JSON.stringify(['pages/index/index', 'pages/detail/index']),
        `redirectTo 后的页面栈：${stack.join(',')}`,
      );
      const before = (await appLog(app)).length;
      await app.top.locator('#btn-relaunch').click();
      await app.waitRoute('pages/me/index');
      log = (await appLog(app)).slice(before);
      check(
        log.includes('detail:onUnload') &&
          log.includes('index:onUnload') &&
          log.includes('me:onUnload') &&
          log[log.length - 1] === 'me:onShow',
        `reLaunch：${log.join(' → ')}`,
      );

      // A subpackage page with its own component and a global one.
      await app.page.evaluate(() =>
        (globalThis as unknown as { wx: { navigateTo: (o: { url: string }) => void } }).wx.navigateTo({
          url: '/sub/pages/extra/index',
        }),
      );
      await app.waitRoute('sub/pages/extra/index');
      await app.see('来自分包的组件');
      await app.see('全局组件');
      check((await app.navTitle()) === '分包页面', '分包页面标题');
    },
  },
  {
    name: '预览：内置组件（input/textarea 双向绑定与 bindinput、picker、image 模式与云文件、hover-class、外部样式类）',
    async run(t) {
      const app = await openFixture(t);
      await app.waitRoute('pages/index/index');
      const input = app.top.locator('#name-input input');
      const placeholder = app.top.locator('#name-input .mp-field__placeholder');
      check((await placeholder.innerText()) === '输入名字', '占位文字');
      check(
        (await placeholder.evaluate((e) => getComputedStyle(e).color)) === 'rgb(0, 0, 255)',
        'placeholder-class 生效',
      );
      await input.pressSequentially('小明');
      await waitText(app, '#name-echo', '名字：小明');
      check((await text(app, '#input-detail')) === 'input:小明', 'bindinput 的 detail.value');
      check(!(await placeholder.isVisible()), '输入后隐藏占位文字');
      await app.top.locator('#note textarea').pressSequentially('第一行');
      await waitText(app, '#note-echo', '第一行');

      // Data → view: setData from the page updates the control.
      await app.page.evaluate(() => {
        const pages = (
          globalThis as unknown as { getCurrentPages: () => Array<{ setData: (d: object) => void }> }
        ).getCurrentPages();
        (pages[pages.length - 1] as { setData: (d: object) => void }).setData({ name: '小红' });
      });
      check((await input.inputValue()) === '小红', '页面 setData 后输入框的值');

      await app.top.locator('#agree-switch').click();
      await waitText(app, '#switch-echo', 'agreed:true change:true');
      await app.top.locator('#agree-switch').click();
      await waitText(app, '#switch-echo', 'agreed:false change:false');

      await app.top.locator('#fruit-picker').click();
      const sheet = app.page.locator('#mp-picker');
      await sheet.locator('.mp-picker__option', { hasText: '橙子' }).click();
      await sheet.locator('.mp-picker__ok').click();
      await waitText(app, '#fruit-picker', '水果：橙子');
      await app.top.locator('#date-picker').click();
      await app.page.locator('#mp-picker .mp-picker__native').fill('2026-03-08');
      await app.page.locator('#mp-picker .mp-picker__ok').click();
      await waitText(app, '#date-picker', '日期：2026-03-08');

      // Images: modes, bindload, root-relative and relative paths, a cloud file.
      await app.top.locator('#img-widthfix[data-state="loaded"]').waitFor();
      const fit = await app.top.locator('#img-fill img').evaluate((e) => getComputedStyle(e).objectFit);
      check(fit === 'cover', `aspectFill：${fit}`);
      const load = await waitText(app, '#img-load', /\d+x\d+/);
      const [w, h] = load.split('x').map(Number) as [number, number];
      const box = await app.top.locator('#img-widthfix').boundingBox();
      check(
        box && Math.abs(box.height - (box.width * h) / w) <= 1.5,
        `widthFix 高度按比例：${JSON.stringify(box)} ${load}`,
      );
      check(box && Math.abs(box.width - 150) <= 1, `300rpx 在 375 宽的手机上是 150px：${box?.width}`);
      const fileID = t.env.lc.storage.put('fixture/red.png', PNG);
      await app.page.evaluate((id) => {
        const pages = (
          globalThis as unknown as { getCurrentPages: () => Array<{ setData: (d: object) => void }> }
        ).getCurrentPages();
        (pages[pages.length - 1] as { setData: (d: object) => void }).setData({ cloudSrc: id });
      }, fileID);
      await app.top.locator('#img-cloud[data-state="loaded"]').waitFor();
      const cloudSrc = await app.top.locator('#img-cloud img').getAttribute('src');
      check(cloudSrc === `${t.env.cloudUrl}/files/fixture/red.png`, `云文件地址：${cloudSrc}`);

      // hover-class while pressed, gone after hover-stay-time.
      const hover = app.top.locator('#hover');
      await hover.hover();
      await app.page.mouse.down();
      await app.page.waitForFunction(
        () => document.querySelector('#hover')?.classList.contains('index__hover--on') === true,
      );
      await app.page.mouse.up();
      await app.page.waitForFunction(
        () => document.querySelector('#hover')?.classList.contains('index__hover--on') === false,
      );

      // A custom component's event and external class.
      await app.top.locator('#badge').click();
      await waitText(app, '#badge-hit', 'hit:徽章');
      const weight = await app.top.locator('#badge .index__badge').evaluate((e) => getComputedStyle(e).fontWeight);
      check(weight === '700', `外部样式类 custom-class：${weight}`);
      check(
        (await app.top.locator('#badge wx-view').evaluate((e) => getComputedStyle(e).backgroundColor)) ===
          'rgb(255, 0, 0)',
        '组件自己的样式',
      );
    },
  },
  {
    name: '预览：wx 接口（toast、modal、action sheet、previewImage、scanCode、chooseMedia 上传到本地云、订阅消息、本地存储、系统信息、2D 画布导出）',
    async run(t) {
      const app = await openFixture(t);
      await app.waitRoute('pages/index/index');
      check((await text(app, '#window-width')) === '375', `windowWidth：${await text(app, '#window-width')}`);

      await app.top.locator('#btn-toast').click();
      await app.page.locator('#mp-toast', { hasText: '已保存' }).waitFor();

      await app.top.locator('#btn-modal').click();
      await app.page.locator('#mp-modal', { hasText: '确定吗？' }).getByText('确定', { exact: true }).click();
      await waitText(app, '#result', 'modal:confirm');

      await app.top.locator('#btn-sheet').click();
      await app.page.locator('#mp-action-sheet').getByText('乙', { exact: true }).click();
      await waitText(app, '#result', 'sheet:1');
      await app.top.locator('#btn-sheet').click();
      await app.page.locator('#mp-action-sheet').getByText('取消', { exact: true }).click();
      await waitText(app, '#result', 'sheet:showActionSheet:fail cancel');

      await app.top.locator('#btn-preview').click();
      const lightbox = app.page.locator('#mp-lightbox');
      await lightbox.locator('.mp-lightbox__counter', { hasText: '1 / 2' }).waitFor();
      await lightbox.click();
      await lightbox.waitFor({ state: 'detached' });

      await app.top.locator('#btn-scan').click();
      await app.page.locator('#mp-prompt input').fill('CHECKIN:ABC123');
      await app.page.locator('#mp-prompt').getByText('确定', { exact: true }).click();
      await waitText(app, '#result', 'scan:CHECKIN:ABC123');

      const chooser = app.page.waitForEvent('filechooser');
      await app.top.locator('#btn-media').click();
      await (await chooser).setFiles({ name: 'photo.png', mimeType: 'image/png', buffer: PNG });
      const uploaded = await waitText(app, '#result', /^upload:cloud:/);
      const fileID = uploaded.slice('upload:'.length);
      check(t.env.lc.storage.read(fileID).equals(PNG), '上传到本地云的文件内容');
      await app.top.locator('#img-cloud[data-state="loaded"]').waitFor();

      await app.top.locator('#btn-subscribe').click();
      const sub = app.page.locator('#mp-subscribe');
      await sub.locator('.mp-subscribe__row', { hasText: 'TPL_B' }).locator('input').uncheck();
      await sub.getByText('允许', { exact: true }).click();
      await waitText(app, '#result', 'subscribe:accept,reject');

      // Storage survives a reload (localStorage of this browser profile).
      await app.top.locator('#btn-storage').click();
      await waitText(app, '#stored', '保存的值');
      await app.page.reload();
      await app.page.waitForFunction(booted);
      await app.waitRoute('pages/index/index');
      await waitText(app, '#stored', '保存的值');

      // A canvas type="2d": node from the selector query, an image drawn on it, exported and shown.
      await app.top.locator('#btn-poster').click();
      await waitText(app, '#result', 'poster:100x50');
      await app.top.locator('#poster-image[data-state="loaded"]').waitFor();
      const pixel = await app.top.locator('#poster-canvas canvas').evaluate((c) => {
        const ctx = (c as HTMLCanvasElement).getContext('2d');
        return ctx ? Array.from(ctx.getImageData(150, 50, 1, 1).data) : [];
      });
      check(JSON.stringify(pixel) === JSON.stringify([31, 122, 77, 255]), `画布像素：${pixel.join(',')}`);

      // open-type="share" asks the page and shows its payload.
      await app.top.locator('#btn-share').click();
      await app.page.locator('#mp-share .mp-share__title', { hasText: '夹具分享 button' }).waitFor();
      check(
        (await app.page.locator('#mp-share .mp-share__value--path').innerText()).trim() === '/pages/detail/index?id=7',
        '分享路径',
      );
    },
  },
  {
    name: '预览：下拉刷新、触底加载、懒加载图片',
    async run(t) {
      const app = await openFixture(t, 'pages/list/index');
      await app.waitRoute('pages/list/index');
      const scroller = app.top.locator('.mp-scroller');
      check((await app.top.locator('#lazy').getAttribute('data-state')) === 'lazy', '屏幕外的懒加载图片尚未加载');
      await scroller.evaluate((e) => e.scrollTo({ top: 700 }));
      await app.top.locator('#lazy[data-state="loaded"]').waitFor();
      await scroller.evaluate((e) => e.scrollTo({ top: 0 }));
      await scroller.hover();
      for (let i = 0; i < 4; i++) await app.page.mouse.wheel(0, -100);
      await waitText(app, '#refreshed', 'refreshed:1');
      await app.top.locator('.mp-refresh--on').waitFor({ state: 'detached' });

      await scroller.evaluate((e) => e.scrollTo({ top: e.scrollHeight }));
      await waitText(app, '#bottom', 'bottom:1');
      check((await app.top.locator('.list__row').count()) === 60, '触底后追加 20 行');
    },
  },
  {
    name: '预览：页面代码出错时显示错误遮罩，页面内容仍在',
    async run(t) {
      const app = await openFixture(t);
      await app.waitRoute('pages/index/index');
      await app.top.locator('#btn-throw').click();
      const overlay = app.page.locator('#mp-error-overlay');
      await overlay.getByText('夹具故意抛出的错误').waitFor();
      check(
        (await overlay.innerText()).includes('onThrow'),
        `遮罩里有出错的位置：${(await overlay.innerText()).slice(0, 300)}`,
      );
      // The stack points into the page's own file (source map), not the bundle.
      await overlay
        .getByText(/pages\/index\/index\.js:\d+:\d+/)
        .first()
        .waitFor();
      check(await app.top.locator('#hover').isVisible(), '页面没有变成空白');
      await app.screenshot('preview-error-overlay');
      await overlay.getByText('关闭').click();
      await overlay.waitFor({ state: 'detached' });
      // Expected here: not a failure of this test.
      app.problems.length = 0;
    },
  },
  {
    name: '预览：修改页面文件后自动重新编译并刷新；编译错误显示在页面上，修好后恢复',
    async run(t) {
      const root = fs.mkdtempSync(path.join(os.tmpdir(), 'preview-watch-'));
      let server: PreviewServer | undefined;
      try {
        fs.cpSync(FIXTURE, root, { recursive: true });
        server = await t.env.startPreview(root, { watch: true });
        const app = await t.openApp({ baseUrl: server.url, route: 'pages/me/index' });
        await app.see('我的页面');
        const wxml = path.join(root, 'pages/me/index.wxml');
        fs.writeFileSync(wxml, '<view id="me" class="me">改过的页面</view>\n');
        await app.page.waitForFunction(() => document.querySelector('#me')?.textContent === '改过的页面', null, {
          timeout: 20000,
        });
        await app.waitRoute('pages/me/index');

        const js = path.join(root, 'pages/me/index.js');
        const good = fs.readFileSync(js, 'utf8');
        fs.writeFileSync(js, `${good}\nconst = ;\n`);
        await app.page.locator('#mp-error-overlay').waitFor({ timeout: 20000 });
        check(
          (await app.page.locator('#mp-error-overlay').innerText()).includes('pages/me/index.js'),
          '编译错误指出文件',
        );
        fs.writeFileSync(js, good);
        await app.page.waitForFunction(
          () =>
            !document.querySelector('#mp-error-overlay') && document.querySelector('#me')?.textContent === '改过的页面',
          null,
          { timeout: 20000 },
        );
        app.problems.length = 0;
      } finally {
        // Stop watching first: removing the folder is a change it would rebuild and report.
        await server?.close();
        fs.rmSync(root, { recursive: true, force: true });
      }
    },
  },
  {
    name: '预览：模块按微信的 require 规则加载，自己遮住 npm 包的模块（utils/dayjs.js 引用 dayjs）在页面上报错',
    async run(t) {
      const root = fs.mkdtempSync(path.join(os.tmpdir(), 'preview-shadow-'));
      try {
        fs.cpSync(FIXTURE, root, { recursive: true });
        // What this project once shipped: on a phone require('dayjs') here loads this file itself.
        fs.mkdirSync(path.join(root, 'miniprogram_npm', 'dayjs'), { recursive: true });
        fs.copyFileSync(require.resolve('dayjs/dayjs.min.js'), path.join(root, 'miniprogram_npm', 'dayjs', 'index.js'));
        fs.mkdirSync(path.join(root, 'utils'));
        fs.writeFileSync(
          path.join(root, 'utils', 'dayjs.js'),
          "const dayjs = require('dayjs');\nmodule.exports = { dayjs };\n",
        );
        const me = path.join(root, 'pages', 'me', 'index.js');
        fs.writeFileSync(me, `const { dayjs } = require('../../utils/dayjs');\n${fs.readFileSync(me, 'utf8')}`);
        const server = await t.env.startPreview(root);
        const app = await t.openApp({ baseUrl: server.url, route: 'pages/index/index' });
        await app.page.evaluate(() => {
          location.hash = '#/pages/me/index';
        });
        const overlay = app.page.locator('#mp-error-overlay');
        await overlay.waitFor();
        const shown = await overlay.innerText();
        check(
          shown.includes("utils/dayjs.js 中 require('dayjs') 加载了错误的文件") && shown.includes('itself'),
          `错误提示指出模块与 require：${shown}`,
        );
        await app.top.locator('.mp-page-error').waitFor();
        check(
          app.problems.some((p) => p.includes("require('dayjs')")),
          `浏览器控制台也报告了这个错误：${app.problems.join(' | ')}`,
        );
        // Expected here: not a failure of this test.
        app.problems.length = 0;
        await overlay.getByText('关闭').click();
      } finally {
        fs.rmSync(root, { recursive: true, force: true });
      }
    },
  },
  {
    name: '预览：微信的平台规则（openSetting 只能由点击调用；朋友圈单页模式 1154 不能跳转），与页面测试同一份规则',
    async run(t) {
      const server = await fixture(t.env);
      const app = await t.openApp({ baseUrl: server.url, route: 'pages/me/index' });
      const notTapped = await app.page.evaluate(() =>
        (globalThis as unknown as { wx: { openSetting(o: object): Promise<unknown> } }).wx.openSetting({}).then(
          () => 'ok',
          (res: { errMsg: string }) => res.errMsg,
        ),
      );
      check(notTapped === 'openSetting:fail can only be invoked by user TAP gesture.', `非点击调用：${notTapped}`);
      await app.top.locator('#open-setting').click();
      const tapped = await waitText(app, '#setting-result', /openSetting:/);
      check(tapped === 'openSetting:ok', `点击调用：${tapped}`);

      const single = await t.openApp({ baseUrl: server.url });
      await single.page.goto(`${server.url}/?scene=1154#/pages/index/index`);
      await single.page.waitForFunction(booted);
      const refused = await single.page.evaluate(() =>
        (globalThis as unknown as { wx: { switchTab(o: object): Promise<unknown> } }).wx
          .switchTab({ url: '/pages/me/index' })
          .then(
            () => 'ok',
            (res: { errMsg: string }) => res.errMsg,
          ),
      );
      check(refused === 'switchTab:fail not supported in single page mode', `单页模式跳转：${refused}`);
      check(
        (await single.page.locator('#mp-error-overlay').innerText()).includes('single-page mode'),
        '单页模式下跳转是页面的错误，显示在页面上',
      );
      check((await single.route()) === 'pages/index/index', '没有跳转');
      // Expected here: not a failure of this test.
      single.problems.length = 0;
      await single.page.locator('#mp-error-overlay').getByText('关闭').click();
    },
  },
  {
    name: '预览：TypeScript 页面逐个文件转译，出错时错误提示指向 .ts 的行列',
    async run(t) {
      const root = fs.mkdtempSync(path.join(os.tmpdir(), 'preview-ts-'));
      try {
        fs.cpSync(FIXTURE, root, { recursive: true });
        fs.rmSync(path.join(root, 'pages', 'me', 'index.js'));
        fs.writeFileSync(
          path.join(root, 'pages', 'me', 'index.ts'),
          'interface Count {\n  n: number;\n}\nconst count: Count = { n: 1 };\n\nPage({\n  onLoad() {\n    throw new Error(`第 ${count.n} 次出错`);\n  },\n});\n',
        );
        const server = await t.env.startPreview(root);
        const app = await t.openApp({ baseUrl: server.url, route: 'pages/index/index' });
        await app.page.evaluate(() => {
          location.hash = '#/pages/me/index';
        });
        const overlay = app.page.locator('#mp-error-overlay');
        await overlay.getByText('pages/me/index.ts:8:11').waitFor();
        check((await overlay.innerText()).includes('第 1 次出错'), '错误信息');
        app.problems.length = 0;
        await overlay.getByText('关闭').click();
      } finally {
        fs.rmSync(root, { recursive: true, force: true });
      }
    },
  },
];

// End-to-end harness: a local cloud on a fresh temp data dir seeded with the
// demo data, the browser preview against it, both on free ports, and Debian's
// Chromium driven by playwright-core. Each test gets its own browser context
// (its own localStorage: a separate phone) through `openApp`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { loadBuiltFunctions, startLocalCloud, type LocalCloud } from '../../tools/local-cloud/index';
import { seedLocalCloud } from '../../tools/seed/index';
import { startPreview, type PreviewServer } from '../../tools/preview/index';

export const ROOT = path.join(__dirname, '..', '..');
export const ARTIFACTS = path.join(ROOT, 'test-artifacts');

export interface Env {
  cloudUrl: string;
  previewUrl: string;
  browser: Browser;
  lc: LocalCloud;
  /** Another preview (another mini program root) on the same local cloud; closed with the env. */
  startPreview(root: string, options?: { watch?: boolean }): Promise<PreviewServer>;
}

export interface TestContext {
  env: Env;
  /** A fresh phone (browser context) with the mini program open as `member`. */
  openApp(options?: { member?: string; route?: string; baseUrl?: string }): Promise<MiniApp>;
}

export interface E2ETest {
  name: string;
  run(t: TestContext): Promise<void>;
}

export class AssertionError extends Error {}

/** Runs in the page: the preview finished booting. */
export const booted = (): boolean => (globalThis as unknown as { __mpBooted?: boolean }).__mpBooted === true;

export function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new AssertionError(message);
}

export function findChromium(): string {
  const candidates = [
    process.env.CHROMIUM_PATH,
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
  ];
  const found = candidates.find((c): c is string => !!c && fs.existsSync(c));
  if (!found) throw new Error('找不到 Chromium：apt-get install -y chromium（或设置 CHROMIUM_PATH）');
  return found;
}

/** The mini program in one browser context, seen as a member sees it. */
export class MiniApp {
  readonly problems: string[] = [];

  constructor(
    readonly page: Page,
    readonly context: BrowserContext,
  ) {
    page.on('pageerror', (err) => this.problems.push(`pageerror: ${err.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error') this.problems.push(`console.error: ${msg.text()}`);
    });
  }

  /** The page on top of the stack (the one on screen). */
  get top(): Locator {
    return this.page.locator('.mp-pagehost[data-active="true"]');
  }

  get phone(): Locator {
    return this.page.locator('#mp-phone');
  }

  async route(): Promise<string> {
    return this.page.evaluate(() => {
      const pages = (globalThis as unknown as { getCurrentPages: () => Array<{ route: string }> }).getCurrentPages();
      return pages.length ? (pages[pages.length - 1] as { route: string }).route : '';
    });
  }

  async waitRoute(route: string, timeout = 15000): Promise<void> {
    await this.page.waitForFunction(
      (r) => {
        const pages = (globalThis as unknown as { getCurrentPages: () => Array<{ route: string }> }).getCurrentPages();
        return pages.length > 0 && (pages[pages.length - 1] as { route: string }).route === r;
      },
      route,
      { timeout },
    );
    await this.top.waitFor({ state: 'visible', timeout });
  }

  /** Visible text in the top page, waited for. */
  async see(text: string | RegExp, timeout = 15000): Promise<Locator> {
    const loc = this.top.getByText(text).first();
    await loc.waitFor({ state: 'visible', timeout });
    return loc;
  }

  async tapText(text: string | RegExp): Promise<void> {
    await (await this.see(text)).click();
  }

  async back(): Promise<void> {
    await this.page.locator('#mp-nav-back').click();
  }

  async navTitle(): Promise<string> {
    return (await this.page.locator('#mp-nav-title').textContent()) || '';
  }

  async switchMember(openid: string): Promise<void> {
    await this.page.locator('#mp-member').selectOption(openid);
    // The switch restarts the page and says so in a toast: let it pass.
    await this.page.locator('#mp-toast').waitFor({ state: 'detached' });
    await this.top.waitFor({ state: 'visible' });
  }

  async screenshot(name: string): Promise<string> {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    const file = path.join(ARTIFACTS, `${name}.png`);
    // Let images and fonts settle before the picture.
    await this.page.evaluate(
      () =>
        new Promise<void>((resolve) => {
          const raf = (globalThis as unknown as { requestAnimationFrame: (cb: () => void) => void })
            .requestAnimationFrame;
          raf(() => raf(() => resolve()));
        }),
    );
    await this.phone.screenshot({ path: file });
    return file;
  }

  /** Page-code errors the preview showed (its overlay) or the browser logged. */
  async errors(): Promise<string[]> {
    const overlay = this.page.locator('#mp-error-overlay');
    const shown = (await overlay.count()) ? [`overlay: ${(await overlay.innerText()).slice(0, 800)}`] : [];
    return [...shown, ...this.problems];
  }

  async close(): Promise<void> {
    await this.context.close();
  }
}

export interface Started {
  env: Env;
  close(): Promise<void>;
}

function builtFunctions(): string[] {
  const dir = path.join(ROOT, 'cloudfunctions');
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, 'index.js')))
    .map((d) => d.name);
}

/** `root`: the mini program package the preview serves (the compiled dist/miniprogram in `npm run test:e2e`). */
export async function startEnv(log: (line: string) => void, root?: string): Promise<Started> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ahepia-e2e-'));
  const functions = builtFunctions();
  if (!functions.length) throw new Error('云函数尚未构建（npm run build）');
  const lc = startLocalCloud({
    dataDir,
    functions: loadBuiltFunctions(path.join(ROOT, 'cloudfunctions'), functions),
    functionEnv: { ADMIN_OPENIDS: 'admin' },
  });
  let preview: PreviewServer | null = null;
  let browser: Browser | null = null;
  const extra: PreviewServer[] = [];
  const close = async () => {
    if (browser) await browser.close().catch(() => undefined);
    for (const p of extra) await p.close().catch(() => undefined);
    if (preview) await preview.close().catch(() => undefined);
    await lc.close().catch(() => undefined);
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await seedLocalCloud({ log });
    const cloudUrl = await lc.listen(0);
    preview = await startPreview({ root, cloudUrl, port: 0, watch: false, log });
    if (!preview.build().ok) throw new Error('小程序预览编译失败（见上方输出）');
    browser = await chromium.launch({
      executablePath: findChromium(),
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-dev-shm-usage',
      ],
    });
    log(`local cloud ${cloudUrl} (data ${dataDir}), preview ${preview.url}, ${browser.version()}`);
    const startExtra = async (root: string, options: { watch?: boolean } = {}): Promise<PreviewServer> => {
      const p = await startPreview({ root, cloudUrl, port: 0, watch: !!options.watch, log: () => undefined });
      extra.push(p);
      return p;
    };
    return { env: { cloudUrl, previewUrl: preview.url, browser, lc, startPreview: startExtra }, close };
  } catch (err) {
    await close();
    throw err;
  }
}

export function testContext(env: Env, opened: MiniApp[]): TestContext {
  return {
    env,
    async openApp(options = {}) {
      const context = await env.browser.newContext({
        viewport: { width: 640, height: 900 },
        deviceScaleFactor: 2,
        locale: 'zh-CN',
      });
      context.setDefaultTimeout(15000);
      const page = await context.newPage();
      const app = new MiniApp(page, context);
      opened.push(app);
      const qs = options.member ? `?member=${encodeURIComponent(options.member)}` : '';
      const hash = options.route ? `#/${options.route}` : '';
      await page.goto(`${options.baseUrl || env.previewUrl}/${qs}${hash}`);
      await page.waitForFunction(booted);
      await app.top.waitFor({ state: 'visible' });
      return app;
    },
  };
}

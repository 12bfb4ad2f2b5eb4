// Reports end to end: the seed report (tools/seed/pages/000_…) as a member
// finds, reads and shares it in the browser preview, against the local cloud.
import { check, type E2ETest, type MiniApp } from './harness';

const TITLE = '我会率团赴界首开展党建共建';
const COLUMN = '党建活动';
const PUBLISHED = '发布时间 2023-02-27 11:12';
/** The photo captions of the seed report, in order. */
const CAPTIONS = [
  '界首市委组织部副部长刘治邦',
  '界首市高新区管委会副主任曹伟',
  '合肥工业大学资环学院副院长崔康平',
  '安徽科技学院资环学院副院长李飞跃',
];

/** The shared path opens this report (other parameters, such as a sharer token, may follow). */
function opensReport(sharedPath: string, id: string): boolean {
  const [page, query = ''] = sharedPath.split('?');
  return page === '/pages/article/index' && new URLSearchParams(query).get('id') === id;
}

/** Home → 党建活动 tab → the seed report's row. */
async function findSeedReport(app: MiniApp) {
  await app.waitRoute('pages/home/index');
  await app.top.locator('.van-tab', { hasText: COLUMN }).click();
  await app.top.locator('.van-tab--active', { hasText: COLUMN }).waitFor();
  const row = app.top.locator('article-item', { hasText: TITLE });
  await row.waitFor();
  return row;
}

async function openReport(app: MiniApp): Promise<number> {
  const row = await findSeedReport(app);
  await row.click();
  await app.waitRoute('pages/article/index');
  const meta = app.top.locator('#article-meta');
  await meta.waitFor();
  const text = (await meta.innerText()).replace(/\s+/g, ' ');
  const views = /阅读 (\d+)/.exec(text);
  check(views, `报道页没有阅读数：${text}`);
  return Number(views[1]);
}

export const tests: E2ETest[] = [
  {
    name: '会员在首页「党建活动」找到种子报道，打开看到标题、发布时间、图片说明和阅读数；返回再打开阅读数加一',
    async run(t) {
      const app = await t.openApp({ member: 'member-a' });
      check((await app.navTitle()) === '协会报道', `首页标题：${await app.navTitle()}`);
      const row = await findSeedReport(app);
      check((await row.innerText()).includes('2023-02-27'), '列表行没有发布日期');
      await app.screenshot('home');

      const first = await openReport(app);
      const title = (await app.top.locator('.article__title').innerText()).trim();
      check(title === TITLE, `标题：${title}`);
      const meta = (await app.top.locator('#article-meta').innerText()).replace(/\s+/g, ' ');
      check(meta.includes(PUBLISHED), `发布时间：${meta}`);
      check((await app.top.locator('.article__column').innerText()).trim() === COLUMN, '栏目标签');
      const captions = (await app.top.locator('.article__caption').allInnerTexts()).map((c) => c.trim());
      for (const c of CAPTIONS) check(captions.includes(c), `缺少图片说明「${c}」：${captions.join(' / ')}`);
      // Each caption sits under its (placeholder) photo, which loaded.
      const images = app.top.locator('.article__figure wx-image');
      check((await images.count()) >= CAPTIONS.length, `图片数：${await images.count()}`);
      await app.top.locator('.article__figure wx-image[data-state="loaded"]').first().waitFor();
      check(first >= 1, `首次打开后的阅读数：${first}`);
      await app.screenshot('report');

      await app.back();
      await app.waitRoute('pages/home/index');
      const second = await openReport(app);
      check(second === first + 1, `再次打开阅读数应为 ${first + 1}，实际 ${second}`);
    },
  },
  {
    name: '分享报道：「分享给好友」按钮弹出转发卡片，标题与路径正确',
    async run(t) {
      const app = await t.openApp({ member: 'member-b' });
      await openReport(app);
      const id = await app.page.evaluate(() => {
        const pages = (
          globalThis as unknown as { getCurrentPages: () => Array<{ options: Record<string, string> }> }
        ).getCurrentPages();
        return (pages[pages.length - 1] as { options: Record<string, string> }).options.id || '';
      });
      check(id, '报道页没有 id 参数');
      await app.top.locator('#share-button').click();
      const card = app.page.locator('#mp-share');
      await card.waitFor();
      const cardTitle = (await card.locator('.mp-share__title').innerText()).trim();
      check(cardTitle === TITLE, `卡片标题：${cardTitle}`);
      const sharedPath = (await card.locator('.mp-share__value--path').innerText()).trim();
      check(opensReport(sharedPath, id), `转发路径：${sharedPath}`);
      const from = (await card.locator('.mp-share__value--from').innerText()).trim();
      check(from === 'button', `来源：${from}`);
      await app.screenshot('share-card');
      await card.getByText('发送', { exact: true }).click();
      await card.waitFor({ state: 'detached' });

      // The capsule menu's 转发给朋友 sends the same card.
      await app.page.locator('#mp-capsule-menu').click();
      await app.page.locator('#mp-action-sheet').getByText('转发给朋友').click();
      await card.waitFor();
      const menuPath = (await card.locator('.mp-share__value--path').innerText()).trim();
      check(opensReport(menuPath, id), `菜单转发路径：${menuPath}`);
      await card.getByText('取消', { exact: true }).click();
    },
  },
];

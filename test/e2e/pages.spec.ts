// Every page of app.json (subpackages included) opens in the preview, as a
// member and as an admin, without an error in page code. Pages that need
// an id show their own empty or not-found state. A screenshot of each lands
// in test-artifacts/pages/.
import fs from 'node:fs';
import path from 'node:path';
import { readAppConfig } from '../../tools/preview/project';
import { check, ROOT, type E2ETest } from './harness';

const MINIPROGRAM = path.join(ROOT, 'miniprogram');

export const tests: E2ETest[] = [
  {
    name: 'app.json 的每个页面（含分包）在预览中都能打开，会员和管理员身份下都没有页面代码错误',
    async run(t) {
      const routes = readAppConfig(MINIPROGRAM).pages.filter((r) =>
        ['.ts', '.js'].some((ext) => fs.existsSync(path.join(MINIPROGRAM, `${r}${ext}`))),
      );
      check(routes.length >= 8, `页面数：${routes.length}`);
      for (const member of ['member-a', 'admin']) {
        const app = await t.openApp({ member });
        for (const route of routes) {
          await app.page.goto(`${t.env.previewUrl}/?member=${member}#/${route}`);
          await app.waitRoute(route);
          await app.page.waitForLoadState('networkidle');
          const errors = await app.errors();
          check(errors.length === 0, `${route}（${member}）：${errors.join('；')}`);
          check((await app.top.innerText()).trim().length > 0, `${route}（${member}）是空白页`);
          if (member === 'admin') await app.screenshot(`pages/${route.replace(/\//g, '_')}`);
        }
      }
    },
  },
];

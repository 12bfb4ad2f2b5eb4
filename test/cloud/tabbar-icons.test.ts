// The tab bar's icons as WeChat takes them (app.json tabBar.list): a local
// image for iconPath and selectedIconPath of every tab, PNG, at most 40 KB,
// 81 × 81 px as recommended; and the committed files are what
// tools/icons/tabbar.ts draws.
// https://developers.weixin.qq.com/miniprogram/dev/reference/configuration/app.html#tabBar
import fs from 'fs';
import path from 'path';
import { drawIcon, ICONS, iconFile, MAX_BYTES, SIZE } from '../../tools/icons/tabbar';

const MP = path.join(__dirname, '..', '..', 'miniprogram');

interface TabItem {
  pagePath: string;
  text: string;
  iconPath?: string;
  selectedIconPath?: string;
}

const app = JSON.parse(fs.readFileSync(path.join(MP, 'app.json'), 'utf8')) as { tabBar: { list: TabItem[] } };

test.each(app.tabBar.list.map((item) => [item.text, item] as const))(
  '%s has a normal and a selected icon within the size rule',
  (_text, item) => {
    for (const icon of [item.iconPath, item.selectedIconPath]) {
      expect(icon).toMatch(/^images\/tab\/[\w-]+\.png$/);
      const bytes = fs.readFileSync(path.join(MP, icon!));
      expect(bytes.length).toBeLessThanOrEqual(MAX_BYTES);
      expect(bytes.subarray(1, 4).toString('ascii')).toBe('PNG');
      expect(bytes.toString('ascii', 12, 16)).toBe('IHDR');
      expect([bytes.readUInt32BE(16), bytes.readUInt32BE(20)]).toEqual([SIZE, SIZE]);
    }
    expect(item.iconPath).not.toBe(item.selectedIconPath);
  },
);

test('the committed icons are what tools/icons/tabbar.ts draws', () => {
  for (const name of Object.keys(ICONS) as Array<keyof typeof ICONS>) {
    for (const selected of [false, true]) {
      expect(fs.readFileSync(iconFile(name, selected)).equals(drawIcon(name, selected))).toBe(true);
    }
  }
});

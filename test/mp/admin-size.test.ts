// The main package does not grow with the console: measured (tools/size),
// both sizes printed, on the real tree (after npm run build, which makes
// miniprogram_npm), and the measurement shown to catch growth on a small
// fixture tree where console code sits in the main package.
import fs from 'fs';
import path from 'path';
import { formatReport, measure } from '../../tools/size/index';
import { makeTempDir } from '../helpers/temp';

const ROOT = path.join(__dirname, '..', '..', 'miniprogram');
const MB2 = 2 * 1024 * 1024;

describe('package sizes', () => {
  const report = measure(ROOT);

  it('prints the main package with and without the console', () => {
    const lines = formatReport(report);
    console.log(lines.join('\n'));
    expect(lines[1]).toContain(String(report.mainFiles.withConsole));
    expect(lines[2]).toContain(String(report.mainFiles.withoutConsole));
  });

  it('the main package grows by the subpackage declaration in app.json only', () => {
    expect(report.consoleOnlyInMain).toEqual([]);
    expect(report.declarationBytes).toBeGreaterThan(0);
    expect(report.declarationBytes).toBeLessThan(512);
    expect(report.mainFiles.withConsole - report.mainFiles.withoutConsole).toBe(report.declarationBytes);
    expect(report.mainReachable.withConsole - report.mainReachable.withoutConsole).toBe(report.declarationBytes);
    // The console itself is sizeable, and all of it is in the subpackage.
    expect(report.subpackageBytes).toBeGreaterThan(50 * 1024);
    expect(report.subpackageFiles).toBeGreaterThan(30);
  });

  it('the main package never loads console code, and both stay under WeChat’s 2 MB', () => {
    expect(report.mainReachesConsole).toEqual([]);
    expect(report.mainFiles.withConsole).toBeLessThan(MB2);
    expect(report.subpackageBytes).toBeLessThan(MB2);
  });

  it('app.json keeps every console page in the subpackage, and each exists', () => {
    const app = JSON.parse(fs.readFileSync(path.join(ROOT, 'app.json'), 'utf8')) as {
      pages: string[];
      subpackages: Array<{ root: string; pages: string[] }>;
    };
    expect(app.pages.filter((p) => p.startsWith('admin/'))).toEqual([]);
    const admin = app.subpackages.find((s) => s.root === 'admin');
    expect(admin?.pages.length).toBe(10);
    for (const p of admin?.pages ?? []) {
      for (const ext of ['ts', 'json', 'wxml', 'wxss'])
        expect(fs.existsSync(path.join(ROOT, 'admin', `${p}.${ext}`))).toBe(true);
    }
  });
});

describe('the measurement catches growth', () => {
  function write(root: string, rel: string, content: string): void {
    const file = path.join(root, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }

  function fixture(): string {
    const root = makeTempDir('size-');
    write(
      root,
      'app.json',
      JSON.stringify({ pages: ['pages/a/index'], subpackages: [{ root: 'admin', pages: ['pages/x/index'] }] }, null, 2),
    );
    write(root, 'app.ts', "import './utils/shared';\n");
    write(root, 'utils/shared.ts', 'export const shared = 1;\n');
    write(root, 'pages/a/index.json', '{ "usingComponents": { "card": "/components/card/index" } }');
    write(root, 'pages/a/index.wxml', '<card />');
    write(root, 'pages/a/index.ts', "import { shared } from '../../utils/shared';\nComponent({ data: { shared } });\n");
    for (const c of ['card', 'console-only']) {
      write(root, `components/${c}/index.json`, '{ "component": true }');
      write(root, `components/${c}/index.wxml`, `<view>${c}</view>`);
      write(root, `components/${c}/index.ts`, 'Component({});\n');
    }
    write(root, 'utils/console-helper.ts', `export const big = '${'x'.repeat(1000)}';\n`);
    write(root, 'admin/pages/x/index.json', '{ "usingComponents": { "only": "/components/console-only/index" } }');
    write(root, 'admin/pages/x/index.wxml', '<only />');
    write(
      root,
      'admin/pages/x/index.ts',
      "import { big } from '../../../utils/console-helper';\nComponent({ data: { big } });\n",
    );
    return root;
  }

  it('lists main-package code only the console uses, and counts it as growth', () => {
    const root = fixture();
    const r = measure(root);
    expect(r.consoleOnlyInMain.map((f) => f.file)).toEqual([
      'components/console-only/index.json',
      'components/console-only/index.ts',
      'components/console-only/index.wxml',
      'utils/console-helper.ts',
    ]);
    const onlyBytes = r.consoleOnlyInMain.reduce((n, f) => n + f.bytes, 0);
    expect(r.mainReachable.withConsole - r.mainReachable.withoutConsole).toBe(onlyBytes + r.declarationBytes);
    expect(onlyBytes).toBeGreaterThan(1000);
  });

  it('reports a main page that reaches into the subpackage', () => {
    const root = fixture();
    write(root, 'pages/a/index.ts', "import { x } from '../../admin/lib';\nComponent({ data: { x } });\n");
    write(root, 'admin/lib.ts', 'export const x = 1;\n');
    expect(measure(root).mainReachesConsole).toEqual(['admin/lib.ts']);
  });
});

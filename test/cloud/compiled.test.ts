// The package WeChat's own compiler (miniprogram-ci, offline) makes is what
// gets checked: every module loads under WeChat's require rule with only
// the files the compiler kept. The repository's package is compiled once
// per change (npm test's pretest runs `npm run compile`; ensureCompiled
// reuses it when nothing changed); a fixture with a self-shadowing module
// (utils/dayjs.js requiring 'dayjs') is compiled here and must fail.
import fs from 'fs';
import os from 'os';
import path from 'path';
import { ensureCompiled } from '../../tools/compile/index';
import { formatLoadProblem, loadCompiledPackage } from '../../tools/compiled/load';
import { checkVantUsage, formatUsageProblem } from '../../tools/compiled/components';
import { resolveRequire } from '../../tools/compiled/require';
import { formatCompiled, measureCompiled } from '../../tools/size/compiled';
import { buildMiniprogramNpm } from '../../tools/build/npm';
import { resolvePaths } from '../../tools/build/index';

const ROOT = path.join(__dirname, '..', '..');
// A compile takes 10 s on an idle machine and over a minute on a busy one.
const COMPILE_MS = 300_000;

function dependencies(root: string): string[] {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
  };
  return Object.keys(pkg.dependencies ?? {});
}

describe('WeChat require rule', () => {
  const files = new Set([
    'app.js',
    'utils/dayjs.js',
    'utils/format.js',
    'utils/lib/index.js',
    'miniprogram_npm/dayjs/index.js',
    'miniprogram_npm/@vant/weapp/common/utils.js',
    'admin/miniprogram_npm/only-admin/index.js',
    'admin/pages/p.js',
  ]);
  test.each([
    ['utils/format.js', 'dayjs', 'utils/dayjs.js'], // relative first: the shadowing trap
    ['app.js', 'dayjs', 'miniprogram_npm/dayjs/index.js'],
    ['app.js', 'utils/format', 'utils/format.js'], // the doc's require('common.js') form
    ['app.js', './utils/format.js', 'utils/format.js'],
    ['admin/pages/p.js', '../../utils/format', 'utils/format.js'],
    ['admin/pages/p.js', 'only-admin', 'admin/miniprogram_npm/only-admin/index.js'], // npm up the tree
    ['admin/pages/p.js', '@vant/weapp/common/utils', 'miniprogram_npm/@vant/weapp/common/utils.js'],
  ])('%s: require(%p) loads %s', (from, spec, file) => {
    expect(resolveRequire(files, from, spec)).toMatchObject({ ok: true, file });
  });

  test.each([
    ['app.js', './utils/lib', /WeChat does not look for a folder's index/],
    ['app.js', '/utils/format', /absolute paths/],
    ['app.js', 'only-admin', /nor miniprogram_npm\/only-admin.* is in the compiled package/], // not visible from the main package
    ['app.js', './utils/missing', /utils\/missing\.js is not in the compiled package/],
  ])('%s: require(%p) fails', (from, spec, reason) => {
    const r = resolveRequire(files, from, spec);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(reason);
  });
});

describe("the compiler's package of this mini program", () => {
  let outDir = '';
  beforeAll(() => {
    outDir = ensureCompiled(ROOT).outDir;
  }, COMPILE_MS);

  test('every module loads under WeChat’s require rule', () => {
    const report = loadCompiledPackage(outDir, { packages: dependencies(ROOT) });
    expect(report.problems.map(formatLoadProblem)).toEqual([]);
    expect(report.loaded).toBe(report.modules);
    expect(report.modules).toBeGreaterThan(60);
  });

  test('every van-* tag, attribute and bound event exists in the installed Vant, read from its own code', () => {
    const report = loadCompiledPackage(outDir, { packages: dependencies(ROOT) });
    expect(checkVantUsage(outDir, report).map(formatUsageProblem)).toEqual([]);
  });

  test('the Vant check names an attribute and an event that Vant 1.11.7 does not have', () => {
    // The two the check found in this app: van-search's action text is its
    // cancel (no click-action event); van-field has no use-button-slot.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vant-usage-'));
    try {
      // The whole package: compiled Vant requires the @babel/runtime helpers at its root.
      fs.cpSync(outDir, dir, { recursive: true });
      fs.writeFileSync(
        path.join(dir, 'p.json'),
        JSON.stringify({
          usingComponents: {
            'van-search': 'miniprogram_npm/@vant/weapp/search/index',
            'van-field': '/miniprogram_npm/@vant/weapp/field/index',
            'van-tabs': 'miniprogram_npm/@vant/weapp/tabs/index',
            'van-nope': '/miniprogram_npm/@vant/weapp/nope/index',
            'van-radio-group': '/miniprogram_npm/@vant/weapp/radio-group/index',
            'van-checkbox-group': '/miniprogram_npm/@vant/weapp/checkbox-group/index',
          },
        }),
      );
      fs.writeFileSync(
        path.join(dir, 'p.wxml'),
        [
          '<van-search show-action action-text="查找" model:value="{{q}}" custom-class="x" bind:search="a" bind:click-action="a" bindtap="b" />',
          '<van-field use-button-slot error-message="e" name="n" bind:change="c" />',
          '<van-tabs active="{{0}}" bind:change="c" bind:click="c" bind:swipe="c" />',
          // The groups' change is emitted on them by their van-radio / van-checkbox children.
          '<van-radio-group value="a" bind:change="c" bind:select="c" />',
          '<van-checkbox-group value="{{[]}}" bind:change="c" />',
        ].join('\n'),
      );
      const problems = checkVantUsage(dir, loadCompiledPackage(dir)).map(formatUsageProblem);
      expect(problems).toEqual([
        'p.json <van-nope>: usingComponents "/miniprogram_npm/@vant/weapp/nope/index" is not a Vant component in the package',
        'p.wxml <van-search>: bind:click-action: Vant\'s van-search never emits "click-action"',
        "p.wxml <van-field>: use-button-slot: not a property or external class of Vant's van-field",
        'p.wxml <van-tabs>: bind:swipe: Vant\'s van-tabs never emits "swipe"',
        'p.wxml <van-radio-group>: bind:select: Vant\'s van-radio-group never emits "select"',
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('npm run size splits the compiled package into main and the admin subpackage, every file counted once', () => {
    const sizes = measureCompiled(outDir);
    console.log(formatCompiled(sizes).join('\n'));
    expect(sizes.packages.map((p) => `${p.name}:${p.root}`)).toEqual(['main:', 'admin:admin/']);
    const files = fs.readdirSync(outDir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile());
    const payload = files.filter((d) => !d.name.startsWith('.'));
    expect(sizes.packages.reduce((n, p) => n + p.files, 0)).toBe(payload.length);
    const bytes = payload.reduce((n, d) => n + fs.statSync(path.join(d.parentPath, d.name)).size, 0);
    expect(sizes.total).toBe(bytes);
  });

  test('the app, every page and the dayjs it needs are in the package', () => {
    const app = JSON.parse(fs.readFileSync(path.join(outDir, 'app.json'), 'utf8')) as {
      pages: string[];
      subPackages: Array<{ root: string; pages: string[] }>; // the compiler writes the camel-case key
    };
    const pages = [...app.pages, ...app.subPackages.flatMap((s) => s.pages.map((p) => path.posix.join(s.root, p)))];
    expect(pages).toContain('admin/pages/roles/index');
    for (const page of pages) {
      for (const ext of ['js', 'json', 'wxml', 'wxss'])
        expect(fs.existsSync(path.join(outDir, `${page}.${ext}`))).toBe(true);
    }
    expect(fs.existsSync(path.join(outDir, 'miniprogram_npm', 'dayjs', 'index.js'))).toBe(true);
  });
});

describe('a self-shadowing module fails the compiled-package check', () => {
  let root = '';
  afterAll(() => {
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  test(
    "utils/dayjs.ts importing 'dayjs': the compiler drops the package and the module loads itself",
    async () => {
      root = fs.mkdtempSync(path.join(os.tmpdir(), 'compiled-fixture-'));
      const write = (rel: string, content: string) => {
        fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
        fs.writeFileSync(path.join(root, rel), content);
      };
      fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(root, 'node_modules'), 'dir');
      write('package.json', JSON.stringify({ name: 'fixture', dependencies: { dayjs: '*' } }));
      write('project.config.json', fs.readFileSync(path.join(ROOT, 'project.config.json'), 'utf8'));
      write('tsconfig.json', fs.readFileSync(path.join(ROOT, 'tsconfig.json'), 'utf8'));
      write('miniprogram/app.json', JSON.stringify({ pages: ['pages/p/index'] }));
      write('miniprogram/app.ts', 'App({});\n');
      write('miniprogram/pages/p/index.json', '{ "usingComponents": {} }');
      write('miniprogram/pages/p/index.wxml', '<view>{{when}}</view>');
      write(
        'miniprogram/pages/p/index.ts',
        "import { dayjs } from '../../utils/dayjs';\nPage({ data: { when: dayjs(0).format('YYYY') } });\n",
      );
      write(
        'miniprogram/utils/dayjs.ts',
        "import dayjs = require('dayjs');\ndayjs.extend(() => undefined);\nexport { dayjs };\n",
      );
      await buildMiniprogramNpm(resolvePaths(root));

      const { outDir } = ensureCompiled(root, path.join(root, 'compiled'));
      // The compiler's code analysis follows the same rule: dayjs is unused, so not uploaded.
      expect(fs.existsSync(path.join(outDir, 'miniprogram_npm', 'dayjs', 'index.js'))).toBe(false);
      const problems = loadCompiledPackage(outDir, { packages: ['dayjs'] }).problems.map(formatLoadProblem);
      expect(problems).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^utils\/dayjs\.js require\('dayjs'\): resolves to utils\/dayjs\.js itself/),
          expect.stringMatching(/^pages\/p\/index\.js: throws on load: .*extend is not a function/),
        ]),
      );
    },
    COMPILE_MS,
  );
});

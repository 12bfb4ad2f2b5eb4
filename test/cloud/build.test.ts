// tools/build.ts: the WeChat resolution checks (on a fixture and on the real
// mini program), the miniprogram_npm layout, the cloud function bundles
// (loaded by plain Node, wx-server-sdk from outside), and utils/datetime, which
// stands in for the dayjs deep imports WeChat cannot load.
import { execFileSync, spawnSync } from 'child_process';
import fs from 'fs';
import { builtinModules } from 'module';
import os from 'os';
import path from 'path';
import { build, formatProblem, resolvePaths, type BuildPaths } from '../../tools/build/index';
import { checkImports, checkUsingComponents } from '../../tools/build/check';
import { buildMiniprogramNpm } from '../../tools/build/npm';
import { bundleFunctions, functionNames } from '../../tools/build/functions';

const ROOT = path.join(__dirname, '..', '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');

function write(root: string, rel: string, content: string): void {
  const file = path.join(root, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
}

/** A small project: package.json with dayjs, node_modules linked to ours, one page. */
function fixture(pageTs: string, extra: Record<string, string> = {}): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'build-fixture-'));
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  write(root, 'package.json', JSON.stringify({ name: 'fixture', dependencies: { dayjs: '*' } }));
  write(root, 'miniprogram/app.json', JSON.stringify({ pages: ['pages/p/index'] }));
  write(root, 'miniprogram/pages/p/index.ts', pageTs);
  write(root, 'miniprogram/pages/p/index.wxml', '<view>p</view>');
  write(root, 'miniprogram/pages/p/index.json', '{ "usingComponents": {} }');
  write(root, 'miniprogram/utils/fmt.ts', 'export const fmt = (n: number): string => String(n);\n');
  for (const [rel, content] of Object.entries(extra)) write(root, rel, content);
  return root;
}

const fixtures: string[] = [];
function newFixture(pageTs: string, extra?: Record<string, string>): BuildPaths {
  const root = fixture(pageTs, extra);
  fixtures.push(root);
  return resolvePaths(root);
}

afterAll(() => {
  for (const root of fixtures) fs.rmSync(root, { recursive: true, force: true });
});

describe('WeChat resolution check', () => {
  test('a deep dayjs import fails the build, naming the file, the line and the import', async () => {
    const paths = newFixture(
      [
        "import dayjs from 'dayjs';",
        "import relativeTime from 'dayjs/plugin/relativeTime';",
        'dayjs.extend(relativeTime);',
        '',
      ].join('\n'),
    );
    const result = await build(paths);
    expect(result.problems).toHaveLength(1);
    const [problem] = result.problems;
    expect(problem).toMatchObject({ file: 'miniprogram/pages/p/index.ts', line: 2 });
    expect(problem?.message).toContain("'dayjs/plugin/relativeTime'");
    expect(problem?.message).toContain('main entry alone');
    // The package main itself is fine: it is miniprogram_npm/dayjs/index.js.
    expect(fs.readdirSync(path.join(paths.npmRoot, 'dayjs'))).toEqual(['index.js']);
  });

  test('the command exits 1 and prints the file and the import', () => {
    const paths = newFixture("import 'dayjs/locale/zh-cn';\nexport {};\n");
    const run = spawnSync(TSX, [path.join(ROOT, 'tools', 'build.ts'), '--root', paths.root], {
      encoding: 'utf8',
      env: { ...process.env, CI: 'true' },
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("miniprogram/pages/p/index.ts:1: import 'dayjs/locale/zh-cn'");
  });

  test('each way an import breaks in WeChat is named; type-only and local imports pass', async () => {
    const paths = newFixture(
      [
        "import type { Dayjs } from 'dayjs/esm/index';", // erased: fine
        "import { fmt } from '../../utils/fmt';", // a local file: fine
        "import dayjs = require('dayjs');", // the package main: fine
        "import { z } from 'zod';", // not a dependency, not in miniprogram_npm
        "import { other } from '../../utils';", // a folder: WeChat has no index lookup
        "import { gone } from './missing';",
        "import fs from 'fs';",
        "export { v } from '/utils/abs';",
        'export const out: Dayjs | string = fmt(1) + String(z) + String(other) + String(gone) + String(fs);',
        'export const d = dayjs;',
        '',
      ].join('\n'),
      { 'miniprogram/utils/index.ts': 'export const other = 1;\n' },
    );
    await buildMiniprogramNpm(paths);
    const problems = checkImports(paths).map(formatProblem);
    expect(problems).toEqual([
      expect.stringMatching(/index\.ts:4: import 'zod': package 'zod' is not in miniprogram_npm/),
      expect.stringMatching(/index\.ts:5: import '\.\.\/\.\.\/utils' is a folder.*'\.\.\/\.\.\/utils\/index'/),
      expect.stringMatching(/index\.ts:6: import '\.\/missing' does not resolve/),
      expect.stringMatching(/index\.ts:7: import 'fs' is a Node built-in/),
      expect.stringMatching(/index\.ts:8: import '\/utils\/abs' is an absolute path/),
    ]);
  });

  test('a bare import that a local module of that name shadows fails (WeChat tries it relative first)', async () => {
    const paths = newFixture('export {};\n', {
      'miniprogram/utils/dayjs.ts': "import dayjs = require('dayjs');\nexport { dayjs };\n",
    });
    await buildMiniprogramNpm(paths);
    expect(checkImports(paths).map(formatProblem)).toEqual([
      expect.stringMatching(
        /utils\/dayjs\.ts:1: import 'dayjs' loads miniprogram\/utils\/dayjs\.ts in WeChat, not the package/,
      ),
    ]);
  });

  test('usingComponents must name a component under miniprogram/ or in miniprogram_npm', async () => {
    const paths = newFixture('export {};\n', {
      'miniprogram/pages/p/index.json': JSON.stringify({
        usingComponents: {
          'van-button': '@vant/weapp/button/index', // not a dependency of the fixture: not packed
          card: '/components/card/index',
          'card-rel': '../../components/card/index',
          'no-such': '/components/none/index',
        },
      }),
      'miniprogram/components/card/index.json': '{ "component": true }',
      'miniprogram/components/card/index.wxml': '<view />',
      'miniprogram/components/card/index.ts': 'Component({});\n',
    });
    await buildMiniprogramNpm(paths);
    const problems = checkUsingComponents(paths).map(formatProblem);
    expect(problems).toEqual([
      expect.stringMatching(/pages\/p\/index\.json: usingComponents "van-button": "@vant\/weapp\/button\/index"/),
      expect.stringMatching(/pages\/p\/index\.json: usingComponents "no-such": "\/components\/none\/index"/),
    ]);
  });

  test("the repository's own mini program resolves every import and component the WeChat way", async () => {
    const paths = resolvePaths(ROOT);
    await buildMiniprogramNpm(paths);
    expect([...checkImports(paths), ...checkUsingComponents(paths)].map(formatProblem)).toEqual([]);
  });
});

describe('miniprogram_npm', () => {
  const paths = resolvePaths(ROOT);

  test('is what "Build npm" makes: Vant as real files, dayjs as one index.js', async () => {
    const results = await buildMiniprogramNpm(paths);
    // Every dependency is packed: a miniprogram package as its folder, a plain one as its main entry.
    expect(results.map((r) => `${r.name}:${r.kind}`).sort()).toEqual([
      '@vant/weapp:miniprogram',
      'dayjs:main-entry',
      'qrcode-generator:main-entry',
    ]);
    const deps = Object.keys((require(path.join(ROOT, 'package.json')) as { dependencies: object }).dependencies);
    expect(results.map((r) => r.name).sort()).toEqual(deps.sort());

    const button = path.join(paths.npmRoot, '@vant', 'weapp', 'button');
    for (const ext of ['js', 'json', 'wxml', 'wxss']) {
      const st = fs.lstatSync(path.join(button, `index.${ext}`));
      expect(st.isFile()).toBe(true); // not a symlink: wcc and the uploader skip those
    }
    expect(fs.readdirSync(path.join(paths.npmRoot, 'dayjs'))).toEqual(['index.js']);
    const packed = require(path.join(paths.npmRoot, 'dayjs', 'index.js')) as (d: number) => { year(): number };
    expect(packed(Date.UTC(2024, 5, 1)).year()).toBe(2024);
  });

  test('a second build writes nothing', async () => {
    await buildMiniprogramNpm(paths);
    const again = await buildMiniprogramNpm(paths);
    expect(again.map((r) => r.changed)).toEqual(again.map(() => 0));
  });
});

describe('cloud function bundles', () => {
  const paths = resolvePaths(ROOT);
  const names = functionNames(paths);

  // esbuild on both functions: about a second alone, longer on a busy machine.
  beforeAll(async () => {
    await bundleFunctions(paths);
  }, 60_000);

  test('every cloudfunctions/<fn>/index.ts is bundled', () => {
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) expect(fs.existsSync(path.join(paths.cloudfunctionRoot, name, 'index.js'))).toBe(true);
  });

  test.each(names)('%s: requires only wx-server-sdk (declared in its package.json) and Node built-ins', (name) => {
    const dir = path.join(paths.cloudfunctionRoot, name);
    const code = fs.readFileSync(path.join(dir, 'index.js'), 'utf8');
    const required = new Set([...code.matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1] as string));
    expect(required.has('wx-server-sdk')).toBe(true);
    const builtins = new Set(builtinModules);
    expect([...required].filter((r) => r !== 'wx-server-sdk' && !builtins.has(r.replace(/^node:/, '')))).toEqual([]);
    // The SDK itself is not inside the bundle.
    expect(code).not.toContain('@cloudbase/node-sdk');
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
    };
    expect(pkg.dependencies?.['wx-server-sdk']).toBeDefined();
  });

  test.each(names)('%s: plain Node loads it, exports main, and takes wx-server-sdk from node_modules', (name) => {
    const dir = path.join(paths.cloudfunctionRoot, name);
    // Outside jest, as the cloud runs it: an unknown action answers with an envelope.
    const script = [
      "const fn = require('./index.js');",
      'const sdk = Object.keys(require.cache).filter((k) => /node_modules[\\\\/]wx-server-sdk[\\\\/]index\\.js$/.test(k));',
      "fn.main({ action: 'no.such.action' }, {}).then((res) => {",
      '  process.stdout.write(JSON.stringify({ main: typeof fn.main, sdk: sdk.length, res }));',
      '});',
    ].join('\n');
    const out = execFileSync(process.execPath, ['-e', script], { cwd: dir, encoding: 'utf8' });
    const parsed = JSON.parse(out) as { main: string; sdk: number; res: { ok: boolean; code: string } };
    expect(parsed.main).toBe('function');
    expect(parsed.sdk).toBe(1);
    expect(parsed.res).toMatchObject({ ok: false, code: 'UNKNOWN_ACTION' });
  });
});

describe('utils/datetime (zh-cn and relative time without deep imports)', () => {
  type D = {
    (t?: number): { from(t: unknown): string; fromNow(): string; format(f: string): string };
  };
  let ours: D;
  let official: D;

  beforeAll(() => {
    jest.isolateModules(() => {
      ours = (require('../../miniprogram/utils/datetime') as { dayjs: D }).dayjs;
    });
    // The published plugin and locale, on their own dayjs instance, as the reference.
    jest.isolateModules(() => {
      const dayjs = require('dayjs') as D & { extend(p: unknown): void; locale(l: string): void };
      dayjs.extend(require('dayjs/plugin/relativeTime'));
      require('dayjs/locale/zh-cn');
      dayjs.locale('zh-cn');
      official = dayjs;
    });
  });

  test('relative times match dayjs/plugin/relativeTime with the zh-cn locale', () => {
    const now = Date.UTC(2024, 4, 1, 1, 0, 0);
    const S = 1000;
    const offsets = [0, 10, 44, 45, 89, 90, 150, 44 * 60, 45 * 60, 89 * 60, 90 * 60, 5 * 3600, 21 * 3600]
      .concat([22 * 3600, 35 * 3600, 36 * 3600, 3 * 86400, 25 * 86400, 26 * 86400, 45 * 86400, 100 * 86400])
      .concat([320 * 86400, 400 * 86400, 3 * 365 * 86400]);
    for (const o of offsets) {
      for (const sign of [-1, 1]) {
        const t = now + sign * o * S;
        expect(ours(t).from(ours(now))).toBe(official(t).from(official(now)));
      }
    }
    expect(ours(now - 3 * 3600 * S).from(ours(now))).toBe('3 小时前');
    expect(ours(now + 2 * 86400 * S).from(ours(now))).toBe('2 天内');
  });

  test('formats in Chinese', () => {
    const t = Date.UTC(2024, 4, 1, 1, 0, 0); // a Wednesday
    expect(ours(t).format('dddd')).toBe('星期三');
    expect(ours(t).format('dddd')).toBe(official(t).format('dddd'));
    expect(ours(t).format('MMMM')).toBe('五月');
  });
});

// `npm run test:e2e`: the mini program end to end in a real browser. Builds
// (miniprogram_npm, function bundles), compiles with WeChat's compiler
// (dist/miniprogram, skipped when unchanged), starts a local cloud on a fresh
// temp data dir seeded with the demo data and the browser preview of the
// compiled package against it (free ports), runs test/e2e/*.spec.ts in Debian's Chromium through
// playwright-core, shuts everything down and prints `N passed, N failed`.
// Screenshots land in test-artifacts/ (gitignored).
//
//   tsx test/e2e/run.ts [name filter]      CHROMIUM_PATH=/path/to/chromium to override
import fs from 'node:fs';
import path from 'node:path';
import { build, formatProblem, resolvePaths } from '../../tools/build/index';
import { ensureCompiled } from '../../tools/compile/index';
import { ARTIFACTS, startEnv, testContext, type E2ETest, type MiniApp } from './harness';

const ROOT = path.join(__dirname, '..', '..');
const SPECS = __dirname;
const TEST_TIMEOUT_MS = 120_000;

function loadTests(filter: string): Array<{ file: string; test: E2ETest }> {
  const files = fs
    .readdirSync(SPECS)
    .filter((f) => f.endsWith('.spec.ts'))
    .sort();
  const out: Array<{ file: string; test: E2ETest }> = [];
  for (const f of files) {
    const mod = require(path.join(SPECS, f)) as { tests?: E2ETest[] };
    for (const test of mod.tests || []) {
      if (!filter || test.name.includes(filter) || f.includes(filter)) out.push({ file: f, test });
    }
  }
  return out;
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: 超时（${ms / 1000} s）`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

async function main(): Promise<number> {
  const filter = process.argv.slice(2).join(' ');
  const log = (line: string) => console.log(`  ${line}`);

  const built = await build(resolvePaths(ROOT));
  if (built.problems.length) {
    for (const p of built.problems) console.error(formatProblem(p));
    console.log('0 passed, 1 failed');
    return 1;
  }

  // What the phone runs is what WeChat's compiler made: e2e previews that package.
  const compiled = ensureCompiled(ROOT);
  log(`${compiled.compiled ? '已编译' : '编译结果未变'} compiled package: ${path.relative(ROOT, compiled.outDir)}`);

  const tests = loadTests(filter);
  if (!tests.length) {
    console.error(`没有匹配的端到端测试${filter ? `：${filter}` : ''}`);
    console.log('0 passed, 1 failed');
    return 1;
  }
  fs.mkdirSync(ARTIFACTS, { recursive: true });

  console.log('e2e: 启动本地云与小程序预览…');
  const started = await startEnv(log, compiled.outDir);
  let passed = 0;
  let failed = 0;
  try {
    for (const { file, test } of tests) {
      const opened: MiniApp[] = [];
      const t0 = Date.now();
      try {
        await withTimeout(test.run(testContext(started.env, opened)), TEST_TIMEOUT_MS, test.name);
        // A flow that "works" while the page threw somewhere still fails.
        const errors = (await Promise.all(opened.map((a) => a.errors()))).flat();
        if (errors.length) throw new Error(`页面代码出错：\n    ${errors.join('\n    ')}`);
        passed++;
        console.log(`✓ ${test.name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
      } catch (err) {
        failed++;
        console.log(`✗ ${test.name}  [${file}]`);
        console.log(
          `    ${(err instanceof Error ? err.stack || err.message : String(err)).split('\n').slice(0, 8).join('\n    ')}`,
        );
        for (const [i, app] of opened.entries()) {
          const shot = path.join(
            ARTIFACTS,
            `failed-${test.name.slice(0, 24).replace(/[^\w\u4e00-\u9fa5-]+/g, '_')}-${i}.png`,
          );
          await app.phone.screenshot({ path: shot }).catch(() => undefined);
          console.log(`    截图 screenshot: ${path.relative(ROOT, shot)}`);
        }
      } finally {
        for (const app of opened) await app.close().catch(() => undefined);
      }
    }
  } finally {
    await started.close();
  }
  console.log(`截图 screenshots: ${path.relative(ROOT, ARTIFACTS)}/`);
  console.log(`${passed} passed, ${failed} failed`);
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`e2e 失败：${err instanceof Error ? err.stack || err.message : String(err)}`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);

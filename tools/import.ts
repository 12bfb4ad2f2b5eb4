// npm run import -- <file|dir>... [--column 党建活动] [--base https://site/] [--data DIR] [--force]
//
// Imports the association's report pages (plain text as in tools/seed/pages,
// or saved HTML pages) into the local cloud's database (LOCAL_CLOUD_DATA,
// default .localcloud/data), through the same validation as articles.save.
// Re-importing a page updates its article. Exit code 1 if any page failed.
import path from 'path';
import { isColumn, type Column } from '../miniprogram/contract/content';
import { startLocalCloud } from './local-cloud/index';
import { formatOutcome, importFiles } from './import/run';

interface Args {
  paths: string[];
  column?: Column;
  baseUrl?: string;
  dataDir: string;
  force: boolean;
}

function usage(message: string): never {
  console.error(
    `${message}\n用法：npm run import -- <文件或目录>... [--column 栏目] [--base 网站地址] [--data 数据目录] [--force]`,
  );
  process.exit(2);
}

function parseArgs(argv: string[]): Args {
  const args: Args = {
    paths: [],
    dataDir: process.env.LOCAL_CLOUD_DATA || path.join(process.cwd(), '.localcloud', 'data'),
    force: false,
  };
  for (let k = 0; k < argv.length; k++) {
    const a = argv[k]!;
    const value = (): string => argv[++k] ?? usage(`${a} 需要一个值`);
    if (a === '--column') {
      const c = value();
      if (!isColumn(c)) usage(`栏目“${c}”不存在`);
      args.column = c;
    } else if (a === '--base') args.baseUrl = value();
    else if (a === '--data') args.dataDir = value();
    else if (a === '--force') args.force = true;
    else if (a.startsWith('--')) usage(`未知参数 ${a}`);
    else args.paths.push(a);
  }
  if (!args.paths.length) usage('请指定要导入的文件或目录');
  return args;
}

/** A running `npm start` holds the same data in memory; writing beside it would be lost or overwritten. */
async function localCloudRunning(): Promise<boolean> {
  const port = process.env.LOCAL_CLOUD_PORT || '8787';
  try {
    const res = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(500) });
    return res.ok;
  } catch {
    return false;
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (!args.force && (await localCloudRunning())) {
    console.error('本地云正在运行（npm start）。请先停止它再导入，导入后重新启动；确认数据目录不同可加 --force。');
    process.exit(2);
  }
  const lc = startLocalCloud({ dataDir: args.dataDir, functions: {} });
  let failed = 0;
  try {
    const outcomes = await importFiles(args.paths, {
      ...(args.column ? { column: args.column } : {}),
      ...(args.baseUrl ? { baseUrl: args.baseUrl } : {}),
    });
    for (const o of outcomes) {
      if (o.ok) console.log(formatOutcome(o));
      else {
        failed++;
        console.error(formatOutcome(o));
      }
    }
    console.log(
      `共 ${outcomes.length} 个页面：成功 ${outcomes.length - failed}，失败 ${failed}。数据目录：${args.dataDir}`,
    );
  } finally {
    await lc.close();
  }
  process.exitCode = failed ? 1 : 0;
}

main().catch((err: unknown) => {
  console.error(`导入中断：${(err as Error).message}`);
  process.exit(1);
});

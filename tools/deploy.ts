// `npm run deploy`: from this repository to the association's mini program.
//
//   npm run deploy                       upload functions, settings, database, then the mini program
//   npm run deploy -- --preview          a preview QR code instead of the upload
//   npm run deploy -- --dry-run          everything offline up to the network, and the plan
//   options: --config <file> (default deploy.config.json), --version <v>, --desc <text>, --stage <dir>
//
// Tencent Cloud API keys (TENCENTCLOUD_SECRETID / TENCENTCLOUD_SECRETKEY) let
// @cloudbase/manager-node set what miniprogram-ci cannot; without them those
// steps are printed. See README "Deploy".
import path from 'node:path';
import { DeployConfigError } from './deploy/config';
import { runDeploy } from './deploy/run';

interface Args {
  dryRun: boolean;
  preview: boolean;
  config: string;
  version?: string;
  desc?: string;
  stage?: string;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { dryRun: false, preview: false, config: 'deploy.config.json' };
  const value = (i: number, flag: string): string => {
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('--')) throw new Error(`${flag} 需要一个值`);
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--dry-run') args.dryRun = true;
    else if (a === '--preview') args.preview = true;
    else if (a === '--config') args.config = value(i++, a);
    else if (a === '--version') args.version = value(i++, a);
    else if (a === '--desc') args.desc = value(i++, a);
    else if (a === '--stage') args.stage = value(i++, a);
    else throw new Error(`不认识的参数 ${a}（可用：--dry-run --preview --config --version --desc --stage）`);
  }
  return args;
}

async function cli(): Promise<void> {
  const root = path.resolve(__dirname, '..');
  const started = Date.now();
  const args = parseArgs(process.argv.slice(2));
  const report = await runDeploy({
    root,
    configFile: path.resolve(root, args.config),
    dryRun: args.dryRun,
    preview: args.preview,
    ...(args.version !== undefined ? { version: args.version } : {}),
    ...(args.desc !== undefined ? { desc: args.desc } : {}),
    ...(args.stage !== undefined ? { stageDir: path.resolve(args.stage) } : {}),
    env: process.env,
    log: (line) => console.log(line),
  });
  console.log(`\n${report.ok ? '完成' : '未完成'}，用时 ${((Date.now() - started) / 1000).toFixed(1)} 秒`);
  if (!report.ok) process.exitCode = 1;
}

cli().then(
  // miniprogram-ci can leave handles open after its work is done.
  () => process.exit(),
  (err: unknown) => {
    console.error(
      err instanceof DeployConfigError ? err.message : `部署失败：${err instanceof Error ? err.message : String(err)}`,
    );
    process.exit(1);
  },
);

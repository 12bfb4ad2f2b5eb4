// npm run admin -- add <openid> | remove <openid> | list
//
// Admins of the LOCAL cloud (the data `npm start` serves): the first admin
// of a fresh local database, or a fix-up by hand. In the real cloud the
// first admins come from the functions' ADMIN_OPENIDS environment variable
// (README); later ones are granted in the console.
//
//   LOCAL_CLOUD_DATA  data folder (default .localcloud/data, as npm start)
//   ADMIN_OPENIDS     admins by configuration (unset: admin, as npm start; empty: none);
//                     they count when deciding whether an admin is the last
//
// The local cloud holds its data folder alone: stop `npm start` first.
import http from 'http';
import path from 'path';
import type { RoleEntry } from '../miniprogram/contract/index';
import { AppError } from '../server/errors';
import { grantAdmin, listRoles, revokeAdmin } from '../server/roles';
import { startLocalCloud } from './local-cloud/index';
import { createCollections } from '../server/collections';

const ROOT = path.join(__dirname, '..');
const DEFAULT_DATA = path.join(ROOT, '.localcloud', 'data');

const USAGE = `用法 usage:
  npm run admin -- add <openid>      设为管理员（成员不存在时创建）
  npm run admin -- remove <openid>   取消管理员（不会移除最后一名管理员）
  npm run admin -- list              列出管理员
环境变量：LOCAL_CLOUD_DATA（默认 .localcloud/data）、ADMIN_OPENIDS（默认 admin，与 npm start 一致）`;

function label(e: RoleEntry): string {
  return `${e.openid}${e.name ? `（${e.name}）` : ''}`;
}

/** Whether a local cloud answers on the port npm start uses. */
function serverRunning(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/health', timeout: 500 }, (res) => {
      res.resume();
      resolve(true);
    });
    req.on('timeout', () => {
      req.destroy();
      resolve(false);
    });
    req.on('error', () => resolve(false));
  });
}

async function run(argv: string[], log: (line: string) => void): Promise<number> {
  const [command, openid, ...rest] = argv;
  const needsId = command === 'add' || command === 'remove';
  if (!command || !['add', 'remove', 'list'].includes(command) || (needsId && !openid) || rest.length > 0) {
    log(USAGE);
    return 2;
  }
  if (command === 'list' && openid) {
    log(USAGE);
    return 2;
  }
  const dataDir = path.resolve(process.env.LOCAL_CLOUD_DATA || DEFAULT_DATA);
  const port = Number(process.env.LOCAL_CLOUD_PORT || 8787);
  if (dataDir === DEFAULT_DATA && (await serverRunning(port))) {
    log(`本地云正在运行（端口 ${port}），它独占数据目录 ${dataDir}。请先停止 npm start，再运行本命令，然后重新启动。`);
    return 1;
  }
  // The same default as npm start gives the local functions.
  process.env.ADMIN_OPENIDS = process.env.ADMIN_OPENIDS ?? 'admin';
  const lc = startLocalCloud({ dataDir, functions: {} });
  try {
    await createCollections();
    const now = Date.now();
    if (command === 'add') {
      const { entry, changed } = await grantAdmin(openid!.trim(), now, { create: true });
      log(`${changed ? '已设为管理员' : '已经是管理员'}：${label(entry)}`);
    } else if (command === 'remove') {
      const { entry, changed } = await revokeAdmin(openid!.trim(), now);
      log(`${changed ? '已取消管理员' : '本来就不是管理员'}：${label(entry)}`);
    } else {
      const { admins } = await listRoles(undefined);
      log(`管理员（${admins.length}）— 数据目录 ${dataDir}`);
      for (const a of admins) {
        const who = [a.name, a.unit].filter(Boolean).join(' · ');
        log(`  ${a.openid}${who ? `  ${who}` : ''}${a.fromEnv ? '  [环境变量 ADMIN_OPENIDS]' : ''}`);
      }
    }
    return 0;
  } catch (err) {
    if (err instanceof AppError) {
      log(`失败：${err.message}（${err.code}）`);
      return 1;
    }
    throw err;
  } finally {
    await lc.close();
  }
}

run(process.argv.slice(2), (line) => console.log(line))
  .then((code) => process.exit(code))
  .catch((err: Error) => {
    console.error(`失败：${err.message}`);
    process.exit(1);
  });

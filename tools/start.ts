// npm start: the local cloud with the real cloud functions (the bundles
// tools/build.ts made, exactly what uploads), seeded with the demo data on
// first start, listening on 127.0.0.1; and the browser preview of the mini
// program (tools/preview) talking to it.
//
//   LOCAL_CLOUD_PORT   port (default 8787)
//   PREVIEW_PORT       port of the browser preview (default 8788)
//   LOCAL_CLOUD_DATA   data folder (default .localcloud/data)
//   ADMIN_OPENIDS      admins of the local functions (default: admin)
//   --reset            start from an empty database (the old data is moved aside)
//   --no-preview       the local cloud only
import fs from 'fs';
import path from 'path';
import { loadBuiltFunctions, startLocalCloud } from './local-cloud/index';
import { seedLocalCloud } from './seed/index';
import { LOCAL_MEMBERS, startPreview, type PreviewServer } from './preview/index';

const ROOT = path.join(__dirname, '..');
const FUNCTIONS = ['content', 'events'];

export { LOCAL_MEMBERS };

async function main(): Promise<void> {
  const port = Number(process.env.LOCAL_CLOUD_PORT || 8787);
  const dataDir = path.resolve(process.env.LOCAL_CLOUD_DATA || path.join(ROOT, '.localcloud', 'data'));
  if (process.argv.includes('--reset') && fs.existsSync(dataDir)) {
    const aside = `${dataDir}.${new Date().toISOString().replace(/[:.]/g, '-')}`;
    fs.renameSync(dataDir, aside);
    console.log(`旧数据已移至 ${aside}`);
  }
  const missing = FUNCTIONS.filter((f) => !fs.existsSync(path.join(ROOT, 'cloudfunctions', f, 'index.js')));
  if (missing.length) {
    throw new Error(`云函数尚未构建：${missing.join(', ')}。请先运行 npm run build。`);
  }
  const firstStart = !fs.existsSync(path.join(dataDir, 'db', 'db.log'));
  const lc = startLocalCloud({
    dataDir,
    functions: loadBuiltFunctions(path.join(ROOT, 'cloudfunctions'), FUNCTIONS),
    functionEnv: { ADMIN_OPENIDS: process.env.ADMIN_OPENIDS || 'admin' },
  });
  if (firstStart) {
    await seedLocalCloud({ log: (line) => console.log(line) });
  }
  let url: string;
  try {
    url = await lc.listen(port);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'EADDRINUSE') throw new Error(`端口 ${port} 已被占用：设置 LOCAL_CLOUD_PORT 换一个端口。`);
    throw err;
  }
  console.log(`本地云已启动 / local cloud listening: ${url}`);
  console.log(`  数据目录 data: ${dataDir}${firstStart ? '（首次启动，已导入示例数据）' : ''}`);
  console.log(
    `  调用云函数 call: POST ${url}/call/<content|events>  body {"action","payload"}  header x-openid: <member>`,
  );
  console.log(`  本地成员 members: ${LOCAL_MEMBERS.map((m) => `${m.openid}（${m.label}）`).join('、')}`);
  let preview: PreviewServer | null = null;
  if (!process.argv.includes('--no-preview')) {
    const previewPort = Number(process.env.PREVIEW_PORT || 8788);
    preview = await startPreview({ cloudUrl: url, port: previewPort, members: LOCAL_MEMBERS });
    console.log(`小程序预览 / preview: ${preview.url}  （在浏览器中打开；修改页面后自动刷新）`);
  }
  const stop = () => {
    void Promise.all([preview ? preview.close() : undefined, lc.close()]).then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: Error) => {
  console.error(`启动失败：${err.message}`);
  process.exit(1);
});

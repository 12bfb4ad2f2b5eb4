// The browser preview's dev server (127.0.0.1): builds the mini program
// (compile.ts), serves it in a phone frame, rebuilds when a file changes and
// tells open browsers to reload (server-sent events). The pages talk to the
// local cloud at `cloudUrl` through the typed client's HTTP transport.
//
//   const preview = await startPreview({ cloudUrl, port: 8788 });
//   preview.url  // http://127.0.0.1:8788
//   await preview.close();
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { buildPreview, type BuildOutput } from './compile';
import { LOCAL_MEMBERS, type LocalMember } from './members';
import { readAppConfig } from './project';

export { LOCAL_MEMBERS, type LocalMember } from './members';

export interface PreviewOptions {
  /** The mini program root (default: <repo>/miniprogram). */
  root?: string;
  /** 0 picks a free port. Default 8788. */
  port?: number;
  host?: string;
  /** The local cloud's HTTP endpoint the pages call. */
  cloudUrl: string;
  members?: LocalMember[];
  /** Rebuild on change and reload open pages (default true). */
  watch?: boolean;
  log?: (line: string) => void;
}

export interface PreviewServer {
  url: string;
  /** The latest build. */
  build(): BuildOutput;
  rebuild(): Promise<BuildOutput>;
  close(): Promise<void>;
}

const ASSET_TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.mp4': 'video/mp4',
  '.mp3': 'audio/mpeg',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.json': 'application/json; charset=utf-8',
};

function escapeHtml(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );
}

function formatTimings(t: Record<string, number>): string {
  return Object.entries(t)
    .map(([k, v]) => `${k} ${v}ms`)
    .join(', ');
}

export async function startPreview(options: PreviewOptions): Promise<PreviewServer> {
  const root = path.resolve(options.root || path.join(__dirname, '..', '..', 'miniprogram'));
  const host = options.host || '127.0.0.1';
  const log = options.log || ((line: string) => console.log(line));
  const members = options.members || LOCAL_MEMBERS;
  const watch = options.watch !== false;
  const clients = new Set<http.ServerResponse>();
  let version = 0;
  let appName = '小程序';

  const doBuild = async (): Promise<BuildOutput> => {
    const started = Date.now();
    const out = await buildPreview(root);
    version++;
    try {
      appName = readAppConfig(root).window.navigationBarTitleText || appName;
    } catch {
      // app.json problems are in out.problems
    }
    const took = Date.now() - started;
    if (out.ok)
      log(
        `预览已编译 preview built: ${out.pages} 个页面、${out.components} 个组件，${took} ms（${formatTimings(out.timings)}）`,
      );
    else log(`预览编译失败 preview build failed (${took} ms):`);
    for (const p of out.problems) log(`  ${p.file}: ${p.message.split('\n')[0]}`);
    return out;
  };

  let current = await doBuild();
  let building: Promise<BuildOutput> | null = null;
  let dirty = false;

  const broadcast = (event: string, data: string) => {
    for (const res of clients) res.write(`event: ${event}\ndata: ${data}\n\n`);
  };

  const rebuild = async (): Promise<BuildOutput> => {
    if (building) {
      dirty = true;
      return building;
    }
    building = (async () => {
      let out: BuildOutput;
      do {
        dirty = false;
        out = await doBuild();
      } while (dirty);
      current = out;
      if (out.ok) broadcast('reload', String(version));
      else broadcast('problems', JSON.stringify(out.problems));
      return out;
    })();
    try {
      return await building;
    } finally {
      building = null;
    }
  };

  const env = (eventsUrl: string) => ({ cloudUrl: options.cloudUrl, members, eventsUrl });

  const page = (): string => {
    const envJson = JSON.stringify(env(watch ? '/__preview/events' : '')).replace(/</g, '\\u003c');
    if (!current.ok) {
      const items = current.problems
        .map((p) => `<li><b>${escapeHtml(p.file)}</b><pre>${escapeHtml(p.message)}</pre></li>`)
        .join('');
      return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>编译失败 · ${escapeHtml(appName)}</title>
<style>body{font-family:system-ui,'Noto Sans CJK SC',sans-serif;margin:24px;color:#1f2329}h1{color:#cf1322;font-size:20px}li{margin:12px 0}pre{white-space:pre-wrap;background:#fff1f0;padding:8px;border-radius:6px}</style></head>
<body><h1 id="mp-build-failed">小程序编译失败</h1><p>改好后页面会自动刷新。</p><ul>${items}</ul>
<script>(function(){var env=${envJson};if(env.eventsUrl&&window.EventSource){new EventSource(env.eventsUrl).addEventListener('reload',function(){location.reload()})}})()</script></body></html>`;
    }
    const v = version;
    return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1,maximum-scale=1,user-scalable=no">
<title>${escapeHtml(appName)} · 小程序预览</title>
<link rel="stylesheet" href="/__preview/app.css?v=${v}">
<script>window.__PREVIEW_ENV__ = ${envJson};</script>
<script defer src="/__preview/gwx.js?v=${v}"></script>
<script defer src="/__preview/manifest.js?v=${v}"></script>
<script defer src="/__preview/bundle.js?v=${v}"></script>
</head>
<body></body>
</html>
`;
  };

  const send = (res: http.ServerResponse, status: number, type: string, body: Buffer | string) => {
    const buf = Buffer.isBuffer(body) ? body : Buffer.from(body);
    res.writeHead(status, { 'content-type': type, 'content-length': buf.length, 'cache-control': 'no-store' });
    res.end(buf);
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url || '/', 'http://preview');
    const p = decodeURIComponent(url.pathname);
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain', 'method not allowed');
    if (p === '/' || p === '/index.html') return send(res, 200, 'text/html; charset=utf-8', page());
    if (p === '/__preview/events') {
      res.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-store',
        connection: 'keep-alive',
      });
      res.write(': connected\n\n');
      clients.add(res);
      req.on('close', () => clients.delete(res));
      return undefined;
    }
    if (p.startsWith('/__preview/')) {
      const file = current.files.get(p.slice('/__preview/'.length));
      if (!file) return send(res, 404, 'text/plain', 'not found');
      return send(res, 200, file.type, file.body);
    }
    if (p.startsWith('/mp/')) {
      const abs = path.resolve(root, `.${p.slice(3)}`);
      const type = ASSET_TYPES[path.extname(abs).toLowerCase()];
      if (!abs.startsWith(root + path.sep) || !type || !fs.existsSync(abs) || !fs.statSync(abs).isFile()) {
        return send(res, 404, 'text/plain', 'not found');
      }
      return send(res, 200, type, fs.readFileSync(abs));
    }
    if (p === '/favicon.ico') {
      res.writeHead(204);
      return res.end();
    }
    return send(res, 404, 'text/plain', 'not found');
  });

  const watchers: fs.FSWatcher[] = [];
  if (watch) {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const onChange = (_event: string, filename: string | Buffer | null) => {
      const name = filename ? filename.toString() : '';
      if (/(^|[\\/])(\.git|node_modules)([\\/]|$)|~$|\.swp$|\.tmp$/.test(name)) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = null;
        log(`文件已修改 changed: ${name || '(unknown)'}，重新编译…`);
        void rebuild();
      }, 200);
    };
    for (const dir of [root, path.join(__dirname, 'runtime')]) {
      try {
        watchers.push(fs.watch(dir, { recursive: true }, onChange));
      } catch (err) {
        log(`无法监听 ${dir}：${(err as Error).message}（修改后请手动刷新）`);
      }
    }
  }

  const port = options.port ?? 8788;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE') reject(new Error(`端口 ${port} 已被占用：设置 PREVIEW_PORT 换一个端口。`));
      else reject(err);
    });
    server.listen(port, host, () => resolve());
  });
  const addr = server.address() as AddressInfo;
  const url = `http://${host}:${addr.port}`;

  return {
    url,
    build: () => current,
    rebuild,
    close: async () => {
      for (const w of watchers) w.close();
      for (const c of clients) c.end();
      clients.clear();
      // An open browser's keep-alive sockets would hold close() until they time out.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}

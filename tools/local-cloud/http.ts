// The local cloud's HTTP endpoint, loopback only. It lets any caller pick
// the member it acts as (header x-openid): a development tool, never exposed.
//
//   POST /call/<fn>              body {action, payload}  → the function's answer
//   POST /timer/<fn>/<trigger>   run a timer trigger now
//   POST /upload?cloudPath=…     raw body → {fileID} (the preview's wx.cloud.uploadFile)
//   GET  /files/<cloudPath>      a stored file (temp URLs point here)
//   GET  /health
import http from 'http';
import type { AddressInfo } from 'net';
import { ERROR_MESSAGES, type ErrEnvelope, type ErrorCode } from '../../miniprogram/contract/index';
import type { LocalCloud } from './index';

export interface HttpServer {
  url: string;
  close(): Promise<void>;
}

const MAX_BODY = 20 * 1024 * 1024;
const LISTEN_BACKLOG = 4096;

/**
 * Deepest nesting of arrays and objects a call body may have. No payload of
 * ours goes past 5; the bound keeps a hostile body from reaching the
 * functions' recursive code (JSON copies, schema checks).
 */
export const MAX_BODY_DEPTH = 64;

class BodyTooLarge extends Error {}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new BodyTooLarge(`body over ${MAX_BODY} bytes`));
        // Stop buffering, but let the answer go out before the socket closes.
        req.removeAllListeners('data');
        req.resume();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: http.ServerResponse, status: number, body: unknown, type = 'application/json; charset=utf-8'): void {
  const payload = Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body));
  res.writeHead(status, {
    'content-type': type,
    'content-length': payload.length,
    'access-control-allow-origin': '*',
    'access-control-allow-headers': 'content-type, x-openid',
    'access-control-allow-methods': 'GET, POST, OPTIONS',
  });
  res.end(payload);
}

const MIME: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  svg: 'image/svg+xml',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** An error envelope, as the functions answer (miniprogram/contract). */
function envelope(code: ErrorCode, message: string = ERROR_MESSAGES[code]): ErrEnvelope {
  return { ok: false, code, message };
}

/** How deep `text` (JSON) nests arrays and objects, counted without parsing (and without recursion). */
export function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) max = Math.max(max, ++depth);
    else if (c === 0x7d || c === 0x5d) depth--;
  }
  return max;
}

/** A call body: a JSON object of bounded depth, or the error envelope to answer with. */
function parseCallBody(text: string): { data: Record<string, unknown> } | { error: ErrEnvelope } {
  const bad = envelope('VALIDATION', '请求格式无效：需为 JSON 对象 {action, payload}');
  if (jsonDepth(text) > MAX_BODY_DEPTH) return { error: envelope('VALIDATION', '请求内容嵌套层级过深') };
  let data: unknown;
  try {
    data = JSON.parse(text || '{}') as unknown;
  } catch {
    return { error: bad };
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) return { error: bad };
  return { data: data as Record<string, unknown> };
}

export function serveHttp(lc: LocalCloud, port: number, host: string): Promise<HttpServer> {
  const server = http.createServer((req, res) => {
    void handle(lc, req, res).catch((err: Error) => {
      if (err instanceof BodyTooLarge) return send(res, 413, envelope('VALIDATION', '请求内容过大'));
      // Our own failure, still answered as an envelope.
      console.error('local cloud http', err);
      send(res, 500, envelope('INTERNAL'));
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    // A crowd connects at once: Node's default backlog (511) drops the rest of the SYNs, and clients wait seconds to retry.
    server.listen({ port, host, backlog: LISTEN_BACKLOG }, () => {
      const addr = server.address() as AddressInfo;
      resolve({
        url: `http://${host}:${addr.port}`,
        close: () => new Promise<void>((r) => server.close(() => r())),
      });
    });
  });
}

async function handle(lc: LocalCloud, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const url = new URL(req.url || '/', 'http://local');
  const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  if (req.method === 'OPTIONS') return send(res, 204, Buffer.alloc(0));
  if (req.method === 'GET' && parts[0] === 'health') {
    return send(res, 200, { ok: true, env: lc.envId, functions: lc.functionNames() });
  }
  if (req.method === 'GET' && parts[0] === 'files') {
    const cloudPath = parts.slice(1).join('/');
    const fileID = lc.storage.fileId(cloudPath);
    if (!lc.storage.exists(fileID)) return send(res, 404, { errMsg: `no such file: ${cloudPath}` });
    const ext = (cloudPath.split('.').pop() || '').toLowerCase();
    return send(res, 200, lc.storage.read(fileID), MIME[ext] || 'application/octet-stream');
  }
  if (req.method === 'POST' && parts[0] === 'call' && parts.length === 2) {
    const body = parseCallBody((await readBody(req)).toString('utf8'));
    if ('error' in body) return send(res, 400, body.error);
    const openid = req.headers['x-openid'];
    const caller = typeof openid === 'string' && openid ? { openid } : {};
    if (!lc.functionNames().includes(parts[1]!)) {
      return send(res, 404, envelope('UNKNOWN_ACTION', `没有名为 ${parts[1]} 的云函数`));
    }
    return send(res, 200, await lc.call(parts[1]!, body.data, caller));
  }
  if (req.method === 'POST' && parts[0] === 'timer' && parts.length === 3) {
    return send(res, 200, await lc.runTimer(parts[1]!, parts[2]!));
  }
  if (req.method === 'POST' && parts[0] === 'upload') {
    const cloudPath = url.searchParams.get('cloudPath') || '';
    if (!cloudPath) return send(res, 400, { errMsg: 'cloudPath is required' });
    const fileID = lc.storage.put(cloudPath, await readBody(req));
    return send(res, 200, { fileID, errMsg: 'uploadFile:ok' });
  }
  return send(res, 404, { errMsg: `no route ${req.method} ${url.pathname}` });
}

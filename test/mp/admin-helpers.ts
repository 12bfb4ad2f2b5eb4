// Photo uploads in page tests, through the console's real local-mode
// transport (miniprogram/admin/services/storage.ts): the page reads the
// chosen photo with wx.getFileSystemManager().readFile and POSTs its bytes
// with wx.request to the local cloud's HTTP endpoint /upload?cloudPath=…,
// which stores them in the test cloud's storage. These are the two wx APIs
// the shared setup does not fake; here they are real enough to do that
// over loopback HTTP, and can be told to fail.
import http from 'http';
import { LOCAL_CLOUD_KEY } from '../../miniprogram/services/env';
import type { TestCloud } from '../helpers/cloud';

/** A 1×1 PNG: what the "camera" returns. */
export const PNG_1X1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

export interface PhotoUploads {
  /** The local cloud's base URL the page uploads to. */
  baseUrl: string;
  /** Photos "on the phone", by temp path. */
  photos: Map<string, Buffer>;
  /** How many of the next uploads fail as a dropped connection would. */
  failNext: number;
  /** Uploads that reached the local cloud, by cloud path. */
  uploaded: string[];
  /** Points the page's storage service at the local cloud (wx storage is reset per test). */
  useLocalMode(): void;
}

interface RequestOpts {
  url: string;
  method?: string;
  data?: unknown;
  header?: Record<string, string>;
  success?: (res: { statusCode: number; data: unknown; header: Record<string, unknown> }) => void;
  fail?: (res: { errMsg: string }) => void;
}

interface ReadFileOpts {
  filePath: string;
  success?: (res: { data: ArrayBuffer; errMsg: string }) => void;
  fail?: (res: { errMsg: string }) => void;
}

function toArrayBuffer(buf: Buffer): ArrayBuffer {
  const out = new ArrayBuffer(buf.length);
  new Uint8Array(out).set(buf);
  return out;
}

export async function installPhotoUploads(tc: TestCloud): Promise<PhotoUploads> {
  const baseUrl = await tc.lc.listen(0);
  const state: PhotoUploads = {
    baseUrl,
    photos: new Map(),
    failNext: 0,
    uploaded: [],
    useLocalMode() {
      wx.setStorageSync(LOCAL_CLOUD_KEY, baseUrl);
    },
  };
  const fsm = {
    readFile(opts: ReadFileOpts) {
      const bytes = state.photos.get(opts.filePath);
      setTimeout(() => {
        if (bytes) opts.success?.({ data: toArrayBuffer(bytes), errMsg: 'readFile:ok' });
        else opts.fail?.({ errMsg: `readFile:fail no such file ${opts.filePath}` });
      }, 0);
    },
  };
  const request = (opts: RequestOpts) => {
    if (state.failNext > 0) {
      state.failNext -= 1;
      setTimeout(() => opts.fail?.({ errMsg: 'request:fail timeout' }), 0);
      return;
    }
    const url = new URL(opts.url);
    const body =
      opts.data instanceof ArrayBuffer
        ? Buffer.from(new Uint8Array(opts.data))
        : Buffer.from(JSON.stringify(opts.data ?? {}));
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: `${url.pathname}${url.search}`,
        method: opts.method || 'GET',
        headers: opts.header,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let data: unknown = text;
          try {
            data = JSON.parse(text);
          } catch {
            // Not JSON: handed over as text, like wx.request.
          }
          if (url.pathname === '/upload') state.uploaded.push(url.searchParams.get('cloudPath') || '');
          opts.success?.({ statusCode: res.statusCode || 0, data, header: res.headers });
        });
      },
    );
    req.on('error', (err) => opts.fail?.({ errMsg: `request:fail ${err.message}` }));
    req.end(body);
  };
  Object.assign(wx, { getFileSystemManager: () => fsm, request });
  return state;
}

// ---------------------------------------------------------------------------
// Rendering several different pages in one test file.
//
// miniprogram-simulate runs a component's JS with `require(file)` and then
// `delete require.cache[...]` so that the next load runs it again and
// registers it under the new load's id. Under jest that delete does nothing
// (jest keeps its own module registry): a component already run by an
// earlier load in the same file (state-view, van-button, …) is not
// registered for a later page, and renders as nothing there. Here each
// component's Component() options are remembered per file and registered
// again when its module comes from the cache. Only this file's importers
// are affected (each test file has its own module registry).
//
// One limit remains (j-component keeps one global path → id map for
// relations): after page B loads a component with relations (van-tabs /
// van-tab), rendering page A loaded BEFORE it breaks that relation. A test
// file renders pages in the order they were first loaded.

type ComponentOptions = Record<string, unknown>;
interface SimulateUtils {
  runJs: (file: string) => unknown;
}

function copyOptions(options: ComponentOptions): ComponentOptions {
  // simulate rewrites `relations` keys into ids in place: keep the written form.
  const relations = options.relations as Record<string, object> | undefined;
  if (!relations) return { ...options };
  return { ...options, relations: Object.fromEntries(Object.entries(relations).map(([k, v]) => [k, { ...v }])) };
}

function reRegisterCachedComponents(): void {
  const g = globalThis as unknown as { Component: (options: ComponentOptions) => unknown; __reRegister?: boolean };
  if (g.__reRegister) return;
  g.__reRegister = true;
  const utils = require('miniprogram-simulate/src/utils') as SimulateUtils;
  const simulateComponent = g.Component;
  const defs = new Map<string, ComponentOptions>();
  let running: string | null = null;
  let registered = false;
  g.Component = (options: ComponentOptions) => {
    if (running) {
      defs.set(running, copyOptions(options));
      registered = true;
    }
    return simulateComponent(options);
  };
  const runJs = utils.runJs;
  utils.runJs = (file: string) => {
    running = file;
    registered = false;
    try {
      return runJs(file);
    } finally {
      running = null;
      const def = defs.get(file);
      if (!registered && def) simulateComponent(copyOptions(def));
    }
  };
}

reRegisterCachedComponents();

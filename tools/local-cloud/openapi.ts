// cloud.openapi, cloud storage and getOpenData answered locally and
// recorded, so tests can assert on what a function sent. Anything we do not
// answer fails loudly, naming the API.
import crypto from 'crypto';
import fs from 'fs';
import path from 'path';
import { pngFile } from '../png';

/** msgSecCheck answers "risky" for text containing any of these. */
export const LOCAL_BANNED_WORDS = ['违禁词', '赌博', '色情', '代开发票'];

export interface SubscribeMessageRecord {
  touser: string;
  templateId: string;
  page?: string;
  data: Record<string, { value: string }>;
  at: number;
}
export interface SecCheckRecord {
  content: string;
  openid?: string;
  suggest: 'pass' | 'risky';
}
export interface WxacodeRecord {
  scene: string;
  page?: string;
  bytes: number;
}
export interface OpenDataRecord {
  cloudID: string;
  openGId: string;
}

export interface Records {
  subscribeMessages: SubscribeMessageRecord[];
  secChecks: SecCheckRecord[];
  wxacodes: WxacodeRecord[];
  openData: OpenDataRecord[];
  uploads: string[];
  deletes: string[];
}

export function newRecords(): Records {
  return { subscribeMessages: [], secChecks: [], wxacodes: [], openData: [], uploads: [], deletes: [] };
}

/** An error shaped like the SDK's (errCode + errMsg). */
export class OpenApiError extends Error {
  constructor(
    readonly errCode: number,
    readonly errMsg: string,
  ) {
    super(errMsg);
  }
}

function notImplemented(name: string): never {
  throw new Error(`local cloud: ${name} is not implemented`);
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

export function createOpenApi(records: Records): Record<string, unknown> {
  const apis: Record<string, Record<string, (p: Record<string, unknown>) => Promise<unknown>>> = {
    subscribeMessage: {
      async send(p) {
        const touser = str(p.touser);
        const templateId = str(p.templateId ?? p.template_id);
        if (!touser || !templateId) {
          throw new OpenApiError(40003, 'openapi.subscribeMessage.send:fail invalid openid or template id');
        }
        records.subscribeMessages.push({
          touser,
          templateId,
          page: str(p.page) || undefined,
          data: (p.data as Record<string, { value: string }>) || {},
          at: Date.now(),
        });
        return { errCode: 0, errMsg: 'openapi.subscribeMessage.send:ok' };
      },
    },
    security: {
      async msgSecCheck(p) {
        const content = str(p.content);
        const risky = LOCAL_BANNED_WORDS.some((w) => content.includes(w));
        const suggest = risky ? 'risky' : 'pass';
        records.secChecks.push({ content, openid: str(p.openid) || undefined, suggest });
        return {
          errCode: 0,
          errMsg: 'openapi.security.msgSecCheck:ok',
          result: { suggest, label: risky ? 20006 : 100 },
        };
      },
    },
    wxacode: {
      async getUnlimited(p) {
        const scene = str(p.scene);
        // WeChat: at most 32 visible characters from a limited set.
        if (!scene || scene.length > 32 || !/^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]+$/.test(scene)) {
          throw new OpenApiError(40169, 'openapi.wxacode.getUnlimited:fail invalid length for scene');
        }
        const buffer = fakeQrPng(scene);
        records.wxacodes.push({ scene, page: str(p.page) || undefined, bytes: buffer.length });
        return { errCode: 0, errMsg: 'openapi.wxacode.getUnlimited:ok', contentType: 'image/png', buffer };
      },
    },
  };
  return new Proxy(apis, {
    get(target, ns: string | symbol) {
      if (typeof ns !== 'string') return undefined;
      const group = target[ns];
      return new Proxy(group || {}, {
        get(g, name: string | symbol) {
          if (typeof name !== 'string') return undefined;
          const fn = g[name];
          if (fn) return fn;
          return () => notImplemented(`cloud.openapi.${ns}.${name}`);
        },
      });
    },
  });
}

/** A deterministic PNG (a pattern derived from the scene): enough to store, serve and draw. */
export function fakeQrPng(scene: string, size = 64): Buffer {
  const seed = crypto.createHash('sha256').update(scene).digest();
  const cells = 16;
  const scale = size / cells;
  const raw = Buffer.alloc((size + 1) * size);
  for (let y = 0; y < size; y++) {
    raw[y * (size + 1)] = 0; // filter: none
    for (let x = 0; x < size; x++) {
      const cx = Math.floor(x / scale);
      const cy = Math.floor(y / scale);
      const bit = cy * cells + cx;
      const on = (seed[bit % seed.length]! >> (bit % 8)) & 1;
      raw[y * (size + 1) + 1 + x] = on ? 0 : 255;
    }
  }
  return pngFile({ width: size, height: size, colorType: 0, rows: raw });
}

/** Cloud storage on disk under <dataDir>/storage; fileIDs look like the cloud's. */
export class LocalStorage {
  constructor(
    private readonly root: string,
    private readonly envId: string,
    private readonly records: Records,
    private readonly baseUrl: () => string,
  ) {}

  fileId(cloudPath: string): string {
    return `cloud://${this.envId}.local/${cloudPath}`;
  }

  /** cloud path from a fileID, or null when it is not one of ours. */
  cloudPath(fileID: string): string | null {
    const prefix = `cloud://${this.envId}.local/`;
    if (!fileID.startsWith(prefix)) return null;
    const rel = fileID.slice(prefix.length);
    return safeRelative(rel);
  }

  filePath(cloudPath: string): string {
    const rel = safeRelative(cloudPath);
    if (!rel) throw new OpenApiError(-503004, `invalid cloudPath ${cloudPath}`);
    return path.join(this.root, rel);
  }

  put(cloudPath: string, content: Buffer): string {
    const file = this.filePath(cloudPath);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
    const id = this.fileId(cloudPath);
    this.records.uploads.push(id);
    return id;
  }

  read(fileID: string): Buffer {
    const rel = this.cloudPath(fileID);
    if (!rel || !fs.existsSync(this.filePath(rel))) {
      throw new OpenApiError(-503003, `storage file does not exist: ${fileID}`);
    }
    return fs.readFileSync(this.filePath(rel));
  }

  exists(fileID: string): boolean {
    const rel = this.cloudPath(fileID);
    return !!rel && fs.existsSync(this.filePath(rel));
  }

  url(fileID: string): string {
    const rel = this.cloudPath(fileID);
    if (!rel) throw new OpenApiError(-503003, `not a file of this environment: ${fileID}`);
    return `${this.baseUrl()}/files/${rel.split('/').map(encodeURIComponent).join('/')}`;
  }

  /** The SDK-facing functions (cloud.uploadFile etc.). */
  api() {
    return {
      uploadFile: async (p: { cloudPath?: unknown; fileContent?: unknown }) => {
        const cloudPath = str(p.cloudPath);
        if (!cloudPath) throw new OpenApiError(-501007, 'uploadFile:fail cloudPath is required');
        const content = Buffer.isBuffer(p.fileContent)
          ? p.fileContent
          : typeof p.fileContent === 'string'
            ? Buffer.from(p.fileContent)
            : null;
        if (!content) throw new OpenApiError(-501007, 'uploadFile:fail fileContent must be a Buffer');
        return { fileID: this.put(cloudPath, content), statusCode: 200, errMsg: 'uploadFile:ok' };
      },
      getTempFileURL: async (p: { fileList?: unknown }) => {
        const list = Array.isArray(p.fileList) ? p.fileList : [];
        return {
          errMsg: 'getTempFileURL:ok',
          fileList: list.map((item: unknown) => {
            const fileID = typeof item === 'string' ? item : str((item as { fileID?: unknown }).fileID);
            if (!this.exists(fileID)) return { fileID, tempFileURL: '', status: -503003, errMsg: 'file not exist' };
            return { fileID, tempFileURL: this.url(fileID), status: 0, errMsg: 'ok' };
          }),
        };
      },
      deleteFile: async (p: { fileList?: unknown }) => {
        const list = Array.isArray(p.fileList) ? (p.fileList as unknown[]).map(str) : [];
        return {
          errMsg: 'deleteFile:ok',
          fileList: list.map((fileID) => {
            if (!this.exists(fileID)) return { fileID, status: -503003, errMsg: 'file not exist' };
            fs.unlinkSync(this.filePath(this.cloudPath(fileID)!));
            this.records.deletes.push(fileID);
            return { fileID, status: 0, errMsg: 'ok' };
          }),
        };
      },
      downloadFile: async (p: { fileID?: unknown }) => {
        return { fileContent: this.read(str(p.fileID)), statusCode: 200, errMsg: 'downloadFile:ok' };
      },
    };
  }
}

function safeRelative(p: string): string | null {
  const norm = path.posix.normalize(p.replace(/^\/+/, ''));
  if (!norm || norm.startsWith('..') || norm.includes('\0')) return null;
  return norm;
}

/**
 * getOpenData: a cloudID the local preview made for a group (`localgroup:<name>`)
 * resolves to a stable openGId; anything else is rejected like an expired id.
 */
export function createGetOpenData(records: Records) {
  return async (p: { list?: unknown }) => {
    const list = Array.isArray(p.list) ? (p.list as unknown[]).map(str) : [];
    return {
      errMsg: 'getOpenData:ok',
      list: list.map((cloudID) => {
        const m = /^localgroup:(.+)$/.exec(cloudID);
        if (!m) return { cloudID, errCode: -601006, errMsg: 'cloudID invalid or expired' };
        const openGId = 'G' + crypto.createHash('sha1').update(m[1]!).digest('hex').slice(0, 27);
        records.openData.push({ cloudID, openGId });
        return { cloudID, json: { cloudID, data: { openGId } } };
      }),
    };
  };
}

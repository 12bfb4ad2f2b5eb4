// wx network (fetch) and wx.cloud on the local cloud's HTTP endpoint.
import { previewEnv } from '../env';
import { currentOpenid } from '../frame';
import { resolveSrc } from '../builtins';
import { addTempFile } from '../files';
import { tempBlob } from './media';
import { ApiFail, api, str, type Callbacks, type Obj, type WxApis } from './api';

// ---- the local cloud ----
function cloudBase(): string {
  const base = previewEnv().cloudUrl;
  if (!base) throw new ApiFail('本地云地址未配置（npm start 会设置）');
  return base;
}

async function callCloudFunction(name: string, data: unknown): Promise<unknown> {
  const res = await fetch(`${cloudBase()}/call/${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-openid': currentOpenid() },
    body: JSON.stringify(data ?? {}),
  });
  const body = (await res.json()) as unknown;
  if (!res.ok) throw new ApiFail(`${res.status} ${JSON.stringify(body)}`);
  return body;
}

function fileIdToUrl(fileID: string): string {
  return resolveSrc(fileID, '/');
}

function request(o: Obj & Callbacks): Obj {
  const controller = new AbortController();
  void api<Obj>('request', async (opt) => {
    const method = str(opt.method, 'GET').toUpperCase();
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries((opt.header || {}) as Obj)) headers[k.toLowerCase()] = str(v);
    let url = str(opt.url);
    let body: BodyInit | undefined;
    const data = opt.data;
    if (method === 'GET' || method === 'HEAD') {
      if (data && typeof data === 'object') {
        const qs = new URLSearchParams(Object.entries(data as Obj).map(([k, v]) => [k, str(v)])).toString();
        if (qs) url += (url.includes('?') ? '&' : '?') + qs;
      }
    } else if (data !== undefined) {
      const type = headers['content-type'] || 'application/json';
      headers['content-type'] = type;
      if (typeof data === 'string') body = data;
      else if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) body = data as BodyInit;
      else if (type.includes('x-www-form-urlencoded'))
        body = new URLSearchParams(Object.entries(data as Obj).map(([k, v]) => [k, str(v)])).toString();
      else body = JSON.stringify(data);
    }
    const timeout = setTimeout(() => controller.abort(), Number(opt.timeout) || 60000);
    let res: Response;
    try {
      res = await fetch(url, { method, headers, body, signal: controller.signal });
    } catch (err) {
      throw new ApiFail(controller.signal.aborted ? 'abort' : (err as Error).message);
    } finally {
      clearTimeout(timeout);
    }
    const header: Obj = {};
    res.headers.forEach((v, k) => (header[k] = v));
    if (opt.responseType === 'arraybuffer')
      return { data: await res.arrayBuffer(), statusCode: res.status, header, cookies: [] };
    const text = await res.text();
    let parsed: unknown = text;
    if (str(opt.dataType, 'json') === 'json') {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
    }
    return { data: parsed, statusCode: res.status, header, cookies: [] };
  })(o);
  return {
    abort: () => controller.abort(),
    onHeadersReceived() {},
    offHeadersReceived() {},
    onChunkReceived() {},
    offChunkReceived() {},
  };
}

export function networkApis(): WxApis {
  return {
    // network
    request: (o: Obj & Callbacks) => request(o),
    downloadFile: (o: Obj & Callbacks) => {
      void api<Obj>('downloadFile', async (opt) => {
        const res = await fetch(str(opt.url), { headers: (opt.header || {}) as Record<string, string> });
        const blob = await res.blob();
        return { tempFilePath: addTempFile(blob, str(opt.url).split('?')[0] || 'file'), statusCode: res.status };
      })(o);
      return { abort() {}, onProgressUpdate() {}, offProgressUpdate() {} };
    },
    uploadFile: (o: Obj & Callbacks) => {
      void api<Obj>('uploadFile', async (opt) => {
        const form = new FormData();
        for (const [k, v] of Object.entries((opt.formData || {}) as Obj)) form.append(k, str(v));
        form.append(str(opt.name, 'file'), tempBlob(str(opt.filePath)), str(opt.filePath).split('/').pop());
        const res = await fetch(str(opt.url), {
          method: 'POST',
          body: form,
          headers: (opt.header || {}) as Record<string, string>,
        });
        return { data: await res.text(), statusCode: res.status };
      })(o);
      return { abort() {}, onProgressUpdate() {}, offProgressUpdate() {} };
    },
    getNetworkType: api<Obj>('getNetworkType', () => ({ networkType: navigator.onLine ? 'wifi' : 'none' })),
    onNetworkStatusChange: () => undefined,
    offNetworkStatusChange: () => undefined,

    // cloud: the local cloud's HTTP endpoint
    cloud: {
      init: () => undefined,
      callFunction: api<Obj>('cloud.callFunction', async (o) => ({
        result: await callCloudFunction(str(o.name), o.data),
        requestID: `preview-${Date.now()}`,
      })),
      uploadFile: api<Obj>('cloud.uploadFile', async (o) => {
        const cloudPath = str(o.cloudPath);
        if (!cloudPath) throw new ApiFail('cloudPath is required');
        const res = await fetch(`${cloudBase()}/upload?cloudPath=${encodeURIComponent(cloudPath)}`, {
          method: 'POST',
          body: tempBlob(str(o.filePath)),
        });
        const body = (await res.json()) as Obj;
        if (!res.ok || !body.fileID) throw new ApiFail(str(body.errMsg, `HTTP ${res.status}`));
        return { fileID: str(body.fileID), statusCode: 200 };
      }),
      getTempFileURL: api<Obj>('cloud.getTempFileURL', (o) => ({
        fileList: (Array.isArray(o.fileList) ? o.fileList : []).map((f) => {
          const fileID = typeof f === 'string' ? f : str((f as Obj).fileID);
          return { fileID, tempFileURL: fileIdToUrl(fileID), status: 0, errMsg: 'ok', maxAge: 7200 };
        }),
      })),
      downloadFile: api<Obj>('cloud.downloadFile', async (o) => {
        const res = await fetch(fileIdToUrl(str(o.fileID)));
        if (!res.ok) throw new ApiFail(`HTTP ${res.status}`);
        return { tempFilePath: addTempFile(await res.blob(), str(o.fileID)), statusCode: 200 };
      }),
      deleteFile: api<Obj>('cloud.deleteFile', (o) => ({
        fileList: (Array.isArray(o.fileList) ? o.fileList : []).map((fileID) => ({
          fileID,
          status: -1,
          errMsg: '预览环境不删除文件',
        })),
      })),
      database: () => {
        throw new Error('预览环境不提供 wx.cloud.database()：页面应通过云函数（services/cloud.ts）读写数据');
      },
    },
  };
}

// Cloud storage files for pages: a cloud fileID (`cloud://…`) turned into a
// temporary https URL, for the places that do not take a fileID (the image
// of a share card). Pages call `tempFileURL(...)` and never touch wx.cloud.
//
// Two transports, like services/cloud.ts: wx.cloud.getTempFileURL inside
// WeChat, and in local mode (services/env.ts) the local cloud's file
// endpoint, `${baseUrl}/files/<path>` for `cloud://<env>.local/<path>`.

import { CloudError } from './cloud';
import { localCloudConfig } from './env';

export interface TempFileItem {
  fileID: string;
  /** '' when the file could not be resolved. */
  tempFileURL: string;
  /** 0 for success, as wx.cloud.getTempFileURL reports it. */
  status: number;
}

/** Resolves a batch of fileIDs; rejects only when the request itself failed. */
export type FileTransport = (fileIDs: string[]) => Promise<TempFileItem[]>;

/** WeChat answers at most 50 fileIDs per getTempFileURL call. */
const BATCH = 50;

export function isCloudFileId(src: string | undefined): src is string {
  return typeof src === 'string' && src.startsWith('cloud://');
}

export const wxFileTransport: FileTransport = (fileIDs) =>
  new Promise((resolve, reject) => {
    wx.cloud.getTempFileURL({
      fileList: fileIDs,
      success: (res) =>
        resolve(res.fileList.map((f) => ({ fileID: f.fileID, tempFileURL: f.tempFileURL || '', status: f.status }))),
      fail: reject,
    });
  });

const LOCAL_FILE_ID = /^cloud:\/\/[^/]+\.local\/(.+)$/;

/** Local mode: the local cloud serves `cloud://<env>.local/<path>` at `${baseUrl}/files/<path>`. */
export function localFileTransport(baseUrl: string): FileTransport {
  const base = baseUrl.replace(/\/$/, '');
  return async (fileIDs) =>
    fileIDs.map((fileID) => {
      const m = LOCAL_FILE_ID.exec(fileID);
      const path = m ? (m[1] as string) : '';
      if (!path || path.split('/').some((p) => !p || p === '.' || p === '..')) {
        return { fileID, tempFileURL: '', status: -1 };
      }
      return { fileID, tempFileURL: `${base}/files/${path.split('/').map(encodeURIComponent).join('/')}`, status: 0 };
    });
}

let transport: FileTransport | null = null;

/** Points the service elsewhere (tests: the local cloud's storage); null restores the default. */
export function setFileTransport(next: FileTransport | null): void {
  transport = next;
}

function currentTransport(): FileTransport {
  if (transport) return transport;
  const local = localCloudConfig();
  return local ? localFileTransport(local.baseUrl) : wxFileTransport;
}

/**
 * Temporary URLs of the given cloud fileIDs, keyed by fileID. Anything that
 * is not a cloud fileID, and any file that could not be resolved, is left
 * out. Throws CloudError NETWORK when the request failed.
 */
export async function tempFileURL(fileIDs: readonly string[]): Promise<Record<string, string>> {
  const ids = [...new Set(fileIDs.filter(isCloudFileId))];
  const out: Record<string, string> = {};
  for (let i = 0; i < ids.length; i += BATCH) {
    let items: TempFileItem[];
    try {
      items = await currentTransport()(ids.slice(i, i + BATCH));
    } catch {
      throw new CloudError('NETWORK');
    }
    for (const item of items) {
      if (item.status === 0 && item.tempFileURL) out[item.fileID] = item.tempFileURL;
    }
  }
  return out;
}

export const files = { tempFileURL, setFileTransport };

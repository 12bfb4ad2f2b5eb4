// Small typed wrappers over the few wx-server-sdk platform calls we use
// (identity, subscribe messages, content check, storage): its bundled types
// are loose (`any`, `void | Promise`), so the rest of the server code sees
// only these. The database is server/data.ts.
import cloud from 'wx-server-sdk';

let initialised = false;

export function initCloud(): void {
  if (initialised) return;
  cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
  initialised = true;
}

export { cloud };

export interface Identity {
  /** Absent for calls without a member (Moments single-page mode, timers). */
  openid: string | undefined;
  appid: string | undefined;
}

export function identity(): Identity {
  const ctx = cloud.getWXContext();
  const openid = typeof ctx.OPENID === 'string' && ctx.OPENID ? ctx.OPENID : undefined;
  const appid = typeof ctx.APPID === 'string' && ctx.APPID ? ctx.APPID : undefined;
  return { openid, appid };
}

/** A subscribe message; never fails the caller's action (the member's sign-up matters more). */
export async function sendSubscribeMessage(msg: {
  touser: string;
  templateId: string;
  page: string;
  data: Record<string, { value: string }>;
}): Promise<boolean> {
  try {
    await cloud.openapi.subscribeMessage.send(msg);
    return true;
  } catch (err) {
    console.warn('subscribeMessage.send failed', (err as Error).message);
    return false;
  }
}

/** true when WeChat's content check passes. */
export async function textIsSafe(content: string, openid: string): Promise<boolean> {
  const res: { errCode?: number; result?: { suggest?: string } } = await cloud.openapi.security.msgSecCheck({
    content,
    version: 2,
    scene: 1,
    openid,
  });
  if (res.result && res.result.suggest) return res.result.suggest === 'pass';
  return res.errCode === 0 || res.errCode === undefined;
}

export async function uploadFile(cloudPath: string, fileContent: Buffer): Promise<string> {
  const res = (await cloud.uploadFile({ cloudPath, fileContent })) as { fileID: string };
  return res.fileID;
}

/** A temporary https URL for a stored file; `maxAgeSeconds` shortens its life (e.g. exports with phone numbers). */
export async function tempFileURL(fileID: string, maxAgeSeconds?: number): Promise<string> {
  const res = (await cloud.getTempFileURL({
    fileList: [maxAgeSeconds ? { fileID, maxAge: maxAgeSeconds } : fileID],
  })) as {
    fileList: Array<{ fileID: string; tempFileURL: string; status: number }>;
  };
  const item = res.fileList[0];
  if (!item || item.status !== 0) throw new Error(`getTempFileURL failed for ${fileID}`);
  return item.tempFileURL;
}

// Cloud storage for the console: photo uploads (`uploadFile(localPath,
// cloudPath, onProgress)` → fileID) and downloads of files the functions
// made (`downloadFile(fileID, url, onProgress)` → a local path, e.g. the
// attendee xlsx). Pages never touch wx.cloud. Lives in the admin subpackage: members never upload,
// so the main package does not carry it.
//
// Two transports, chosen like the cloud client's (app.ts): wx.cloud.uploadFile
// inside WeChat, with its progress; in local mode (storage key `localCloud`)
// the local cloud's `POST /upload?cloudPath=` endpoint, which stores the raw
// request body, so the file is read and sent as bytes with wx.request
// (wx.uploadFile would send multipart). wx.request reports no upload
// progress: local mode reports 0 and then 100. Downloads use
// wx.cloud.downloadFile in WeChat (no downloadFile domain to whitelist for
// cloud storage) and wx.downloadFile of the local cloud's URL locally.
import { ARTICLE_RULES } from '../../contract/index';
import { CloudError } from '../../services/cloud';
import { localCloudConfig } from '../../services/env';

/** Percent 0–100. */
export type ProgressFn = (percent: number) => void;

export const UPLOAD_FAILED = '图片上传失败，请检查网络后重试';

function wxCloudUpload(localPath: string, cloudPath: string, onProgress: ProgressFn): Promise<string> {
  return new Promise((resolve, reject) => {
    const task = wx.cloud.uploadFile({
      cloudPath,
      filePath: localPath,
      success: (res) => resolve(res.fileID),
      fail: (err) => reject(err),
    });
    if (task && typeof task.onProgressUpdate === 'function') {
      task.onProgressUpdate((res) => onProgress(res.progress));
    }
  });
}

function readBytes(localPath: string): Promise<ArrayBuffer> {
  return new Promise((resolve, reject) => {
    wx.getFileSystemManager().readFile({
      filePath: localPath,
      success: (res) => {
        if (typeof res.data === 'string') reject(new Error('readFile returned text'));
        else resolve(res.data);
      },
      fail: (err) => reject(err),
    });
  });
}

async function localHttpUpload(
  baseUrl: string,
  localPath: string,
  cloudPath: string,
  onProgress: ProgressFn,
): Promise<string> {
  onProgress(0);
  const bytes = await readBytes(localPath);
  const fileID = await new Promise<string>((resolve, reject) => {
    wx.request({
      url: `${baseUrl}/upload?cloudPath=${encodeURIComponent(cloudPath)}`,
      method: 'POST',
      data: bytes,
      header: { 'content-type': 'application/octet-stream' },
      success: (res) => {
        const body = res.data as { fileID?: unknown } | null;
        if (res.statusCode === 200 && body && typeof body.fileID === 'string') resolve(body.fileID);
        else reject(new Error(`upload answered ${res.statusCode}`));
      },
      fail: (err) => reject(err),
    });
  });
  onProgress(100);
  return fileID;
}

/** Uploads a local (temp) file; resolves with its cloud fileID, or throws CloudError NETWORK. */
export async function uploadFile(localPath: string, cloudPath: string, onProgress: ProgressFn): Promise<string> {
  const local = localCloudConfig();
  try {
    return local
      ? await localHttpUpload(local.baseUrl, localPath, cloudPath, onProgress)
      : await wxCloudUpload(localPath, cloudPath, onProgress);
  } catch {
    throw new CloudError('NETWORK', UPLOAD_FAILED);
  }
}

export const DOWNLOAD_FAILED = '文件下载失败，可复制链接在电脑上打开';

function downloadWith(
  start: (done: {
    success: (path: string) => void;
    fail: (err: unknown) => void;
  }) => WechatMiniprogram.DownloadTask | void,
  onProgress: ProgressFn,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const task = start({ success: resolve, fail: reject });
    if (task && typeof task.onProgressUpdate === 'function') task.onProgressUpdate((res) => onProgress(res.progress));
  });
}

/** Downloads a cloud file; resolves with a local temp path, or throws CloudError NETWORK. */
export async function downloadFile(fileID: string, url: string, onProgress: ProgressFn): Promise<string> {
  const local = localCloudConfig();
  try {
    return await downloadWith(
      ({ success, fail }) =>
        local
          ? wx.downloadFile({
              url,
              success: (res) => (res.statusCode === 200 ? success(res.tempFilePath) : fail(res)),
              fail,
            })
          : wx.cloud.downloadFile({
              fileID,
              success: (res) => (res.statusCode === 200 ? success(res.tempFilePath) : fail(res)),
              fail,
            }),
      onProgress,
    );
  } catch {
    throw new CloudError('NETWORK', DOWNLOAD_FAILED);
  }
}

/** A fresh cloud path for a photo of a report: articles/YYYYMM/<time>-<random>.<ext>. */
export function photoCloudPath(localPath: string, now: number = Date.now()): string {
  const m = /\.([a-zA-Z0-9]{1,5})$/.exec(localPath);
  const ext = m && m[1] ? m[1].toLowerCase() : 'jpg';
  const d = new Date(now + 8 * 3600 * 1000); // Beijing month
  const month = `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
  const rand = Math.random().toString(36).slice(2, 10);
  return `articles/${month}/${now}-${rand}.${ext}`;
}

/** Where a photo's thumbnail is stored: beside it, `<name>.thumb.jpg`. */
export function thumbCloudPath(photoCloudPath: string): string {
  return `${photoCloudPath.replace(/\.[^./]+$/, '')}.thumb.jpg`;
}

/**
 * A list-size copy of a photo, made on the phone: wx.compressImage scales it
 * to ARTICLE_RULES.thumbWidth px wide (compressedWidth, base library 2.26.0+)
 * at quality 80.
 * https://developers.weixin.qq.com/miniprogram/dev/api/media/image/wx.compressImage.html
 * Resolves null when no small copy came out (an older base library ignores
 * compressedWidth; iOS compresses JPG only): lists then load the photo itself.
 */
export async function makeThumbnail(localPath: string): Promise<string | null> {
  try {
    const { tempFilePath } = await wx.compressImage({
      src: localPath,
      quality: 80,
      compressedWidth: ARTICLE_RULES.thumbWidth,
    });
    const info = await wx.getImageInfo({ src: tempFilePath });
    return tempFilePath && info.width > 0 && info.width <= ARTICLE_RULES.thumbWidth * 1.5 ? tempFilePath : null;
  } catch {
    return null;
  }
}

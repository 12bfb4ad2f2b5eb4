// wx media, files and scanning: a file picker for the camera and album, temp files in memory.
import * as router from '../router';
import { resolveSrc } from '../builtins';
import * as ui from '../ui';
import { addTempFile, extOf, tempFile } from '../files';
import { canvasToTempFile } from '../canvas';
import { requirePrivacy } from './share';
import { ApiFail, api, str, type Obj, type WxApis } from './api';

// ---- temp files (chooseMedia, downloadFile) ----
export function tempBlob(path: string): Blob {
  const f = tempFile(path);
  if (!f) throw new ApiFail(`file not found: ${path}`);
  return f.blob;
}

function pickFiles(accept: string, multiple: boolean, capture: boolean): Promise<File[]> {
  return new Promise((resolve, reject) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = accept;
    input.multiple = multiple;
    if (capture) input.setAttribute('capture', 'environment');
    input.style.display = 'none';
    input.id = 'mp-file-input';
    document.body.appendChild(input);
    input.addEventListener('change', () => {
      const files = Array.from(input.files || []);
      input.remove();
      if (files.length) resolve(files);
      else reject(new ApiFail('cancel'));
    });
    input.addEventListener('cancel', () => {
      input.remove();
      reject(new ApiFail('cancel'));
    });
    input.click();
  });
}

function fileSystemManager(): Obj {
  const read = async (o: Obj): Promise<Obj> => {
    const f = tempFile(str(o.filePath));
    if (!f) throw new ApiFail(`no such file or directory, open ${str(o.filePath)}`);
    if (o.encoding === 'base64') {
      const bytes = new Uint8Array(await f.blob.arrayBuffer());
      let bin = '';
      for (const b of bytes) bin += String.fromCharCode(b);
      return { data: btoa(bin) };
    }
    if (o.encoding) return { data: await f.blob.text() };
    return { data: await f.blob.arrayBuffer() };
  };
  return {
    readFile: api<Obj>('readFile', read),
    writeFile: api<Obj>('writeFile', (o) => {
      const data = o.data instanceof ArrayBuffer ? o.data : str(o.data);
      // Written files become temp files under the path the page chose.
      const path = addTempFile(new Blob([data]), str(o.filePath));
      return { filePath: path };
    }),
    getFileInfo: api<Obj>('getFileInfo', (o) => {
      const f = tempFile(str(o.filePath));
      if (!f) throw new ApiFail('file not exist');
      return { size: f.blob.size, digest: '' };
    }),
    access: api<Obj>('access', (o) => {
      if (!tempFile(str(o.path))) throw new ApiFail(`no such file or directory ${str(o.path)}`);
    }),
    saveFile: api<Obj>('saveFile', (o) => ({ savedFilePath: str(o.tempFilePath) })),
    unlink: api<Obj>('unlink', () => undefined),
  };
}

function download(filePath: string): void {
  const f = tempFile(filePath);
  const a = document.createElement('a');
  a.href = f ? f.url : filePath;
  a.download = f ? f.name.split('/').pop() || 'file' : filePath.split('/').pop() || 'file';
  document.body.appendChild(a);
  a.click();
  a.remove();
}

export function mediaApis(): WxApis {
  return {
    // media, files, scanning
    chooseMedia: api<Obj>('chooseMedia', async (o) => {
      await requirePrivacy();
      const types = Array.isArray(o.mediaType) ? o.mediaType.map((t) => str(t)) : ['image', 'video'];
      const accept =
        [
          types.includes('image') || types.includes('mix') ? 'image/*' : '',
          types.includes('video') || types.includes('mix') ? 'video/*' : '',
        ]
          .filter(Boolean)
          .join(',') || 'image/*,video/*';
      const count = Math.max(1, Number(o.count ?? 9));
      const files = (
        await pickFiles(
          accept,
          count > 1,
          Array.isArray(o.sourceType) && o.sourceType.length === 1 && o.sourceType[0] === 'camera',
        )
      ).slice(0, count);
      const tempList = files.map((f) => ({
        tempFilePath: addTempFile(f, f.name),
        size: f.size,
        fileType: f.type.startsWith('video') ? 'video' : 'image',
        thumbTempFilePath: '',
        duration: 0,
        width: 0,
        height: 0,
      }));
      const kinds = new Set(tempList.map((f) => f.fileType));
      return { tempFiles: tempList, type: kinds.size > 1 ? 'mix' : [...kinds][0] || 'image' };
    }),
    chooseImage: api<Obj>('chooseImage', async (o) => {
      const count = Math.max(1, Number(o.count ?? 9));
      const files = (await pickFiles('image/*', count > 1, false)).slice(0, count);
      const paths = files.map((f) => addTempFile(f, f.name));
      return { tempFilePaths: paths, tempFiles: paths.map((p, i) => ({ path: p, size: files[i]?.size || 0 })) };
    }),
    chooseMessageFile: api<Obj>('chooseMessageFile', async (o) => {
      const count = Math.max(1, Number(o.count ?? 1));
      const files = (await pickFiles('', count > 1, false)).slice(0, count);
      return {
        tempFiles: files.map((f) => ({
          path: addTempFile(f, f.name),
          size: f.size,
          name: f.name,
          type: 'file',
          time: Math.floor(f.lastModified / 1000),
        })),
      };
    }),
    compressImage: api<Obj>('compressImage', (o) => ({ tempFilePath: str(o.src) })),
    getImageInfo: api<Obj>(
      'getImageInfo',
      (o) =>
        new Promise<Obj>((resolve, reject) => {
          const img = new Image();
          const src = str(o.src);
          img.onload = () =>
            resolve({
              width: img.naturalWidth,
              height: img.naturalHeight,
              path: src,
              orientation: 'up',
              type: extOf(src, ''),
            });
          img.onerror = () => reject(new ApiFail('image load failed'));
          img.src = resolveSrc(src, `/${router.top()?.route || ''}`);
        }),
    ),
    canvasToTempFilePath: api<Obj>('canvasToTempFilePath', async (o) => {
      if (!(o.canvas instanceof HTMLCanvasElement)) throw new ApiFail('预览只支持 type="2d" 画布（传 canvas 节点）');
      return { tempFilePath: await canvasToTempFile(o.canvas, o) };
    }),
    getFileSystemManager: () => fileSystemManager(),
    saveImageToPhotosAlbum: api<Obj>('saveImageToPhotosAlbum', (o) => download(str(o.filePath))),
    saveVideoToPhotosAlbum: api<Obj>('saveVideoToPhotosAlbum', (o) => download(str(o.filePath))),
    openDocument: api<Obj>('openDocument', (o) => {
      download(str(o.filePath));
      ui.showToast({ title: '已下载到浏览器', icon: 'none', duration: 1500, mask: false });
    }),
    scanCode: api<Obj>('scanCode', async () => {
      const text = await ui.prompt('扫一扫（预览）', '浏览器预览没有摄像头：请输入二维码中的内容', '二维码内容');
      if (text === null) throw new ApiFail('cancel');
      return {
        result: text,
        scanType: 'QR_CODE',
        charSet: 'UTF-8',
        rawData: btoa(unescape(encodeURIComponent(text))),
        path: '',
      };
    }),
  };
}

// Temp files: what chooseMedia and downloadFile hand to the page. WeChat
// names them like http://tmp/xxx.jpg (pages read the extension from the
// path); here each such path stands for a Blob in this browser tab.

const tempFiles = new Map<string, { blob: Blob; url: string; name: string }>();
let seq = 0;

export function extOf(name: string, type: string): string {
  const m = /\.([A-Za-z0-9]{1,5})$/.exec(name.split('?')[0] || '');
  if (m) return (m[1] || '').toLowerCase();
  const t = type.split('/')[1] || 'bin';
  return t === 'jpeg' ? 'jpg' : t.replace(/[^a-z0-9]/g, '') || 'bin';
}

export function addTempFile(blob: Blob, name: string): string {
  const path = `http://tmp/preview_${Date.now().toString(36)}_${++seq}.${extOf(name, blob.type)}`;
  tempFiles.set(path, { blob, url: URL.createObjectURL(blob), name });
  return path;
}

export function tempFile(path: string): { blob: Blob; url: string; name: string } | undefined {
  return tempFiles.get(path);
}

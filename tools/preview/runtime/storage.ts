// wx storage on the browser's localStorage: persistent per browser profile
// (as WeChat's is per phone), values kept with their JSON type.

const PREFIX = 'mp-storage:';
const LIMIT_KB = 10 * 1024;

function area(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

export function storageGet(key: string): unknown {
  const raw = area()?.getItem(PREFIX + key);
  if (raw === null || raw === undefined) return '';
  try {
    return (JSON.parse(raw) as { v: unknown }).v;
  } catch {
    return '';
  }
}

export function storageHas(key: string): boolean {
  return area()?.getItem(PREFIX + key) != null;
}

export function storageSet(key: string, value: unknown): void {
  const s = area();
  if (!s) throw new Error('setStorage:fail storage unavailable');
  const raw = JSON.stringify({ v: value === undefined ? null : value });
  if (raw.length > 1024 * 1024) throw new Error('setStorage:fail data exceed 1MB');
  s.setItem(PREFIX + key, raw);
}

export function storageRemove(key: string): void {
  area()?.removeItem(PREFIX + key);
}

export function storageKeys(): string[] {
  const s = area();
  if (!s) return [];
  const keys: string[] = [];
  for (let i = 0; i < s.length; i++) {
    const k = s.key(i);
    if (k && k.startsWith(PREFIX)) keys.push(k.slice(PREFIX.length));
  }
  return keys;
}

export function storageClear(): void {
  for (const k of storageKeys()) storageRemove(k);
}

export function storageInfo(): { keys: string[]; currentSize: number; limitSize: number } {
  const s = area();
  let bytes = 0;
  for (const k of storageKeys()) bytes += (s?.getItem(PREFIX + k) || '').length + k.length;
  return { keys: storageKeys(), currentSize: Math.ceil(bytes / 1024), limitSize: LIMIT_KB };
}

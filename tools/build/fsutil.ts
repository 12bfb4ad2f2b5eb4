// Small file helpers. Writes are atomic (temp file + rename) and skipped when
// the content is already there, so a build never disturbs a concurrent test
// run that is reading the same files, and a second build changes nothing.
import fs from 'node:fs';
import path from 'node:path';

export function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

export function isDir(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

let tmpSeq = 0;
function tmpName(dest: string): string {
  tmpSeq += 1;
  return `${dest}.tmp-${process.pid}-${tmpSeq}`;
}

/** Writes `content` to `dest` unless it already holds exactly that. Returns true when written. */
export function writeIfChanged(dest: string, content: string | Uint8Array): boolean {
  const next = typeof content === 'string' ? Buffer.from(content) : Buffer.from(content);
  try {
    const st = fs.lstatSync(dest);
    if (st.isFile() && st.size === next.length && fs.readFileSync(dest).equals(next)) return false;
    if (!st.isFile()) fs.rmSync(dest, { recursive: true, force: true });
  } catch {
    // missing: write it
  }
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  const tmp = tmpName(dest);
  fs.writeFileSync(tmp, next);
  fs.renameSync(tmp, dest);
  return true;
}

export interface SyncStats {
  files: number;
  copied: number;
  removed: number;
  bytes: number;
}

/**
 * Makes `dest` a copy of `src` made of real files (symlinks in `src` are
 * followed; symlinks in `dest` are replaced): WeChat's wcc compiler and
 * DevTools' upload both skip symlinks. Unchanged files are left alone;
 * files that are not in `src` are removed.
 */
export function syncDir(src: string, dest: string, stats: SyncStats = { files: 0, copied: 0, removed: 0, bytes: 0 }) {
  const destStat = lstatOrNull(dest);
  if (destStat && !destStat.isDirectory()) fs.rmSync(dest, { recursive: true, force: true });
  fs.mkdirSync(dest, { recursive: true });

  const wanted = new Set<string>();
  for (const name of fs.readdirSync(src)) {
    const from = path.join(src, name);
    const to = path.join(dest, name);
    const st = fs.statSync(from); // follows symlinks on purpose
    wanted.add(name);
    if (st.isDirectory()) {
      syncDir(from, to, stats);
      continue;
    }
    if (!st.isFile()) continue;
    stats.files += 1;
    stats.bytes += st.size;
    const cur = lstatOrNull(to);
    // Same size and bytes: leave it (mtimes do not survive every copy exactly).
    if (cur && cur.isFile() && cur.size === st.size && fs.readFileSync(to).equals(fs.readFileSync(from))) continue;
    if (cur && !cur.isFile()) fs.rmSync(to, { recursive: true, force: true });
    const tmp = tmpName(to);
    fs.copyFileSync(from, tmp);
    fs.renameSync(tmp, to);
    stats.copied += 1;
  }
  for (const name of fs.readdirSync(dest)) {
    if (wanted.has(name)) continue;
    fs.rmSync(path.join(dest, name), { recursive: true, force: true });
    stats.removed += 1;
  }
  return stats;
}

function lstatOrNull(p: string): fs.Stats | null {
  try {
    return fs.lstatSync(p);
  } catch {
    return null;
  }
}

/** Every file under `dir` (recursively) whose name passes `keep`, skipping `skipDirs` by name. */
export function walkFiles(dir: string, keep: (file: string) => boolean, skipDirs: ReadonlySet<string>): string[] {
  const out: string[] = [];
  const visit = (d: string) => {
    for (const ent of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, ent.name);
      if (ent.isDirectory()) {
        if (!skipDirs.has(ent.name) && !ent.name.startsWith('.')) visit(p);
      } else if (ent.isFile() && keep(p)) {
        out.push(p);
      }
    }
  };
  if (isDir(dir)) visit(dir);
  return out.sort();
}

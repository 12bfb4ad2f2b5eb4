// Durable embedded storage: in-memory collections, an append-only log on
// disk, and a snapshot the log is folded into at start.
//
// Each committed change (one write, or a whole transaction) is ONE log line
// written with writeSync before the caller is answered, so an acknowledged
// write survives `kill -9` (the page cache outlives the process), and a
// transaction is all-or-nothing on disk too: a torn last line is a write
// nobody was told about. Set LOCAL_CLOUD_FSYNC=1 to also survive power loss.
import fs from 'fs';
import path from 'path';
import { EJSON } from 'bson';
import { clone, stringifyCanonical, type Doc } from './ejson';
import { Indexes } from './indexes';

export interface Put {
  c: string;
  id: string | number;
  doc: Doc;
}
export interface Del {
  c: string;
  id: string | number;
  del: true;
}
/** A collection created (db.createCollection), kept even while empty. */
export interface Create {
  c: string;
  create: true;
}
export type Change = Put | Del;

const LOG = 'db.log';
const SNAPSHOT = 'db.snapshot';
/** Fold the log into the snapshot at start when it has more lines than this. */
const COMPACT_AFTER_LINES = 10_000;

/**
 * Only strings, booleans, null, finite numbers (not -0), arrays and plain
 * objects whose keys do not start with `$`: JSON keeps exactly these, where
 * Dates, RegExps, -0, NaN and EJSON-looking keys need canonical EJSON.
 */
function isPlainJson(value: unknown): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value) && !Object.is(value, -0);
    case 'object': {
      if (value === null) return true;
      if (Array.isArray(value)) return value.every(isPlainJson);
      const proto = Object.getPrototypeOf(value) as unknown;
      if (proto !== Object.prototype && proto !== null) return false;
      for (const [k, v] of Object.entries(value)) {
        if (k.startsWith('$') || v === undefined || !isPlainJson(v)) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

export class CorruptDataError extends Error {
  constructor(file: string, detail: string) {
    super(`本地云数据文件已损坏：${file}（${detail}）。未覆盖任何数据；请修复或移走该文件后重启。`);
    this.name = 'CorruptDataError';
  }
}

export class Store {
  readonly dir: string;
  private collections = new Map<string, Map<string | number, Doc>>();
  private fd: number | null = null;
  private readonly fsync: boolean;
  /** Equality indexes over committed state, maintained by every change. */
  readonly indexes = new Indexes();

  constructor(dir: string, options: { fsync?: boolean } = {}) {
    this.dir = dir;
    this.fsync = options.fsync ?? process.env.LOCAL_CLOUD_FSYNC === '1';
  }

  /** Loads snapshot + log. Throws CorruptDataError (and writes nothing) on a damaged file. */
  open(): void {
    fs.mkdirSync(this.dir, { recursive: true });
    const snapshotPath = path.join(this.dir, SNAPSHOT);
    const logPath = path.join(this.dir, LOG);
    if (fs.existsSync(snapshotPath)) this.loadSnapshot(snapshotPath);
    let lines = 0;
    let tornTail: number | null = null;
    if (fs.existsSync(logPath)) ({ lines, tornTail } = this.replayLog(logPath));
    if (tornTail !== null) {
      // The process died inside its last write: that write was never acknowledged.
      fs.truncateSync(logPath, tornTail);
    }
    if (lines > COMPACT_AFTER_LINES) this.compact();
    this.fd = fs.openSync(logPath, 'a');
  }

  close(): void {
    if (this.fd !== null) fs.closeSync(this.fd);
    this.fd = null;
  }

  collection(name: string): Map<string | number, Doc> {
    let c = this.collections.get(name);
    if (!c) {
      c = new Map();
      this.collections.set(name, c);
    }
    return c;
  }

  has(name: string): boolean {
    return this.collections.has(name);
  }

  /** Creates an empty collection, durably. */
  create(name: string): void {
    if (this.collections.has(name)) return;
    this.append(JSON.stringify([{ c: name, create: true }]) + '\n');
    this.collection(name);
  }

  collectionNames(): string[] {
    return [...this.collections.keys()];
  }

  /** Applies changes in memory and appends them as one durable line. */
  commit(changes: Change[]): void {
    if (!changes.length) return;
    const line =
      JSON.stringify(
        changes.map((ch) => {
          if ('del' in ch) return { c: ch.c, id: ch.id, del: true };
          // A document of plain JSON values goes in as it is (`j`): the same
          // values come back, without EJSON's walk and a string escaped twice.
          return isPlainJson(ch.doc)
            ? { c: ch.c, id: ch.id, j: ch.doc }
            : { c: ch.c, id: ch.id, d: stringifyCanonical(ch.doc) };
        }),
      ) + '\n';
    this.append(line);
    for (const ch of changes) this.applyInMemory(ch);
  }

  private append(line: string): void {
    if (this.fd === null) throw new Error('local cloud store is not open');
    fs.writeSync(this.fd, line);
    if (this.fsync) fs.fdatasyncSync(this.fd);
  }

  private applyInMemory(ch: Change): void {
    const c = this.collection(ch.c);
    const before = c.get(ch.id);
    if ('del' in ch) c.delete(ch.id);
    else c.set(ch.id, ch.doc);
    this.indexes.update(ch.c, before, 'del' in ch ? undefined : ch.doc);
  }

  private loadSnapshot(file: string): void {
    let parsed: unknown;
    try {
      parsed = EJSON.parse(fs.readFileSync(file, 'utf8'), { relaxed: true });
    } catch (err) {
      throw new CorruptDataError(file, (err as Error).message);
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new CorruptDataError(file, 'not a snapshot object');
    }
    for (const [name, docs] of Object.entries(parsed as Record<string, unknown>)) {
      if (!Array.isArray(docs)) throw new CorruptDataError(file, `collection ${name} is not a list`);
      const c = this.collection(name);
      for (const d of docs as Doc[]) c.set(d._id, d);
    }
  }

  private replayLog(file: string): { lines: number; tornTail: number | null } {
    const text = fs.readFileSync(file, 'utf8');
    let offset = 0;
    let lineNo = 0;
    while (offset < text.length) {
      const nl = text.indexOf('\n', offset);
      const complete = nl !== -1;
      const raw = text.slice(offset, complete ? nl : text.length);
      lineNo++;
      let entries: unknown;
      try {
        entries = JSON.parse(raw);
      } catch (err) {
        if (!complete) return { lines: lineNo - 1, tornTail: Buffer.byteLength(text.slice(0, offset)) };
        throw new CorruptDataError(file, `第 ${lineNo} 行无法解析：${(err as Error).message}`);
      }
      if (!Array.isArray(entries)) throw new CorruptDataError(file, `第 ${lineNo} 行不是变更列表`);
      for (const e of entries as Array<{
        c?: unknown;
        id?: unknown;
        del?: unknown;
        d?: unknown;
        j?: unknown;
        create?: unknown;
      }>) {
        if (typeof e.c === 'string' && e.create === true) {
          this.collection(e.c);
          continue;
        }
        if (typeof e.c !== 'string' || (typeof e.id !== 'string' && typeof e.id !== 'number')) {
          throw new CorruptDataError(file, `第 ${lineNo} 行缺少集合或 _id`);
        }
        if (e.del === true) this.applyInMemory({ c: e.c, id: e.id, del: true });
        else if (e.j && typeof e.j === 'object' && !Array.isArray(e.j)) {
          this.applyInMemory({ c: e.c, id: e.id, doc: e.j as Doc });
        } else if (typeof e.d === 'string') {
          let doc: Doc;
          try {
            doc = EJSON.parse(e.d, { relaxed: true }) as Doc;
          } catch (err) {
            throw new CorruptDataError(file, `第 ${lineNo} 行文档无法解析：${(err as Error).message}`);
          }
          this.applyInMemory({ c: e.c, id: e.id, doc });
        } else throw new CorruptDataError(file, `第 ${lineNo} 行缺少文档内容`);
      }
      if (!complete) {
        // A whole entry without its newline: keep it, finish the line.
        fs.appendFileSync(file, '\n');
        break;
      }
      offset = nl + 1;
    }
    return { lines: lineNo, tornTail: null };
  }

  /** Writes a new snapshot atomically (tmp + fsync + rename), then empties the log. */
  compact(): void {
    const snapshotPath = path.join(this.dir, SNAPSHOT);
    const tmp = snapshotPath + '.tmp';
    const all: Record<string, Doc[]> = {};
    for (const [name, docs] of this.collections) all[name] = [...docs.values()];
    const fd = fs.openSync(tmp, 'w');
    fs.writeSync(fd, EJSON.stringify(all, { relaxed: false }));
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fs.renameSync(tmp, snapshotPath);
    // Replaying the old log over the new snapshot is harmless (puts and
    // deletes are absolute), so a crash between these two steps loses nothing.
    const wasOpen = this.fd !== null;
    this.close();
    fs.writeFileSync(path.join(this.dir, LOG), '');
    if (wasOpen) this.fd = fs.openSync(path.join(this.dir, LOG), 'a');
  }

  /** A copy of every document of a collection (tests, export, seeding). */
  dump(name: string): Doc[] {
    return [...this.collection(name).values()].map((d) => clone(d));
  }
}

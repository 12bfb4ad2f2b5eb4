// Maps stack frames back to source files, so the error overlay says
// `pages/article/index.ts:42:7`: frames in the runtime bundle through
// bundle.js.map (made by esbuild), frames in a mini program module through
// its inline map when it was transpiled from TypeScript (modules.ts).
import { MODULE_PREFIX, inlineSourceMap } from './modules';

interface SourceMap {
  sources: string[];
  mappings: string;
}

type Segment = [genCol: number, source: number, line: number, col: number];

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_INDEX = new Map([...B64].map((c, i) => [c, i]));

function decodeVlq(s: string): number[] {
  const out: number[] = [];
  let value = 0;
  let shift = 0;
  for (const ch of s) {
    const digit = B64_INDEX.get(ch);
    if (digit === undefined) break;
    value += (digit & 31) << shift;
    if (digit & 32) shift += 5;
    else {
      out.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return out;
}

function decodeMappings(mappings: string): Segment[][] {
  const lines: Segment[][] = [];
  let source = 0;
  let line = 0;
  let col = 0;
  for (const lineText of mappings.split(';')) {
    let genCol = 0;
    const segs: Segment[] = [];
    for (const segText of lineText.split(',')) {
      if (!segText) continue;
      const v = decodeVlq(segText);
      genCol += v[0] ?? 0;
      if (v.length >= 4) {
        source += v[1] ?? 0;
        line += v[2] ?? 0;
        col += v[3] ?? 0;
        segs.push([genCol, source, line, col]);
      }
    }
    lines.push(segs);
  }
  return lines;
}

let loaded: Promise<{ sources: string[]; lines: Segment[][] } | null> | null = null;

function load(): Promise<{ sources: string[]; lines: Segment[][] } | null> {
  if (!loaded) {
    loaded = fetch('/__preview/bundle.js.map')
      .then((r) => (r.ok ? (r.json() as Promise<SourceMap>) : null))
      .then((m) => (m ? { sources: m.sources, lines: decodeMappings(m.mappings) } : null))
      .catch(() => null);
  }
  return loaded;
}

function position(map: { sources: string[]; lines: Segment[][] }, line: number, column: number): string | null {
  const segs = map.lines[line - 1];
  if (!segs || !segs.length) return null;
  const col = column - 1;
  let hit: Segment | undefined;
  for (const s of segs) {
    if (s[0] <= col) hit = s;
    else break;
  }
  if (!hit) return null;
  const file = (map.sources[hit[1]] || '').replace(/^(\.\.\/)+/, '');
  return `${file}:${hit[2] + 1}:${hit[3] + 1}`;
}

/** A frame in a module: its .ts position when the module has a map, else the package file's. */
function modulePosition(file: string, line: number, column: number): string {
  const text = inlineSourceMap(file);
  if (text) {
    try {
      const m = JSON.parse(text) as SourceMap;
      const col = line === 1 ? column - MODULE_PREFIX.length : column;
      const mapped = position({ sources: m.sources, lines: decodeMappings(m.mappings) }, line, col);
      if (mapped) return mapped;
    } catch {
      // an unreadable map: the package position still says where
    }
  }
  return `${file}:${line}:${column}`;
}

/** The stack with bundle and module positions replaced by source positions (where known). */
export async function mapStack(stack: string): Promise<string> {
  const modules = stack.replace(
    /(?:https?:\/\/[^\s)]*)?\/mp-module\/([^\s):]+):(\d+):(\d+)/g,
    (_all, file: string, l: string, c: string) => modulePosition(file, Number(l), Number(c)),
  );
  if (!/bundle\.js/.test(modules)) return modules;
  const map = await load();
  if (!map) return modules;
  return modules.replace(
    /(?:https?:\/\/[^\s)]*)?\/__preview\/bundle\.js(?:\?[^:\s)]*)?:(\d+):(\d+)/g,
    (all, l: string, c: string) => position(map, Number(l), Number(c)) ?? all,
  );
}

// Maps stack frames in the bundle back to the mini program's own files
// (bundle.js.map, made by esbuild), so the error overlay says
// `pages/article/index.ts:42:7` instead of `bundle.js:9112:13`.

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

/** The stack with bundle positions replaced by source positions (where the map knows them). */
export async function mapStack(stack: string): Promise<string> {
  if (!/bundle\.js/.test(stack)) return stack;
  const map = await load();
  if (!map) return stack;
  return stack.replace(
    /(?:https?:\/\/[^\s)]*)?\/__preview\/bundle\.js(?:\?[^:\s)]*)?:(\d+):(\d+)/g,
    (all, l: string, c: string) => {
      const segs = map.lines[Number(l) - 1];
      if (!segs || !segs.length) return all;
      const col = Number(c) - 1;
      let hit: Segment | undefined;
      for (const s of segs) {
        if (s[0] <= col) hit = s;
        else break;
      }
      if (!hit) return all;
      const file = (map.sources[hit[1]] || '').replace(/^(\.\.\/)+/, '');
      return `${file}:${hit[2] + 1}:${hit[3] + 1}`;
    },
  );
}

// Layers import downward only: `miniprogram/contract` ← `miniprogram` and
// `server` ← `cloudfunctions`, `tools`, `test`. A wrong-way import (the
// server reaching into a page util, a tool into a test) fails here, naming
// the file, the line and the import.
import fs from 'fs';
import path from 'path';

const ROOT = path.join(__dirname, '..', '..');
const SKIP = new Set(['node_modules', 'miniprogram_npm', 'fixture-mp', 'dist', '.git']);

/** Where each layer may import from (top-level areas of the repository). */
const ALLOWED: Record<string, string[]> = {
  'miniprogram/contract': ['miniprogram/contract'],
  miniprogram: ['miniprogram'],
  server: ['server', 'miniprogram/contract'],
  cloudfunctions: ['cloudfunctions', 'server', 'miniprogram/contract'],
  tools: ['tools', 'server', 'miniprogram/contract', 'cloudfunctions'],
  test: ['test', 'tools', 'server', 'miniprogram', 'cloudfunctions'],
};

function layerOf(rel: string): string {
  if (rel.startsWith('miniprogram/contract/')) return 'miniprogram/contract';
  return rel.split('/')[0]!;
}

function sources(dir: string, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(entry.name)) continue;
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) sources(file, out);
    else if (/\.ts$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(file);
  }
  return out;
}

const IMPORT = /(?:\bfrom\s+|\brequire\(\s*|\bimport\(\s*|^\s*import\s+)['"](\.{1,2}\/[^'"]*)['"]/gm;

interface WrongWay {
  file: string;
  line: number;
  spec: string;
  target: string;
}

function wrongWayImports(): { checked: number; wrong: WrongWay[] } {
  const files = Object.keys(ALLOWED)
    .filter((layer) => !layer.includes('/'))
    .flatMap((layer) => sources(path.join(ROOT, layer)));
  const wrong: WrongWay[] = [];
  for (const file of files) {
    const rel = path.relative(ROOT, file);
    const allowed = ALLOWED[layerOf(rel)]!;
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[1]!;
      const resolved = path.resolve(path.dirname(file), spec);
      // Import lines inside fixture text (written to temp projects) name no file here.
      if (!['', '.ts', '.js', '.json', '/index.ts'].some((ext) => fs.existsSync(resolved + ext))) continue;
      const target = path.relative(ROOT, resolved);
      const ok = allowed.some((area) => target === area || target.startsWith(`${area}/`));
      if (!ok) wrong.push({ file: rel, line: text.slice(0, m.index).split('\n').length, spec, target });
    }
  }
  return { checked: files.length, wrong };
}

test('no module imports from a layer above its own', () => {
  const { checked, wrong } = wrongWayImports();
  expect(checked).toBeGreaterThan(200);
  expect(wrong.map((w) => `${w.file}:${w.line} imports ${w.spec} (${w.target})`)).toEqual([]);
});

// A write the SDK saw acknowledged survives kill -9; a corrupt data file
// stops the start with a clear message and is left as it was.
import { spawn } from 'child_process';
import fs from 'fs';
import path from 'path';
import { Store, CorruptDataError } from '../../tools/local-cloud/store';
import { startTestCloud } from '../helpers/cloud';
import { makeTempDir } from '../helpers/temp';

const ROOT = path.join(__dirname, '..', '..');

function writeUntilKilled(dataDir: string, acks: number): Promise<{ ids: string[]; counter: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      // tsx as a loader in this very process (its CLI would fork a grandchild that SIGKILL misses).
      ['--import', 'tsx', path.join(ROOT, 'test/fixtures/durability-writer.ts'), dataDir],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const ids: string[] = [];
    let counter = 0;
    let buf = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      let nl: number;
      while ((nl = buf.indexOf('\n')) !== -1) {
        const [id, n] = buf.slice(0, nl).split(' ');
        buf = buf.slice(nl + 1);
        ids.push(id!);
        counter = Number(n);
        if (ids.length === acks) child.kill('SIGKILL');
      }
    });
    child.on('exit', (_code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`writer exited without being killed: ${stderr}`));
      else resolve({ ids, counter });
    });
  });
}

test('every acknowledged write survives SIGKILL', async () => {
  const dataDir = makeTempDir('durable-');
  const { ids, counter } = await writeUntilKilled(dataDir, 300);
  expect(ids.length).toBeGreaterThanOrEqual(300);
  const t = await startTestCloud({ dataDir, functions: [] });
  try {
    const stored = new Set(t.dump('acked').map((d) => d._id));
    for (const id of ids) expect(stored.has(id)).toBe(true);
    const c = t.dump('counter')[0] as unknown as { n: number };
    expect(c.n).toBeGreaterThanOrEqual(counter);
  } finally {
    await t.close();
  }
}, 60_000);

test('a torn last line (a write never acknowledged) is dropped, the rest kept', () => {
  const dir = makeTempDir('torn-');
  const s = new Store(dir);
  s.open();
  s.commit([{ c: 'x', id: 'a', doc: { _id: 'a', v: 1 } }]);
  s.close();
  fs.appendFileSync(path.join(dir, 'db.log'), '[{"c":"x","id":"b","d":"{\\"_id');
  const again = new Store(dir);
  again.open();
  expect(again.dump('x').map((d) => d._id)).toEqual(['a']);
  again.commit([{ c: 'x', id: 'c', doc: { _id: 'c', v: 3 } }]);
  again.close();
  const third = new Store(dir);
  third.open();
  expect(
    third
      .dump('x')
      .map((d) => d._id)
      .sort(),
  ).toEqual(['a', 'c']);
  third.close();
});

test('a corrupt data file fails the start with a message naming it, and is not overwritten', () => {
  const dir = makeTempDir('corrupt-');
  const log = path.join(dir, 'db.log');
  const content = '[{"c":"x","id":"a","d":"{\\"_id\\":\\"a\\"}"}]\nTHIS IS NOT JSON\n[]\n';
  fs.writeFileSync(log, content);
  const s = new Store(dir);
  expect(() => s.open()).toThrow(CorruptDataError);
  expect(() => new Store(dir).open()).toThrow(log);
  expect(fs.readFileSync(log, 'utf8')).toBe(content);
  expect(fs.existsSync(path.join(dir, 'db.snapshot'))).toBe(false);

  const snapDir = makeTempDir('corrupt-snap-');
  fs.writeFileSync(path.join(snapDir, 'db.snapshot'), '{"x": [');
  expect(() => new Store(snapDir).open()).toThrow(path.join(snapDir, 'db.snapshot'));
  expect(fs.readFileSync(path.join(snapDir, 'db.snapshot'), 'utf8')).toBe('{"x": [');
});

test('compaction folds the log into a snapshot and loses nothing', () => {
  const dir = makeTempDir('compact-');
  const s = new Store(dir);
  s.open();
  for (let i = 0; i < 50; i++) s.commit([{ c: 'x', id: `d${i}`, doc: { _id: `d${i}`, i, at: new Date(i) } }]);
  s.commit([{ c: 'x', id: 'd0', del: true }]);
  s.compact();
  s.commit([{ c: 'x', id: 'late', doc: { _id: 'late', i: -1 } }]);
  s.close();
  const again = new Store(dir);
  again.open();
  const docs = again.dump('x');
  expect(docs.length).toBe(50);
  expect(docs.find((d) => d._id === 'd0')).toBeUndefined();
  expect((docs.find((d) => d._id === 'd7') as unknown as { at: Date }).at).toEqual(new Date(7));
  again.close();
});

test('a created collection survives a restart and compaction, even while empty', () => {
  const dir = makeTempDir('create-');
  const s = new Store(dir);
  s.open();
  s.create('empty_one');
  s.close();
  const again = new Store(dir);
  again.open();
  expect(again.has('empty_one')).toBe(true);
  again.compact();
  again.close();
  const third = new Store(dir);
  third.open();
  expect(third.has('empty_one')).toBe(true);
  expect(third.has('never')).toBe(false);
  third.close();
});

test('the log keeps plain JSON documents as they are and the rest (Dates) as canonical EJSON; both come back equal', () => {
  const dir = makeTempDir('kinds-');
  const s = new Store(dir);
  s.open();
  const docs = [
    {
      _id: 'plain',
      n: 1,
      f: 1.5,
      big: 2 ** 40,
      s: 'x"y\n',
      b: false,
      z: null,
      a: ['p', { q: [1, 'r'] }],
      o: { k: 'v' },
    },
    { _id: 'date', at: new Date(7), nested: { also: [new Date(8)] } },
  ];
  for (const doc of docs) s.commit([{ c: 'x', id: doc._id, doc }]);
  const lines = fs.readFileSync(path.join(dir, 'db.log'), 'utf8').trim().split('\n');
  // Only the plain one skips EJSON.
  expect(lines.map((l) => ('j' in (JSON.parse(l) as Array<Record<string, unknown>>)[0]! ? 'j' : 'd'))).toEqual([
    'j',
    'd',
  ]);
  s.close();
  const again = new Store(dir);
  again.open();
  const back = new Map(again.dump('x').map((d) => [d._id, d]));
  for (const doc of docs) expect(back.get(doc._id)).toEqual(doc);
  again.close();
});

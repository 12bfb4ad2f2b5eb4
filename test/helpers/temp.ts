// Temp folders for tests. Each folder made here is removed when its test file
// ends, pass or fail: the jest environments (test/cloud/environment.ts,
// test/mp/environment.ts) remove them in teardown, after every afterAll hook
// has closed the local clouds that write into them. The list lives on the
// test file's global, so a test that resets modules still has its folders
// removed.
import fs from 'fs';
import os from 'os';
import path from 'path';

const KEY = Symbol.for('ahepia.tempDirs');
type Holder = { [KEY]?: Set<string> };

/** A new empty folder under the system temp folder, removed after the test file. */
export function makeTempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const holder = globalThis as Holder;
  (holder[KEY] ??= new Set<string>()).add(dir);
  return dir;
}

/** Removes every folder makeTempDir made under this (test file's) global. */
export function removeTempDirs(testGlobal: object): void {
  const dirs = (testGlobal as Holder)[KEY];
  if (!dirs) return;
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  dirs.clear();
}

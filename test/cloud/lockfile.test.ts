// A newcomer installs from an empty npm cache: every package the lockfile
// records must carry what `npm ci` needs to fetch and verify it without a
// cache. An entry without `version` (as npm once wrote for other platforms'
// optional packages) fails `npm ci`/`npm install` with "Invalid Version:".
import fs from 'fs';
import path from 'path';

interface LockEntry {
  version?: string;
  integrity?: string;
  link?: boolean;
  optional?: boolean;
  os?: string[];
  cpu?: string[];
}

const lock = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package-lock.json'), 'utf8')) as {
  lockfileVersion: number;
  packages: Record<string, LockEntry>;
};
const installed = Object.entries(lock.packages).filter(([key, entry]) => key !== '' && !entry.link);

test('the lockfile is version 3 and records packages', () => {
  expect(lock.lockfileVersion).toBe(3);
  expect(installed.length).toBeGreaterThan(100);
});

test('every package has a version and an integrity hash', () => {
  const incomplete = installed.filter(([, e]) => !e.version || !e.integrity).map(([key]) => key);
  expect(incomplete).toEqual([]);
});

test("other platforms' optional packages are recorded whole, with the platforms they are for", () => {
  const platformOnly = installed.filter(([key]) => /\/@(unrs\/resolver-binding|esbuild)[-/]/.test(key));
  expect(platformOnly.length).toBeGreaterThan(20);
  const unmarked = platformOnly.filter(([, e]) => !e.optional || !(e.os || e.cpu)).map(([key]) => key);
  expect(unmarked).toEqual([]);
});

// Two projects (DESIGN §6): `cloud` runs cloud functions on the local cloud
// in node; `mp` renders pages in miniprogram-simulate under jsdom.
// Transpile only (tsconfig has isolatedModules: true); `npm run typecheck` type-checks.
const tsJest = ['ts-jest', { diagnostics: false }];
// Jest's transform cache in the project, not in the system temp folder.
const cacheDirectory = '<rootDir>/node_modules/.cache/jest';

/** @type {import('jest').Config} */
module.exports = {
  // One temp folder per run (TMPDIR for every test and child process), removed
  // at the end: a safety net under the per-file cleanup of test/helpers/temp.ts.
  globalSetup: '<rootDir>/test/global-setup.js',
  globalTeardown: '<rootDir>/test/global-teardown.js',
  projects: [
    {
      displayName: 'cloud',
      testEnvironment: '<rootDir>/test/cloud/environment.ts',
      roots: ['<rootDir>/test/cloud'],
      transform: { '^.+\\.ts$': tsJest },
      cacheDirectory,
      moduleFileExtensions: ['ts', 'js', 'json'],
    },
    {
      displayName: 'mp',
      // jsdom plus the Node globals the in-process local cloud needs, and Node's
      // export conditions so server-side packages load their Node builds.
      testEnvironment: '<rootDir>/test/mp/environment.ts',
      testEnvironmentOptions: { customExportConditions: ['node', 'node-addons'] },
      roots: ['<rootDir>/test/mp'],
      setupFilesAfterEnv: ['<rootDir>/test/mp/setup.ts'],
      transform: { '^.+\\.ts$': tsJest },
      cacheDirectory,
      moduleFileExtensions: ['ts', 'js', 'json'],
    },
  ],
};

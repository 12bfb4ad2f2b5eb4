// Two projects (DESIGN §6): `cloud` runs cloud functions on the local cloud
// in node; `mp` renders pages in miniprogram-simulate under jsdom.
// Transpile only (tsconfig has isolatedModules: true); `npm run typecheck` type-checks.
const tsJest = ['ts-jest', { diagnostics: false }];

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    {
      displayName: 'cloud',
      testEnvironment: 'node',
      roots: ['<rootDir>/test/cloud'],
      transform: { '^.+\\.ts$': tsJest },
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
      moduleFileExtensions: ['ts', 'js', 'json'],
    },
  ],
};

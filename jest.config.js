// Two projects (DESIGN §6): `cloud` runs cloud functions on the local cloud
// in node; `mp` renders pages in miniprogram-simulate under jsdom.
const tsJest = ['ts-jest', { isolatedModules: true, diagnostics: false }];

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
      testEnvironment: 'jsdom',
      roots: ['<rootDir>/test/mp'],
      setupFilesAfterEnv: ['<rootDir>/test/mp/setup.ts'],
      transform: { '^.+\\.ts$': tsJest },
      moduleFileExtensions: ['ts', 'js', 'json'],
    },
  ],
};

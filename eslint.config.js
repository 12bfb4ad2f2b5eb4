// Flat config: typescript-eslint's recommended rules for all TypeScript,
// plus the team rules (no `any`, no @ts-ignore). Generated and third-party
// files are ignored. `tsc` does the type checking; this lints without types
// so it stays fast on a small machine.
const js = require('@eslint/js');
const tseslint = require('typescript-eslint');
const globals = require('globals');

module.exports = tseslint.config(
  {
    ignores: [
      'node_modules/',
      'miniprogram/miniprogram_npm/',
      'cloudfunctions/*/index.js',
      'cloudfunctions/*/node_modules/',
      '.localcloud/',
      'test-artifacts/',
      'coverage/',
      'dist/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/ban-ts-comment': ['error', { 'ts-expect-error': 'allow-with-description' }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      // `import x = require('x')` compiles to a plain require whatever the interop setting (utils/dayjs.ts).
      '@typescript-eslint/no-require-imports': ['error', { allowAsImport: true }],
    },
  },
  {
    // Node code may load modules by computed path (cloud functions, fixtures).
    files: ['tools/**/*.ts', 'test/**/*.ts', 'server/**/*.ts', 'cloudfunctions/**/*.ts'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);

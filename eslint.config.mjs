import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'data/', 'postmortems/', '*.config.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: "MemberExpression[object.name='process'][property.name='env']", message: 'Read configuration through src/config (loadConfig), not process.env.' }],
    },
  },
  {
    // Plain CommonJS scripts (benchmarks, CI helpers) run directly on Node.
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', module: 'writable', process: 'readonly', console: 'readonly', __dirname: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setImmediate: 'readonly', fetch: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The composition root, CLI, tests and scripts may read the real environment.
    files: ['src/main.ts', 'src/cli.ts', 'test/**', '.ci/**'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  // Which layer may import which (and no import cycles) is checked by dependency-cruiser in the same
  // `npm run lint`: see .dependency-cruiser.cjs and docs/architecture.md.
);

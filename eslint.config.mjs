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
    // The composition root, CLI, tests and scripts may read the real environment.
    files: ['src/main.ts', 'src/cli.ts', 'test/**', '.ci/**'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    // Core code stays free of transport and driver imports (DESIGN.md, "Layout").
    files: ['src/alerts/**', 'src/incidents/**', 'src/intake/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['express', '@slack/*', 'better-sqlite3', 'mongodb', '*/store/sqlite/*', '*/http/*'] }],
    },
  },
);

/**
 * Dependency direction, checked by `npm run lint` (docs/architecture.md, "Layers"):
 *
 *   src/core  ←  src/store  ←  services (every other folder under src/)  ←  edges (src/http, src/wiring,
 *                                                                             src/main.ts, src/cli.ts, integrations/)
 *
 * An arrow points at what may be imported. Type-only imports count: a type is a dependency too.
 */

/** Services are every folder under src/ that is not a lower layer or an edge, so a new folder starts as one. */
const SERVICE = '^src/(?!(core|store|http|wiring|cli)/)[^/]+/';
const EDGE = '^(src/(http|wiring|cli)/|src/(main|cli)\\.ts$|integrations/)';
const TEST_FILE = '\\.test\\.ts$';

/** npm packages that talk to the outside world; each belongs to the one layer that owns that conversation. */
const TRANSPORT = '(^|/)node_modules/(@types/)?(express|@slack/[^/]+|axios)/';
const DATABASE_DRIVER = '(^|/)node_modules/(@types/)?(better-sqlite3|mongodb)/';
const NPM = ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-bundled', 'npm-no-pkg', 'npm-unknown'];

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Import cycles make load order matter and hide which module owns a rule. Move the shared part down a layer.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'core-imports-only-core',
      severity: 'error',
      comment: 'src/core holds domain types and pure rules; everything else depends on it, so it depends on nothing of ours.',
      from: { path: '^src/core/' },
      to: { path: '^(src|integrations|test|scripts)/', pathNot: '^src/core/' },
    },
    {
      name: 'core-uses-only-zod',
      severity: 'error',
      comment:
        'src/core decides; it does no I/O. Databases, HTTP, logging and timers are reached through ports that ' +
        'callers pass in (time comes as `now` or a Clock). zod is its one library; adding another is a decision.',
      from: { path: '^src/core/' },
      to: { dependencyTypes: NPM, pathNot: '(^|/)node_modules/zod/' },
    },
    {
      name: 'core-uses-no-io-builtins',
      severity: 'error',
      comment: 'src/core decides; it does no I/O (files, sockets, processes, threads).',
      from: { path: '^src/core/' },
      to: {
        dependencyTypes: ['core'],
        path: '^(fs|fs/promises|net|http|https|http2|tls|dgram|dns|child_process|worker_threads|cluster|readline|os)$',
      },
    },
    {
      name: 'store-imports-only-core-and-store',
      severity: 'error',
      comment: 'The store port and its adapters persist domain types from src/core; services sit above the store.',
      from: { path: '^src/store/' },
      to: { path: '^(src|integrations|test|scripts)/', pathNot: '^src/(core|store)/' },
    },
    {
      name: 'store-speaks-only-to-its-database',
      severity: 'error',
      comment: 'Store adapters talk to their database and nothing else (no HTTP, no Slack).',
      from: { path: '^src/store/' },
      to: { path: TRANSPORT },
    },
    {
      name: 'adapters-only-from-composition-root',
      severity: 'error',
      comment:
        'Everything above the store talks to the port (src/store/store.ts); only the composition root ' +
        '(src/main.ts, src/wiring/, src/cli.ts) chooses SQLite or MongoDB. Tests may use an adapter directly.',
      from: { path: '^(src|integrations)/', pathNot: ['^src/store/', '^src/wiring/', '^src/cli/', '^src/(main|cli)\\.ts$', TEST_FILE] },
      to: { path: '^src/store/(sqlite|mongodb|migrate)/' },
    },
    {
      name: 'services-do-not-import-edges',
      severity: 'error',
      comment:
        'Services are driven by the edges (HTTP, Slack, CLI, integrations, the composition root), never the other ' +
        'way round. Need something from an edge? Define a small interface in the service and let the edge implement it.',
      from: { path: SERVICE },
      to: { path: EDGE },
    },
    {
      name: 'services-use-no-transport-or-driver',
      severity: 'error',
      comment:
        'Services reach HTTP, Slack and databases only through ports: express and Bolt belong to src/http and ' +
        'integrations/slack, HTTP clients to integrations/, database drivers to src/store adapters.',
      from: { path: SERVICE },
      to: { path: [TRANSPORT, DATABASE_DRIVER] },
    },
    {
      name: 'production-code-does-not-import-tests',
      severity: 'error',
      comment: 'test/ (fakes, helpers, fixtures) is not built into dist/; production code that imports it breaks at run time.',
      from: { path: '^(src|integrations)/', pathNot: TEST_FILE },
      to: { path: '^test/' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that does not resolve fails at run time (or the file it named moved).',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    // Type-only imports are kept (they are erased from the build, but they still say who depends on whom).
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: '(^|/)node_modules/' },
    // JSON fixtures are data, not modules of ours.
    exclude: { path: '\\.json$' },
  },
};

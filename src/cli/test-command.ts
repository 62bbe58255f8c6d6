import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { ConfigError } from '../config/config-error';
import { loadConfig } from '../config/load-config';
import { systemClock } from '../core/clock';
import { findPlaybookTestFiles } from '../playbook-tests/find-playbook-test-files';
import { formatPlaybookTestReport } from '../playbook-tests/format-playbook-test-report';
import type { PlaybookTestDeps } from '../playbook-tests/playbook-test-deps';
import type { PlaybookTestFileResult } from '../playbook-tests/playbook-test-result';
import { renderJunitXml } from '../playbook-tests/render-junit-xml';
import { runPlaybookTestFile } from '../playbook-tests/run-playbook-test-file';
import { createSqliteStore } from '../store/sqlite/create-sqlite-store';
import { createLogger } from '../telemetry/create-logger';
import { createIntegrations } from '../wiring/create-integrations';
import { createAlertmanagerSource } from '../../integrations/alertmanager/create-alertmanager-source';
import { createPagerDutySource } from '../../integrations/pagerduty/create-pagerduty-source';
import type { CliCommand, CliIo } from './cli-command';

const help = `Usage: mendbot test [paths…] [--junit <file>]

Runs playbook unit tests (*.test.yaml files next to the playbooks; format in docs/playbook-tests.md).
Each case feeds its alerts through the real intake, playbook matching, guardrails and executor on a
throw-away store and a manual clock, with stubbed actions: no network, nothing executed.

  paths            test files, or directories whose *.test.yaml files are run
                   (default: PLAYBOOKS_DIR, else ./playbooks)
  --junit <file>   also write the results as JUnit XML to <file>
  -h, --help       show this help

The action input schemas come from the configuration (MENDBOT_CONFIG and MENDBOT_* variables, e.g.
exec.allowlist), plus each test file's assume: entries.

Exit codes: 0 every case passed, 1 a case failed or a test file is invalid or none was found,
64 usage error (unknown option, missing path, invalid configuration).`;

/** `mendbot test`: playbook unit tests, run against the real engine with stubbed actions. */
export const testCommand: CliCommand = {
  name: 'test',
  summary: 'run playbook unit tests (*.test.yaml) against the real engine with stubbed actions',
  help,
  async run(args, io) {
    const parsed = parseArgs(args);
    if ('help' in parsed) {
      io.out(help);
      return 0;
    }
    if ('usage' in parsed) {
      io.err(`mendbot test: ${parsed.usage}\n\n${help}`);
      return 64;
    }
    const paths = parsed.paths.length > 0 ? parsed.paths : [io.env.PLAYBOOKS_DIR?.trim() || 'playbooks'];
    const { files, missing } = findPlaybookTestFiles(paths.map((p) => path.resolve(io.cwd, p)));
    if (missing.length > 0) {
      io.err(`mendbot test: no such file or directory: ${missing.map((m) => path.relative(io.cwd, m) || '.').join(', ')}`);
      return 64;
    }
    let deps: ReturnType<typeof createTestDeps>;
    try {
      deps = createTestDeps(io);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      io.err(`mendbot test: invalid configuration: ${error.message}`);
      return 64;
    }
    if (files.length === 0) {
      io.err(`mendbot test: no *.test.yaml files in ${paths.join(', ')}`);
      return 1;
    }
    const results: PlaybookTestFileResult[] = [];
    try {
      for (const file of files) {
        const result = await runPlaybookTestFile(deps, file);
        results.push({ ...result, file: path.relative(io.cwd, file) || file, errors: result.errors.map((e) => ({ ...e, file: path.relative(io.cwd, e.file) || e.file })) });
      }
    } finally {
      await deps.dispose();
    }
    for (const line of formatPlaybookTestReport(results)) io.out(line);
    if (parsed.junit !== undefined) fs.writeFileSync(path.resolve(io.cwd, parsed.junit), renderJunitXml(results));
    const failed = results.some((r) => r.errors.length > 0 || r.cases.some((c) => c.failures.length > 0 || c.error));
    return failed ? 1 : 0;
  },
};

function parseArgs(args: string[]): { paths: string[]; junit?: string } | { usage: string } | { help: true } {
  const paths: string[] = [];
  let junit: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '-h' || arg === '--help') return { help: true };
    if (arg === '--junit' || arg.startsWith('--junit=')) {
      const value = arg === '--junit' ? args[++i] : arg.slice('--junit='.length);
      if (!value) return { usage: '--junit needs a file name' };
      junit = value;
    } else if (arg.startsWith('-') && arg !== '-') {
      return { usage: `unknown option ${arg}` };
    } else {
      paths.push(arg);
    }
  }
  return { paths, junit };
}

/**
 * The parts of a test run only an edge may build: a SQLite store per case in a temp dir (deleted after
 * the case), the webhook sources without credentials (the runner posts from loopback), and the real
 * actions, configured as the server would be plus a test file's assumptions.
 */
function createTestDeps(io: CliIo): PlaybookTestDeps & { dispose(): Promise<void> } {
  const config = loadConfig(io.env);
  const log = createLogger({ level: 'silent', stream: new Writable({ write: (_c, _e, done) => done() }) });
  // A case's store lives for milliseconds: no checkpointer thread (SQLite's own auto-checkpoint bounds the WAL).
  // The next case's store is still opened while a case runs, and stores are closed (and their directories
  // deleted) in the background; dispose() waits for all of it.
  const scratch = scratchDir();
  const open = () => {
    const dataDir = fs.mkdtempSync(path.join(scratch, 'mendbot-test-'));
    return { dataDir, store: createSqliteStore({ dataDir, checkpointer: false }) };
  };
  let spare: ReturnType<typeof open> | undefined;
  const closing: Array<Promise<void>> = [];
  const close = async ({ dataDir, store }: ReturnType<typeof open>) => {
    await store.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  return {
    async openStore() {
      const next = spare ?? open();
      spare = open();
      return {
        store: next.store,
        async close() {
          closing.push(close(next));
        },
      };
    },
    async dispose() {
      if (spare) closing.push(close(spare));
      spare = undefined;
      await Promise.all(closing);
    },
    sources: [createAlertmanagerSource({}), createPagerDutySource({ webhookSecrets: [] })],
    execAllowlist: config.exec.allowlist,
    actions(assume) {
      const allowedHosts = config.http.allowedHosts;
      const assumed = {
        ...config,
        exec: { ...config.exec, allowlist: [...config.exec.allowlist, ...assume.execAllowlist] },
        // An empty list allows every host: adding the assumed hosts to it would forbid all the others.
        http: { ...config.http, allowedHosts: allowedHosts.length === 0 ? [] : [...allowedHosts, ...assume.httpAllowedHosts] },
      };
      return createIntegrations({ config: assumed, kubernetes: undefined, chat: undefined, clock: systemClock, log }).actions;
    },
  };
}

/**
 * Where the throw-away stores go: /dev/shm (memory) when there is one, since each case creates, migrates and
 * deletes a database and every commit would otherwise wait for the disk; the temp dir elsewhere.
 */
function scratchDir(): string {
  try {
    fs.accessSync('/dev/shm', fs.constants.W_OK);
    return '/dev/shm';
  } catch {
    return os.tmpdir();
  }
}

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { servedNodeFlags } from '../helpers/served-node-flags';
import { lineReader, mendbotCli, repoRoot } from '../helpers/start-mendbot';
import { freePort } from './free-port';

export interface QuietMendbotOptions {
  /** Names the server in errors. */
  name: string;
  /** Prefix of its fresh temp data directory. */
  dataDirPrefix: string;
  /** Prepares PLAYBOOKS_DIR (given the fresh data directory) and returns its path. */
  playbooksDir: (dataDir: string) => string;
  /** Extra environment for the server. */
  env?: NodeJS.ProcessEnv;
  /** Node flags for the server process (e.g. --cpu-prof), after those it is served with (servedNodeFlags). */
  nodeArgs?: string[];
  /** Also drop the caller's HTTP(S) proxy variables from the server's environment. */
  dropProxyEnv?: boolean;
  /**
   * Send stdout to `<dataDir>/mendbot.log` instead of keeping it in memory: at the default level (info) a
   * storm logs every delivery, which the benchmark must neither hold nor parse. stderr is still kept.
   */
  logToFile?: boolean;
}

export interface QuietMendbot {
  url: string;
  /** The server's process id (RSS, event-loop probe signals). */
  pid: number;
  dataDir: string;
  /** Everything it printed (stderr lines prefixed `[stderr]`; stdout only when not logging to a file). */
  logs: string[];
  /** SIGTERM, SIGKILL after `timeoutMs`; resolves with the exit code. */
  stop(timeoutMs: number): Promise<number | null>;
  kill(): void;
}

/** mendbot settings the caller's shell may have set: a benchmark must not inherit them. */
const MENDBOT_SETTINGS = /^(PORT|LOG_LEVEL|MONGODB_URI|MENDBOT_.*|ALERTMANAGER_.*|PAGERDUTY_.*|SLACK_.*|GITHUB_.*|JIRA_.*|PROMETHEUS_URL|PLAYBOOKS_DIR|POSTMORTEM_DIR)$/;
const PROXY_SETTINGS = /^(https?_proxy|HTTPS?_PROXY)$/;

/**
 * The built CLI (`dist/src/cli.js serve`) at LOG_LEVEL=warn on 127.0.0.1, with a fresh temp data dir.
 * test/helpers/start-mendbot.ts waits for the `listening` log line, which is logged at info and so never
 * appears at warn; and at info every alert decision is a log line the helper keeps and parses, which would
 * load the benchmark client. So: a port picked here, readiness from /readyz.
 */
export async function startQuietMendbot(options: QuietMendbotOptions): Promise<QuietMendbot> {
  const { name } = options;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), options.dataDirPrefix));
  const playbooksDir = options.playbooksDir(dataDir);
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!MENDBOT_SETTINGS.test(key) && !(options.dropProxyEnv && PROXY_SETTINGS.test(key))) env[key] = value;
  }
  Object.assign(env, {
    PORT: String(port),
    MENDBOT_HOST: '127.0.0.1',
    MENDBOT_DATA_DIR: dataDir,
    PLAYBOOKS_DIR: playbooksDir,
    POSTMORTEM_DIR: path.join(dataDir, 'postmortems'),
    LOG_LEVEL: 'warn',
    ...options.env,
  });
  // BENCH_MENDBOT_CLI: a mendbot built elsewhere (e.g. `tsc --outDir`), resolving packages from this repo.
  const cli = process.env.BENCH_MENDBOT_CLI || mendbotCli;
  if (process.env.BENCH_MENDBOT_CLI) env.NODE_PATH = path.join(repoRoot, 'node_modules');
  const stdout = options.logToFile ? fs.openSync(path.join(dataDir, 'mendbot.log'), 'a') : 'pipe';
  const child = spawn(process.execPath, [...servedNodeFlags, ...(options.nodeArgs ?? []), cli, 'serve'], { cwd: repoRoot, env, stdio: ['ignore', stdout, 'pipe'] });
  if (typeof stdout === 'number') fs.closeSync(stdout);
  process.once('exit', () => child.kill('SIGKILL'));
  const logs: string[] = [];
  if (child.stdout) lineReader(child.stdout, (line) => logs.push(line));
  lineReader(child.stderr!, (line) => logs.push(`[stderr] ${line}`));
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      exitCode = code;
      resolve(code);
    }),
  );
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (exitCode !== undefined) throw new Error(`mendbot (${name}) exited with ${exitCode} before it was ready:\n${logs.join('\n')}`);
    try {
      if ((await fetch(`${url}/readyz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`mendbot (${name}) not ready on ${url} within 20 s:\n${logs.join('\n')}`);
    }
    // Asked again every 5 ms: start-up to /readyz is a target (7), and at 50 ms the answer came ~25 ms late on
    // average. A refused connection on loopback costs the starting server nothing.
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return {
    url,
    pid: child.pid!,
    dataDir,
    logs,
    async stop(timeoutMs) {
      if (exitCode !== undefined) return exitCode;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
    kill() {
      if (exitCode === undefined) child.kill('SIGKILL');
    },
  };
}

import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Repository root (this file lives in test/helpers/). */
export const repoRoot = path.resolve(__dirname, '..', '..');
export const mendbotCli = path.join(repoRoot, 'dist', 'src', 'cli.js');
const mendbotCliSource = path.join(repoRoot, 'src', 'cli.ts');

export interface StartMendbotOptions {
  /** Extra environment for the server; wins over the test defaults below. */
  env?: Record<string, string>;
  /**
   * Reuse a data directory (e.g. to restart on the same SQLite file). Default: a fresh temp dir, which is
   * deleted when the test process exits (not by stop(), so a second startMendbot({ dataDir }) can reuse it).
   */
  dataDir?: string;
  /** How long to wait for the "listening" log line (default 20 s, 60 s from source). */
  startTimeoutMs?: number;
  /**
   * Run `src/cli.ts` through @swc-node/register instead of the built `dist/src/cli.js`: no `npm run build`
   * needed while working on the code (slower to start). Default: MENDBOT_E2E_FROM_SOURCE=1 in the test's env.
   */
  fromSource?: boolean;
}

export interface RunningMendbot {
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  dataDir: string;
  process: ChildProcess;
  /** Every stdout/stderr line so far (stderr lines are prefixed with `[stderr] `). */
  logs: string[];
  /** Parsed JSON log lines from stdout. */
  logRecords: Array<Record<string, unknown>>;
  /** Sends `signal` (default SIGTERM), waits for exit (SIGKILL after `timeoutMs`, default 10 s); resolves the exit code. */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<number | null>;
  /** SIGKILL, no waiting: a crash. */
  kill(): void;
}

/**
 * Environment variables of the real shell that would change what the server does (a developer's own
 * MONGODB_URI, tokens, ports...). They are dropped so the spawned server only sees what the test sets.
 */
const HERMETIC_DROP =
  /^(PORT|LOG_LEVEL|MONGODB_URI|PLAYBOOKS_DIR|POSTMORTEM_DIR|PROMETHEUS_URL|MENDBOT_.*|ALERTMANAGER_.*|PAGERDUTY_.*|SLACK_.*|GITHUB_.*|JIRA_.*)$/;

/**
 * The Node process itself, not jest's sandbox copy: jest gives each test file its own `process` object whose
 * 'exit' listeners never fire. Core modules come from the outer realm, so their Function constructor
 * evaluates `process` there. Outside jest this is simply `process`.
 */
function realProcess(): NodeJS.Process {
  try {
    const OuterFunction = (EventEmitter as unknown as { constructor: FunctionConstructor }).constructor;
    const outer = new OuterFunction('return process')() as NodeJS.Process | undefined;
    if (outer && typeof outer.once === 'function' && outer.pid === process.pid) return outer;
  } catch {
    // fall through
  }
  return process;
}

/** Runs `fn` (synchronously) when the test process exits, even under jest. */
export function onProcessExit(fn: () => void): void {
  realProcess().once('exit', fn);
}

/**
 * A server a test forgot to stop must not keep jest from exiting ("Jest did not exit one second after the
 * test run"): the child and its pipes do not hold the event loop open, and the exit hook kills the child.
 * Waiting for an exit (stop()) is kept alive by its own timer.
 */
export function detachFromEventLoop(child: ChildProcess): void {
  child.unref();
  for (const stream of [child.stdout, child.stderr]) {
    (stream as unknown as { unref?: () => void } | null)?.unref?.();
  }
}

const running = new Set<ChildProcess>();
/** Temp data dirs this helper created; removed when the test process exits (a restart test may reuse one until then). */
const createdDataDirs = new Set<string>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Last resort if a test forgets stop(): never leave a server (or its temp files) behind the jest worker.
  onProcessExit(() => {
    for (const child of running) child.kill('SIGKILL');
    for (const dir of createdDataDirs) {
      try {
        fs.rmSync(dir, { recursive: true, force: true });
      } catch {
        // best effort
      }
    }
  });
}

/**
 * Spawns the built server (`node dist/src/cli.js serve`, or the sources with `fromSource`) on an ephemeral
 * loopback port (or the `PORT` given in `env`) and resolves once it logged `"msg":"listening"`. Rejects
 * (with the collected logs) if it exits first or does not listen in time.
 */
export async function startMendbot(options: StartMendbotOptions = {}): Promise<RunningMendbot> {
  const fromSource = options.fromSource ?? process.env.MENDBOT_E2E_FROM_SOURCE === '1';
  if (!fromSource && !fs.existsSync(mendbotCli)) {
    throw new Error(`${path.relative(repoRoot, mendbotCli)} is missing: run \`npm run build\` before the e2e tests`);
  }
  const ownDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'mendbot-e2e-data-'));
  if (ownDataDir) createdDataDirs.add(dataDir);
  const baseEnv: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!HERMETIC_DROP.test(key) && value !== undefined) baseEnv[key] = value;
  }
  const env: NodeJS.ProcessEnv = {
    ...baseEnv,
    PORT: '0',
    MENDBOT_HOST: '127.0.0.1',
    MENDBOT_DATA_DIR: dataDir,
    POSTMORTEM_DIR: path.join(dataDir, 'postmortems'),
    LOG_LEVEL: 'info',
    ...options.env,
  };

  const entry = fromSource ? ['-r', '@swc-node/register', mendbotCliSource] : [mendbotCli];
  const child = spawn(process.execPath, [...entry, 'serve'], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  detachFromEventLoop(child);
  installExitHook();

  const logs: string[] = [];
  const logRecords: Array<Record<string, unknown>> = [];
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code, signal) => {
      running.delete(child);
      exitCode = code;
      logs.push(`[exit] code=${code} signal=${signal}`);
      resolve(code);
    });
  });

  let onListening: ((port: number) => void) | undefined;
  const listening = new Promise<number>((resolve) => {
    onListening = resolve;
  });

  lineReader(child.stdout!, (line) => {
    logs.push(line);
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      return;
    }
    if (record === null || typeof record !== 'object') return;
    const r = record as Record<string, unknown>;
    logRecords.push(r);
    if (r.msg === 'listening' && typeof r.port === 'number') onListening?.(r.port);
  });
  lineReader(child.stderr!, (line) => logs.push(`[stderr] ${line}`));

  const timeoutMs = options.startTimeoutMs ?? (fromSource ? 60_000 : 20_000);
  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([
    listening.then((port) => ({ kind: 'listening' as const, port })),
    exited.then((code) => ({ kind: 'exited' as const, code })),
    new Promise<{ kind: 'timeout' }>((resolve) => {
      timer = setTimeout(() => resolve({ kind: 'timeout' }), timeoutMs);
    }),
  ]);
  clearTimeout(timer);

  if (outcome.kind !== 'listening') {
    if (outcome.kind === 'timeout') {
      child.kill('SIGKILL');
      await exited;
    }
    const why =
      outcome.kind === 'exited'
        ? `exited with code ${outcome.code} before listening`
        : `did not log "listening" within ${timeoutMs} ms`;
    if (ownDataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    throw new Error(`mendbot ${why}. Logs:\n${logs.join('\n')}`);
  }

  const port = outcome.port;
  const stop = async (signal: NodeJS.Signals = 'SIGTERM', stopTimeoutMs = 10_000): Promise<number | null> => {
    if (exitCode !== undefined) return exitCode;
    child.kill(signal);
    let killTimer: NodeJS.Timeout | undefined;
    const forced = new Promise<void>((resolve) => {
      killTimer = setTimeout(() => {
        logs.push(`[test] mendbot did not exit within ${stopTimeoutMs} ms of ${signal}: SIGKILL`);
        child.kill('SIGKILL');
        resolve();
      }, stopTimeoutMs);
    });
    await Promise.race([exited, forced]);
    const code = await exited;
    clearTimeout(killTimer);
    return code;
  };

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    dataDir,
    process: child,
    logs,
    logRecords,
    stop,
    kill: () => {
      if (exitCode === undefined) child.kill('SIGKILL');
    },
  };
}

/** Calls `onLine` for each complete line of a stream (and the unterminated rest at its end). */
export function lineReader(stream: NodeJS.ReadableStream, onLine: (line: string) => void): void {
  let buffered = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    buffered += chunk;
    let newline = buffered.indexOf('\n');
    while (newline >= 0) {
      const line = buffered.slice(0, newline).replace(/\r$/, '');
      buffered = buffered.slice(newline + 1);
      if (line.length > 0) onLine(line);
      newline = buffered.indexOf('\n');
    }
  });
  stream.on('end', () => {
    if (buffered.length > 0) onLine(buffered);
    buffered = '';
  });
}

import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { detachFromEventLoop, lineReader, onProcessExit } from './start-mendbot';

/** Where Debian's `prometheus-alertmanager` package puts the binary (v0.25 on Debian 12). */
const DEBIAN_ALERTMANAGER = '/usr/bin/prometheus-alertmanager';

const INSTALL_HINT =
  'Install it with `apt-get update && apt-get install -y prometheus-alertmanager` (Debian/Ubuntu; .ci/run does this), ' +
  'or put an `alertmanager` binary from https://github.com/prometheus/alertmanager/releases on PATH.';

/** The real Alertmanager binary, or an error that says how to install it (the e2e suite never skips). */
function findAlertmanagerBinary(): string {
  if (isExecutable(DEBIAN_ALERTMANAGER)) return DEBIAN_ALERTMANAGER;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    for (const name of ['alertmanager', 'prometheus-alertmanager']) {
      const candidate = path.join(dir, name);
      if (isExecutable(candidate)) return candidate;
    }
  }
  throw new Error(`Prometheus Alertmanager not found (looked for ${DEBIAN_ALERTMANAGER} and \`alertmanager\` on PATH). ${INSTALL_HINT}`);
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** A free TCP port on 127.0.0.1 (listen on 0, read the port, close). Never the default 9093/9094. */
async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = net.createServer();
      server.unref();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const address = server.address();
        const p = typeof address === 'object' && address ? address.port : 0;
        server.close(() => resolve(p));
      });
    });
    if (port !== 9093 && port !== 9094) return port;
  }
}

export interface StartAlertmanagerOptions {
  /** Base URL of mendbot, e.g. `http://127.0.0.1:34567`; the receiver posts to `<url>/webhooks/alertmanager`. */
  mendbotUrl: string;
  /** Bearer token sent via `http_config.authorization`; omit to send no Authorization header. */
  token?: string;
  /** Route `group_by` (default `['alertname']`). */
  groupBy?: string[];
  groupWait?: string;
  groupInterval?: string;
  repeatInterval?: string;
  /** Alertmanager's own log level (default debug: notification attempts show up in `logs`). */
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  /** How long to wait for `GET /-/ready` (default 20 s). */
  readyTimeoutMs?: number;
}

export interface RunningAlertmanager {
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  /** The temp dir holding alertmanager.yml and the storage (removed by stop()). */
  dir: string;
  configPath: string;
  config: string;
  process: ChildProcess;
  /** Alertmanager's log lines (logfmt, stderr). */
  logs: string[];
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
/** Temp dirs (config + storage) of Alertmanagers not stopped yet; removed at process exit as a last resort. */
const liveDirs = new Set<string>();
let exitHookInstalled = false;

/** Renders the Alertmanager configuration the e2e tests use: one root route, one webhook receiver. */
function alertmanagerConfig(options: StartAlertmanagerOptions): string {
  const webhook: Record<string, unknown> = {
    url: `${options.mendbotUrl.replace(/\/+$/, '')}/webhooks/alertmanager`,
    send_resolved: true,
  };
  if (options.token !== undefined) {
    webhook.http_config = { authorization: { type: 'Bearer', credentials: options.token } };
  }
  return YAML.stringify({
    route: {
      receiver: 'mendbot',
      group_by: options.groupBy ?? ['alertname'],
      group_wait: options.groupWait ?? '1s',
      group_interval: options.groupInterval ?? '1s',
      repeat_interval: options.repeatInterval ?? '1h',
    },
    receivers: [{ name: 'mendbot', webhook_configs: [webhook] }],
  });
}

/**
 * Starts a real, stand-alone Alertmanager (clustering off, loopback, free port, temp storage) whose only
 * receiver is mendbot's webhook, and resolves once `GET /-/ready` answers 200.
 */
export async function startAlertmanager(options: StartAlertmanagerOptions): Promise<RunningAlertmanager> {
  const binary = findAlertmanagerBinary();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mendbot-e2e-am-'));
  liveDirs.add(dir);
  const configPath = path.join(dir, 'alertmanager.yml');
  const config = alertmanagerConfig(options);
  fs.writeFileSync(configPath, config);
  const storagePath = path.join(dir, 'data');
  fs.mkdirSync(storagePath);

  // The port is free when chosen but could be taken before Alertmanager binds it: try a few times.
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    try {
      return await launch(binary, port, dir, configPath, config, storagePath, options);
    } catch (error) {
      lastError = error;
      if (!(error instanceof Error && /address already in use/.test(error.message))) break;
    }
  }
  fs.rmSync(dir, { recursive: true, force: true });
  liveDirs.delete(dir);
  throw lastError;
}

async function launch(
  binary: string,
  port: number,
  dir: string,
  configPath: string,
  config: string,
  storagePath: string,
  options: StartAlertmanagerOptions,
): Promise<RunningAlertmanager> {
  const url = `http://127.0.0.1:${port}`;
  const args = [
    `--config.file=${configPath}`,
    `--storage.path=${storagePath}`,
    `--web.listen-address=127.0.0.1:${port}`,
    `--web.external-url=${url}`,
    // Empty disables HA mode; otherwise it binds 0.0.0.0:9094 and delays notifications for peer settling.
    '--cluster.listen-address=',
    `--log.level=${options.logLevel ?? 'debug'}`,
  ];
  const child = spawn(binary, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  detachFromEventLoop(child);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    // Last resort if a test forgets stop(): no Alertmanager outlives the test process.
    onProcessExit(() => {
      for (const c of running) c.kill('SIGKILL');
      for (const d of liveDirs) {
        try {
          fs.rmSync(d, { recursive: true, force: true });
        } catch {
          // best effort
        }
      }
    });
  }
  const logs: string[] = [`[test] ${binary} ${args.join(' ')}`];
  lineReader(child.stdout!, (line) => logs.push(line));
  lineReader(child.stderr!, (line) => logs.push(line));

  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code, signal) => {
      running.delete(child);
      exitCode = code;
      logs.push(`[exit] code=${code} signal=${signal}`);
      resolve(code);
    });
    child.once('error', (error) => {
      logs.push(`[spawn error] ${error.message}`);
      running.delete(child);
      exitCode = null;
      resolve(null);
    });
  });

  const readyTimeoutMs = options.readyTimeoutMs ?? 20_000;
  const deadline = Date.now() + readyTimeoutMs;
  let ready = false;
  while (exitCode === undefined && Date.now() < deadline) {
    try {
      const res = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1_000) });
      await res.arrayBuffer();
      if (res.status === 200) {
        ready = true;
        break;
      }
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (!ready) {
    if (exitCode === undefined) {
      child.kill('SIGKILL');
      await exited;
    }
    throw new Error(
      `Alertmanager (${binary}) did not become ready on ${url} within ${readyTimeoutMs} ms.\nConfig:\n${config}\nLogs:\n${logs.join('\n')}`,
    );
  }

  const stop = async (): Promise<void> => {
    if (exitCode === undefined) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    fs.rmSync(dir, { recursive: true, force: true });
    liveDirs.delete(dir);
  };
  return { url, port, dir, configPath, config, process: child, logs, stop };
}

/** An alert as accepted by Alertmanager's `POST /api/v2/alerts` (postableAlert). */
export interface PostableAlert {
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  /** RFC 3339; Alertmanager uses "now" when absent. */
  startsAt?: string;
  /** RFC 3339; a time in the past (or now) resolves the alert. Must not be before startsAt. */
  endsAt?: string;
  generatorURL?: string;
}

/**
 * Pushes alerts into Alertmanager the way Prometheus does. To resolve an alert, post it again with the same
 * labels, its original `startsAt`, and `endsAt` = now (Alertmanager rejects endsAt before startsAt).
 */
export async function postAlerts(alertmanagerUrl: string, alerts: PostableAlert[]): Promise<void> {
  const res = await fetch(`${alertmanagerUrl.replace(/\/+$/, '')}/api/v2/alerts`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(alerts),
    signal: AbortSignal.timeout(10_000),
  });
  const body = await res.text();
  if (res.status !== 200) {
    throw new Error(`Alertmanager POST /api/v2/alerts answered ${res.status}: ${body}`);
  }
}

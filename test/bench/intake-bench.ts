/**
 * Intake benchmark: how fast does mendbot acknowledge (= durably store) Alertmanager webhooks, compared with
 * a bare express app that only parses the same JSON?
 *
 *   npm run build && npm run bench        (npm run bench = node -r @swc-node/register test/bench/intake-bench.ts)
 *
 * One run starts a bare express 5 server (bare-express-server.ts) and, for each phase below, a fresh built
 * mendbot (`dist/src/cli.js serve`, new temp data dir, LOG_LEVEL=warn, default SQLite settings: WAL +
 * synchronous=NORMAL), each in its own process on 127.0.0.1, so no phase measures the database another
 * phase filled:
 *
 *   (a) max throughput, ~2 KB single-alert bodies        autocannon, CONNECTIONS connections, WARMUP s then
 *                                                        DURATION s, mendbot then bare express
 *   (b) max throughput, 50-alert storm-shaped groups      same
 *   (c) 10,000 distinct alerts = 200 POSTs of 50 alerts, 20 in flight, on a warmed-up server: time from the
 *       first request to the 200th acknowledgement; then every group is checked through the API (1 incident,
 *       50 alerts, the right keys), and the same 200 bodies are re-delivered and must change nothing but
 *       deliveryCount. Also run once more on the database phase (a) left behind ("aged").
 *   (d) acknowledgement latency at a fixed 1,000 alerts/s for DURATION s, as 1,000 req/s × 1 alert and as
 *       20 req/s × 50 alerts: with an evenly paced client (wrk2-style: CONNECTIONS connections, each with its
 *       own schedule, latency counted from when the request was due) and with autocannon `overallRate`.
 *
 * Every body sent to mendbot is distinct (its own group key, fingerprints and startsAt; see
 * alertmanager-bodies.ts), so every request creates a new incident instead of hitting the duplicate path.
 * After each phase mendbot gets SIGTERM and its SQLite file is opened read-only to check that every
 * acknowledged body is stored with all its alerts. Results go to test/bench/results/latest.json.
 *
 * Knobs (environment): BENCH_CONNECTIONS (20), BENCH_DURATION seconds (10), BENCH_WARMUP seconds (3),
 * BENCH_OUT (results file), BENCH_KEEP_DATA=1 (keep mendbot's temp data dirs; deleted by default),
 * BENCH_PLAYBOOKS_DIR (playbooks mendbot loads; default an empty directory, so no runs are planned).
 *
 * Mind the machine: the load generator and both servers share the host's cores, so the bare express figure
 * is partly bounded by the load generator itself.
 */
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { lineReader, mendbotCli, repoRoot } from '../helpers/start-mendbot';
import {
  alertsPerBody,
  checkFingerprintImplementation,
  makeAlertmanagerBodies,
  makeAlertmanagerBody,
  type BodyShape,
  type GeneratedBody,
} from './alertmanager-bodies';

const CONNECTIONS = intEnv('BENCH_CONNECTIONS', 20);
const DURATION_S = intEnv('BENCH_DURATION', 10);
const WARMUP_S = intEnv('BENCH_WARMUP', 3);
const OUT_FILE = process.env.BENCH_OUT ?? path.join(__dirname, 'results', 'latest.json');
/** Playbooks for mendbot (default: an empty directory, so only intake is measured). */
const PLAYBOOKS_DIR = process.env.BENCH_PLAYBOOKS_DIR || undefined;
const WEBHOOK_PATH = '/webhooks/alertmanager';
const HEADERS = { 'Content-Type': 'application/json', 'User-Agent': 'Alertmanager/0.34.0' };

const TARGETS = {
  throughputRatio: 0.7, // mendbot req/s ≥ 0.7 × bare express req/s
  tenThousandAlertsMs: 2000, // 200 × 50 alerts acknowledged in < 2 s
  p99AtThousandAlertsPerSecMs: 25, // p99 acknowledgement < 25 ms at 1,000 alerts/s
};

const runId = `b${Date.now().toString(36)}`;

// ---------------------------------------------------------------------------------------------------------
// Bodies: every body handed to mendbot has a seq never used before in this run.

let nextSeq = 0;

/** What the current mendbot instance was sent and what it acknowledged, by seq → what must be stored. */
class AckTracker {
  readonly handedOut = new Map<number, { groupKey: string; alerts: number }>();
  readonly acknowledged = new Map<number, { groupKey: string; alerts: number }>();
}
let tracker = new AckTracker();

function acknowledge(seq: number): void {
  const sent = tracker.handedOut.get(seq);
  if (sent) tracker.acknowledged.set(seq, sent);
}

function handOut(body: GeneratedBody): GeneratedBody {
  tracker.handedOut.set(body.seq, { groupKey: body.groupKey, alerts: body.alerts.length });
  return body;
}

class DistinctBodies {
  private pool: GeneratedBody[];
  private index = 0;
  /** Bodies that had to be generated during a measurement because the pool ran out (should stay 0). */
  generatedLive = 0;

  constructor(
    readonly shape: BodyShape,
    poolSize: number,
  ) {
    this.pool = makeAlertmanagerBodies(runId, nextSeq, poolSize, shape);
    nextSeq += poolSize;
  }

  next(): GeneratedBody {
    let body = this.pool[this.index];
    if (body) {
      this.pool[this.index++] = undefined as unknown as GeneratedBody; // let it be collected
    } else {
      body = makeAlertmanagerBody(runId, nextSeq++, this.shape);
      this.generatedLive++;
    }
    return handOut(body);
  }

  /** Pre-generates more so the next measurement does not generate bodies while it runs. */
  topUp(wanted: number): void {
    const left = this.pool.length - this.index;
    if (left >= wanted) return;
    this.pool = this.pool.slice(this.index).concat(makeAlertmanagerBodies(runId, nextSeq, wanted - left, this.shape));
    nextSeq += wanted - left;
    this.index = 0;
  }
}

/** For bare express, which stores nothing, a small pool is cycled. */
function cycling(shape: BodyShape, size: number): () => Buffer {
  const pool = makeAlertmanagerBodies(`${runId}bare`, 0, size, shape).map((b) => b.body);
  let i = 0;
  return () => pool[i++ % pool.length]!;
}

// ---------------------------------------------------------------------------------------------------------
// Load generators

interface LoadFigures {
  server: 'mendbot' | 'bare express';
  label: string;
  alertsPerRequest: number;
  connections: number;
  durationS: number;
  /** Median of the per-second samples. */
  reqPerSec: number;
  /** Total responses / duration. */
  reqPerSecMean: number;
  alertsPerSec: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  responses2xx: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}

interface CannonOptions {
  server: LoadFigures['server'];
  label: string;
  url: string;
  alertsPerRequest: number;
  durationS: number;
  connections: number;
  overallRate?: number;
  /** Next body and, for mendbot, its seq (so acknowledgements can be tracked). */
  next: () => { body: Buffer; seq?: number };
}

async function cannon(o: CannonOptions): Promise<LoadFigures> {
  const result = await autocannon({
    url: o.url,
    connections: o.connections,
    duration: o.durationS,
    timeout: 30,
    ...(o.overallRate ? { overallRate: o.overallRate, ignoreCoordinatedOmission: true } : {}),
    requests: [
      {
        method: 'POST',
        path: WEBHOOK_PATH,
        headers: HEADERS,
        setupRequest: (request, context) => {
          const { body, seq } = o.next();
          context.seq = seq;
          return { ...request, body };
        },
        onResponse: (status, _body, context) => {
          if (status >= 200 && status < 300 && typeof context.seq === 'number') acknowledge(context.seq);
        },
      },
    ],
  });
  const total = result.requests.total;
  return {
    server: o.server,
    label: o.label,
    alertsPerRequest: o.alertsPerRequest,
    connections: o.connections,
    durationS: result.duration,
    reqPerSec: result.requests.p50,
    reqPerSecMean: round(total / result.duration, 1),
    alertsPerSec: result.requests.p50 * o.alertsPerRequest,
    latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
    responses2xx: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

interface PostResult {
  status: number; // 0 = connection error
  body: string;
  sentAt: number;
  doneAt: number;
}

function post(agent: http.Agent, base: URL, urlPath: string, body: Buffer): Promise<PostResult> {
  return new Promise((resolve) => {
    const sentAt = performance.now();
    const req = http.request(
      {
        host: base.hostname,
        port: base.port,
        path: urlPath,
        method: 'POST',
        agent,
        headers: { ...HEADERS, 'Content-Length': String(body.length) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), sentAt, doneAt: performance.now() }));
        res.on('error', () => resolve({ status: 0, body: '', sentAt, doneAt: performance.now() }));
      },
    );
    req.on('error', () => resolve({ status: 0, body: '', sentAt, doneAt: performance.now() }));
    req.end(body);
  });
}

/** POSTs every body with `concurrency` in flight; resolves with the results in body order. */
async function postAll(url: string, bodies: GeneratedBody[], concurrency: number): Promise<{ results: PostResult[]; ms: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const base = new URL(url);
  const results: PostResult[] = new Array<PostResult>(bodies.length);
  let i = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (i < bodies.length) {
        const index = i++;
        const b = bodies[index]!;
        const r = await post(agent, base, WEBHOOK_PATH, b.body);
        results[index] = r;
        if (r.status >= 200 && r.status < 300) acknowledge(b.seq);
      }
    }),
  );
  const end = Math.max(...results.map((r) => r.doneAt));
  agent.destroy();
  return { results, ms: end - start };
}

interface PacedFigures {
  label: string;
  alertsPerRequest: number;
  ratePerSec: number;
  connections: number;
  durationS: number;
  sent: number;
  responses2xx: number;
  failed: number;
  achievedReqPerSec: number;
  /** From the moment the request was due (corrects coordinated omission). */
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  /** From the moment it was actually written (for comparison). */
  latencyFromSendMs: { p50: number; p99: number };
}

/**
 * Constant-rate load the way wrk2 does it: `connections` keep-alive connections, request i due at
 * t0 + i/rate and sent on connection i mod connections (each connection sends one at a time), latency
 * counted from when the request was due, so a stall is charged to every request it delayed.
 */
async function paced(label: string, url: string, rate: number, bodies: GeneratedBody[], connections: number): Promise<PacedFigures> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const base = new URL(url);
  const total = bodies.length;
  const interval = 1000 / rate;
  const fromDue: number[] = [];
  const fromSend: number[] = [];
  let ok = 0;
  let failed = 0;
  let lastDone = 0;
  const t0 = performance.now() + 50;
  await Promise.all(
    Array.from({ length: connections }, async (_, lane) => {
      for (let i = lane; i < total; i += connections) {
        const due = t0 + i * interval;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        const b = bodies[i]!;
        const r = await post(agent, base, WEBHOOK_PATH, b.body);
        lastDone = Math.max(lastDone, r.doneAt);
        if (r.status >= 200 && r.status < 300) {
          ok++;
          acknowledge(b.seq);
          fromDue.push(r.doneAt - due);
          fromSend.push(r.doneAt - r.sentAt);
        } else failed++;
      }
    }),
  );
  agent.destroy();
  const s = fromDue.sort((a, b) => a - b);
  const f = fromSend.sort((a, b) => a - b);
  return {
    label,
    alertsPerRequest: bodies[0]?.alerts.length ?? 0,
    ratePerSec: rate,
    connections,
    durationS: round((total * interval) / 1000, 1),
    sent: total,
    responses2xx: ok,
    failed,
    achievedReqPerSec: round((total / (lastDone - t0)) * 1000, 1),
    latencyMs: { p50: round(pct(s, 50), 2), p90: round(pct(s, 90), 2), p99: round(pct(s, 99), 2), max: round(s[s.length - 1] ?? NaN, 2) },
    latencyFromSendMs: { p50: round(pct(f, 50), 2), p99: round(pct(f, 99), 2) },
  };
}

// ---------------------------------------------------------------------------------------------------------
// API helpers

interface ApiIncident {
  id: string;
  correlationId: string;
  alertCount: number;
  deliveryCount: number;
}

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`GET ${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Checks through the API that each group is exactly one incident holding exactly its alerts. */
async function verifyGroups(url: string, groups: GeneratedBody[], deliveryCount: number): Promise<string[]> {
  const problems: string[] = [];
  for (const g of groups) {
    const list = await getJson<{ items: ApiIncident[] }>(
      `${url}/api/incidents?status=all&limit=200&correlation_id=${encodeURIComponent(g.groupKey)}`,
    );
    if (list.items.length !== 1) {
      problems.push(`${g.groupKey}: ${list.items.length} incidents`);
      continue;
    }
    const inc = list.items[0]!;
    if (inc.alertCount !== g.alerts.length) problems.push(`${g.groupKey}: alertCount ${inc.alertCount}, expected ${g.alerts.length}`);
    if (inc.deliveryCount !== deliveryCount) problems.push(`${g.groupKey}: deliveryCount ${inc.deliveryCount}, expected ${deliveryCount}`);
    const detail = await getJson<{ alerts: Array<{ key: string; fingerprint: string }> }>(`${url}/api/incidents/${inc.id}`);
    const stored = new Set(detail.alerts.map((a) => a.key));
    const missing = g.alerts.filter((a) => !stored.has(a.key));
    if (missing.length > 0 || stored.size !== g.alerts.length) {
      problems.push(`${g.groupKey}: ${stored.size} alerts stored, ${missing.length} expected keys missing`);
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------------------
// mendbot process

interface QuietMendbot {
  url: string;
  dataDir: string;
  stop(timeoutMs: number): Promise<number | null>;
  kill(): void;
}

/**
 * The built CLI at LOG_LEVEL=warn. test/helpers/start-mendbot.ts waits for the `listening` log line, which
 * is logged at info and so never appears at warn; and at info every alert decision is a log line the helper
 * keeps and parses, which would load the benchmark client. So: a port picked here, readiness from /readyz.
 */
async function startQuietMendbot(): Promise<QuietMendbot> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mendbot-bench-data-'));
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(PORT|LOG_LEVEL|MONGODB_URI|MENDBOT_.*|ALERTMANAGER_.*|PAGERDUTY_.*|SLACK_.*|GITHUB_.*|JIRA_.*|PROMETHEUS_URL|PLAYBOOKS_DIR|POSTMORTEM_DIR)$/.test(key)) env[key] = value;
  }
  // No playbooks unless asked for: this measures intake, and the repo's example playbooks (the default
  // ./playbooks) include an auto one that matches the storm fixture's KubePodCrashLooping alerts.
  const playbooksDir = PLAYBOOKS_DIR ?? path.join(dataDir, 'no-playbooks');
  fs.mkdirSync(playbooksDir, { recursive: true });
  Object.assign(env, {
    PORT: String(port),
    MENDBOT_HOST: '127.0.0.1',
    MENDBOT_DATA_DIR: dataDir,
    POSTMORTEM_DIR: path.join(dataDir, 'postmortems'),
    PLAYBOOKS_DIR: playbooksDir,
    LOG_LEVEL: 'warn',
  });
  const child = spawn(process.execPath, [mendbotCli, 'serve'], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  process.once('exit', () => child.kill('SIGKILL'));
  const logs: string[] = [];
  lineReader(child.stdout!, (line) => logs.push(line));
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
    if (exitCode !== undefined) throw new Error(`mendbot exited with ${exitCode} before it was ready:\n${logs.join('\n')}`);
    try {
      if ((await fetch(`${url}/readyz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`mendbot not ready on ${url} within 20 s:\n${logs.join('\n')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url,
    dataDir,
    async stop(timeoutMs) {
      if (exitCode !== undefined) return exitCode;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      const code = await exited;
      clearTimeout(timer);
      if (code !== 0) log(`mendbot exited with ${code}; its output:\n${logs.join('\n')}`);
      return code;
    },
    kill() {
      if (exitCode === undefined) child.kill('SIGKILL');
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

// ---------------------------------------------------------------------------------------------------------
// Bare express process

async function startBare(): Promise<{ url: string; child: ChildProcess; stop: () => Promise<void> }> {
  const script = path.join(__dirname, 'bare-express-server.ts');
  const child = spawn(process.execPath, ['-r', '@swc-node/register', script], {
    cwd: repoRoot,
    env: { ...process.env, PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  process.once('exit', () => child.kill('SIGKILL'));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const logs: string[] = [];
  lineReader(child.stderr!, (line) => logs.push(line));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`bare express did not start:\n${logs.join('\n')}`)), 20_000);
    lineReader(child.stdout!, (line) => {
      try {
        const r = JSON.parse(line) as { msg?: string; port?: number };
        if (r.msg === 'listening' && typeof r.port === 'number') {
          clearTimeout(timer);
          resolve(r.port);
        }
      } catch {
        logs.push(line);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`bare express exited (${code}):\n${logs.join('\n')}`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    child,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

// ---------------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  if (!fs.existsSync(mendbotCli)) throw new Error(`${path.relative(repoRoot, mendbotCli)} is missing: run \`npm run build\` first`);
  checkFingerprintImplementation();

  const singleAlerts = alertsPerBody('single');
  const stormAlerts = alertsPerBody('storm');
  const singleBytes = makeAlertmanagerBody('size', 0, 'single').body.length;
  const stormBytes = makeAlertmanagerBody('size', 0, 'storm').body.length;
  const machine = {
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGb: round(os.totalmem() / 2 ** 30, 1),
  };
  const source = gitState();
  log(`mendbot intake benchmark ${runId}: ${machine.cpus}× ${machine.cpuModel}, node ${machine.node}, mendbot ${source.commit.slice(0, 7)}${source.dirtyFiles ? ` + ${source.dirtyFiles} uncommitted change(s) in src/ and integrations/` : ''}`);
  log(`bodies: single ${singleBytes} B (${singleAlerts} alert), storm ${stormBytes} B (${stormAlerts} alerts); ${CONNECTIONS} connections, ${WARMUP_S} s warm-up + ${DURATION_S} s per run`);

  log('generating distinct bodies…');
  const single = new DistinctBodies('single', 45_000);
  const storm = new DistinctBodies('storm', 4_000);
  const bareSingle = cycling('single', 500);
  const bareStorm = cycling('storm', 100);
  const nextOf = (stream: DistinctBodies) => () => {
    const b = stream.next();
    return { body: b.body, seq: b.seq };
  };

  const bare = await startBare();
  log(`bare express ${bare.url}`);
  const load: LoadFigures[] = [];
  const phases: PhaseStorage[] = [];
  try {
    // (a) and (b): max throughput, mendbot then bare express, each after its own warm-up; a fresh mendbot each.
    let aged: TenKFigures | undefined;
    for (const [stream, bareNext, alerts, label] of [
      [single, bareSingle, singleAlerts, `(a) single alert, ~${Math.round(singleBytes / 1024)} KB`],
      [storm, bareStorm, stormAlerts, `(b) ${stormAlerts}-alert group, ~${Math.round(stormBytes / 1024)} KB`],
    ] as const) {
      await withMendbot(label, phases, async (mendbot) => {
        const next = nextOf(stream);
        log(`${label}: mendbot warm-up`);
        await cannon({ server: 'mendbot', label, url: mendbot.url, alertsPerRequest: alerts, durationS: WARMUP_S, connections: CONNECTIONS, next });
        log(`${label}: mendbot`);
        const m = await cannon({ server: 'mendbot', label, url: mendbot.url, alertsPerRequest: alerts, durationS: DURATION_S, connections: CONNECTIONS, next });
        load.push(m);
        log(`  ${m.reqPerSec} req/s, p99 ${m.latencyMs.p99} ms, ${m.non2xx} non-2xx, ${m.errors} errors`);
        const bareNextBody = () => ({ body: bareNext() });
        log(`${label}: bare express warm-up`);
        await cannon({ server: 'bare express', label, url: bare.url, alertsPerRequest: alerts, durationS: WARMUP_S, connections: CONNECTIONS, next: bareNextBody });
        log(`${label}: bare express`);
        const b = await cannon({ server: 'bare express', label, url: bare.url, alertsPerRequest: alerts, durationS: DURATION_S, connections: CONNECTIONS, next: bareNextBody });
        load.push(b);
        log(`  ${b.reqPerSec} req/s, p99 ${b.latencyMs.p99} ms`);
        if (stream === single) {
          // The storm once more, on the database this phase filled.
          aged = await tenThousandAlerts(mendbot, `(c) on the DB left by (a)`);
        }
      });
      if (stream === single) storm.topUp(4_000);
    }
    await bare.stop();

    // (c) 10,000 distinct alerts on a fresh, warmed-up mendbot.
    let fresh: TenKFigures | undefined;
    await withMendbot('(c) 200 × 50 alerts', phases, async (mendbot) => {
      log('(c) warm-up: 20 storm groups, 500 single alerts');
      await postAll(mendbot.url, Array.from({ length: 20 }, () => storm.next()), 20);
      await postAll(mendbot.url, Array.from({ length: 500 }, () => single.next()), 20);
      fresh = await tenThousandAlerts(mendbot, '(c) fresh DB, after warm-up');
    });

    // (d) fixed 1,000 alerts/s on a fresh mendbot, after a warm-up.
    single.topUp(WARMUP_S * 3_000 + DURATION_S * 1000 * 2 + 1000);
    storm.topUp(DURATION_S * 20 * 2 + 50);
    const fixed: LoadFigures[] = [];
    const pacedRuns: PacedFigures[] = [];
    await withMendbot('(d) 1,000 alerts/s', phases, async (mendbot) => {
      log('(d) warm-up');
      await cannon({ server: 'mendbot', label: 'warm-up', url: mendbot.url, alertsPerRequest: 1, durationS: WARMUP_S, connections: CONNECTIONS, next: nextOf(single) });
      log('(d) 1,000 req/s × 1 alert, paced');
      pacedRuns.push(
        await paced('(d) 1,000 req/s × 1 alert, paced', mendbot.url, 1000 / singleAlerts, takeN(single, (DURATION_S * 1000) / singleAlerts), CONNECTIONS),
      );
      log(`  p99 ${pacedRuns[pacedRuns.length - 1]!.latencyMs.p99} ms`);
      log(`(d) 20 req/s × ${stormAlerts} alerts, paced`);
      pacedRuns.push(
        await paced(`(d) 20 req/s × ${stormAlerts} alerts, paced`, mendbot.url, 1000 / stormAlerts, takeN(storm, (DURATION_S * 1000) / stormAlerts), CONNECTIONS),
      );
      log(`  p99 ${pacedRuns[pacedRuns.length - 1]!.latencyMs.p99} ms`);
      log('(d) 1,000 req/s × 1 alert, autocannon overallRate');
      fixed.push(
        await cannon({
          server: 'mendbot',
          label: '(d) 1,000 req/s × 1 alert, autocannon overallRate',
          url: mendbot.url,
          alertsPerRequest: singleAlerts,
          durationS: DURATION_S,
          connections: CONNECTIONS,
          overallRate: 1000 / singleAlerts,
          next: nextOf(single),
        }),
      );
      log(`(d) 20 req/s × ${stormAlerts} alerts, autocannon overallRate`);
      fixed.push(
        await cannon({
          server: 'mendbot',
          label: `(d) 20 req/s × ${stormAlerts} alerts, autocannon overallRate`,
          url: mendbot.url,
          alertsPerRequest: stormAlerts,
          durationS: DURATION_S,
          connections: CONNECTIONS,
          overallRate: 1000 / stormAlerts,
          next: nextOf(storm),
        }),
      );
    });

    const tenK = { fresh: fresh!, aged: aged! };
    const ratios = load
      .filter((l) => l.server === 'mendbot')
      .map((m) => {
        const b = load.find((l) => l.server === 'bare express' && l.label === m.label)!;
        return { label: m.label, mendbotReqPerSec: m.reqPerSec, bareReqPerSec: b.reqPerSec, ratio: round(m.reqPerSec / b.reqPerSec, 3) };
      });
    const p99Runs = [
      ...pacedRuns.map((p) => ({ label: p.label, p99: p.latencyMs.p99, failed: p.failed })),
      ...fixed.map((f) => ({ label: f.label, p99: f.latencyMs.p99, failed: f.non2xx + f.errors })),
    ];
    const verdicts = {
      throughputRatio: ratios.map((r) => ({ label: r.label, ratio: r.ratio, target: `≥ ${TARGETS.throughputRatio}`, met: r.ratio >= TARGETS.throughputRatio })),
      tenThousandAlerts: [tenK.fresh, tenK.aged].map((t) => ({
        label: t.label,
        ms: t.ms,
        target: `< ${TARGETS.tenThousandAlertsMs} ms`,
        met: t.ms < TARGETS.tenThousandAlertsMs && t.verified && t.acknowledged === t.groups,
      })),
      p99AtThousandAlertsPerSec: p99Runs.map((r) => ({
        ...r,
        target: `< ${TARGETS.p99AtThousandAlertsPerSecMs} ms`,
        met: r.p99 < TARGETS.p99AtThousandAlertsPerSecMs && r.failed === 0,
      })),
      everyAcknowledgedDeliveryStored: phases.every((p) => p.missingAcknowledged === 0 && p.incompleteAcknowledged === 0),
      everyMendbotExitedZero: phases.every((p) => p.mendbotExitCode === 0),
    };

    printReport({ load, ratios, tenK, fixed, pacedRuns, phases });

    const results = {
      runId,
      at: new Date().toISOString(),
      machine,
      source,
      settings: {
        connections: CONNECTIONS,
        durationS: DURATION_S,
        warmupS: WARMUP_S,
        mendbot: {
          logLevel: 'warn',
          sqliteSynchronous: 'NORMAL (default)',
          cli: path.relative(repoRoot, mendbotCli),
          freshInstancePerPhase: true,
          playbooksDir: PLAYBOOKS_DIR ?? '(empty directory)',
        },
        bodies: { singleBytes, singleAlerts, stormBytes, stormAlerts },
        bodiesGeneratedDuringLoad: single.generatedLive + storm.generatedLive,
      },
      targets: TARGETS,
      throughput: load,
      ratios,
      tenThousandAlerts: tenK,
      fixedRate: { paced: pacedRuns, autocannon: fixed },
      storage: phases,
      verdicts,
    };
    fs.mkdirSync(path.dirname(OUT_FILE), { recursive: true });
    fs.writeFileSync(OUT_FILE, `${JSON.stringify(results, null, 2)}\n`);
    log(`results written to ${path.relative(process.cwd(), OUT_FILE)}`);
  } finally {
    await bare.stop();
  }
}

/** Which mendbot was measured: the commit, and how many files in src/ and integrations/ differ from it. */
function gitState(): { commit: string; dirtyFiles: number } {
  try {
    const commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' }).trim();
    const status = execFileSync('git', ['status', '--porcelain', '--', 'src', 'integrations'], { cwd: repoRoot, encoding: 'utf8' });
    return { commit, dirtyFiles: status.split('\n').filter((l) => l.trim() !== '').length };
  } catch {
    return { commit: 'unknown', dirtyFiles: 0 };
  }
}

function takeN(stream: DistinctBodies, n: number): GeneratedBody[] {
  return Array.from({ length: n }, () => stream.next());
}

interface TenKFigures {
  label: string;
  groups: number;
  alertsPerGroup: number;
  concurrency: number;
  incidentsBefore: number;
  acknowledged: number;
  ms: number;
  alertsPerSec: number;
  verified: boolean;
  problems: string[];
  redelivery: { acknowledged: number; ms: number; verified: boolean; problems: string[] };
}

/** (c): 200 distinct 50-alert groups, 20 in flight; checked through the API; then all re-delivered. */
async function tenThousandAlerts(mendbot: QuietMendbot, label: string): Promise<TenKFigures> {
  const incidentsBefore = await countIncidents(mendbot.url);
  log(`${label}: 200 × 50 distinct alerts, 20 in flight (${incidentsBefore} incidents already stored)`);
  const groups = makeAlertmanagerBodies(runId, nextSeq, 200, 'storm').map(handOut);
  nextSeq += 200;
  const first = await postAll(mendbot.url, groups, 20);
  const firstOk = first.results.filter((r) => r.status >= 200 && r.status < 300).length;
  const firstProblems = await verifyGroups(mendbot.url, groups, 1);
  log(`  ${firstOk}/200 acknowledged in ${round(first.ms, 1)} ms; API check: ${firstProblems.length === 0 ? 'ok' : firstProblems.slice(0, 5).join('; ')}`);
  const again = await postAll(mendbot.url, groups, 20);
  const againOk = again.results.filter((r) => r.status >= 200 && r.status < 300).length;
  const againProblems = await verifyGroups(mendbot.url, groups, 2);
  log(`  re-delivery: ${againOk}/200 acknowledged in ${round(again.ms, 1)} ms; API check: ${againProblems.length === 0 ? 'ok' : againProblems.slice(0, 5).join('; ')}`);
  const alertsPerGroup = groups[0]!.alerts.length;
  return {
    label,
    groups: groups.length,
    alertsPerGroup,
    concurrency: 20,
    incidentsBefore,
    acknowledged: firstOk,
    ms: round(first.ms, 1),
    alertsPerSec: round((firstOk * alertsPerGroup) / (first.ms / 1000), 0),
    verified: firstProblems.length === 0,
    problems: firstProblems.slice(0, 20),
    redelivery: { acknowledged: againOk, ms: round(again.ms, 1), verified: againProblems.length === 0, problems: againProblems.slice(0, 20) },
  };
}

async function countIncidents(url: string): Promise<number> {
  let n = 0;
  let cursor: string | null = null;
  do {
    const page: { items: unknown[]; next_cursor: string | null } = await getJson(
      `${url}/api/incidents?status=all&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    n += page.items.length;
    cursor = page.next_cursor;
  } while (cursor);
  return n;
}

type PhaseStorage = ReturnType<typeof checkStored> & { phase: string; mendbotExitCode: number | null };

/** Runs `fn` against a fresh mendbot, then stops it (SIGTERM) and checks its SQLite file. */
async function withMendbot(phase: string, phases: PhaseStorage[], fn: (mendbot: QuietMendbot) => Promise<void>): Promise<void> {
  tracker = new AckTracker();
  const mendbot = await startQuietMendbot();
  log(`${phase}: mendbot ${mendbot.url} (data ${mendbot.dataDir})`);
  try {
    await fn(mendbot);
    const mendbotExitCode = await mendbot.stop(30_000);
    const stored = checkStored(path.join(mendbot.dataDir, 'mendbot.db'));
    phases.push({ phase, mendbotExitCode, ...stored });
    log(
      `${phase}: stopped (exit ${mendbotExitCode}); ${stored.acknowledgedBodies} acknowledged bodies, ` +
        `${stored.missingAcknowledged} missing, ${stored.incompleteAcknowledged} incomplete; DB ${round(stored.dbBytes / 2 ** 20, 1)} MiB`,
    );
  } finally {
    mendbot.kill();
    if (process.env.BENCH_KEEP_DATA) log(`data kept in ${mendbot.dataDir}`);
    else fs.rmSync(mendbot.dataDir, { recursive: true, force: true });
  }
}

/** After the server stopped: every acknowledged body must be an incident with all its alerts. */
function checkStored(file: string) {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    const byCorrelation = db.prepare('SELECT id FROM incidents WHERE correlation_id = ?');
    const alertsOf = db.prepare('SELECT COUNT(*) AS n FROM alerts WHERE incident_id = ?');
    let missingAcknowledged = 0;
    let incompleteAcknowledged = 0;
    const examples: string[] = [];
    let acknowledgedAlerts = 0;
    for (const { groupKey, alerts } of tracker.acknowledged.values()) {
      acknowledgedAlerts += alerts;
      const rows = byCorrelation.all(groupKey) as Array<{ id: string }>;
      if (rows.length === 0) {
        missingAcknowledged++;
        if (examples.length < 10) examples.push(`missing: ${groupKey}`);
        continue;
      }
      const n = rows.reduce((sum, r) => sum + (alertsOf.get(r.id) as { n: number }).n, 0);
      if (n !== alerts) {
        incompleteAcknowledged++;
        if (examples.length < 10) examples.push(`${groupKey}: ${n}/${alerts} alerts`);
      }
    }
    return {
      acknowledgedBodies: tracker.acknowledged.size,
      acknowledgedAlerts,
      bodiesHandedOut: tracker.handedOut.size,
      incidents: count('SELECT COUNT(*) AS n FROM incidents'),
      alerts: count('SELECT COUNT(*) AS n FROM alerts'),
      deliveries: count('SELECT COUNT(*) AS n FROM deliveries'),
      incidentsWithWrongAlertCount: count(
        'SELECT COUNT(*) AS n FROM incidents i WHERE i.alert_count != (SELECT COUNT(*) FROM alerts a WHERE a.incident_id = i.id)',
      ),
      missingAcknowledged,
      incompleteAcknowledged,
      examples,
      dbBytes: fs.statSync(file).size,
    };
  } finally {
    db.close();
  }
}

// ---------------------------------------------------------------------------------------------------------
// Output

function printReport(r: {
  load: LoadFigures[];
  ratios: Array<{ label: string; ratio: number }>;
  tenK: { fresh: TenKFigures; aged: TenKFigures };
  fixed: LoadFigures[];
  pacedRuns: PacedFigures[];
  phases: PhaseStorage[];
}): void {
  const mark = (met: boolean) => (met ? 'MET' : 'NOT MET');
  const rows: string[][] = [['scenario', 'server', 'req/s (median)', 'alerts/s', 'p50 ms', 'p99 ms', 'non-2xx/err', 'mendbot/bare', 'target']];
  for (const l of r.load) {
    const ratio = r.ratios.find((x) => x.label === l.label)!.ratio;
    const isMendbot = l.server === 'mendbot';
    rows.push([
      l.label,
      l.server,
      fmt(l.reqPerSec),
      fmt(l.alertsPerSec),
      fmt(l.latencyMs.p50),
      fmt(l.latencyMs.p99),
      `${l.non2xx}/${l.errors}`,
      isMendbot ? `${ratio.toFixed(2)}×` : '',
      isMendbot ? `≥ ${TARGETS.throughputRatio}× ${mark(ratio >= TARGETS.throughputRatio)}` : '',
    ]);
  }
  console.log('\nThroughput (autocannon, %d connections, %d s after %d s warm-up; fresh mendbot per scenario)', CONNECTIONS, DURATION_S, WARMUP_S);
  console.log(table(rows));

  console.log('\n(c) 10,000 distinct alerts = 200 POSTs × 50 alerts, 20 in flight');
  const cRows: string[][] = [['run', 'incidents before', 'acknowledged', 'time to last ack', 'alerts/s', 'API check', 're-delivery (dedup)', 'target']];
  for (const t of [r.tenK.fresh, r.tenK.aged]) {
    cRows.push([
      t.label,
      fmt(t.incidentsBefore),
      `${t.acknowledged}/${t.groups}`,
      `${fmt(t.ms)} ms`,
      fmt(t.alertsPerSec),
      t.verified ? `${t.groups} incidents × ${t.alertsPerGroup} alerts` : 'FAILED',
      `${t.redelivery.acknowledged}/${t.groups} in ${fmt(t.redelivery.ms)} ms, ${t.redelivery.verified ? 'nothing new, deliveryCount 2' : 'FAILED'}`,
      `< ${TARGETS.tenThousandAlertsMs} ms ${mark(t.ms < TARGETS.tenThousandAlertsMs && t.verified)}`,
    ]);
  }
  console.log(table(cRows));

  console.log('\n(d) acknowledgement latency at a fixed 1,000 alerts/s for %d s', DURATION_S);
  const dRows: string[][] = [['run', 'achieved req/s', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'failed', 'target']];
  for (const p of r.pacedRuns) {
    dRows.push([
      p.label,
      fmt(p.achievedReqPerSec),
      fmt(p.latencyMs.p50),
      fmt(p.latencyMs.p90),
      fmt(p.latencyMs.p99),
      fmt(p.latencyMs.max),
      String(p.failed),
      `p99 < ${TARGETS.p99AtThousandAlertsPerSecMs} ms ${mark(p.latencyMs.p99 < TARGETS.p99AtThousandAlertsPerSecMs)}`,
    ]);
  }
  for (const f of r.fixed) {
    dRows.push([
      f.label,
      fmt(f.reqPerSecMean),
      fmt(f.latencyMs.p50),
      fmt(f.latencyMs.p90),
      fmt(f.latencyMs.p99),
      fmt(f.latencyMs.max),
      String(f.non2xx + f.errors),
      `p99 < ${TARGETS.p99AtThousandAlertsPerSecMs} ms ${mark(f.latencyMs.p99 < TARGETS.p99AtThousandAlertsPerSecMs)}`,
    ]);
  }
  console.log(table(dRows));
  console.log(
    `  paced: ${CONNECTIONS} connections, requests evenly spaced, latency from when each was due (wrk2-style, no coordinated omission).\n` +
      '  autocannon overallRate: each connection sends its share back to back at the start of every second (bursts); 1 ms resolution.',
  );

  console.log('\nStorage: each mendbot stopped with SIGTERM, then its SQLite file read (read-only)');
  const sRows: string[][] = [['mendbot instance', 'exit', 'acked bodies', 'acked alerts', 'incidents', 'alerts', 'deliveries', 'acked but missing', 'incomplete', 'DB MiB']];
  for (const p of r.phases) {
    sRows.push([
      p.phase,
      String(p.mendbotExitCode),
      fmt(p.acknowledgedBodies),
      fmt(p.acknowledgedAlerts),
      fmt(p.incidents),
      fmt(p.alerts),
      fmt(p.deliveries),
      String(p.missingAcknowledged),
      String(p.incompleteAcknowledged),
      fmt(round(p.dbBytes / 2 ** 20, 1)),
    ]);
  }
  console.log(table(sRows));
  const examples = r.phases.flatMap((p) => p.examples);
  if (examples.length) console.log(`  e.g. ${examples.slice(0, 10).join('; ')}`);
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => (row[c] ?? '').length)));
  const line = (row: string[]) => `| ${row.map((cell, c) => cell.padEnd(widths[c]!)).join(' | ')} |`;
  return [line(rows[0]!), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.slice(1).map(line)].join('\n');
}

function fmt(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  return n >= 100 ? Math.round(n).toLocaleString('en-US') : String(round(n, 2));
}

function pct(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

function intEnv(name: string, fallback: number): number {
  const v = process.env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer, got ${v}`);
  return n;
}

function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`[bench] failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);

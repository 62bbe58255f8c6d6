/**
 * Engine benchmark: at 1,000 alerts/s, how long from an alert arriving to its run's first step starting, and
 * how many runs per second does the executor complete? Compared, in the same invocation, with the same load
 * on a mendbot whose playbook does not match (intake only), so a ratio can be quoted.
 *
 *   npm run build && npm run bench:engine
 *   (bench:engine = node -r @swc-node/register test/bench/engine-bench.ts)
 *
 * Two phases, each on its own freshly started built server (`dist/src/cli.js serve`, fresh temp data dir,
 * LOG_LEVEL=warn, default SQLite settings, default executor concurrency unless BENCH_ENGINE_CONCURRENCY):
 *
 *   baseline  the playbook's matcher never holds (alertname="EngineBenchNeverFires"): every delivery is
 *             stored, matched against the catalog and answered, no run is created;
 *   engine    the playbook matches every alert, `per: alert`, `mode: auto`, ONE trivial step:
 *             `wait` with duration 0s. Chosen over an http GET to a local target because it has no
 *             network hop and no third process competing for the same cores: what is measured is the
 *             engine's own path (claim transaction, lease, `running` checkpoint, action, `succeeded`
 *             checkpoint, final status), which every step of every playbook pays.
 *
 * Load (both phases identical): an open-loop, evenly paced client sends BENCH_ENGINE_REQ_RATE (50) POST
 * /webhooks/alertmanager per second, each a distinct 20-alert group (BENCH_ENGINE_ALERTS), for BENCH_DURATION
 * (10) s = 1,000 alerts/s, after a BENCH_WARMUP (1) s warm-up whose runs are drained and excluded. Bodies come
 * from alertmanager-bodies.ts (storm-shaped KubePodCrashLooping groups; every body its own group key,
 * fingerprints and startsAt), so each request opens one incident and, in the engine phase, creates 20 runs.
 *
 * Measured:
 *   - webhook acknowledgement latency (from when each request was due: no coordinated omission);
 *   - alert-to-first-step, precisely, for EVERY measured run from the API (GET /api/incidents/:id → runs):
 *       server  run.createdAt (= the delivery's receivedAt, written in the delivery's own transaction)
 *               → steps[0].startedAt (the `running` checkpoint, just before the action runs);
 *       e2e     when the client's request was due → steps[0].startedAt;
 *   - the same from GET /metrics `mendbot_alert_to_first_step_seconds` (delta of the histogram over the
 *     measured window; quantiles interpolated inside buckets like PromQL histogram_quantile, and the exact
 *     share ≤ 50 ms since 0.05 is a bucket bound). The executor observes it when it claims a run, a moment
 *     before the `running` checkpoint;
 *   - runs/s completed while the load ran, overall (first createdAt → last finishedAt), backlog at the end
 *     of the load and the time to drain it.
 * Target: p99 alert-to-first-step < 50 ms at 1,000 alerts/s. Results: test/bench/results/engine-latest.json
 * (BENCH_OUT to change). Client and server share the machine's cores; on 2 cores that matters.
 *
 * Other knobs: BENCH_DRAIN_TIMEOUT seconds (300; how long the backlog may take to drain after the load),
 * BENCH_ENGINE_CONCURRENCY (MENDBOT_EXECUTOR_CONCURRENCY), BENCH_KEEP_DATA=1 (keep the temp data
 * dirs), BENCH_SERVER_NODE_ARGS (extra node flags for the servers, e.g. "--cpu-prof --cpu-prof-dir=/tmp/p").
 */
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { spawn } from 'node:child_process';
import { lineReader, mendbotCli, repoRoot } from '../helpers/start-mendbot';
import { makeAlertmanagerBodies, type GeneratedBody } from './alertmanager-bodies';

const REQ_RATE = intEnv('BENCH_ENGINE_REQ_RATE', 50);
const ALERTS_PER_REQ = intEnv('BENCH_ENGINE_ALERTS', 20);
const DURATION_S = intEnv('BENCH_DURATION', 10);
const WARMUP_S = intEnv('BENCH_WARMUP', 1);
/** How long to wait for the backlog to drain after the load; past it the figures are reported as lower bounds. */
const DRAIN_TIMEOUT_S = intEnv('BENCH_DRAIN_TIMEOUT', 300);
const CONCURRENCY = process.env.BENCH_ENGINE_CONCURRENCY;
const OUT_FILE = process.env.BENCH_OUT ?? path.join(__dirname, 'results', 'engine-latest.json');
const TARGET_P99_MS = 50;
const WEBHOOK_PATH = '/webhooks/alertmanager';
const HEADERS = { 'Content-Type': 'application/json', 'User-Agent': 'Alertmanager/0.28.1' };
const METRIC = 'mendbot_alert_to_first_step_seconds';
const WEBHOOK_METRIC = 'mendbot_webhook_duration_seconds';

const benchId = `e${Date.now().toString(36)}`;
let nextSeq = 0;

function bodies(count: number): GeneratedBody[] {
  const out = makeAlertmanagerBodies(benchId, nextSeq, count, { alerts: ALERTS_PER_REQ });
  nextSeq += count;
  return out;
}

const playbook = (matcher: string) => `
name: engine-bench
description: One trivial step per alert (engine benchmark).
match: ['${matcher}']
mode: auto
per: alert
steps:
  - id: noop
    action: wait
    with: { duration: 0s }
`;

// ---------------------------------------------------------------------------------------------------------
// mendbot at LOG_LEVEL=warn (start-mendbot.ts waits for the info-level "listening" line, so: own port, /readyz)

interface Server {
  url: string;
  dataDir: string;
  logs: string[];
  stop(): Promise<number | null>;
}

async function startServer(name: string, matcher: string): Promise<Server> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `mendbot-engine-bench-${name}-`));
  const playbooksDir = path.join(dataDir, 'playbooks');
  fs.mkdirSync(playbooksDir);
  fs.writeFileSync(path.join(playbooksDir, 'engine-bench.yaml'), playbook(matcher));
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(PORT|LOG_LEVEL|MONGODB_URI|MENDBOT_.*|ALERTMANAGER_.*|PAGERDUTY_.*|SLACK_.*|GITHUB_.*|JIRA_.*|PROMETHEUS_URL|PLAYBOOKS_DIR|POSTMORTEM_DIR|https?_proxy|HTTPS?_PROXY)$/.test(key)) env[key] = value;
  }
  Object.assign(env, {
    PORT: String(port),
    MENDBOT_HOST: '127.0.0.1',
    MENDBOT_DATA_DIR: dataDir,
    PLAYBOOKS_DIR: playbooksDir,
    POSTMORTEM_DIR: path.join(dataDir, 'postmortems'),
    LOG_LEVEL: 'warn',
    ...(CONCURRENCY ? { MENDBOT_EXECUTOR_CONCURRENCY: CONCURRENCY } : {}),
  });
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, mendbotCli, 'serve'], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
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
    if (exitCode !== undefined) throw new Error(`mendbot (${name}) exited with ${exitCode} before it was ready:\n${logs.join('\n')}`);
    try {
      if ((await fetch(`${url}/readyz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`mendbot (${name}) not ready within 20 s:\n${logs.join('\n')}`);
    }
    await sleep(50);
  }
  return {
    url,
    dataDir,
    logs,
    async stop() {
      if (exitCode === undefined) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
        await exited;
        clearTimeout(timer);
      }
      if (!process.env.BENCH_KEEP_DATA) fs.rmSync(dataDir, { recursive: true, force: true });
      return exitCode ?? null;
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// Load: open loop, evenly paced, latency from when each request was due

interface Sent {
  body: GeneratedBody;
  /** Wall-clock ms (Date.now scale) when the request was due. */
  dueWall: number;
  status: number;
  /** ms from due to the end of the response. */
  ackMs: number;
  /** The response body of a non-200 (or the connection error). */
  error?: string;
  /** ms between when the request was due and when the client actually issued it (client-side lag). */
  dispatchLagMs: number;
  /** ms from issuing the request to the end of its response. */
  fromSendMs: number;
  incidentId?: string;
}

function post(agent: http.Agent, base: URL, body: Buffer): Promise<{ status: number; text: string; error?: string }> {
  return new Promise((resolve) => {
    const req = http.request(
      { host: base.hostname, port: base.port, path: WEBHOOK_PATH, method: 'POST', agent, headers: { ...HEADERS, 'Content-Length': String(body.length) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', () => resolve({ status: 0, text: '' }));
      },
    );
    req.on('error', (e: NodeJS.ErrnoException) => resolve({ status: 0, text: '', error: e.code ?? e.message }));
    req.end(body);
  });
}

async function paced(url: string, list: GeneratedBody[], rate: number): Promise<{ sent: Sent[]; startWall: number; endWall: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });
  const base = new URL(url);
  const interval = 1000 / rate;
  const sent: Sent[] = [];
  const inFlight: Array<Promise<void>> = [];
  const t0 = performance.now() + 20;
  let i = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (i < list.length && t0 + i * interval <= now) {
        const due = t0 + i * interval;
        const body = list[i++]!;
        const issued = performance.now();
        inFlight.push(
          post(agent, base, body.body).then((r) => {
            const done = performance.now();
            const s: Sent = {
              body,
              dueWall: performance.timeOrigin + due,
              status: r.status,
              ackMs: done - due,
              dispatchLagMs: issued - due,
              fromSendMs: done - issued,
            };
            if (r.status === 200) s.incidentId = (JSON.parse(r.text) as { decisions: Array<{ incidentId: string }> }).decisions[0]?.incidentId;
            else s.error = r.error ?? `${r.status} ${r.text.slice(0, 300)}`;
            sent.push(s);
          }),
        );
      }
      if (i < list.length) setTimeout(tick, Math.max(0, t0 + i * interval - performance.now() - 0.5));
      else resolve();
    };
    tick();
  });
  await Promise.all(inFlight);
  agent.destroy();
  return { sent, startWall: performance.timeOrigin + t0, endWall: performance.timeOrigin + t0 + list.length * interval };
}

// ---------------------------------------------------------------------------------------------------------
// Metrics scraping

interface Histogram {
  buckets: Array<{ le: number; count: number }>;
  count: number;
  sum: number;
}

/** A histogram summed over all its label sets (e.g. every status_code of the webhook duration). */
async function scrapeHistogram(url: string, name: string): Promise<Histogram> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const byLe = new Map<number, number>();
  let count = 0;
  let sum = 0;
  for (const line of text.split('\n')) {
    const bucket = line.match(new RegExp(`^${name}_bucket\\{.*le="([^"]+)".*\\}\\s+(\\S+)`));
    if (bucket) {
      const le = bucket[1] === '+Inf' ? Infinity : Number(bucket[1]);
      byLe.set(le, (byLe.get(le) ?? 0) + Number(bucket[2]));
    }
    const c = line.match(new RegExp(`^${name}_count(?:\\{[^}]*\\})?\\s+(\\S+)`));
    if (c) count += Number(c[1]);
    const s = line.match(new RegExp(`^${name}_sum(?:\\{[^}]*\\})?\\s+(\\S+)`));
    if (s) sum += Number(s[1]);
  }
  return { buckets: [...byLe].map(([le, n]) => ({ le, count: n })).sort((a, b) => a.le - b.le), count, sum };
}

async function scrapeCounterSum(url: string, name: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  let total = 0;
  for (const line of text.split('\n')) {
    const m = line.match(new RegExp(`^${name}(?:\\{[^}]*\\})?\\s+(\\S+)`));
    if (m) total += Number(m[1]);
  }
  return total;
}

function histogramDelta(after: Histogram, before: Histogram): Histogram {
  return {
    buckets: after.buckets.map((b) => ({ le: b.le, count: b.count - (before.buckets.find((x) => x.le === b.le)?.count ?? 0) })),
    count: after.count - before.count,
    sum: after.sum - before.sum,
  };
}

/** PromQL histogram_quantile: linear interpolation inside the bucket holding the quantile; seconds. */
function histogramQuantile(h: Histogram, q: number): number {
  if (h.count === 0) return NaN;
  const rank = q * h.count;
  let prevLe = 0;
  let prevCount = 0;
  for (const b of h.buckets) {
    if (b.count >= rank) {
      if (b.le === Infinity) return prevLe; // beyond the last finite bound: the bound is all we know
      return prevLe + ((b.le - prevLe) * (rank - prevCount)) / Math.max(1, b.count - prevCount);
    }
    prevLe = b.le;
    prevCount = b.count;
  }
  return prevLe;
}

// ---------------------------------------------------------------------------------------------------------
// Runs from the API

interface ApiRun {
  id: string;
  status: string;
  createdAt: string;
  finishedAt: string | null;
  context: { labels: Record<string, string> };
  steps: Array<{ status: string; startedAt?: string }>;
}

async function runsOf(url: string, incidentIds: string[]): Promise<ApiRun[]> {
  const out: ApiRun[] = [];
  const queue = [...incidentIds];
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (queue.length > 0) {
        const id = queue.pop()!;
        const res = await fetch(`${url}/api/incidents/${id}`);
        if (!res.ok) throw new Error(`GET /api/incidents/${id}: ${res.status}`);
        out.push(...((await res.json()) as { runs: ApiRun[] }).runs);
      }
    }),
  );
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Phases

interface Latency {
  n: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

interface PhaseResult {
  name: 'baseline' | 'engine';
  playbookMatcher: string;
  requests: number;
  alerts: number;
  non200: number;
  /** The first failure, if any (status and body, or the connection error). */
  firstError?: string;
  achievedAlertsPerSec: number;
  ackLatencyMs: Latency;
  /** Client diagnostics: how late requests were issued (should stay ~0) and latency from issue instead of due. */
  clientDispatchLagMs: Latency;
  ackFromSendMs: Latency;
  /** Server side, from /metrics mendbot_webhook_duration_seconds over the measured load (bucket-interpolated). */
  serverWebhookMs: { p50: number; p99: number; mean: number };
}

interface EngineResult extends PhaseResult {
  runsExpected: number;
  runsFound: number;
  runStatuses: Record<string, number>;
  alertToFirstStepMs: { server: Latency; endToEnd: Latency };
  metricsHistogram: {
    observations: number;
    p50Ms: number;
    p90Ms: number;
    p99Ms: number;
    shareAtOrBelow50Ms: number;
    /** The largest finite bucket bound (ms): a quantile equal to it means "at least this" (+Inf bucket). */
    lastFiniteBoundMs: number;
    meanMs: number;
    buckets: Array<{ le: number; count: number }>;
  };
  runsPerSec: { duringLoad: number; overall: number };
  backlogAtLoadEnd: number;
  drainMsAfterLoadEnd: number;
  /** True if runs were still unfinished after BENCH_DRAIN_TIMEOUT: every latency figure is then a lower bound. */
  drainTimedOut: boolean;
  runsNotStartedAtTimeout: number;
}

async function warmUp(server: Server): Promise<number> {
  const list = bodies(REQ_RATE * WARMUP_S);
  const { sent } = await paced(server.url, list, REQ_RATE);
  return sent.filter((s) => s.status === 200).length;
}

async function baseline(): Promise<PhaseResult> {
  const matcher = 'alertname="EngineBenchNeverFires"';
  const server = await startServer('baseline', matcher);
  try {
    await warmUp(server);
    await sleep(1000);
    const hooksBefore = await scrapeHistogram(server.url, WEBHOOK_METRIC);
    const { sent, startWall } = await paced(server.url, bodies(REQ_RATE * DURATION_S), REQ_RATE);
    const hooks = histogramDelta(await scrapeHistogram(server.url, WEBHOOK_METRIC), hooksBefore);
    return phaseFigures('baseline', matcher, sent, startWall, hooks);
  } finally {
    await server.stop();
  }
}

function phaseFigures(name: PhaseResult['name'], matcher: string, sent: Sent[], startWall: number, hooks: Histogram): PhaseResult {
  const lastAck = Math.max(...sent.map((s) => s.dueWall + s.ackMs));
  const ok = sent.filter((s) => s.status === 200);
  return {
    name,
    playbookMatcher: matcher,
    requests: sent.length,
    alerts: ok.length * ALERTS_PER_REQ,
    non200: sent.length - ok.length,
    firstError: sent.find((s) => s.status !== 200)?.error,
    achievedAlertsPerSec: round((ok.length * ALERTS_PER_REQ) / ((lastAck - startWall) / 1000), 1),
    ackLatencyMs: latency(ok.map((s) => s.ackMs)),
    clientDispatchLagMs: latency(sent.map((s) => s.dispatchLagMs)),
    ackFromSendMs: latency(ok.map((s) => s.fromSendMs)),
    serverWebhookMs: {
      p50: round(histogramQuantile(hooks, 0.5) * 1000, 2),
      p99: round(histogramQuantile(hooks, 0.99) * 1000, 2),
      mean: round((hooks.sum / hooks.count) * 1000, 2),
    },
  };
}

async function engine(): Promise<EngineResult> {
  const matcher = 'alertname="KubePodCrashLooping"';
  const server = await startServer('engine', matcher);
  try {
    const warm = await warmUp(server);
    if (!(await waitForRuns(server.url, warm * ALERTS_PER_REQ, 60_000))) throw new Error('the warm-up runs did not finish within 60 s');
    const before = await scrapeHistogram(server.url, METRIC);
    const finishedBefore = await scrapeCounterSum(server.url, 'mendbot_runs_total');
    const hooksBefore = await scrapeHistogram(server.url, WEBHOOK_METRIC);

    const { sent, startWall, endWall } = await paced(server.url, bodies(REQ_RATE * DURATION_S), REQ_RATE);
    const hooks = histogramDelta(await scrapeHistogram(server.url, WEBHOOK_METRIC), hooksBefore);
    const figures = phaseFigures('engine', matcher, sent, startWall, hooks);
    const ok = sent.filter((s) => s.status === 200);
    const expected = ok.length * ALERTS_PER_REQ;
    log(`engine: load sent; waiting for ${expected} runs to finish`);
    const drained = await waitForRuns(server.url, finishedBefore + expected, DRAIN_TIMEOUT_S * 1000);
    if (!drained) log(`engine: the backlog did not drain within ${DRAIN_TIMEOUT_S} s; reporting what finished (latencies are lower bounds)`);
    const after = await scrapeHistogram(server.url, METRIC);

    const runs = await runsOf(server.url, ok.map((s) => s.incidentId!).filter(Boolean));
    const dueBySeqGroup = new Map(ok.map((s) => [`${benchId}-${s.body.seq}`, s.dueWall]));
    const statuses: Record<string, number> = {};
    const server_: number[] = [];
    const e2e: number[] = [];
    for (const r of runs) {
      statuses[r.status] = (statuses[r.status] ?? 0) + 1;
      const started = r.steps[0]?.startedAt;
      if (!started) continue;
      server_.push(Date.parse(started) - Date.parse(r.createdAt));
      const due = dueBySeqGroup.get(r.context.labels.bench_group ?? '');
      if (due !== undefined) e2e.push(Date.parse(started) - due);
    }
    const finished = runs.filter((r) => r.finishedAt).map((r) => Date.parse(r.finishedAt!));
    const created = runs.map((r) => Date.parse(r.createdAt));
    const lastFinished = Math.max(...finished);
    const delta = histogramDelta(after, before);
    const le50 = delta.buckets.find((b) => b.le === 0.05)?.count ?? NaN;
    return {
      ...figures,
      runsExpected: expected,
      runsFound: runs.length,
      runStatuses: statuses,
      alertToFirstStepMs: { server: latency(server_), endToEnd: latency(e2e) },
      metricsHistogram: {
        observations: delta.count,
        p50Ms: round(histogramQuantile(delta, 0.5) * 1000, 1),
        p90Ms: round(histogramQuantile(delta, 0.9) * 1000, 1),
        p99Ms: round(histogramQuantile(delta, 0.99) * 1000, 1),
        shareAtOrBelow50Ms: round(le50 / delta.count, 4),
        lastFiniteBoundMs: Math.max(...delta.buckets.filter((b) => Number.isFinite(b.le)).map((b) => b.le)) * 1000,
        meanMs: round((delta.sum / delta.count) * 1000, 1),
        buckets: delta.buckets,
      },
      runsPerSec: {
        duringLoad: round(finished.filter((f) => f >= startWall && f <= endWall).length / ((endWall - startWall) / 1000), 1),
        overall: round(runs.length / ((lastFinished - Math.min(...created)) / 1000), 1),
      },
      backlogAtLoadEnd: runs.filter((r) => Date.parse(r.createdAt) <= endWall && (!r.finishedAt || Date.parse(r.finishedAt) > endWall)).length,
      drainMsAfterLoadEnd: Math.max(0, Math.round(lastFinished - endWall)),
      drainTimedOut: !drained,
      runsNotStartedAtTimeout: runs.filter((r) => !r.steps[0]?.startedAt).length,
    };
  } finally {
    await server.stop();
  }
}

/** Polls mendbot_runs_total until it reaches `finishedTotal`; false if it did not within `timeoutMs`. */
async function waitForRuns(url: string, finishedTotal: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const n = await scrapeCounterSum(url, 'mendbot_runs_total');
    if (n >= finishedTotal) return true;
    if (Date.now() > deadline) return false;
    await sleep(250);
  }
}

// ---------------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  if (!fs.existsSync(mendbotCli)) throw new Error('dist/src/cli.js is missing: run `npm run build` first');
  const alertsPerSec = REQ_RATE * ALERTS_PER_REQ;
  const loadAtStart = os.loadavg().map((l) => round(l, 2));
  if (loadAtStart[0]! > 0.5) log(`note: the machine is not idle (load average ${loadAtStart.join(' ')}); figures will be noisier`);
  log(`load: ${REQ_RATE} req/s × ${ALERTS_PER_REQ} alerts = ${alertsPerSec} alerts/s for ${DURATION_S} s (+${WARMUP_S} s warm-up), ${os.cpus().length} cores`);
  log('phase 1/2: baseline (no matching playbook: intake only)');
  const base = await baseline();
  log('phase 2/2: engine (per-alert auto playbook, one `wait 0s` step)');
  const eng = await engine();

  const p99 = eng.alertToFirstStepMs.server.p99;
  const result = {
    at: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      cpu: os.cpus()[0]?.model,
      node: process.version,
      platform: `${os.platform()} ${os.release()}`,
      // Other work on the machine skews everything here; the 1-minute load average says how busy it was.
      loadAvgAtStart: loadAtStart,
      loadAvgAtEnd: os.loadavg().map((l) => round(l, 2)),
    },
    load: { requestsPerSec: REQ_RATE, alertsPerRequest: ALERTS_PER_REQ, alertsPerSec, durationS: DURATION_S, warmupS: WARMUP_S, executorConcurrency: CONCURRENCY ?? 'default (8)' },
    step: 'wait { duration: 0s } (no network hop: the engine path only)',
    target: { p99AlertToFirstStepMs: TARGET_P99_MS, met: p99 < TARGET_P99_MS },
    baseline: base,
    engine: eng,
    ratios: {
      alertToFirstStepP99OverBaselineAckP99: round(p99 / base.ackLatencyMs.p99, 2),
      alertToFirstStepP50OverBaselineAckP50: round(eng.alertToFirstStepMs.server.p50 / base.ackLatencyMs.p50, 2),
      engineAckP99OverBaselineAckP99: round(eng.ackLatencyMs.p99 / base.ackLatencyMs.p99, 2),
    },
  };
  fs.mkdirSync(path.dirname(OUT_FILE), { recursive: true });
  fs.writeFileSync(OUT_FILE, `${JSON.stringify(result, null, 2)}\n`);
  report(result);
  log(`results written to ${path.relative(repoRoot, OUT_FILE)}`);
}

function report(r: {
  load: { alertsPerSec: number; durationS: number };
  baseline: PhaseResult;
  engine: EngineResult;
  ratios: Record<string, number>;
  target: { met: boolean };
}): void {
  const b = r.baseline;
  const e = r.engine;
  const ms = (l: Latency) => [fmt(l.p50), fmt(l.p90), fmt(l.p99), fmt(l.max)];
  const h = e.metricsHistogram;
  const bucketMs = (v: number) => (v >= h.lastFiniteBoundMs ? `≥${fmt(v)}` : fmt(v));
  console.log(`\nEngine benchmark: ${r.load.alertsPerSec} alerts/s for ${r.load.durationS} s (per-alert auto playbook, one \`wait 0s\` step)\n`);
  console.log(
    table([
      ['measure (ms)', 'n', 'p50', 'p90', 'p99', 'max'],
      ['baseline: webhook ack, no matching playbook', String(b.ackLatencyMs.n), ...ms(b.ackLatencyMs)],
      ['engine: webhook ack', String(e.ackLatencyMs.n), ...ms(e.ackLatencyMs)],
      ['engine: alert-to-first-step (createdAt → steps[0].startedAt)', String(e.alertToFirstStepMs.server.n), ...ms(e.alertToFirstStepMs.server)],
      ['engine: request due → steps[0].startedAt', String(e.alertToFirstStepMs.endToEnd.n), ...ms(e.alertToFirstStepMs.endToEnd)],
      [
        `engine: /metrics ${METRIC} (bucket-interpolated)`,
        String(e.metricsHistogram.observations),
        bucketMs(h.p50Ms),
        bucketMs(h.p90Ms),
        bucketMs(h.p99Ms),
        '-',
      ],
    ]),
  );
  console.log(
    `\n  /metrics: ${(e.metricsHistogram.shareAtOrBelow50Ms * 100).toFixed(2)}% of first steps within 50 ms (exact: 0.05 is a bucket bound); mean ${fmt(e.metricsHistogram.meanMs)} ms`,
  );
  console.log(
    `  runs: ${e.runsFound}/${e.runsExpected} found, statuses ${JSON.stringify(e.runStatuses)}; completed ${fmt(e.runsPerSec.duringLoad)} runs/s during the load, ${fmt(e.runsPerSec.overall)} runs/s overall;` +
      ` backlog at load end ${e.backlogAtLoadEnd}, ` +
      (e.drainTimedOut
        ? `NOT drained after ${DRAIN_TIMEOUT_S} s (${e.runsNotStartedAtTimeout} runs never started; latencies above are lower bounds)`
        : `drained ${fmt(e.drainMsAfterLoadEnd)} ms after`),
  );
  console.log(
    `  server-side webhook handling (/metrics ${WEBHOOK_METRIC}): baseline p50 ${fmt(b.serverWebhookMs.p50)} / p99 ${fmt(b.serverWebhookMs.p99)} ms,` +
      ` engine p50 ${fmt(e.serverWebhookMs.p50)} / p99 ${fmt(e.serverWebhookMs.p99)} ms`,
  );
  console.log(`  achieved alerts/s: baseline ${fmt(b.achievedAlertsPerSec)}, engine ${fmt(e.achievedAlertsPerSec)}; non-200: baseline ${b.non200}, engine ${e.non200}`);
  for (const p of [b, e]) if (p.firstError) console.log(`  first failure (${p.name}): ${p.firstError}`);
  console.log(
    `  client check: requests issued p99 ${fmt(b.clientDispatchLagMs.p99)} ms (baseline) / ${fmt(e.clientDispatchLagMs.p99)} ms (engine) after they were due;` +
      ` ack from issue p99 ${fmt(b.ackFromSendMs.p99)} / ${fmt(e.ackFromSendMs.p99)} ms`,
  );
  console.log(
    `  target p99 alert-to-first-step < ${TARGET_P99_MS} ms: ${fmt(e.alertToFirstStepMs.server.p99)} ms ${r.target.met ? 'MET' : 'NOT MET'};` +
      ` ratio to baseline ack p99 ${r.ratios.alertToFirstStepP99OverBaselineAckP99}×; engine ack p99 / baseline ack p99 ${r.ratios.engineAckP99OverBaselineAckP99}×`,
  );
}

// ---------------------------------------------------------------------------------------------------------
// Small things

function latency(values: number[]): Latency {
  const s = [...values].sort((a, b) => a - b);
  return { n: s.length, p50: round(pct(s, 50), 2), p90: round(pct(s, 90), 2), p99: round(pct(s, 99), 2), max: round(s[s.length - 1] ?? NaN, 2) };
}

function pct(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

function fmt(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  return n >= 100 ? Math.round(n).toLocaleString('en-US') : String(round(n, 2));
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => (row[c] ?? '').length)));
  const line = (row: string[]) => `| ${row.map((cell, c) => cell.padEnd(widths[c]!)).join(' | ')} |`;
  return [line(rows[0]!), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.slice(1).map(line)].join('\n');
}

function intEnv(name: string, fallback: number): number {
  const v = process.env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer, got ${v}`);
  return n;
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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function log(message: string): void {
  process.stderr.write(`[bench:engine] ${message}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`[bench:engine] failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);

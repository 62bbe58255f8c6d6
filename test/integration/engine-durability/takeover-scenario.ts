/**
 * A dead (or frozen) replica's runs, taken over by the other one: two built servers (A, B) on ONE SQLite data
 * directory, runs in flight on A only, then kill -9 A (or SIGSTOP it for a while: an event-loop stall as long as
 * you like), and measure on B how long each of A's runs waited from that moment until it was resumed (B
 * recorded something about it: the takeover, a retried step) or final.
 *
 * A's runs at the kill, half of each kind:
 *   - `takeover-http`: a non-idempotent http POST held open by the target (mid-flight): B must flag the run
 *     needs_attention without repeating the request, and never run the step after it;
 *   - `takeover-wait`: an http POST that completed, then an idempotent `wait` in flight: B must retry the wait,
 *     never repeat the completed POST, and run the last step once.
 * Each run holds a lock (its own key), which must not hold up its own takeover. Both processes run with the
 * default MENDBOT_RUN_LEASE (what is measured is the shipped default) and enough executor slots for every run,
 * so the figure is the takeover delay, not a queue behind busy slots.
 *
 * A frozen A is thawed (SIGCONT) once B is done, and keeps running: it must notice that it lost its leases and
 * start no further step of those runs (its in-flight attempts end, their checkpoints are refused).
 *
 * Used by takeover-after-kill.test.ts, frozen-owner.test.ts and test/bench/takeover-bench.ts. Needs `npm run build`.
 * Not a test file (jest only collects *.test.ts).
 */
import { startCountingTarget } from '../../helpers/start-counting-target';
import type { RunningMendbot } from '../../helpers/start-mendbot';
import { waitFor } from '../../helpers/wait-for';
import {
  alertmanagerBody,
  deliver,
  finalStatuses,
  getIncident,
  killHard,
  logTail,
  playbooksDir,
  sleep,
  startNode,
  stepOf,
  tempDir,
  type ApiIncidentDetail,
  type ApiRun,
} from './durability-harness';

type Target = Awaited<ReturnType<typeof startCountingTarget>>;

interface TakenOverRun {
  run: ApiRun;
  kind: 'http' | 'wait';
  /** From the kill until the survivor's first record of the run (its takeover, a retry, or its final status). */
  takeoverMs: number;
  /** Messages of the run's timeline entries written after the kill (all by the survivor: A is dead). */
  afterKill: string[];
  /** `data.owner` of the takeover entry, if there is one. */
  takenOverBy: string | undefined;
}

export interface TakeoverOutcome {
  runs: TakenOverRun[];
  /** A's log lines (a frozen A keeps logging after it is thawed). */
  ownerLogs: string[];
  /** Pid of the survivor, to check that its executor owns the takeovers. */
  survivorPid: number;
  slow: Target;
  fast: Target;
}

const settings = (concurrency: number) => ({
  // Blank = unset: the default lease, whatever the harness's short test lease is.
  MENDBOT_RUN_LEASE: '',
  MENDBOT_EXECUTOR_CONCURRENCY: String(concurrency),
});

export interface TakeoverOptions {
  /** Runs of each kind in flight on A. */
  perKind: number;
  /** Makes alert names, instances and targets' paths unique to this scenario. */
  tag: string;
  /** kill -9 A, or freeze it (SIGSTOP) for this long, then thaw it (SIGCONT). */
  disrupt: 'kill' | { freezeMs: number };
  /** How long the target holds each `poke` request open (default 8 s: still in flight at the disruption). */
  pokeMs?: number;
  /** Extra wait between "every run in flight" and the disruption (varies where in the renewal cycle it falls). */
  delayMs?: number;
}

/** One disruption of A with runs in flight; resolves once every run is final (on B, or on A after a short freeze). */
export async function measureTakeover(options: TakeoverOptions): Promise<TakeoverOutcome> {
  const { perKind, tag } = options;
  const slow = await startCountingTarget({ delayMs: options.pokeMs ?? 8_000 });
  const fast = await startCountingTarget();
  const pbDir = playbooksDir({
    'http.yaml': `
name: takeover-http
match: ['alertname="TakeoverHttp${tag}"']
mode: auto
per: alert
lock: "http/{{ labels.instance }}"
steps:
  - id: poke
    action: http
    with: { method: POST, url: "${slow.url}/poke/{{ labels.instance }}" }
  - id: done
    action: http
    with: { method: POST, url: "${fast.url}/done/{{ labels.instance }}" }
`,
    'wait.yaml': `
name: takeover-wait
match: ['alertname="TakeoverWait${tag}"']
mode: auto
per: alert
lock: "wait/{{ labels.instance }}"
steps:
  - id: first
    action: http
    with: { method: POST, url: "${fast.url}/first/{{ labels.instance }}" }
  - id: settle
    action: wait
    with: { duration: 6s }
  - id: last
    action: http
    with: { method: POST, url: "${fast.url}/last/{{ labels.instance }}" }
`,
  });
  const dataDir = tempDir('mendbot-takeover-');
  const env = settings(perKind * 2 + 8);
  let a: RunningMendbot | undefined;
  let b: RunningMendbot | undefined;
  try {
    a = await startNode({ playbooksDir: pbDir, dataDir, env });
    const instances = Array.from({ length: perKind }, (_, i) => ({ labels: { instance: `${tag}n${i}`, severity: 'critical' } }));
    const httpAck = await deliver(a.url, alertmanagerBody({ alertname: `TakeoverHttp${tag}` }, instances).body);
    const waitAck = await deliver(a.url, alertmanagerBody({ alertname: `TakeoverWait${tag}` }, instances).body);
    const incidents = [...new Set([...httpAck.decisions, ...waitAck.decisions].map((d) => d.incidentId))];
    const readRuns = async () => (await Promise.all(incidents.map((id) => getIncident(b?.url ?? a!.url, id)))).flatMap((d) => d.runs.map((run) => ({ run, detail: d })));

    // Every run in flight on A: each poke received (and held), each wait running after its completed POST.
    await waitFor(
      async () => {
        const runs = await readRuns();
        const waiting = runs.filter(({ run }) => run.playbook === 'takeover-wait' && stepOf(run, 'settle').status === 'running');
        return runs.length === perKind * 2 && slow.count() === perKind && waiting.length === perKind;
      },
      { description: 'every run in flight on A', timeoutMs: 20_000, intervalMs: 20 },
    );
    b = await startNode({ playbooksDir: pbDir, dataDir, env });
    const beforeKill = await readRuns();
    if (beforeKill.some(({ run }) => run.status !== 'running')) throw new Error(`a run left A before the kill: ${beforeKill.map(({ run }) => run.status).join(',')}`);

    await sleep(options.delayMs ?? 0);
    const killAt = Date.now();
    if (options.disrupt === 'kill') await killHard(a);
    else await freeze(a, options.disrupt.freezeMs);
    const settled = await waitFor(
      async () => {
        const runs = await readRuns();
        return runs.every(({ run }) => finalStatuses.has(run.status)) ? runs : undefined;
      },
      { description: "every one of A's runs final", timeoutMs: 60_000, intervalMs: 50 },
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n--- A ---\n${logTail(a)}\n--- B ---\n${logTail(b)}`);
    });
    if (options.disrupt !== 'kill') await sleep(1_500); // the thawed A: time to (wrongly) start a next step
    return {
      runs: settled.map(({ run, detail }) => measure(run, detail, killAt)),
      ownerLogs: [...a.logs],
      survivorPid: b.process.pid!,
      slow,
      fast,
    };
  } finally {
    await b?.stop();
    a?.process.kill('SIGCONT');
    a?.kill();
  }
}

/** SIGSTOP for `ms`, then SIGCONT: the process stalls completely (timers, sockets), as in a long GC pause or a VM freeze. */
async function freeze(m: RunningMendbot, ms: number): Promise<void> {
  m.process.kill('SIGSTOP');
  await sleep(ms);
  m.process.kill('SIGCONT');
}

function measure(run: ApiRun, detail: ApiIncidentDetail, killAt: number): TakenOverRun {
  const after = detail.timeline.filter((e) => e.data.runId === run.id && Date.parse(e.at) >= killAt);
  const firstRecord = Math.min(...after.map((e) => Date.parse(e.at)), run.finishedAt ? Date.parse(run.finishedAt) : Infinity);
  const takeover = after.find((e) => typeof e.data.takenOverFrom === 'string');
  return {
    run,
    kind: run.playbook === 'takeover-http' ? 'http' : 'wait',
    takeoverMs: firstRecord - killAt,
    afterKill: after.map((e) => e.message),
    takenOverBy: typeof takeover?.data.owner === 'string' ? takeover.data.owner : undefined,
  };
}

/** min / median / p90 / max of a list of milliseconds, for the report. */
export function distribution(ms: number[]): { n: number; min: number; median: number; p90: number; max: number } {
  const sorted = [...ms].sort((x, y) => x - y);
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
  return { n: sorted.length, min: sorted[0]!, median: rank(50), p90: rank(90), max: sorted[sorted.length - 1]! };
}

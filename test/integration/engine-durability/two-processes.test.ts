/**
 * Two mendbot processes (A and B, different ports) on ONE SQLite file (the same MENDBOT_DATA_DIR): the
 * store's claim (one IMMEDIATE transaction, lease with owner + expiry) must give every run to exactly one
 * process, and the controls both processes read before every step must make a pause on A stop B.
 *
 * Who executed a run is established twice, independently:
 *   1. the kernel: the target records which process holds the client socket of each request
 *      (sender-aware-target.ts: /proc/net/tcp + /proc/<pid>/fd), so "the side effect came from A" is a fact
 *      about the connection, not something mendbot reports about itself;
 *   2. mendbot's logs: the executor logs `run <status>: …` with the runId, only in the process whose lease
 *      wrote the final checkpoint (saveRun fails with LeaseLostError for anyone else). With exactly one
 *      "started" checkpoint per step in the timeline and no "interrupted" event, that process is the one that
 *      ran the step.
 * The test requires both to agree run by run.
 *
 * Needs `npm run build` (spawns dist/src/cli.js through test/helpers/start-mendbot.ts).
 */
import type { RunningMendbot } from '../../helpers/start-mendbot';
import { waitFor } from '../../helpers/wait-for';
import {
  alertmanagerBody,
  allIncidentIds,
  deliver,
  finalStatuses,
  getIncident,
  logRecordsMatching,
  logTail,
  playbooksDir,
  postJson,
  runEvents,
  sleep,
  startNode,
  tempDir,
  type ApiIncidentDetail,
  type ApiRun,
} from './durability-harness';
import { startSenderAwareTarget } from './sender-aware-target';

jest.setTimeout(90_000);

type Target = Awaited<ReturnType<typeof startSenderAwareTarget>>;

const FANOUT_DELIVERIES = 10;
const ALERTS_PER_DELIVERY = 3; // 30 alerts, per: alert → 30 runs
const PAUSE_STEPS = ['s1', 's2', 's3', 's4'];

describe('two mendbot processes sharing one SQLite file', () => {
  let a: RunningMendbot | undefined;
  let b: RunningMendbot | undefined;
  let fanoutTarget: Target;
  let pauseTarget: Target;
  const processes = () => ({ A: a?.process.pid, B: b?.process.pid });

  beforeAll(async () => {
    fanoutTarget = await startSenderAwareTarget({ delayMs: 150, processes });
    pauseTarget = await startSenderAwareTarget({ delayMs: 300, processes });
    const dir = playbooksDir({
      'fanout.yaml': `
name: duo-fanout
match: ['alertname="DuoFanout"']
mode: auto
per: alert
steps:
  - id: hit
    action: http
    with: { method: POST, url: "${fanoutTarget.url}/hit/{{ labels.instance }}" }
`,
      'pause.yaml': `
name: duo-pause
match: ['alertname="DuoPause"']
mode: auto
per: alert
steps:
${PAUSE_STEPS.map((s) => `  - id: ${s}\n    action: http\n    with: { method: POST, url: "${pauseTarget.url}/{{ labels.instance }}/${s}" }`).join('\n')}
`,
    });
    const dataDir = tempDir('mendbot-durability-two-');
    // A creates the schema first; B opens the same file. Short lease: a stolen lease would show quickly.
    // 8 slots each, fewer than the 30 runs below: one process cannot take them all, so both must execute
    // some (with the default 32, whichever woke first could hold all 30 and "spread" would prove nothing).
    const env = { MENDBOT_EXECUTOR_CONCURRENCY: '8' };
    a = await startNode({ playbooksDir: dir, dataDir, env });
    b = await startNode({ playbooksDir: dir, dataDir, env });
  });

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await Promise.all([fanoutTarget?.close(), pauseTarget?.close()]);
  });

  /** Every run of every incident, with the incident's timeline, read through process A's API. */
  async function runsOf(alertname: string): Promise<Array<{ run: ApiRun; detail: ApiIncidentDetail }>> {
    const out: Array<{ run: ApiRun; detail: ApiIncidentDetail }> = [];
    for (const id of await allIncidentIds(a!.url)) {
      const detail = await getIncident(a!.url, id);
      if (detail.alerts[0]?.labels.alertname !== alertname) continue;
      for (const run of detail.runs) out.push({ run, detail });
    }
    return out;
  }

  /** runId → the process(es) that logged the run's final status. */
  function finishers(): Map<string, string[]> {
    const byRun = new Map<string, string[]>();
    for (const [name, m] of [['A', a!], ['B', b!]] as const) {
      for (const r of logRecordsMatching(m, 'run ')) {
        if (typeof r.runId !== 'string' || typeof r.status !== 'string') continue;
        byRun.set(r.runId, [...(byRun.get(r.runId) ?? []), name]);
      }
    }
    return byRun;
  }

  describe('when 30 alerts (per: alert, one http step each) arrive, half at each process', () => {
    let runs: Array<{ run: ApiRun; detail: ApiIncidentDetail }> = [];

    beforeAll(async () => {
      const bodies = Array.from({ length: FANOUT_DELIVERIES }, (_, d) =>
        alertmanagerBody(
          { alertname: 'DuoFanout', batch: `b${d}` },
          Array.from({ length: ALERTS_PER_DELIVERY }, (_, i) => ({ labels: { instance: `n${d * ALERTS_PER_DELIVERY + i}`, severity: 'critical' } })),
        ),
      );
      await Promise.all(bodies.map((body, d) => deliver((d % 2 === 0 ? a! : b!).url, body.body)));
      runs = await waitFor(
        async () => {
          const all = await runsOf('DuoFanout');
          return all.length === FANOUT_DELIVERIES * ALERTS_PER_DELIVERY && all.every((r) => finalStatuses.has(r.run.status)) ? all : undefined;
        },
        { timeoutMs: 30_000, intervalMs: 250, description: 'all 30 runs to reach a final status' },
      ).catch((error: Error) => {
        throw new Error(`${error.message}\n--- A ---\n${logTail(a)}\n--- B ---\n${logTail(b)}`);
      });
      await sleep(1_500); // give a wrong second execution time to show
    });

    it('creates one run per alert', () => {
      expect(runs).toHaveLength(30);
      expect(new Set(runs.map((r) => r.run.id)).size).toBe(30);
    });

    it('completes every run', () => {
      const notSucceeded = runs.filter((r) => r.run.status !== 'succeeded').map((r) => `${r.run.id} ${r.run.status}: ${r.run.reason}`);
      expect(notSucceeded).toEqual([]);
    });

    it('executes every run exactly once: as many requests as runs, each path once', () => {
      expect(fanoutTarget.count()).toBe(30);
      const paths = fanoutTarget.requests.map((r) => r.path).sort();
      expect(paths).toEqual(Array.from({ length: 30 }, (_, i) => `/hit/n${i}`).sort());
      expect(runs.map((r) => r.run.steps[0]!.attempts)).toEqual(Array<number>(30).fill(1));
    });

    it('checkpoints each step once: one "started" event per run and no takeover', () => {
      for (const { run, detail } of runs) {
        const messages = runEvents(detail, run.id).map((e) => e.message);
        expect({ run: run.id, started: messages.filter((m) => m.startsWith('step hit (http) started')).length }).toEqual({ run: run.id, started: 1 });
        expect(messages.filter((m) => /interrupted|lease/.test(m))).toEqual([]);
      }
    });

    it('has each run finished (logged) by exactly one process, the one whose socket sent its request', () => {
      const byRun = finishers();
      const mismatches: string[] = [];
      for (const { run } of runs) {
        const logged = byRun.get(run.id) ?? [];
        const instance = run.context.labels.instance;
        const sent = fanoutTarget.requests.filter((r) => r.path === `/hit/${instance}`).map((r) => r.sender);
        if (logged.length !== 1 || sent.length !== 1 || logged[0] !== sent[0]) mismatches.push(`${run.id} (${instance}): logged by ${logged.join('+') || 'nobody'}, sent by ${sent.join('+')}`);
      }
      expect(mismatches).toEqual([]);
    });

    it('spreads the work over both processes', () => {
      const bySender = { A: 0, B: 0, unknown: 0 } as Record<string, number>;
      for (const r of fanoutTarget.requests) bySender[r.sender] = (bySender[r.sender] ?? 0) + 1;
      expect(bySender.unknown).toBe(0);
      expect(bySender.A).toBeGreaterThan(0);
      expect(bySender.B).toBeGreaterThan(0);
    });
  });

  describe('when process A engages the global kill switch while process B is executing runs', () => {
    let pausedAt = 0;
    let resumedAt = 0;
    let requestsBeforePause = 0;
    let senderBeforePause: string[] = [];
    let heldRuns: ApiRun[] = [];
    let newWhilePaused = 0;
    let finalRuns: ApiRun[] = [];

    beforeAll(async () => {
      // Four runs of four 300 ms steps, delivered to B only (B's delivery wakes B's executor at once).
      const first = alertmanagerBody({ alertname: 'DuoPause', batch: 'p1' }, ['p0', 'p1', 'p2', 'p3'].map((instance) => ({ labels: { instance } })));
      await deliver(b!.url, first.body);
      await waitFor(() => pauseTarget.count() >= 4, { description: 'four steps to have started', intervalMs: 5 });
      const paused = await postJson(`${a!.url}/api/pause`, { by: 'durability-test', reason: 'pause on A' });
      expect(paused.status).toBe(200);
      pausedAt = Date.now();
      senderBeforePause = pauseTarget.requests.map((r) => r.sender);
      requestsBeforePause = pauseTarget.count();

      // While paused, B receives two more alerts: their runs must not start either.
      const second = alertmanagerBody({ alertname: 'DuoPause', batch: 'p2' }, ['q0', 'q1'].map((instance) => ({ labels: { instance } })));
      await deliver(b!.url, second.body);
      await sleep(3_000);
      newWhilePaused = pauseTarget.requests.filter((r) => r.path.startsWith('/q')).length;
      heldRuns = (await runsOf('DuoPause')).map((r) => r.run);

      resumedAt = Date.now();
      expect((await postJson(`${a!.url}/api/resume`, {})).status).toBe(200);
      finalRuns = await waitFor(
        async () => {
          const all = (await runsOf('DuoPause')).map((r) => r.run);
          return all.length === 6 && all.every((r) => finalStatuses.has(r.status)) ? all : undefined;
        },
        { timeoutMs: 20_000, intervalMs: 200, description: 'the six paused runs to finish after resume' },
      );
      await sleep(1_000);
    });

    it('had B, not A, executing the runs when the pause was requested', () => {
      expect(senderBeforePause.length).toBeGreaterThanOrEqual(4);
      expect(senderBeforePause.every((s) => s === 'B')).toBe(true);
    });

    it('stops B from starting any new step within 1 s of the pause on A', () => {
      const late = pauseTarget.requests.filter((r) => r.at > pausedAt + 1_000 && r.at < resumedAt);
      expect(late.map((r) => `${r.path} by ${r.sender} at +${r.at - pausedAt} ms`)).toEqual([]);
    });

    it('holds the interrupted runs as pending, with the kill switch as the reason, mid-playbook', () => {
      const mid = heldRuns.filter((r) => r.steps.some((s) => s.status === 'succeeded'));
      expect(mid.length).toBeGreaterThan(0);
      for (const r of heldRuns) {
        expect({ id: r.id, status: r.status, reason: r.reason }).toEqual({ id: r.id, status: 'pending', reason: expect.stringMatching(/kill switch on \(durability-test: pause on A\)/) });
      }
      expect(requestsBeforePause).toBeLessThan(16);
    });

    it('does not start runs created after the pause', () => {
      expect(newWhilePaused).toBe(0);
    });

    it('continues every run after resume on A, each step exactly once', () => {
      expect(finalRuns.map((r) => r.status)).toEqual(Array<string>(6).fill('succeeded'));
      const expected = ['p0', 'p1', 'p2', 'p3', 'q0', 'q1'].flatMap((i) => PAUSE_STEPS.map((s) => `/${i}/${s}`)).sort();
      expect(pauseTarget.requests.map((r) => r.path).sort()).toEqual(expected);
    });
  });
});

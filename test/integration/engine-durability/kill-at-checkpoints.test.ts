/**
 * Guarantee 3 (a step with side effects runs at most once unless idempotent) and guarantee 4 (a waiting
 * approval survives restarts) under kill -9 of the built server at each checkpoint boundary of a run, then a
 * restart on the same data directory (same SQLite file).
 *
 * Every scenario: its own data dir, its own counting targets (real HTTP servers on 127.0.0.1 that record
 * each request), an `auto` (or `approval`) playbook in a temp PLAYBOOKS_DIR, one Alertmanager v4 webhook
 * delivery, SIGKILL at a known point, a fresh process on the same data dir. MENDBOT_RUN_LEASE=1s so the new
 * process reclaims an orphaned run ~1 s after the crash (the executor polls every 500 ms).
 *
 * How the kill point is known: the `running` checkpoint is committed before the action starts, so
 *   - "http step in flight"  = the counting target has received the request (it holds it open with a delay);
 *   - "wait step in flight"  = GET /api/runs/:id shows that step `running` (its 3 s are far from over);
 *   - "before the first step" = the kill switch is on, so the run is provably still untouched (`pending`,
 *     0 attempts) when the process dies.
 *
 * Needs `npm run build` (spawns dist/src/cli.js through test/helpers/start-mendbot.ts).
 */
import { startCountingTarget } from '../../helpers/start-counting-target';
import type { RunningMendbot } from '../../helpers/start-mendbot';
import { waitFor } from '../../helpers/wait-for';
import {
  alertmanagerBody,
  deliver,
  finalStatuses,
  getIncident,
  getRun,
  killHard,
  logTail,
  playbooksDir,
  postJson,
  runEvents,
  sleep,
  startNode,
  stepOf,
  theRunOf,
  waitForRun,
  type ApiIncidentDetail,
  type ApiRun,
} from './durability-harness';

jest.setTimeout(60_000);

type Target = Awaited<ReturnType<typeof startCountingTarget>>;

/** After the run settles, how long to keep watching for a (wrong) repeat of a side effect. */
const WATCH_FOR_REPEATS_MS = 1_500;

/** One crash-and-restart: the processes, the delivery's incident and the run, for the `it`s to inspect. */
class Scenario {
  first?: RunningMendbot;
  second?: RunningMendbot;
  targets: Target[] = [];
  incidentId = '';
  runId = '';
  /** The run as the restarted process left it, once final (or in the state the scenario waits for). */
  run?: ApiRun;
  detail?: ApiIncidentDetail;
  killedBy?: { code: number | null; signal: NodeJS.Signals | null };

  async target(options: { delayMs?: number } = {}): Promise<Target> {
    const t = await startCountingTarget(options);
    this.targets.push(t);
    return t;
  }

  /** PLAYBOOKS_DIR shared by both processes. */
  pbDir?: string;

  async settle(): Promise<void> {
    this.run = await waitForRun(this.second!.url, this.runId, (r) => finalStatuses.has(r.status), 'a final status after the restart').catch(
      (error: Error) => {
        throw new Error(`${error.message}\n--- restarted process log ---\n${logTail(this.second)}`);
      },
    );
    await sleep(WATCH_FOR_REPEATS_MS);
    this.run = await getRun(this.second!.url, this.runId);
    this.detail = await getIncident(this.second!.url, this.incidentId);
  }

  /** Messages of this run's timeline events, in order. */
  messages(): string[] {
    return runEvents(this.detail!, this.runId).map((e) => e.message);
  }

  async close(): Promise<void> {
    await this.second?.stop();
    this.first?.kill();
    await Promise.all(this.targets.map((t) => t.close()));
  }
}

/** Starts the first process on fresh playbooks, delivers one alert and records its incident and run on the scenario. */
async function begin(s: Scenario, playbookYaml: string, alertname: string): Promise<void> {
  s.pbDir = playbooksDir({ 'playbook.yaml': playbookYaml });
  s.first = await startNode({ playbooksDir: s.pbDir });
  const { body } = alertmanagerBody({ alertname }, [{ labels: { instance: 'i1', severity: 'critical' } }]);
  const ack = await deliver(s.first.url, body);
  s.incidentId = ack.decisions[0]!.incidentId;
  s.runId = (await theRunOf(s.first.url, s.incidentId)).id;
}

/** kill -9 the first process, start the second on the same data dir (and playbooks). */
async function crashAndRestart(s: Scenario): Promise<void> {
  s.killedBy = await killHard(s.first!);
  s.second = await startNode({ playbooksDir: s.pbDir!, dataDir: s.first!.dataDir });
}

const waitThenPoke = (name: string, alertname: string, target: string, duration: string) => `
name: ${name}
match: ['alertname="${alertname}"']
mode: auto
steps:
  - id: settle
    action: wait
    with: { duration: ${duration} }
  - id: poke
    action: http
    with: { method: POST, url: "${target}/poke/{{ labels.instance }}", body: { alert: "{{ labels.alertname }}" } }
`;

describe('mendbot killed with SIGKILL at a run checkpoint, then restarted on the same data directory', () => {
  describe('(a) killed the instant the webhook was acknowledged, before the run had any side effect', () => {
    const s = new Scenario();
    let target: Target;
    let hitsAtKill = -1;

    beforeAll(async () => {
      target = await s.target();
      s.pbDir = playbooksDir({ 'playbook.yaml': waitThenPoke('durability-ack', 'DurabilityAck', target.url, '2s') });
      s.first = await startNode({ playbooksDir: s.pbDir });
      const { body } = alertmanagerBody({ alertname: 'DurabilityAck' }, [{ labels: { instance: 'i1', severity: 'critical' } }]);
      const ack = await deliver(s.first.url, body);
      s.first.kill(); // the moment the 2xx is in: nothing after the acknowledgement may be relied on
      hitsAtKill = target.count();
      s.incidentId = ack.decisions[0]!.incidentId;
      await crashAndRestart(s);
      s.runId = (await theRunOf(s.second!.url, s.incidentId)).id;
      await s.settle();
    });
    afterAll(() => s.close());

    it('died by SIGKILL before any request reached the target', () => {
      expect(s.killedBy).toEqual({ code: null, signal: 'SIGKILL' });
      expect(hitsAtKill).toBe(0);
    });

    it('still has the acknowledged alert and the run it created after the restart', () => {
      expect(s.detail!.alerts.map((a) => a.labels.alertname)).toEqual(['DurabilityAck']);
      expect(s.detail!.runs.map((r) => r.playbook)).toEqual(['durability-ack']);
    });

    it('completes the run after the restart', () => {
      expect(s.run!).toMatchObject({ status: 'succeeded' });
      expect(s.run!.steps.map((st) => [st.id, st.status])).toEqual([['settle', 'succeeded'], ['poke', 'succeeded']]);
    });

    it('makes the http side effect exactly once', () => {
      expect(target.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /poke/i1']);
    });
  });

  describe('(a) killed while the run was queued behind the kill switch, so provably before its first step', () => {
    const s = new Scenario();
    let target: Target;
    let queued: ApiRun;
    let afterRestart: ApiRun;
    let hitsWhileHeld = -1;

    beforeAll(async () => {
      target = await s.target();
      s.pbDir = playbooksDir({ 'playbook.yaml': waitThenPoke('durability-queued', 'DurabilityQueued', target.url, '0s') });
      s.first = await startNode({ playbooksDir: s.pbDir });
      expect((await postJson(`${s.first.url}/api/pause`, { by: 'durability-test', reason: 'hold runs' })).status).toBe(200);
      const { body } = alertmanagerBody({ alertname: 'DurabilityQueued' }, [{ labels: { instance: 'i1', severity: 'critical' } }]);
      s.incidentId = (await deliver(s.first.url, body)).decisions[0]!.incidentId;
      s.runId = (await theRunOf(s.first.url, s.incidentId)).id;
      // The executor has looked at it and deferred it: pending, no step touched.
      queued = await waitForRun(s.first.url, s.runId, (r) => /kill switch/.test(r.reason ?? ''), 'deferred by the kill switch');
      await crashAndRestart(s);
      await sleep(2_000); // several claim polls of the new process
      afterRestart = await getRun(s.second!.url, s.runId);
      hitsWhileHeld = target.count();
      expect((await postJson(`${s.second!.url}/api/resume`, {})).status).toBe(200);
      await s.settle();
    });
    afterAll(() => s.close());

    it('had not started any step when it was killed', () => {
      expect(queued.status).toBe('pending');
      expect(queued.steps.map((st) => [st.status, st.attempts])).toEqual([['pending', 0], ['pending', 0]]);
    });

    it('keeps the queued run, untouched, across the crash (the kill switch is durable too)', () => {
      expect(afterRestart).toMatchObject({ status: 'pending', reason: expect.stringMatching(/kill switch/) });
      expect(afterRestart.steps.map((st) => [st.status, st.attempts])).toEqual([['pending', 0], ['pending', 0]]);
      expect(hitsWhileHeld).toBe(0);
    });

    it('completes the run once the kill switch is released on the restarted process', () => {
      expect(s.run!.status).toBe('succeeded');
    });

    it('makes the http side effect exactly once', () => {
      expect(target.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /poke/i1']);
    });
  });

  describe('(b) killed while a non-idempotent http step is in flight', () => {
    const s = new Scenario();
    let slow: Target;
    let fast: Target;

    beforeAll(async () => {
      slow = await s.target({ delayMs: 4_000 }); // holds the request open: the step is mid-flight
      fast = await s.target();
      await begin(
        s,
        `
name: durability-non-idempotent
match: ['alertname="DurabilityNonIdempotent"']
mode: auto
steps:
  - id: poke
    action: http
    with: { method: POST, url: "${slow.url}/poke/{{ labels.instance }}" }
  - id: after
    action: http
    with: { method: POST, url: "${fast.url}/after/{{ labels.instance }}" }
`,
        'DurabilityNonIdempotent',
      );
      await waitFor(() => slow.count('/poke/i1') === 1, { description: 'the target to receive the poke request', intervalMs: 5 });
      await crashAndRestart(s);
      await s.settle();
    });
    afterAll(() => s.close());

    it('puts the run in needs_attention after the restart', () => {
      expect(s.killedBy).toEqual({ code: null, signal: 'SIGKILL' });
      expect(s.run!.status).toBe('needs_attention');
    });

    it('names the interrupted step, and why, in the reason', () => {
      expect(s.run!.reason).toMatch(/step poke \(http\) was interrupted mid-flight and is not idempotent/);
    });

    it('does not repeat the interrupted request', () => {
      expect(slow.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /poke/i1']);
      expect(stepOf(s.run!, 'poke').attempts).toBe(1);
    });

    it('runs none of the later steps', () => {
      expect(fast.count()).toBe(0);
      expect(stepOf(s.run!, 'after')).toMatchObject({ status: 'pending', attempts: 0 });
    });

    it('records the needs_attention decision in the incident timeline', () => {
      expect(s.messages()).toEqual(
        expect.arrayContaining([expect.stringMatching(/^run run_\w+ needs_attention: step poke \(http\) was interrupted/)]),
      );
    });
  });

  describe('(c) killed while an idempotent wait step is in flight', () => {
    const s = new Scenario();
    let target: Target;
    let atKill: ApiRun;
    let hitsAtKill = -1;

    beforeAll(async () => {
      target = await s.target();
      await begin(s, waitThenPoke('durability-idempotent', 'DurabilityIdempotent', target.url, '3s'), 'DurabilityIdempotent');
      atKill = await waitForRun(s.first!.url, s.runId, (r) => stepOf(r, 'settle').status === 'running', 'settle running');
      await sleep(300);
      hitsAtKill = target.count();
      await crashAndRestart(s);
      await s.settle();
    });
    afterAll(() => s.close());

    it('was killed with the wait step checkpointed as running', () => {
      expect(s.killedBy).toEqual({ code: null, signal: 'SIGKILL' });
      expect(stepOf(atKill, 'settle')).toMatchObject({ status: 'running', attempts: 1 });
      expect(hitsAtKill).toBe(0);
    });

    it('retries the interrupted step after the restart (a second attempt)', () => {
      expect(stepOf(s.run!, 'settle')).toMatchObject({ status: 'succeeded', attempts: 2 });
      expect(s.messages()).toEqual(expect.arrayContaining(['step settle was interrupted; retrying it (idempotent)']));
    });

    it('completes the run', () => {
      expect(s.run!.status).toBe('succeeded');
    });

    it('makes the later http side effect exactly once', () => {
      expect(target.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /poke/i1']);
    });
  });

  describe('(d) killed after step 1 (http) completed, while step 2 is in flight', () => {
    const s = new Scenario();
    let target: Target;
    let atKill: ApiRun;
    let requestsAtKill: string[] = [];

    beforeAll(async () => {
      target = await s.target();
      await begin(
        s,
        `
name: durability-after-first
match: ['alertname="DurabilityAfterFirst"']
mode: auto
steps:
  - id: first
    action: http
    with: { method: POST, url: "${target.url}/first/{{ labels.instance }}" }
  - id: settle
    action: wait
    with: { duration: 3s }
  - id: last
    action: http
    with: { method: POST, url: "${target.url}/last/{{ labels.instance }}" }
`,
        'DurabilityAfterFirst',
      );
      atKill = await waitForRun(s.first!.url, s.runId, (r) => stepOf(r, 'settle').status === 'running', 'settle running');
      await sleep(300);
      requestsAtKill = target.requests.map((r) => r.path);
      await crashAndRestart(s);
      await s.settle();
    });
    afterAll(() => s.close());

    it('was killed with step 1 checkpointed as succeeded and step 2 as running', () => {
      expect(stepOf(atKill, 'first')).toMatchObject({ status: 'succeeded', attempts: 1 });
      expect(stepOf(atKill, 'settle')).toMatchObject({ status: 'running' });
      expect(requestsAtKill).toEqual(['/first/i1']);
    });

    it('never repeats the completed step 1', () => {
      expect(target.count('/first/i1')).toBe(1);
      expect(stepOf(s.run!, 'first')).toMatchObject({ status: 'succeeded', attempts: 1 });
      expect(s.messages().filter((m) => m.startsWith('step first (http) started'))).toHaveLength(1);
    });

    it('continues from step 2 and completes the run, every side effect once', () => {
      expect(s.run!.status).toBe('succeeded');
      expect(target.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /first/i1', 'POST /last/i1']);
    });
  });

  describe('(e) killed while a run waits for approval', () => {
    const s = new Scenario();
    let target: Target;
    let before: ApiRun;
    let afterRestart: ApiRun;
    let stranger: { status: number; json: Record<string, unknown> };
    let approved: { status: number; json: Record<string, unknown> };
    let hitsBeforeApproval = -1;

    beforeAll(async () => {
      target = await s.target();
      await begin(
        s,
        `
name: durability-approval
match: ['alertname="DurabilityApproval"']
mode: approval
approvers: ["U0DURABLE1"]
approval: { expires: 10m }
steps:
  - id: poke
    action: http
    with: { method: POST, url: "${target.url}/poke/{{ labels.instance }}" }
`,
        'DurabilityApproval',
      );
      before = await waitForRun(s.first!.url, s.runId, (r) => r.status === 'waiting_approval', 'waiting_approval');
      await crashAndRestart(s);
      await sleep(2_500); // past the 1 s lease and several claim polls of the new process
      afterRestart = await getRun(s.second!.url, s.runId);
      hitsBeforeApproval = target.count();
      stranger = await postJson(`${s.second!.url}/api/runs/${s.runId}/approve`, { by: 'U0STRANGER' });
      approved = await postJson(`${s.second!.url}/api/runs/${s.runId}/approve`, { by: 'U0DURABLE1' });
      await s.settle();
    });
    afterAll(() => s.close());

    it('is still waiting_approval after the restart, with the same approvers and expiry', () => {
      expect(s.killedBy).toEqual({ code: null, signal: 'SIGKILL' });
      expect(afterRestart.status).toBe('waiting_approval');
      expect(afterRestart.approval).toEqual(before.approval);
      expect(afterRestart.approval).toMatchObject({ approvers: ['U0DURABLE1'] });
      expect(afterRestart.approval!.decision).toBeUndefined();
    });

    it('has not run the gated step before anyone approved', () => {
      expect(stepOf(afterRestart, 'poke')).toMatchObject({ status: 'pending', attempts: 0 });
      expect(hitsBeforeApproval).toBe(0);
    });

    it('refuses an approval from someone the playbook does not name, after the restart too', () => {
      expect(stranger.status).toBe(403);
      expect(stranger.json).toMatchObject({ code: 'NOT_AN_APPROVER' });
    });

    it('completes the run once a named approver approves on the restarted process', () => {
      expect(approved.status).toBe(200);
      expect(s.run!.status).toBe('succeeded');
    });

    it('runs the approved step exactly once', () => {
      expect(target.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /poke/i1']);
    });

    it('records who approved and when, in the run and in the timeline', () => {
      expect(s.run!.approval).toMatchObject({ decision: 'approved', by: 'U0DURABLE1', at: expect.any(String) });
      expect(s.messages()).toEqual(expect.arrayContaining([`run ${s.runId} approved by U0DURABLE1`]));
    });
  });
});

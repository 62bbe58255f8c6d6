/**
 * The server dies during each compensation step in turn: first while a non-idempotent compensation (an http
 * POST) is in flight, then, on the restarted process, while an idempotent one (`wait`) runs. Each restart must
 * resume the recovery exactly where it stopped: the interrupted POST is never repeated (its outcome is
 * unknown, so the run ends needs_attention), the interrupted wait is retried, and the steps planned after
 * them (the other compensation, on_failure) still run, once.
 *
 * The common setup (data dirs, counting targets, how the kill point is known) is described in kill-scenario.ts.
 * Needs `npm run build` (spawns dist/src/cli.js through test/helpers/start-mendbot.ts).
 */
import { waitFor } from '../../helpers/wait-for';
import { stepOf, waitForRun } from './durability-harness';
import { KillScenario, type Target } from './kill-scenario';

jest.setTimeout(90_000);

describe('mendbot killed with SIGKILL at a run checkpoint, then restarted on the same data directory', () => {
  describe('(g) killed during each compensation step', () => {
    const s = new KillScenario();
    let fast: Target;
    let slow: Target;
    let requestsAtFirstKill: string[] = [];

    beforeAll(async () => {
      fast = await s.target();
      slow = await s.target({ delayMs: 10_000 }); // holds the compensating POST open: it is mid-flight
      await s.begin(
        `
name: durability-compensation
match: ['alertname="DurabilityCompensation"']
mode: auto
steps:
  - id: one
    action: http
    with: { method: POST, url: "${fast.url}/step1" }
    compensate: [{ action: wait, with: { duration: 3s } }]
  - id: two
    action: http
    with: { method: POST, url: "${fast.url}/step2" }
    compensate: [{ action: http, with: { method: POST, url: "${slow.url}/undo2" } }]
  - id: three
    action: http
    with: { method: POST, url: "${fast.url}/fails", expect_status: [204] }
on_failure:
  - action: http
    with: { method: POST, url: "${fast.url}/escalate" }
`,
        'DurabilityCompensation',
      );
      await waitFor(() => slow.count('/undo2') === 1, { description: 'the compensating POST to reach the target', intervalMs: 5 });
      requestsAtFirstKill = fast.requests.map((r) => r.path);
      await s.crashAndRestart();
      await waitForRun(s.latest!.url, s.runId, (r) => stepOf(r, 'one.compensate.0').status === 'running', 'the compensating wait running on the restarted process');
      await s.crashAndRestart();
      await s.settle();
    });
    afterAll(() => s.close());

    it('was killed first with the compensating POST in flight, then with the compensating wait running', () => {
      expect(s.nodes).toHaveLength(3);
      expect(s.killedBy).toEqual({ code: null, signal: 'SIGKILL' });
      expect(requestsAtFirstKill).toEqual(['/step1', '/step2', '/fails']);
    });

    it('never repeats the interrupted compensating POST, and records its outcome as unknown', () => {
      expect(slow.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /undo2']);
      expect(stepOf(s.run!, 'two.compensate.0')).toMatchObject({ status: 'failed', attempts: 1, error: expect.stringMatching(/interrupted mid-flight/) });
    });

    it('retries the interrupted compensating wait and still runs on_failure, once', () => {
      expect(stepOf(s.run!, 'one.compensate.0')).toMatchObject({ status: 'succeeded', attempts: 2 });
      expect(stepOf(s.run!, 'on_failure.0')).toMatchObject({ status: 'succeeded', attempts: 1 });
      expect(s.messages()).toEqual(expect.arrayContaining(['step one.compensate.0 was interrupted; retrying it (idempotent)']));
    });

    it('repeats no completed side effect', () => {
      expect(fast.requests.map((r) => r.path)).toEqual(['/step1', '/step2', '/fails', '/escalate']);
    });

    it('ends needs_attention, naming the compensation whose outcome is unknown', () => {
      expect(s.run!.status).toBe('needs_attention');
      expect(s.run!.reason).toMatch(/two\.compensate\.0 \(http\) was interrupted mid-flight/);
      expect(s.run!.steps.map((st) => `${st.id}:${st.status}`)).toEqual([
        'one:succeeded', 'two:succeeded', 'three:failed', 'two.compensate.0:failed', 'one.compensate.0:succeeded', 'on_failure.0:succeeded',
      ]);
    });
  });
});

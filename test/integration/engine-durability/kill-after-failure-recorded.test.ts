/**
 * The server dies right after the checkpoint that records a failed step committed, before it does anything
 * else: the compensations of the completed steps and the on_failure steps must still run after the restart,
 * each once, and no completed step may repeat. (The failure and the recovery it calls for are one write.)
 *
 * The kill moment comes from the crash hook (crash-after-checkpoint.cjs): no outside observer can hit the
 * instant between two writes. The common setup is described in kill-scenario.ts.
 * Needs `npm run build` (spawns dist/src/cli.js through test/helpers/start-mendbot.ts).
 */
import { stepOf } from './durability-harness';
import { crashAfter, KillScenario, type Target } from './kill-scenario';

jest.setTimeout(60_000);

describe('mendbot killed with SIGKILL at a run checkpoint, then restarted on the same data directory', () => {
  describe('(f) killed right after a failed step was recorded', () => {
    const s = new KillScenario();
    let target: Target;
    let requestsAtCrash: string[] = [];

    beforeAll(async () => {
      target = await s.target();
      await s.begin(
        `
name: durability-failure-recorded
match: ['alertname="DurabilityFailureRecorded"']
mode: auto
steps:
  - id: one
    action: http
    with: { method: POST, url: "${target.url}/step1" }
    compensate: [{ action: http, with: { method: POST, url: "${target.url}/undo1" } }]
  - id: two
    action: http
    with: { method: POST, url: "${target.url}/step2" }
    compensate: [{ action: http, with: { method: POST, url: "${target.url}/undo2" } }]
  - id: three
    action: http
    with: { method: POST, url: "${target.url}/fails", expect_status: [204] }
on_failure:
  - action: http
    with: { method: POST, url: "${target.url}/escalate" }
`,
        'DurabilityFailureRecorded',
        crashAfter('three:failed'),
      );
      await s.awaitSelfCrash();
      requestsAtCrash = target.requests.map((r) => r.path);
      await s.crashAndRestart();
      await s.settle();
    });
    afterAll(() => s.close());

    it('died by its crash hook right after step three was recorded as failed, before any recovery step', () => {
      expect(s.killedBy).toEqual({ code: null, signal: 'SIGKILL' });
      expect(s.first!.logs.some((l) => l.includes('test crash after checkpoint three:failed'))).toBe(true);
      expect(requestsAtCrash).toEqual(['/step1', '/step2', '/fails']);
    });

    it('runs the compensations newest first, then on_failure, after the restart', () => {
      expect(target.requests.map((r) => r.path)).toEqual(['/step1', '/step2', '/fails', '/undo2', '/undo1', '/escalate']);
    });

    it('ends compensated with every planned recovery step succeeded and no step repeated', () => {
      expect(s.run!.status).toBe('compensated');
      expect(s.run!.steps.map((st) => `${st.id}:${st.status}:${st.attempts}`)).toEqual([
        'one:succeeded:1', 'two:succeeded:1', 'three:failed:1', 'two.compensate.0:succeeded:1', 'one.compensate.0:succeeded:1', 'on_failure.0:succeeded:1',
      ]);
      expect(stepOf(s.run!, 'three').error).toMatch(/answered 200, expected 204/);
    });
  });
});

/**
 * The server dies while a run waits for approval: the approval request (approvers, expiry) must survive the
 * restart, and approving on the restarted process must run the gated step once.
 *
 * The common setup (data dirs, counting targets, how the kill point is known) is described in kill-scenario.ts.
 * Needs `npm run build` (spawns dist/src/cli.js through test/helpers/start-mendbot.ts).
 */
import { getRun, postJson, sleep, stepOf, waitForRun, type ApiRun } from './durability-harness';
import { KillScenario, type Target } from './kill-scenario';

jest.setTimeout(60_000);

describe('mendbot killed with SIGKILL at a run checkpoint, then restarted on the same data directory', () => {
  describe('(e) killed while a run waits for approval', () => {
    const s = new KillScenario();
    let target: Target;
    let before: ApiRun;
    let afterRestart: ApiRun;
    let stranger: { status: number; json: Record<string, unknown> };
    let approved: { status: number; json: Record<string, unknown> };
    let hitsBeforeApproval = -1;

    beforeAll(async () => {
      target = await s.target();
      await s.begin(
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
      await s.crashAndRestart();
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

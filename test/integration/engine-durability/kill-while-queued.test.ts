/**
 * The kill switch holds the run before its first step, so the crash provably happens before any side
 * effect; the queued run and the kill switch itself must both survive the restart.
 *
 * The common setup (data dirs, counting targets, how the kill point is known) is described in kill-scenario.ts.
 * Needs `npm run build` (spawns dist/src/cli.js through test/helpers/start-mendbot.ts).
 */
import { alertmanagerBody, deliver, getRun, playbooksDir, postJson, sleep, startNode, theRunOf, waitForRun, type ApiRun } from './durability-harness';
import { KillScenario, type Target } from './kill-scenario';
import { waitThenPoke } from './wait-then-poke';

jest.setTimeout(60_000);

describe('mendbot killed with SIGKILL at a run checkpoint, then restarted on the same data directory', () => {
  describe('(a) killed while the run was queued behind the kill switch, so provably before its first step', () => {
    const s = new KillScenario();
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
      await s.crashAndRestart();
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
});

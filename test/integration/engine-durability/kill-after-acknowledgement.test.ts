/**
 * The webhook is acknowledged and the server is killed at once, before the run could touch anything: the
 * acknowledged alert and its run must survive, and the run must complete after the restart.
 *
 * The common setup (data dirs, counting targets, how the kill point is known) is described in kill-scenario.ts.
 * Needs `npm run build` (spawns dist/src/cli.js through test/helpers/start-mendbot.ts).
 */
import { alertmanagerBody, deliver, playbooksDir, startNode, theRunOf } from './durability-harness';
import { KillScenario, type Target } from './kill-scenario';
import { waitThenPoke } from './wait-then-poke';

jest.setTimeout(60_000);

describe('mendbot killed with SIGKILL at a run checkpoint, then restarted on the same data directory', () => {
  describe('(a) killed the instant the webhook was acknowledged, before the run had any side effect', () => {
    const s = new KillScenario();
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
      await s.crashAndRestart();
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
});

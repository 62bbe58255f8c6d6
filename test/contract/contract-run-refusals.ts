import type { RunPlanner } from '../../src/core/runs/run-planner';
import type { Store } from '../../src/store/store';
import { buildAlert, buildDelivery, minutesLater } from '../helpers/build-delivery';
import { buildRunSeed } from './build-run-seed';
import type { ContractContext } from './contract-context';
import { contractPolicy as policy } from './contract-policy';

/** Matches `restart-pod` (once per incident) and `page-owner` (rerun_on_reopen) for every firing alert. */
const planner: RunPlanner = ({ alert }) =>
  alert.status === 'firing'
    ? {
        seeds: [buildRunSeed({ alertKey: alert.key }), buildRunSeed({ playbook: 'page-owner', alertKey: alert.key }, { name: 'page-owner', rerunOnReopen: true })],
        trace: [
          { playbook: 'restart-pod', matched: true, reason: 'all conditions hold' },
          { playbook: 'page-owner', matched: true, reason: 'all conditions hold' },
        ],
      }
    : { seeds: [], trace: [] };

/**
 * A playbook that matched but did not run, because a run already holds its scope, is said in the timeline
 * by the store that refused the insert: which playbook, for which alerts, and the run holding the scope.
 */
export function describeRunRefusalsContract(ctx: ContractContext): void {
  describe('runs refused once per scope', () => {
    let store: Store;
    beforeEach(() => {
      store = ctx.store;
    });

    const refusals = async (incidentId: string) => (await store.getIncident(incidentId))!.timeline.filter((e) => e.type === 'playbook_matched');

    it('names the playbook, every alert of the delivery it matched, and the run holding the scope', async () => {
      const first = await store.recordDelivery(buildDelivery([buildAlert()]), policy, planner);
      const incidentId = first.decisions[0]!.incidentId!;
      const [restart] = (await store.listRuns({ incidentId, limit: 10 })).filter((r) => r.playbook === 'restart-pod');
      const joiners = [buildAlert({ name: 'A' }), buildAlert({ name: 'B' })];
      const second = await store.recordDelivery(buildDelivery(joiners, { receivedAt: minutesLater(1) }), policy, planner);
      expect(second.runsCreated).toBe(0);
      const said = await refusals(incidentId);
      expect(said.map((e) => e.data.playbook)).toEqual(['restart-pod', 'page-owner']);
      expect(said[0]).toMatchObject({
        at: minutesLater(1),
        message: expect.stringContaining(`playbook restart-pod matched ${joiners[0]!.key}, ${joiners[1]!.key} but did not run again: run ${restart!.id} (pending) already holds its scope`),
        data: { scopeKey: 'incident', runId: restart!.id, count: 2 },
      });
    });

    it('runs a rerun_on_reopen playbook again when the incident reopens, and says why the other one does not', async () => {
      const first = await store.recordDelivery(buildDelivery([buildAlert()]), policy, planner);
      const incidentId = first.decisions[0]!.incidentId!;
      await store.recordDelivery(buildDelivery([buildAlert({ status: 'resolved' })], { receivedAt: minutesLater(1) }), policy, planner);
      const reopened = await store.recordDelivery(buildDelivery([buildAlert({ startsAt: minutesLater(2) })], { receivedAt: minutesLater(2) }), policy, planner);
      expect(reopened.decisions[0]).toMatchObject({ kind: 'reopened', incidentId });
      expect(reopened.runsCreated).toBe(1);
      const runs = await store.listRuns({ incidentId, limit: 10 });
      expect(runs.map((r) => [r.playbook, r.scopeKey])).toEqual([
        ['restart-pod', 'incident'],
        ['page-owner', 'incident'],
        ['page-owner', 'incident#reopen-1'],
      ]);
      const said = await refusals(incidentId);
      expect(said).toHaveLength(1);
      expect(said[0]!.message).toMatch(/^playbook restart-pod matched .* but did not run again: run run_\w+ \(cancelled\) already holds its scope, it runs once per incident \(with rerun_on_reopen: true/);
    });
  });
}

import type { PlannerInput, RunPlanner } from '../../../src/core/runs/run-planner';
import { buildRunSeed } from '../../contract/build-run-seed';
import { buildAlert, changesOf, decide, storedIncident, writes } from './delivery-fixtures';

const diskFull = buildAlert();

/** A planner that matches playbook `restart` for every alert and records what it was asked. */
function recordingPlanner(): RunPlanner & { inputs: PlannerInput[] } {
  const inputs: PlannerInput[] = [];
  const planner = (input: PlannerInput) => {
    inputs.push(input);
    const seed = buildRunSeed({ playbook: 'restart', scopeKey: input.alert.key });
    return { seeds: [seed], trace: [{ playbook: 'restart', matched: true, reason: 'all conditions hold' }, { playbook: 'scale', matched: false, reason: 'alertname != Other' }] };
  };
  return Object.assign(planner, { inputs });
}

describe('decideDelivery: run planning', () => {
  describe('when an alert opens an incident and playbooks are loaded', () => {
    it('plans runs for it, right after its own writes, and notes the playbooks that did not match', () => {
      const planner = recordingPlanner();
      const { changes } = decide([diskFull], {}, { planner });
      expect(writes(changes)).toEqual([
        'insertIncident',
        'insertAlert',
        'appendEvent:incident_opened',
        'appendEvent:alert_received',
        'insertRun',
        'appendEvent:playbook_not_matched',
        'touchIncident',
        'insertDelivery',
      ]);
      expect(changesOf(changes, 'insertRun')[0]).toMatchObject({ incidentId: 'inc_N1', correlationId: 'group-1', seed: { playbook: 'restart', scopeKey: diskFull.key } });
      expect(changesOf(changes, 'appendEvent')[2]!.entry).toEqual({
        type: 'playbook_not_matched',
        message: `alert ${diskFull.key}: scale (alertname != Other)`,
        data: { alertKey: diskFull.key, playbooks: [{ playbook: 'scale', matched: false, reason: 'alertname != Other' }] },
      });
    });

    it('gives the planner the decision, the incident and the labels the delivery’s alerts of that group share', () => {
      const planner = recordingPlanner();
      const other = buildAlert({ name: 'HighErrorRate', labels: { alertname: 'HighErrorRate', namespace: 'prod', pod: 'p1' } });
      decide([diskFull, other], {}, { planner });
      expect(planner.inputs.map((i) => [i.decision.kind, i.incidentId])).toEqual([
        ['new_incident', 'inc_N1'],
        ['attached', 'inc_N1'],
      ]);
      expect(planner.inputs[0]!.commonLabels()).toEqual({ namespace: 'prod' });
    });
  });

  describe('when nothing new happens to an incident', () => {
    it('plans nothing for duplicates, activity or ignored alerts', () => {
      const planner = recordingPlanner();
      const incident = storedIncident({ alerts: { [diskFull.key]: 'firing' } });
      const ack = buildAlert({ key: diskFull.key, status: null, activity: 'acknowledged' });
      const { changes } = decide([diskFull, ack, buildAlert({ name: 'Gone', correlationId: 'group-2', status: 'resolved' })], { incidents: [incident] }, { planner });
      expect(planner.inputs).toEqual([]);
      expect(changesOf(changes, 'insertRun')).toHaveLength(0);
    });
  });

  describe('without a planner', () => {
    it('writes no runs', () => {
      expect(changesOf(decide([diskFull]).changes, 'insertRun')).toHaveLength(0);
    });
  });

  describe('when an alert resolves', () => {
    it('cancels its queued runs right after planning, before the incident settles', () => {
      const planner = recordingPlanner();
      const held = { [diskFull.key]: 'firing' as const, other: 'firing' as const };
      const { changes } = decide([buildAlert({ status: 'resolved' })], { incidents: [storedIncident({ firingCount: 2, alerts: held })] }, { planner });
      expect(writes(changes).slice(-5)).toEqual(['insertRun', 'appendEvent:playbook_not_matched', 'cancelQueuedRuns', 'touchIncident', 'insertDelivery']);
      expect(changesOf(changes, 'cancelQueuedRuns')).toEqual([expect.objectContaining({ incidentId: 'inc_A', alertKey: diskFull.key })]);
    });
  });
  describe("the labels a delivery's alerts share", () => {
    // A label that throws when read: comparing the alerts' labels would read it.
    const touchy = (name: string) => {
      const labels: Record<string, string> = { alertname: name, namespace: 'prod' };
      Object.defineProperty(labels, 'node', { enumerable: true, get: () => { throw new Error('labels compared'); } });
      return buildAlert({ name, labels });
    };

    it('are not worked out while no playbook asks for them', () => {
      const nothing: RunPlanner = () => ({ seeds: [], trace: [] });
      expect(() => decide([touchy('DiskFull'), touchy('HighErrorRate')], {}, { planner: nothing })).not.toThrow();
    });

    it('are worked out once, for the first playbook that asks, and are the same for each alert of the group', () => {
      const asked: Array<Record<string, string>> = [];
      const planner: RunPlanner = (input) => {
        asked.push(input.commonLabels());
        return { seeds: [], trace: [] };
      };
      decide([buildAlert({ name: 'DiskFull', labels: { alertname: 'DiskFull', namespace: 'prod', node: 'n1' } }), buildAlert({ name: 'HighErrorRate', labels: { alertname: 'HighErrorRate', namespace: 'prod', node: 'n2' } })], {}, { planner });
      expect(asked).toEqual([{ namespace: 'prod' }, { namespace: 'prod' }]);
      expect(asked[0]).toBe(asked[1]);
      expect(() => decide([touchy('DiskFull')], {}, { planner })).toThrow('labels compared');
    });
  });
});

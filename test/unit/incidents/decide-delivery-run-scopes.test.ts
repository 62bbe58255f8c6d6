import { timelineEntries } from '../../../src/core/incidents/timeline-entries';
import { scopeForReopening } from '../../../src/core/playbooks/scope-for-reopening';
import type { PlannerInput, RunPlanner } from '../../../src/core/runs/run-planner';
import { buildRunSeed } from '../../contract/build-run-seed';
import { buildAlert, changesOf, decide, minutesLater, storedIncident } from './delivery-fixtures';

/** A planner matching `restart-pod` (one run per incident) for every alert; `rerun` sets rerun_on_reopen. */
function planner(rerun = false): RunPlanner {
  return (input: PlannerInput) => ({
    seeds: [buildRunSeed({ alertKey: input.alert.key }, { rerunOnReopen: rerun })],
    trace: [{ playbook: 'restart-pod', matched: true, reason: 'all conditions hold' }],
  });
}

const diskFull = buildAlert();
const refire = buildAlert({ startsAt: minutesLater(3) });
const resolvedTwice = storedIncident({ status: 'resolved', resolvedAt: minutesLater(-2), firingCount: 0, reopenCount: 2, alerts: { [diskFull.key]: 'resolved' } });

describe('decideDelivery: run scopes', () => {
  describe('rerun_on_reopen', () => {
    it('scopes the run of a reopened incident to its reopening, so it runs again', () => {
      const { changes, outcome } = decide([refire], { incidents: [resolvedTwice] }, { planner: planner(true) });
      expect(outcome.decisions[0]!.kind).toBe('reopened');
      expect(changesOf(changes, 'insertRun').map((c) => c.seed.scopeKey)).toEqual(['incident#reopen-3']);
    });

    it('keeps the incident scope without it (the store then refuses a second run and says so)', () => {
      const { changes } = decide([refire], { incidents: [resolvedTwice] }, { planner: planner(false) });
      expect(changesOf(changes, 'insertRun').map((c) => c.seed.scopeKey)).toEqual(['incident']);
    });

    it('keeps the incident scope for an incident that never reopened', () => {
      const { changes } = decide([diskFull], {}, { planner: planner(true) });
      expect(changesOf(changes, 'insertRun').map((c) => c.seed.scopeKey)).toEqual(['incident']);
    });

    it('suffixes any scope, per-alert ones included', () => {
      const seed = buildRunSeed({ scopeKey: diskFull.key }, { rerunOnReopen: true, per: 'alert' });
      expect(scopeForReopening(seed, 1)).toBe(`${diskFull.key}#reopen-1`);
      expect(scopeForReopening(seed, 0)).toBe(diskFull.key);
    });
  });

  describe('one insert per scope and delivery', () => {
    it('plans one run for several alerts of a delivery matching the same playbook, and lists the others on it', () => {
      const others = [buildAlert({ name: 'A' }), buildAlert({ name: 'B' })];
      const { changes } = decide([diskFull, ...others], {}, { planner: planner() });
      const inserts = changesOf(changes, 'insertRun');
      expect(inserts).toHaveLength(1);
      expect(inserts[0]).toMatchObject({ seed: { alertKey: diskFull.key, scopeKey: 'incident' }, alsoFor: others.map((a) => a.key) });
    });
  });

  describe('timelineEntries.runNotRepeated (what a store writes when it refuses the insert)', () => {
    it('names the playbook, the alerts, the run holding the scope and the rule, with the option that changes it', () => {
      const seed = buildRunSeed({ alertKey: 'am:a' });
      expect(timelineEntries.runNotRepeated(seed, ['am:b', 'am:c', 'am:d'], { runId: 'run_1', status: 'succeeded' })).toEqual({
        type: 'playbook_matched',
        message:
          'playbook restart-pod matched am:a, am:b, am:c and 1 more but did not run again: run run_1 (succeeded) already holds its scope, ' +
          'it runs once per incident (with rerun_on_reopen: true it runs again when the incident reopens)',
        data: { playbook: 'restart-pod', scopeKey: 'incident', alertKeys: ['am:a', 'am:b', 'am:c', 'am:d'], count: 4, runId: 'run_1' },
      });
    });

    it('words the per-reopening, per-alert and other scopes', () => {
      const words = (seed: ReturnType<typeof buildRunSeed>) => timelineEntries.runNotRepeated(seed, [], null).message;
      expect(words(buildRunSeed({ scopeKey: 'incident#reopen-2', alertKey: 'am:a' }, { rerunOnReopen: true }))).toBe(
        'playbook restart-pod matched am:a but did not run again: an earlier run already holds its scope, it runs once per reopening of the incident (rerun_on_reopen)',
      );
      expect(words(buildRunSeed({ scopeKey: 'am:a', alertKey: 'am:a' }, { per: 'alert' }))).toMatch(/it runs once per alert \(per: alert\)$/);
      expect(words(buildRunSeed({ scopeKey: 'manual:2026-03-14T09:40', alertKey: null }))).toMatch(/^playbook restart-pod matched but did not run again: .* once per scope manual:2026-03-14T09:40$/);
    });
  });
});

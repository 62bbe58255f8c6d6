import { decideManualResolve } from '../../../src/core/incidents/decide-manual-resolve';
import type { ManualResolveFacts } from '../../../src/core/incidents/manual-resolve';
import { buildAlert, changesOf, decide, minutesLater, policy, storedIncident, writes } from './delivery-fixtures';

const at = minutesLater(10);
const request = { by: 'U024BE7LH', reason: 'fixed by hand, the exporter is stuck', at };
const open: ManualResolveFacts = { incident: { id: 'inc_A', correlationId: 'group-1', status: 'open', resolvedAt: null }, firingKeys: ['am:a', 'am:b'] };

describe('decideManualResolve', () => {
  it('resolves the firing alerts, says who and why, schedules the postmortem, cancels queued runs, and resolves last', () => {
    const { changes, outcome } = decideManualResolve('inc_A', open, request, policy);
    expect(writes(changes)).toEqual(['resolveAlerts', 'appendEvent:incident_resolved', 'schedulePostmortem', 'cancelQueuedRuns', 'resolveIncident']);
    expect(changesOf(changes, 'resolveAlerts')).toEqual([{ kind: 'resolveAlerts', incidentId: 'inc_A', alertKeys: ['am:a', 'am:b'], at }]);
    expect(changesOf(changes, 'appendEvent')[0]!.entry).toEqual({
      type: 'incident_resolved',
      message:
        'incident resolved by U024BE7LH: fixed by hand, the exporter is stuck (2 firing alert(s) marked resolved; a later copy of them is stale, a new occurrence reopens)',
      data: { by: 'U024BE7LH', reason: 'fixed by hand, the exporter is stuck', manual: true, alertKeys: ['am:a', 'am:b'], count: 2 },
    });
    // The same reason as an alert resolution, so a reopening defers this postmortem as it would that one.
    expect(changesOf(changes, 'schedulePostmortem')).toEqual([{ kind: 'schedulePostmortem', incidentId: 'inc_A', reason: 'incident resolved', dueAt: minutesLater(20), at }]);
    expect(changesOf(changes, 'cancelQueuedRuns')).toEqual([
      { kind: 'cancelQueuedRuns', incidentId: 'inc_A', reason: 'incident resolved by U024BE7LH: remediation no longer needed', at },
    ]);
    expect(changesOf(changes, 'resolveIncident')).toEqual([{ kind: 'resolveIncident', incidentId: 'inc_A', correlationId: 'group-1', at }]);
    expect(outcome).toEqual({ kind: 'resolved', incidentId: 'inc_A', resolvedAt: at, alertsResolved: ['am:a', 'am:b'], runsCancelled: [], postmortemDueAt: minutesLater(20) });
  });

  it('schedules no postmortem without a settle time, and writes no alert change when nothing fires', () => {
    const { changes, outcome } = decideManualResolve('inc_A', { ...open, firingKeys: [] }, request, {});
    expect(writes(changes)).toEqual(['appendEvent:incident_resolved', 'cancelQueuedRuns', 'resolveIncident']);
    expect(changesOf(changes, 'appendEvent')[0]!.entry.message).toBe('incident resolved by U024BE7LH: fixed by hand, the exporter is stuck');
    expect(outcome).toMatchObject({ kind: 'resolved', postmortemDueAt: null, alertsResolved: [] });
  });

  it('changes nothing for a resolved incident or an unknown one', () => {
    const resolved = { incident: { ...open.incident!, status: 'resolved' as const, resolvedAt: minutesLater(5) }, firingKeys: [] };
    expect(decideManualResolve('inc_A', resolved, request, policy)).toEqual({ changes: [], outcome: { kind: 'already_resolved', incidentId: 'inc_A', resolvedAt: minutesLater(5) } });
    expect(decideManualResolve('inc_X', { incident: null, firingKeys: [] }, request, policy)).toEqual({ changes: [], outcome: { kind: 'not_found', incidentId: 'inc_X' } });
  });

  describe('what a later delivery does (the normal rules, against the resolve)', () => {
    // The incident as the manual resolve left it at `at`: its alert resolved, the incident resolved.
    const diskFull = buildAlert();
    const afterResolve = () => storedIncident({ status: 'resolved', resolvedAt: at, firingCount: 0, alerts: { [diskFull.key]: 'resolved' } });

    it('calls a repeat of a resolved occurrence (Alertmanager re-sends a group that still fires) stale', () => {
      const { outcome } = decide([diskFull], { incidents: [afterResolve()] }, { receivedAt: minutesLater(12) });
      expect(outcome.decisions[0]).toMatchObject({ kind: 'stale', incidentId: 'inc_A' });
    });

    it('reopens for a new occurrence within the reopen window of the resolve, and opens a new incident after it', () => {
      const refire = buildAlert({ startsAt: minutesLater(11) });
      expect(decide([refire], { incidents: [afterResolve()] }, { receivedAt: minutesLater(12) }).outcome.decisions[0]).toMatchObject({ kind: 'reopened', incidentId: 'inc_A' });
      expect(decide([refire], { incidents: [afterResolve()] }, { receivedAt: minutesLater(40) }).outcome.decisions[0]).toMatchObject({ kind: 'new_incident' });
    });
  });
});

import { buildAlert, changesOf, decide, minutesLater, policy, storedIncident, writes } from './delivery-fixtures';

const diskFull = buildAlert();
const again = buildAlert({ startsAt: minutesLater(3) });
const resolvedIncident = (resolvedAt: string) =>
  storedIncident({ status: 'resolved', resolvedAt, firingCount: 0, alerts: { [diskFull.key]: 'resolved' } });

describe('decideDelivery: reopening and flapping', () => {
  describe('when an incident resolved within the reopen window', () => {
    it('reopens it for a new occurrence, defers its postmortem and counts a state change', () => {
      const { changes, outcome } = decide([again], { incidents: [resolvedIncident(minutesLater(-2))] });
      expect(outcome.decisions[0]).toMatchObject({ kind: 'reopened', incidentId: 'inc_A', reason: `incident inc_A reopened: new alert ${again.key} within the reopen window` });
      expect(writes(changes)).toEqual([
        'reopenIncident',
        'deferPostmortem',
        'appendEvent:incident_reopened',
        'insertAlert',
        'appendEvent:alert_received',
        'recordStateChange',
        'touchIncident',
        'insertDelivery',
      ]);
      expect(changesOf(changes, 'deferPostmortem')[0]).toEqual({ kind: 'deferPostmortem', incidentId: 'inc_A', reason: 'incident resolved' });
      expect(changesOf(changes, 'touchIncident')[0]).toMatchObject({ alertDelta: 1, firingDelta: 1, stateChangeDelta: 1 });
    });

    // Until issue 12 a firing copy of the resolved occurrence reopened the incident here; a copy of an
    // occurrence recorded as resolved is stale now (see decide-delivery-stale.test.ts), even within the window.
    it('does not reopen it when a firing copy of the resolved occurrence arrives: that copy is stale', () => {
      const { changes, outcome } = decide([diskFull], { incidents: [resolvedIncident(minutesLater(-2))] });
      expect(outcome.decisions[0]).toMatchObject({ kind: 'stale', incidentId: 'inc_A' });
      expect(writes(changes)).toEqual(['appendEvent:alert_received', 'insertDelivery']);
    });

    it('reopens it once for two firing alerts of one delivery: the second attaches to the reopened incident', () => {
      const { changes, outcome } = decide([again, buildAlert({ name: 'HighErrorRate' })], { incidents: [resolvedIncident(minutesLater(-2))] });
      expect(outcome.decisions.map((d) => [d.kind, d.incidentId])).toEqual([
        ['reopened', 'inc_A'],
        ['attached', 'inc_A'],
      ]);
      expect(changesOf(changes, 'reopenIncident')).toHaveLength(1);
    });
  });

  describe('when the firing comes after the reopen window', () => {
    it('opens a new incident and counts the firing as a state change for flapping', () => {
      const { changes, outcome } = decide([again], { incidents: [resolvedIncident(minutesLater(-30))] });
      expect(outcome.decisions[0]).toMatchObject({ kind: 'new_incident', incidentId: 'inc_N1' });
      expect(changesOf(changes, 'reopenIncident')).toHaveLength(0);
      expect(changesOf(changes, 'recordStateChange')).toEqual([{ kind: 'recordStateChange', correlationId: 'group-1', at: minutesLater(0) }]);
    });

    it('lets a later alert of the delivery find the new incident, not the resolved one', () => {
      const { outcome } = decide([again, buildAlert({ name: 'HighErrorRate' })], { incidents: [resolvedIncident(minutesLater(-30))] });
      expect(outcome.decisions.map((d) => [d.kind, d.incidentId])).toEqual([
        ['new_incident', 'inc_N1'],
        ['attached', 'inc_N1'],
      ]);
    });
  });

  describe('flapping', () => {
    const open = () => storedIncident({ alerts: { [diskFull.key]: 'firing' } });
    const resolved = buildAlert({ status: 'resolved' });

    it('marks the incident when the state changes within the window reach the threshold', () => {
      const { changes, outcome } = decide([resolved], { incidents: [open()], recentStateChanges: { 'group-1': policy.flappingThreshold - 1 } });
      expect(outcome.decisions[0]!.flappingDetected).toBe(true);
      expect(changesOf(changes, 'markFlapping')).toEqual([{ kind: 'markFlapping', incidentId: 'inc_A' }]);
      expect(changesOf(changes, 'appendEvent').find((e) => e.entry.type === 'flapping_detected')!.entry).toEqual({
        type: 'flapping_detected',
        message: 'flapping: 4 state changes within 30 min',
        data: { correlationId: 'group-1', count: 4 },
      });
    });

    it('does not mark it below the threshold', () => {
      const { changes, outcome } = decide([resolved], { incidents: [open()], recentStateChanges: { 'group-1': policy.flappingThreshold - 2 } });
      expect(outcome.decisions[0]!.flappingDetected).toBeUndefined();
      expect(changesOf(changes, 'markFlapping')).toHaveLength(0);
    });

    it('marks it once, on the change that crosses the threshold, when one delivery changes the state twice', () => {
      // A PagerDuty incident resolved and reopened (events in order): the one way the same key changes twice.
      const pd = (status: 'firing' | 'resolved', at: number) => buildAlert({ source: 'pagerduty', key: 'pd:P1', fingerprint: 'P1', status, occurredAt: minutesLater(at) });
      const stored = storedIncident({ alerts: { 'pd:P1': 'firing' }, lastEventAt: { 'pd:P1': minutesLater(-5) } });
      const { changes, outcome } = decide([pd('resolved', -2), pd('firing', -1)], { incidents: [stored], recentStateChanges: { 'group-1': policy.flappingThreshold - 2 } });
      expect(outcome.decisions.map((d) => [d.kind, d.flappingDetected])).toEqual([
        ['state_change', undefined],
        ['state_change', true],
      ]);
      expect(changesOf(changes, 'markFlapping')).toHaveLength(1);
      expect(changesOf(changes, 'recordStateChange')).toHaveLength(2);
      expect(changesOf(changes, 'touchIncident')[0]).toMatchObject({ firingDelta: 0, stateChangeDelta: 2 });
    });

    it('does not mark an incident that is already flapping again', () => {
      const flapping = storedIncident({ flapping: true, alerts: { [diskFull.key]: 'firing' } });
      const { changes, outcome } = decide([resolved], { incidents: [flapping], recentStateChanges: { 'group-1': 10 } });
      expect(outcome.decisions[0]!.flappingDetected).toBeUndefined();
      expect(changesOf(changes, 'markFlapping')).toHaveLength(0);
    });

    it('asks for the count once per correlation ID, and only when a state changes', () => {
      expect(decide([diskFull], { incidents: [open()] }).countsAsked).toEqual([]);
      expect(decide([resolved, diskFull], { incidents: [open()] }).countsAsked).toEqual(['group-1']);
    });
  });
});

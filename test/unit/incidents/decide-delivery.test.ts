import { duplicateDeliveryOutcome } from '../../../src/core/incidents/duplicate-delivery-outcome';
import { buildAlert, changesOf, decide, minutesLater, policy, storedIncident, writes } from './delivery-fixtures';

const diskFull = buildAlert();
const errors = buildAlert({ name: 'HighErrorRate' });

describe('decideDelivery', () => {
  describe('when a firing alert arrives for a new correlation ID', () => {
    it('opens one incident with the alert, a timeline that says why, and one delivery counted', () => {
      const { changes, outcome } = decide([diskFull]);
      expect(outcome.decisions).toEqual([
        { alertKey: diskFull.key, correlationId: 'group-1', kind: 'new_incident', incidentId: 'inc_N1', reason: 'new incident inc_N1 for correlation ID group-1' },
      ]);
      expect(writes(changes)).toEqual(['insertIncident', 'insertAlert', 'appendEvent:incident_opened', 'appendEvent:alert_received', 'touchIncident', 'insertDelivery']);
      expect(changesOf(changes, 'insertIncident')[0]).toMatchObject({ incidentId: 'inc_N1', correlationId: 'group-1', title: 'DiskFull summary', source: 'alertmanager' });
      expect(changesOf(changes, 'touchIncident')[0]).toMatchObject({ alertDelta: 1, firingDelta: 1, stateChangeDelta: 0, deliveryDelta: 1, sources: ['alertmanager'] });
      expect(changesOf(changes, 'appendEvent')[1]!.entry.message).toBe(`alert ${diskFull.key} firing (DiskFull summary): new incident inc_N1 for correlation ID group-1`);
    });

    it('records the delivery last, with the decisions it reports', () => {
      const { changes, outcome } = decide([diskFull]);
      const last = changes.at(-1)!;
      expect(last).toMatchObject({ kind: 'insertDelivery', delivery: { id: 'dlv_1' } });
      expect(last.kind === 'insertDelivery' && last.decisions).toEqual(outcome.decisions);
      expect(outcome).toMatchObject({ deliveryId: 'dlv_1', duplicateDelivery: false });
    });
  });

  describe('when the same alert arrives twice', () => {
    it('keeps one incident and counts two deliveries', () => {
      const { changes, outcome } = decide([diskFull], { incidents: [storedIncident({ alerts: { [diskFull.key]: 'firing' } })] });
      expect(outcome.decisions[0]).toMatchObject({ kind: 'duplicate', incidentId: 'inc_A', reason: `duplicate of alert ${diskFull.key} in incident inc_A` });
      expect(writes(changes)).toEqual(['alertSeen', 'touchIncident', 'appendEvent:decision', 'insertDelivery']);
      expect(changesOf(changes, 'touchIncident')[0]).toMatchObject({ alertDelta: 0, firingDelta: 0, deliveryDelta: 1 });
    });

    it('sums the duplicates of one incident in one timeline entry', () => {
      const held = { [diskFull.key]: 'firing' as const, [errors.key]: 'firing' as const };
      const { changes } = decide([diskFull, errors], { incidents: [storedIncident({ firingCount: 2, alerts: held })] });
      expect(changesOf(changes, 'appendEvent').map((e) => e.entry)).toEqual([
        { type: 'decision', message: 'duplicate: 2 alert(s) already recorded, delivery dlv_1 counted', data: { deliveryId: 'dlv_1', count: 2, alertKeys: [diskFull.key, errors.key] } },
      ]);
    });
  });

  describe('when two alerts of one new correlation ID arrive in one delivery', () => {
    it('opens the incident with the first and attaches the second to it', () => {
      const { changes, outcome } = decide([diskFull, errors]);
      expect(outcome.decisions.map((d) => [d.kind, d.incidentId])).toEqual([
        ['new_incident', 'inc_N1'],
        ['attached', 'inc_N1'],
      ]);
      expect(changesOf(changes, 'insertIncident')).toHaveLength(1);
      expect(changesOf(changes, 'touchIncident')).toEqual([expect.objectContaining({ incidentId: 'inc_N1', alertDelta: 2, firingDelta: 2, deliveryDelta: 1 })]);
    });

    it('writes one timeline entry for the alerts that joined, where the first joined, naming every one', () => {
      const more = ['A', 'B', 'C', 'D'].map((name) => buildAlert({ name }));
      const { changes, outcome } = decide([diskFull, ...more]);
      expect(outcome.decisions.map((d) => d.kind)).toEqual(['new_incident', 'attached', 'attached', 'attached', 'attached']);
      expect(outcome.decisions[4]).toMatchObject({ reason: `alert ${more[3]!.key} joined open incident inc_N1` });
      expect(writes(changes)).toEqual([
        'insertIncident',
        'insertAlert',
        'appendEvent:incident_opened',
        'appendEvent:alert_received',
        'insertAlert',
        'appendEvent:alert_received',
        'insertAlert',
        'insertAlert',
        'insertAlert',
        'touchIncident',
        'insertDelivery',
      ]);
      expect(changesOf(changes, 'appendEvent')[2]!.entry).toEqual({
        type: 'alert_received',
        message: `4 alerts joined open incident inc_N1: ${more
          .slice(0, 3)
          .map((a) => `${a.key} firing (${a.summary})`)
          .join(', ')} and 1 more`,
        data: { alertKeys: more.map((a) => a.key), count: 4, firing: 4, resolved: 0, deliveryId: 'dlv_1', kind: 'attached' },
      });
    });

    it('keeps the entry of a lone alert that joined as it is, and counts resolved ones apart', () => {
      const lone = decide([diskFull, errors]);
      expect(changesOf(lone.changes, 'appendEvent')[2]!.entry).toEqual({
        type: 'alert_received',
        message: `alert ${errors.key} firing (HighErrorRate summary): alert ${errors.key} joined open incident inc_N1`,
        data: { alertKey: errors.key, status: 'firing', deliveryId: 'dlv_1', kind: 'attached' },
      });
      const gone = buildAlert({ name: 'Gone', status: 'resolved' });
      const mixed = decide([diskFull, errors, gone]);
      expect(changesOf(mixed.changes, 'appendEvent')[2]!.entry).toMatchObject({
        message: `2 alerts joined open incident inc_N1 (1 first seen already resolved): ${errors.key} firing (HighErrorRate summary), ${gone.key} resolved (Gone summary)`,
        data: { alertKeys: [errors.key, gone.key], count: 2, firing: 1, resolved: 1 },
      });
    });

    it('calls the same alert twice in that delivery a duplicate the second time', () => {
      const { outcome } = decide([diskFull, diskFull]);
      expect(outcome.decisions.map((d) => d.kind)).toEqual(['new_incident', 'duplicate']);
    });
  });

  describe('when alerts share or differ in correlation ID', () => {
    it('attaches a new alert to the open incident and adds its source', () => {
      const pd = buildAlert({ source: 'pagerduty', key: 'pd:Q1', fingerprint: 'Q1' });
      const { changes, outcome } = decide([pd], { incidents: [storedIncident({ alerts: { [diskFull.key]: 'firing' } })] });
      expect(outcome.decisions[0]).toMatchObject({ kind: 'attached', incidentId: 'inc_A', reason: 'alert pd:Q1 joined open incident inc_A' });
      expect(changesOf(changes, 'touchIncident')[0]).toMatchObject({ alertDelta: 1, firingDelta: 1, sources: ['alertmanager', 'pagerduty'] });
    });

    it('opens one incident per correlation ID', () => {
      const { outcome } = decide([diskFull, buildAlert({ name: 'Other', correlationId: 'group-2' })]);
      expect(outcome.decisions.map((d) => [d.kind, d.incidentId, d.correlationId])).toEqual([
        ['new_incident', 'inc_N1', 'group-1'],
        ['new_incident', 'inc_N2', 'group-2'],
      ]);
    });
  });

  describe('resolution', () => {
    const resolved = buildAlert({ status: 'resolved', endsAt: minutesLater(1) });

    it('resolves the incident when its last firing alert resolves, schedules the postmortem and cancels queued runs', () => {
      const { changes, outcome } = decide([resolved], { incidents: [storedIncident({ alerts: { [diskFull.key]: 'firing' } })] });
      expect(outcome.decisions[0]).toMatchObject({ kind: 'state_change', incidentResolved: true, reason: `alert ${diskFull.key} firing → resolved in incident inc_A` });
      expect(writes(changes)).toEqual([
        'updateAlert',
        'appendEvent:alert_received',
        'recordStateChange',
        'cancelQueuedRuns',
        'touchIncident',
        'resolveIncident',
        'appendEvent:incident_resolved',
        'schedulePostmortem',
        'cancelQueuedRuns',
        'insertDelivery',
      ]);
      const [forAlert, forIncident] = changesOf(changes, 'cancelQueuedRuns');
      expect(forAlert).toMatchObject({ incidentId: 'inc_A', alertKey: diskFull.key, reason: `alert ${diskFull.key} resolved` });
      expect(forIncident).toEqual({ kind: 'cancelQueuedRuns', incidentId: 'inc_A', reason: 'incident resolved: remediation no longer needed', at: minutesLater(0) });
      expect(changesOf(changes, 'schedulePostmortem')[0]).toMatchObject({ reason: 'incident resolved', dueAt: minutesLater(10) });
    });

    it('schedules no postmortem without a settle time', () => {
      const { postmortemSettleMs: _none, ...withoutPostmortems } = policy;
      const { changes } = decide([resolved], { incidents: [storedIncident({ alerts: { [diskFull.key]: 'firing' } })] }, { policy: withoutPostmortems });
      expect(changesOf(changes, 'resolveIncident')).toHaveLength(1);
      expect(changesOf(changes, 'schedulePostmortem')).toHaveLength(0);
    });

    it('keeps the incident open while another of its alerts fires', () => {
      const held = { [diskFull.key]: 'firing' as const, [errors.key]: 'firing' as const };
      const { changes, outcome } = decide([resolved], { incidents: [storedIncident({ firingCount: 2, alerts: held })] });
      expect(outcome.decisions[0]!.incidentResolved).toBeUndefined();
      expect(changesOf(changes, 'resolveIncident')).toHaveLength(0);
      expect(changesOf(changes, 'touchIncident')[0]).toMatchObject({ firingDelta: -1 });
    });

    it('counts the firing alerts of the whole delivery: one resolving and a new one firing keep it open', () => {
      const { changes, outcome } = decide([resolved, errors], { incidents: [storedIncident({ alerts: { [diskFull.key]: 'firing' } })] });
      expect(outcome.decisions.map((d) => d.kind)).toEqual(['state_change', 'attached']);
      expect(changesOf(changes, 'touchIncident')[0]).toMatchObject({ alertDelta: 1, firingDelta: 0 });
      expect(changesOf(changes, 'resolveIncident')).toHaveLength(0);
    });

    it('marks the last resolving decision when two alerts resolve it together', () => {
      const held = { [diskFull.key]: 'firing' as const, [errors.key]: 'firing' as const };
      const bothResolved = [resolved, buildAlert({ name: 'HighErrorRate', status: 'resolved' })];
      const { outcome } = decide(bothResolved, { incidents: [storedIncident({ firingCount: 2, alerts: held })] });
      expect(outcome.decisions.map((d) => d.incidentResolved)).toEqual([undefined, true]);
    });

    it('ignores a resolved alert it never saw firing, opening nothing', () => {
      const { changes, outcome } = decide([resolved]);
      expect(outcome.decisions[0]).toMatchObject({ kind: 'ignored', reason: `resolved alert with no open incident: recorded, no incident opened (${diskFull.key})` });
      expect(writes(changes)).toEqual(['insertDelivery']);
    });

    it('treats a repeated resolved notification as a duplicate', () => {
      const gone = storedIncident({ status: 'resolved', resolvedAt: minutesLater(-1), firingCount: 0, alerts: { [diskFull.key]: 'resolved' } });
      const { changes, outcome } = decide([resolved], { incidents: [gone] });
      expect(outcome.decisions[0]!.kind).toBe('duplicate');
      expect(changesOf(changes, 'resolveIncident')).toHaveLength(0);
    });
  });

  describe('deliveries without alerts', () => {
    it('records the note as the one decision', () => {
      const { changes, outcome } = decide([], {}, { note: 'pagey.ping: test delivery' });
      expect(outcome.decisions).toEqual([{ kind: 'ignored', reason: 'pagey.ping: test delivery' }]);
      expect(writes(changes)).toEqual(['insertDelivery']);
    });
  });

  describe('when a dedupe key was delivered before', () => {
    it('reports the earlier delivery and that nothing changed', () => {
      expect(duplicateDeliveryOutcome('pagerduty:abc', 'dlv_0')).toEqual({
        deliveryId: 'dlv_0',
        duplicateDelivery: true,
        decisions: [{ kind: 'duplicate_delivery', reason: 're-delivery of dlv_0 (pagerduty:abc): nothing changed' }],
      });
    });
  });
});

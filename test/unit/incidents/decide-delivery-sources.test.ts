import { deliveryReads } from '../../../src/core/incidents/delivery-reads';
import { joinKeysToRead } from '../../../src/core/incidents/join-keys-to-read';
import { buildAlert, changesOf, decide, minutesLater, policy, storedIncident, writes } from './delivery-fixtures';

const pd = (overrides: Parameters<typeof buildAlert>[0] = {}) =>
  buildAlert({ source: 'pagerduty', key: 'pd:Q1', fingerprint: 'Q1', correlationId: 'pagerduty:Q1', defaultCorrelationId: 'pagerduty:Q1', ...overrides });
const groupKeyHash = 'k'.repeat(64);

describe('decideDelivery: activity and cross-source joins', () => {
  describe('activity without a state change', () => {
    const ack = pd({ status: null, activity: 'acknowledged by Jane' });

    it('lands in the incident of the known alert and appends it to the timeline', () => {
      const known = storedIncident({ id: 'inc_P', correlationId: 'group-1', alerts: { 'pd:Q1': 'firing' } });
      const { changes, outcome } = decide([ack], { incidents: [known] });
      expect(outcome.decisions[0]).toEqual({ alertKey: 'pd:Q1', correlationId: 'group-1', kind: 'activity', incidentId: 'inc_P', reason: 'pagerduty: acknowledged by Jane' });
      expect(writes(changes)).toEqual(['alertSeen', 'appendEvent:source_activity', 'touchIncident', 'insertDelivery']);
      expect(changesOf(changes, 'touchIncident')[0]).toMatchObject({ alertDelta: 0, firingDelta: 0, deliveryDelta: 1 });
    });

    it('picks the latest incident holding the alert', () => {
      const older = storedIncident({ id: 'inc_1', status: 'resolved', alerts: { 'pd:Q1': 'resolved' } });
      const newer = storedIncident({ id: 'inc_2', alerts: { 'pd:Q1': 'firing' } });
      expect(decide([ack], { incidents: [older, newer] }).outcome.decisions[0]!.incidentId).toBe('inc_2');
    });

    it('finds an alert an earlier alert of the same delivery stored', () => {
      const { outcome } = decide([pd(), ack]);
      expect(outcome.decisions.map((d) => [d.kind, d.incidentId])).toEqual([
        ['new_incident', 'inc_N1'],
        ['activity', 'inc_N1'],
      ]);
    });

    it('ignores activity for an unknown alert', () => {
      const { changes, outcome } = decide([ack]);
      expect(outcome.decisions[0]).toMatchObject({ kind: 'ignored', reason: 'acknowledged by Jane for unknown alert pd:Q1' });
      expect(writes(changes)).toEqual(['insertDelivery']);
    });
  });

  describe('cross-source join keys', () => {
    it('puts an alert carrying a published key into the publisher’s correlation ID', () => {
      const incident = storedIncident({ alerts: { [buildAlert().key]: 'firing' } });
      const { outcome, changes } = decide([pd({ joinKey: groupKeyHash })], { incidents: [incident], joinKeys: { [groupKeyHash]: 'group-1' } });
      expect(outcome.decisions[0]).toMatchObject({ kind: 'attached', incidentId: 'inc_A', correlationId: 'group-1' });
      expect(changesOf(changes, 'touchIncident')[0]!.sources).toEqual(['alertmanager', 'pagerduty']);
    });

    it('joins the incident whose correlation ID is the key itself', () => {
      const incident = storedIncident({ alerts: { [buildAlert().key]: 'firing' } });
      expect(decide([pd({ joinKey: 'group-1' })], { incidents: [incident] }).outcome.decisions[0]).toMatchObject({ kind: 'attached', correlationId: 'group-1' });
    });

    it('keeps an unknown key on the alert’s own correlation ID', () => {
      expect(decide([pd({ joinKey: 'x'.repeat(64) })]).outcome.decisions[0]).toMatchObject({ kind: 'new_incident', correlationId: 'pagerduty:Q1' });
    });

    it('uses a key published by an earlier alert of the same delivery, and publishes it in order', () => {
      const { outcome, changes } = decide([buildAlert({ publishesJoinKeys: [groupKeyHash] }), pd({ joinKey: groupKeyHash })]);
      expect(outcome.decisions.map((d) => [d.kind, d.incidentId, d.correlationId])).toEqual([
        ['new_incident', 'inc_N1', 'group-1'],
        ['attached', 'inc_N1', 'group-1'],
      ]);
      expect(writes(changes)[0]).toBe('publishJoinKey');
      expect(changesOf(changes, 'publishJoinKey')).toEqual([{ kind: 'publishJoinKey', joinKey: groupKeyHash, correlationId: 'group-1', at: minutesLater(0) }]);
    });

    it('joins a correlation ID an earlier firing alert of the same delivery opened, but not one a resolved alert left empty', () => {
      const escalation = pd({ joinKey: 'group-9' });
      const opened = decide([buildAlert({ correlationId: 'group-9' }), escalation]).outcome.decisions;
      expect(opened.map((d) => [d.kind, d.correlationId])).toEqual([
        ['new_incident', 'group-9'],
        ['attached', 'group-9'],
      ]);
      const notOpened = decide([buildAlert({ correlationId: 'group-9', status: 'resolved' }), escalation]).outcome.decisions;
      expect(notOpened.map((d) => [d.kind, d.correlationId])).toEqual([
        ['ignored', 'group-9'],
        ['new_incident', 'pagerduty:Q1'],
      ]);
    });

    it('publishes an alert’s keys under the correlation ID it joined', () => {
      const { changes } = decide([pd({ joinKey: groupKeyHash, publishesJoinKeys: ['pd-key'] })], { joinKeys: { [groupKeyHash]: 'group-1' }, incidents: [storedIncident()] });
      expect(changesOf(changes, 'publishJoinKey')).toEqual([{ kind: 'publishJoinKey', joinKey: 'pd-key', correlationId: 'group-1', at: minutesLater(0) }]);
    });
  });

  describe('what a store must read', () => {
    it('names the join keys, the correlation IDs with their alert keys, the activity keys and the flapping window start', () => {
      const alerts = [buildAlert(), buildAlert(), buildAlert({ name: 'B', correlationId: 'group-2' }), pd({ status: null, joinKey: 'j' })];
      expect(joinKeysToRead(alerts)).toEqual(['j']);
      const reads = deliveryReads(alerts, minutesLater(30), policy);
      expect([...reads.correlations]).toEqual([
        ['group-1', [buildAlert().key]],
        ['group-2', [buildAlert({ name: 'B' }).key]],
      ]);
      expect(reads.activityKeys).toEqual(['pd:Q1']);
      expect(reads.stateChangesSince).toBe(minutesLater(0));
    });
  });
});

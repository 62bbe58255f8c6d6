import { decideAlert, type AlertSituation } from '../../../src/core/incidents/decide-alert';
import { deliveryReads } from '../../../src/core/incidents/delivery-reads';
import type { PlannerInput, RunPlanner } from '../../../src/core/runs/run-planner';
import { buildRunSeed } from '../../contract/build-run-seed';
import { buildAlert, changesOf, decide, minutesLater, policy, storedIncident, writes } from './delivery-fixtures';

/** Alertmanager: one occurrence is fingerprint@startsAt. */
const diskFull = buildAlert();
const refire = buildAlert({ startsAt: minutesLater(3) });
/** PagerDuty: one key per PagerDuty incident, which PagerDuty may reopen; events carry occurred_at. */
const pd = (status: 'firing' | 'resolved' | null, occurredAt: string, activity?: string) =>
  buildAlert({ source: 'pagerduty', key: 'pd:Q1', fingerprint: 'Q1', status, occurredAt, ...(activity ? { activity } : {}) });

const resolvedIncident = (resolvedAt = minutesLater(-2)) =>
  storedIncident({ status: 'resolved', resolvedAt, firingCount: 0, alerts: { [diskFull.key]: 'resolved' } });

function plannerSpy(): RunPlanner & { asked: PlannerInput[] } {
  const asked: PlannerInput[] = [];
  const planner = (input: PlannerInput) => {
    asked.push(input);
    return { seeds: [buildRunSeed()], trace: [{ playbook: 'restart-pod', matched: true, reason: 'all conditions hold' }] };
  };
  return Object.assign(planner, { asked });
}

describe('stale deliveries', () => {
  describe('decideAlert', () => {
    const now = minutesLater(0);
    const base: AlertSituation = { incident: { status: 'resolved', resolvedAt: minutesLater(-1) }, existing: { status: 'resolved' }, status: 'firing', now };

    it('refuses a firing copy of an occurrence recorded as resolved, before any reopen rule', () => {
      expect(decideAlert({ ...base, occurrence: { status: 'resolved', lastEventAt: null } }, policy)).toMatchObject({ kind: 'stale' });
      // The same situation without the occurrence fact is what reopened the incident before.
      expect(decideAlert(base, policy)).toEqual({ kind: 'state_change', to: 'firing', reopen: true });
    });

    it('lets a resolved copy and a firing occurrence still firing through', () => {
      expect(decideAlert({ ...base, status: 'resolved', occurrence: { status: 'resolved', lastEventAt: null } }, policy)).toEqual({ kind: 'duplicate' });
      const open = { ...base, incident: { status: 'open' as const, resolvedAt: null }, existing: { status: 'firing' as const } };
      expect(decideAlert({ ...open, occurrence: { status: 'firing', lastEventAt: null } }, policy)).toEqual({ kind: 'duplicate' });
    });

    it('orders stamped events by their time: older than the last applied is stale, the same or newer is applied', () => {
      const occurrence = { status: 'resolved' as const, lastEventAt: minutesLater(-1) };
      expect(decideAlert({ ...base, occurrence, occurredAt: minutesLater(-2) }, policy)).toEqual({
        kind: 'stale',
        reason: `event of ${minutesLater(-2)} is older than the last one applied (${minutesLater(-1)})`,
      });
      expect(decideAlert({ ...base, occurrence, occurredAt: minutesLater(-1) }, policy)).toEqual({ kind: 'state_change', to: 'firing', reopen: true });
      expect(decideAlert({ ...base, status: null, occurrence, occurredAt: minutesLater(-3) }, policy).kind).toBe('stale');
    });

    it('applies a stamped event when no earlier event time is known (rows stored before event times were kept)', () => {
      expect(decideAlert({ ...base, occurrence: { status: 'resolved', lastEventAt: null }, occurredAt: minutesLater(-9) }, policy)).toEqual({
        kind: 'state_change',
        to: 'firing',
        reopen: true,
      });
    });
  });

  describe('an Alertmanager occurrence recorded as resolved', () => {
    it('is stale when a firing copy arrives within the reopen window: no reopen, no state change, no run, one timeline entry', () => {
      const planner = plannerSpy();
      const { changes, outcome } = decide([diskFull], { incidents: [resolvedIncident()] }, { planner });
      expect(outcome.decisions).toEqual([
        {
          kind: 'stale',
          alertKey: diskFull.key,
          correlationId: 'group-1',
          incidentId: 'inc_A',
          reason: `stale copy of alert ${diskFull.key}: this occurrence is already resolved; a late or repeated firing copy changes nothing (a new firing has a new start time)`,
        },
      ]);
      expect(writes(changes)).toEqual(['appendEvent:alert_received', 'insertDelivery']);
      expect(changesOf(changes, 'appendEvent')[0]).toMatchObject({
        incidentId: 'inc_A',
        entry: { type: 'alert_received', message: expect.stringMatching(/^alert am:fp-DiskFull@\S+ firing \(DiskFull summary\): stale, not applied: this occurrence is already resolved/), data: { kind: 'stale', alertKey: diskFull.key } },
      });
      expect(planner.asked).toEqual([]);
    });

    it('is stale after the reopen window too, instead of opening a new incident that would never resolve', () => {
      const { changes, outcome } = decide([diskFull], { incidents: [resolvedIncident(minutesLater(-60))] });
      expect(outcome.decisions[0]).toMatchObject({ kind: 'stale', incidentId: 'inc_A' });
      expect(changesOf(changes, 'insertIncident')).toEqual([]);
    });

    it('is stale while its incident is still open because of other alerts: it does not fire again', () => {
      const open = storedIncident({ firingCount: 1, alerts: { [diskFull.key]: 'resolved', other: 'firing' } });
      const { changes, outcome } = decide([diskFull], { incidents: [open] });
      expect(outcome.decisions[0]).toMatchObject({ kind: 'stale', incidentId: 'inc_A' });
      expect(changesOf(changes, 'updateAlert')).toEqual([]);
      expect(changesOf(changes, 'recordStateChange')).toEqual([]);
    });

    it('is stale when it is held by an older incident than the latest one of its correlation ID', () => {
      const older = storedIncident({ id: 'inc_1', status: 'resolved', resolvedAt: minutesLater(-30), firingCount: 0, alerts: { [diskFull.key]: 'resolved' } });
      const newer = storedIncident({ id: 'inc_2', alerts: { other: 'firing' } });
      const { changes, outcome } = decide([diskFull], { incidents: [older, newer] });
      expect(outcome.decisions[0]).toMatchObject({ kind: 'stale', incidentId: 'inc_1' });
      expect(changesOf(changes, 'insertAlert')).toEqual([]);
    });

    it('is stale when the same delivery resolved it a moment before', () => {
      const open = storedIncident({ alerts: { [diskFull.key]: 'firing' } });
      const { outcome } = decide([buildAlert({ status: 'resolved' }), diskFull], { incidents: [open] });
      expect(outcome.decisions.map((d) => d.kind)).toEqual(['state_change', 'stale']);
      expect(outcome.decisions[0]!.incidentResolved).toBe(true);
    });

    it('leaves a real re-fire (a new startsAt) to the reopen rule', () => {
      const { outcome } = decide([refire], { incidents: [resolvedIncident()] });
      expect(outcome.decisions[0]).toMatchObject({ kind: 'reopened', incidentId: 'inc_A' });
    });
  });

  describe('PagerDuty events out of order', () => {
    const resolvedAt = minutesLater(-2);
    const stored = (status: 'open' | 'resolved', alert: 'firing' | 'resolved', lastEventAt: string) =>
      storedIncident({ status, resolvedAt: status === 'resolved' ? resolvedAt : null, firingCount: alert === 'firing' ? 1 : 0, alerts: { 'pd:Q1': alert }, lastEventAt: { 'pd:Q1': lastEventAt } });

    it('calls a triggered event older than the resolve that was applied stale: the incident stays resolved', () => {
      const { changes, outcome } = decide([pd('firing', minutesLater(-10))], { incidents: [stored('resolved', 'resolved', minutesLater(-3))] });
      expect(outcome.decisions[0]).toMatchObject({ kind: 'stale', incidentId: 'inc_A', reason: expect.stringContaining(`older than the last one applied (${minutesLater(-3)})`) });
      expect(writes(changes)).toEqual(['appendEvent:alert_received', 'insertDelivery']);
    });

    it('calls a resolve older than the last event stale too (it changes no state)', () => {
      const { changes, outcome } = decide([pd('resolved', minutesLater(-10))], { incidents: [stored('open', 'firing', minutesLater(-3))] });
      expect(outcome.decisions[0]).toMatchObject({ kind: 'stale' });
      expect(changesOf(changes, 'resolveIncident')).toEqual([]);
    });

    it('applies a reopen newer than the resolve, and records its time as the last applied', () => {
      const { changes, outcome } = decide([pd('firing', minutesLater(-1))], { incidents: [stored('resolved', 'resolved', minutesLater(-3))] });
      expect(outcome.decisions[0]).toMatchObject({ kind: 'reopened', incidentId: 'inc_A' });
      expect(changesOf(changes, 'updateAlert')[0]!.alert.occurredAt).toBe(minutesLater(-1));
    });

    it('records an older acknowledgement as stale and a newer one as activity carrying its event time', () => {
      const incident = stored('open', 'firing', minutesLater(-3));
      expect(decide([pd(null, minutesLater(-4), 'acknowledged by Jane')], { incidents: [incident] }).outcome.decisions[0]).toMatchObject({ kind: 'stale' });
      const { changes, outcome } = decide([pd(null, minutesLater(-1), 'acknowledged by Jane')], { incidents: [incident] });
      expect(outcome.decisions[0]).toMatchObject({ kind: 'activity' });
      expect(changesOf(changes, 'alertSeen')).toEqual([{ kind: 'alertSeen', incidentId: 'inc_A', alertKey: 'pd:Q1', at: minutesLater(0), eventAt: minutesLater(-1) }]);
    });

    it('judges a later event of the same delivery against the time of the earlier one', () => {
      const incident = stored('open', 'firing', minutesLater(-5));
      const { outcome } = decide([pd(null, minutesLater(-2), 'acknowledged'), pd(null, minutesLater(-3), 'escalated')], { incidents: [incident] });
      expect(outcome.decisions.map((d) => d.kind)).toEqual(['activity', 'stale']);
    });
  });

  describe('what a store must read', () => {
    it('is asked for a key’s latest alert only when it can matter: not for repeats of a firing alert, nor for resolved copies', () => {
      const open = storedIncident({ alerts: { [diskFull.key]: 'firing' } });
      const newcomer = buildAlert({ name: 'HighErrorRate' });
      const { occurrencesAsked } = decide([diskFull, buildAlert({ name: 'Other', status: 'resolved' }), newcomer], { incidents: [open] });
      expect(occurrencesAsked).toEqual([newcomer.key]);
      expect(decide([pd(null, minutesLater(0), 'ack')]).occurrencesAsked).toEqual(['pd:Q1']);
    });

    it('names the keys whose latest stored alert decides staleness: firing ones and stamped ones', () => {
      const reads = deliveryReads([diskFull, buildAlert({ name: 'Gone', status: 'resolved' }), pd(null, minutesLater(0), 'ack')], minutesLater(0), policy);
      expect(reads.occurrenceKeys).toEqual([diskFull.key, 'pd:Q1']);
    });
  });
});

import type { CorrelatedAlert } from '../../src/core/alerts/alert';
import type { Store } from '../../src/store/store';
import { buildAlert, buildDelivery, minutesLater } from '../helpers/build-delivery';
import { buildRunSeed } from './build-run-seed';
import type { ContractContext } from './contract-context';
import { contractPolicy as policy } from './contract-policy';

const diskFull = buildAlert();
/** A PagerDuty incident's events: one key, ordered by occurred_at. */
const pd = (status: CorrelatedAlert['status'], occurredAt: string, activity?: string) =>
  buildAlert({
    source: 'pagerduty',
    key: 'pd:Q1',
    fingerprint: 'Q1',
    status,
    occurredAt,
    correlationId: 'pagerduty:Q1',
    defaultCorrelationId: 'pagerduty:Q1',
    ...(activity ? { activity } : {}),
  });

/**
 * Late and out-of-order copies: the store must keep what decides staleness (each key's latest alert, the
 * time of the last event applied to it) and hand it to the core, whatever incident holds the key.
 */
export function describeStaleDeliveriesContract(ctx: ContractContext): void {
  describe('stale deliveries', () => {
    let store: Store;
    beforeEach(() => {
      store = ctx.store;
    });

    const deliver = (alerts: CorrelatedAlert[], at: number, planner?: Parameters<Store['recordDelivery']>[2]) =>
      store.recordDelivery(buildDelivery(alerts, { receivedAt: minutesLater(at), source: alerts[0]!.source }), policy, planner);
    const only = async () => {
      const { items } = await store.listIncidents({ status: 'all', limit: 10 });
      expect(items).toHaveLength(1);
      return (await store.getIncident(items[0]!.id))!;
    };

    describe('a late firing copy of an Alertmanager occurrence that resolved', () => {
      it('is stored and recorded as stale, and the incident stays resolved: no reopen, no flapping count, no run', async () => {
        await deliver([diskFull], 0);
        await deliver([buildAlert({ status: 'resolved' })], 1);
        let asked = 0;
        const planner = () => {
          asked++;
          return { seeds: [buildRunSeed()], trace: [] };
        };
        const late = await deliver([diskFull], 2, planner);
        expect(late.decisions).toEqual([expect.objectContaining({ kind: 'stale', alertKey: diskFull.key })]);
        expect(late.runsCreated).toBe(0);
        expect(asked).toBe(0);
        const detail = await only();
        expect(detail.incident).toMatchObject({ status: 'resolved', resolvedAt: minutesLater(1), reopenCount: 0, stateChanges: 1, firingCount: 0, deliveryCount: 2 });
        expect(detail.alerts[0]).toMatchObject({ status: 'resolved', deliveryCount: 2 });
        expect(late.decisions[0]!.incidentId).toBe(detail.incident.id);
        expect(detail.timeline.at(-1)).toMatchObject({ type: 'alert_received', data: { kind: 'stale', alertKey: diskFull.key }, message: expect.stringContaining('stale, not applied') });
        expect(await store.listRuns({ limit: 10 })).toEqual([]);
      });

      it('is stale even when a newer incident of its correlation ID is open, and is told to the incident that holds it', async () => {
        await deliver([diskFull], 0);
        await deliver([buildAlert({ status: 'resolved' })], 1);
        const newer = await deliver([buildAlert({ name: 'HighErrorRate' })], 30);
        const late = await deliver([diskFull], 31);
        expect(late.decisions[0]).toMatchObject({ kind: 'stale' });
        expect(late.decisions[0]!.incidentId).not.toBe(newer.decisions[0]!.incidentId);
        const open = (await store.getIncident(newer.decisions[0]!.incidentId!))!;
        expect(open.alerts.map((a) => a.key)).toEqual([buildAlert({ name: 'HighErrorRate' }).key]);
      });

      it('leaves a re-fire with a new startsAt to reopen the incident', async () => {
        await deliver([diskFull], 0);
        await deliver([buildAlert({ status: 'resolved' })], 1);
        const refire = await deliver([buildAlert({ startsAt: minutesLater(2) })], 2);
        expect(refire.decisions[0]).toMatchObject({ kind: 'reopened' });
        expect((await only()).incident).toMatchObject({ status: 'open', reopenCount: 1 });
      });
    });

    describe('PagerDuty events applied in the order they occurred', () => {
      it('records the time of the last applied event and calls anything older stale', async () => {
        await deliver([pd('firing', minutesLater(0))], 0);
        await deliver([pd(null, minutesLater(1), 'acknowledged by Jane')], 1);
        await deliver([pd('resolved', minutesLater(3))], 3);
        // Delivered late: the acknowledgement and the trigger happened before the resolve.
        const lateAck = await deliver([pd(null, minutesLater(2), 'escalated')], 4);
        const lateTrigger = await deliver([pd('firing', minutesLater(0))], 5);
        expect([lateAck, lateTrigger].map((o) => o.decisions[0]!.kind)).toEqual(['stale', 'stale']);
        expect((await only()).incident).toMatchObject({ status: 'resolved', reopenCount: 0 });
      });

      it('applies a reopen that happened after the resolve', async () => {
        await deliver([pd('firing', minutesLater(0))], 0);
        await deliver([pd('resolved', minutesLater(1))], 1);
        const reopened = await deliver([pd('firing', minutesLater(2))], 2);
        expect(reopened.decisions[0]).toMatchObject({ kind: 'reopened' });
        // …and that reopen is now the last event: a resolve from before it is stale.
        const lateResolve = await deliver([pd('resolved', minutesLater(1.5))], 3);
        expect(lateResolve.decisions[0]).toMatchObject({ kind: 'stale' });
        expect((await only()).incident).toMatchObject({ status: 'open', reopenCount: 1 });
      });

      it('keeps the event time across a restart', async () => {
        await deliver([pd('firing', minutesLater(0))], 0);
        await deliver([pd('resolved', minutesLater(3))], 3);
        store = await ctx.reopen();
        expect((await deliver([pd('firing', minutesLater(2))], 4)).decisions[0]).toMatchObject({ kind: 'stale' });
      });
    });
  });
}

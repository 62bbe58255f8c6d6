import type { Store } from '../../src/store/store';
import { buildAlert, buildDelivery } from '../helpers/build-delivery';
import type { ContractContext } from './contract-context';
import { contractPolicy as policy } from './contract-policy';

/** recordDelivery: source-specific intake (dedupe keys, activity without a state change, cross-source joins). */
export function describeIntakeSourcesContract(ctx: ContractContext): void {
  describe('intake across sources', () => {
    let store: Store;
    beforeEach(() => {
      store = ctx.store;
    });

    const openIncidents = async () => (await store.listIncidents({ status: 'open', limit: 200 })).items;

    describe('deliveries with a dedupe key', () => {
      it('changes nothing when the same key is delivered again', async () => {
        const first = await store.recordDelivery(buildDelivery([buildAlert()], { dedupeKey: 'pagerduty:abc' }), policy);
        const again = await store.recordDelivery(buildDelivery([buildAlert()], { dedupeKey: 'pagerduty:abc' }), policy);
        expect(again).toMatchObject({ duplicateDelivery: true, deliveryId: first.deliveryId });
        expect(again.decisions[0]!.kind).toBe('duplicate_delivery');
        expect((await openIncidents())[0]).toMatchObject({ deliveryCount: 1 });
      });

      it('records a delivery without alerts with its note', async () => {
        const o = await store.recordDelivery(buildDelivery([], { note: 'pagey.ping: test delivery', dedupeKey: 'pagerduty:ping' }), policy);
        expect(o.decisions).toEqual([{ kind: 'ignored', reason: 'pagey.ping: test delivery' }]);
      });
    });

    describe('activity without a state change', () => {
      it('appends source activity to the known alert’s incident', async () => {
        const pd = { source: 'pagerduty' as const, key: 'pd:Q1', fingerprint: 'Q1', correlationId: 'pagerduty:Q1', defaultCorrelationId: 'pagerduty:Q1' };
        await store.recordDelivery(buildDelivery([buildAlert(pd)]), policy);
        const o = await store.recordDelivery(buildDelivery([buildAlert({ ...pd, status: null, activity: 'acknowledged by Jane' })]), policy);
        expect(o.decisions[0]).toMatchObject({ kind: 'activity', correlationId: 'pagerduty:Q1' });
        const detail = await store.getIncident(o.decisions[0]!.incidentId!);
        expect(detail!.timeline.at(-1)).toMatchObject({ type: 'source_activity', message: 'pagerduty: acknowledged by Jane' });
        expect(detail!.incident).toMatchObject({ status: 'open', firingCount: 1 });
      });

      it('ignores activity for an unknown alert', async () => {
        const o = await store.recordDelivery(buildDelivery([buildAlert({ key: 'pd:nope', status: null, activity: 'acknowledged' })]), policy);
        expect(o.decisions[0]!.kind).toBe('ignored');
        expect((await store.listIncidents({ status: 'all', limit: 10 })).items).toHaveLength(0);
      });
    });

    describe('cross-source join keys', () => {
      it('puts a PagerDuty incident carrying an Alertmanager group’s dedup key into that group’s incident', async () => {
        await store.recordDelivery(buildDelivery([buildAlert({ publishesJoinKeys: ['k'.repeat(64)] })]), policy);
        const o = await store.recordDelivery(
          buildDelivery([buildAlert({ source: 'pagerduty', key: 'pd:Q1', fingerprint: 'Q1', correlationId: 'pagerduty:Q1', joinKey: 'k'.repeat(64) })]),
          policy,
        );
        expect(o.decisions[0]).toMatchObject({ kind: 'attached', correlationId: 'group-1' });
        const [incident] = await openIncidents();
        expect(incident).toMatchObject({ alertCount: 2, sources: ['alertmanager', 'pagerduty'] });
      });

      it('joins the correlation ID that published the key last, however often the same pair was published', async () => {
        const key = 'j'.repeat(64);
        await store.recordDelivery(buildDelivery([buildAlert({ publishesJoinKeys: [key] })]), policy);
        await store.recordDelivery(buildDelivery([buildAlert({ name: 'Other', correlationId: 'group-2', publishesJoinKeys: [key] })]), policy);
        await store.recordDelivery(buildDelivery([buildAlert({ name: 'Third', correlationId: 'group-2', publishesJoinKeys: [key] })]), policy);
        const o = await store.recordDelivery(
          buildDelivery([buildAlert({ source: 'pagerduty', key: 'pd:Q3', fingerprint: 'Q3', correlationId: 'pagerduty:Q3', joinKey: key })]),
          policy,
        );
        expect(o.decisions[0]).toMatchObject({ kind: 'attached', correlationId: 'group-2' });
      });

      it('joins the incident whose correlation ID is the join key (mendbot’s own PagerDuty escalations)', async () => {
        await store.recordDelivery(buildDelivery([buildAlert()]), policy);
        const o = await store.recordDelivery(
          buildDelivery([buildAlert({ source: 'pagerduty', key: 'pd:Q9', fingerprint: 'Q9', correlationId: 'pagerduty:Q9', joinKey: 'group-1' })]),
          policy,
        );
        expect(o.decisions[0]).toMatchObject({ kind: 'attached', correlationId: 'group-1' });
      });

      it('keeps an unknown join key on the source’s own correlation ID', async () => {
        const o = await store.recordDelivery(buildDelivery([buildAlert({ correlationId: 'pagerduty:Q2', joinKey: 'x'.repeat(64) })]), policy);
        expect(o.decisions[0]).toMatchObject({ kind: 'new_incident', correlationId: 'pagerduty:Q2' });
      });
    });
  });
}

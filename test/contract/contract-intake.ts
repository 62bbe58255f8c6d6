import type { Store } from '../../src/store/store';
import { buildAlert, buildDelivery, minutesLater } from '../helpers/build-delivery';
import type { ContractContext } from './contract-context';
import { contractPolicy as policy } from './contract-policy';

/** recordDelivery: what a delivery does to incidents (open, dedupe, attach, resolve, reopen, flapping). */
export function describeIntakeContract(ctx: ContractContext): void {
  describe('intake', () => {
    let store: Store;
    beforeEach(() => {
      store = ctx.store;
    });

    const openIncidents = async () => (await store.listIncidents({ status: 'open', limit: 200 })).items;

    describe('when a firing alert arrives for a new correlation ID', () => {
      it('opens one incident and records why', async () => {
        const outcome = await store.recordDelivery(buildDelivery([buildAlert()]), policy);
        expect(outcome.duplicateDelivery).toBe(false);
        expect(outcome.decisions).toHaveLength(1);
        expect(outcome.decisions[0]).toMatchObject({ kind: 'new_incident', correlationId: 'group-1' });
        const [incident] = await openIncidents();
        expect(incident).toMatchObject({ correlationId: 'group-1', status: 'open', alertCount: 1, firingCount: 1, deliveryCount: 1, title: 'DiskFull summary' });
        expect(outcome.decisions[0]!.incidentId).toBe(incident!.id);
      });

      it('keeps an ordered timeline: opened, then the alert received with the decision and its reason', async () => {
        const outcome = await store.recordDelivery(buildDelivery([buildAlert()]), policy);
        const detail = await store.getIncident(outcome.decisions[0]!.incidentId!);
        expect(detail!.timeline.map((e) => e.type)).toEqual(['incident_opened', 'alert_received']);
        expect(detail!.timeline.map((e) => e.seq)).toEqual([1, 2]);
        expect(detail!.timeline[1]).toMatchObject({ message: expect.stringMatching(/^alert am:fp-DiskFull@\S+ firing \(DiskFull summary\): new incident inc_/), data: { kind: 'new_incident' } });
        expect(detail!.alerts).toHaveLength(1);
        expect(detail!.alerts[0]).toMatchObject({ status: 'firing', labels: { alertname: 'DiskFull', namespace: 'prod' }, deliveryCount: 1 });
      });
    });

    describe('when the same alert arrives twice', () => {
      it('keeps one incident and counts two deliveries', async () => {
        await store.recordDelivery(buildDelivery([buildAlert()]), policy);
        const second = await store.recordDelivery(buildDelivery([buildAlert()], { receivedAt: minutesLater(1) }), policy);
        expect(second.decisions[0]).toMatchObject({ kind: 'duplicate' });
        expect(second.decisions[0]!.reason).toMatch(/^duplicate of alert am:fp-DiskFull@/);
        const incidents = await openIncidents();
        expect(incidents).toHaveLength(1);
        expect(incidents[0]).toMatchObject({ deliveryCount: 2, alertCount: 1, lastSeenAt: minutesLater(1) });
        const detail = await store.getIncident(incidents[0]!.id);
        expect(detail!.alerts[0]!.deliveryCount).toBe(2);
      });
    });

    describe('when 200 deliveries of the same payload arrive concurrently', () => {
      it('opens exactly one incident and counts every delivery', async () => {
        const deliveries = Array.from({ length: 200 }, () => buildDelivery([buildAlert(), buildAlert({ name: 'HighErrorRate' })]));
        const outcomes = await Promise.all(deliveries.map((d) => store.recordDelivery(d, policy)));
        expect(outcomes.filter((o) => o.decisions.some((d) => d.kind === 'new_incident'))).toHaveLength(1);
        const all = (await store.listIncidents({ status: 'all', limit: 200 })).items;
        expect(all).toHaveLength(1);
        expect(all[0]).toMatchObject({ deliveryCount: 200, alertCount: 2, firingCount: 2 });
      });
    });

    describe('when alerts share or differ in correlation ID', () => {
      it('attaches a new alert with the same correlation ID to the open incident', async () => {
        await store.recordDelivery(buildDelivery([buildAlert()]), policy);
        const o = await store.recordDelivery(buildDelivery([buildAlert({ name: 'HighErrorRate' })]), policy);
        expect(o.decisions[0]).toMatchObject({ kind: 'attached' });
        const incidents = await openIncidents();
        expect(incidents).toHaveLength(1);
        expect(incidents[0]).toMatchObject({ alertCount: 2, firingCount: 2 });
      });

      it('opens a separate incident for another correlation ID', async () => {
        await store.recordDelivery(buildDelivery([buildAlert()]), policy);
        await store.recordDelivery(buildDelivery([buildAlert({ name: 'Other', correlationId: 'group-2' })]), policy);
        expect((await openIncidents()).map((i) => i.correlationId).sort()).toEqual(['group-1', 'group-2']);
      });
    });

    describe('resolution', () => {
      it('resolves the incident only when all its alerts are resolved', async () => {
        await store.recordDelivery(buildDelivery([buildAlert(), buildAlert({ name: 'HighErrorRate' })]), policy);
        const partial = await store.recordDelivery(
          buildDelivery([buildAlert({ status: 'resolved' }), buildAlert({ name: 'HighErrorRate' })], { receivedAt: minutesLater(2) }),
          policy,
        );
        expect(partial.decisions.map((d) => d.kind)).toEqual(['state_change', 'duplicate']);
        expect(partial.decisions[0]!.incidentResolved).toBeUndefined();
        expect((await openIncidents())[0]).toMatchObject({ firingCount: 1 });

        const full = await store.recordDelivery(
          buildDelivery([buildAlert({ status: 'resolved' }), buildAlert({ name: 'HighErrorRate', status: 'resolved' })], { receivedAt: minutesLater(3) }),
          policy,
        );
        expect(full.decisions[1]).toMatchObject({ kind: 'state_change', incidentResolved: true });
        expect(await openIncidents()).toHaveLength(0);
        const [resolved] = (await store.listIncidents({ status: 'resolved', limit: 10 })).items;
        expect(resolved).toMatchObject({ status: 'resolved', resolvedAt: minutesLater(3), firingCount: 0 });
        const detail = await store.getIncident(resolved!.id);
        expect(detail!.timeline.at(-1)!.type).toBe('incident_resolved');
      });

      it('handles firing and resolved alerts in the same delivery', async () => {
        await store.recordDelivery(buildDelivery([buildAlert()]), policy);
        const o = await store.recordDelivery(
          buildDelivery([buildAlert({ status: 'resolved' }), buildAlert({ name: 'HighErrorRate' })], { receivedAt: minutesLater(1) }),
          policy,
        );
        expect(o.decisions.map((d) => d.kind)).toEqual(['state_change', 'attached']);
        expect((await openIncidents())[0]).toMatchObject({ firingCount: 1, alertCount: 2 });
      });

      it('ignores a resolved alert it never saw firing, opening nothing', async () => {
        const o = await store.recordDelivery(buildDelivery([buildAlert({ status: 'resolved' })]), policy);
        expect(o.decisions[0]).toMatchObject({ kind: 'ignored' });
        expect((await store.listIncidents({ status: 'all', limit: 10 })).items).toHaveLength(0);
      });

      it('treats a repeated resolved notification as a duplicate', async () => {
        await store.recordDelivery(buildDelivery([buildAlert()]), policy);
        await store.recordDelivery(buildDelivery([buildAlert({ status: 'resolved' })], { receivedAt: minutesLater(1) }), policy);
        const again = await store.recordDelivery(buildDelivery([buildAlert({ status: 'resolved' })], { receivedAt: minutesLater(2) }), policy);
        expect(again.decisions[0]).toMatchObject({ kind: 'duplicate' });
        expect((await store.listIncidents({ status: 'all', limit: 10 })).items).toHaveLength(1);
      });
    });

    describe('after an incident resolved', () => {
      beforeEach(async () => {
        await store.recordDelivery(buildDelivery([buildAlert()]), policy);
        await store.recordDelivery(buildDelivery([buildAlert({ status: 'resolved' })], { receivedAt: minutesLater(1) }), policy);
      });

      it('reopens it when a new occurrence fires within the reopen window', async () => {
        const o = await store.recordDelivery(
          buildDelivery([buildAlert({ startsAt: minutesLater(3) })], { receivedAt: minutesLater(3) }),
          policy,
        );
        expect(o.decisions[0]).toMatchObject({ kind: 'reopened' });
        const all = (await store.listIncidents({ status: 'all', limit: 10 })).items;
        expect(all).toHaveLength(1);
        expect(all[0]).toMatchObject({ status: 'open', reopenCount: 1, resolvedAt: null, alertCount: 2, firingCount: 1 });
      });

      it('opens a new incident when the firing comes after the window', async () => {
        const o = await store.recordDelivery(
          buildDelivery([buildAlert({ startsAt: minutesLater(30) })], { receivedAt: minutesLater(30) }),
          policy,
        );
        expect(o.decisions[0]).toMatchObject({ kind: 'new_incident' });
        const all = (await store.listIncidents({ status: 'all', limit: 10 })).items;
        expect(all.map((i) => i.status)).toEqual(['open', 'resolved']);
      });
    });

    describe('flapping', () => {
      it('marks the incident after N state changes within the window, once', async () => {
        const flappy = { ...policy, flappingThreshold: 3 };
        const kinds: Array<boolean | undefined> = [];
        await store.recordDelivery(buildDelivery([buildAlert()]), flappy);
        // Each firing is a new occurrence (new startsAt): a firing copy of a resolved occurrence is stale.
        let startsAt = buildAlert().startsAt;
        for (let i = 1; i <= 4; i++) {
          const status = i % 2 === 1 ? 'resolved' : 'firing';
          if (status === 'firing') startsAt = minutesLater(i);
          const o = await store.recordDelivery(buildDelivery([buildAlert({ status, startsAt })], { receivedAt: minutesLater(i) }), flappy);
          kinds.push(o.decisions[0]!.flappingDetected);
        }
        expect(kinds).toEqual([undefined, undefined, true, undefined]);
        const [incident] = (await store.listIncidents({ status: 'all', limit: 10 })).items;
        expect(incident).toMatchObject({ flapping: true, stateChanges: 4, reopenCount: 2 });
        const detail = await store.getIncident(incident!.id);
        expect(detail!.timeline.filter((e) => e.type === 'flapping_detected')).toHaveLength(1);
      });

      it('does not count state changes older than the window', async () => {
        const flappy = { ...policy, flappingThreshold: 3, flappingWindowMs: 60_000, reopenWindowMs: 3_600_000 };
        await store.recordDelivery(buildDelivery([buildAlert()]), flappy);
        let startsAt = buildAlert().startsAt;
        for (let i = 1; i <= 4; i++) {
          const status = i % 2 === 1 ? 'resolved' : 'firing';
          if (status === 'firing') startsAt = minutesLater(i * 10);
          await store.recordDelivery(buildDelivery([buildAlert({ status, startsAt })], { receivedAt: minutesLater(i * 10) }), flappy);
        }
        const [incident] = (await store.listIncidents({ status: 'all', limit: 10 })).items;
        expect(incident).toMatchObject({ flapping: false, stateChanges: 4 });
      });
    });

    describe('when two processes record the same alerts at once', () => {
      it('opens one incident, counts every delivery and keeps one gap-free timeline', async () => {
        const peer = await ctx.openPeer();
        const deliveries = Array.from({ length: 20 }, () => buildDelivery([buildAlert(), buildAlert({ name: 'HighErrorRate' })]));
        const outcomes = await Promise.all(deliveries.map((d, i) => (i % 2 ? peer : store).recordDelivery(d, policy)));
        expect(outcomes.filter((o) => o.decisions.some((d) => d.kind === 'new_incident'))).toHaveLength(1);
        const all = (await store.listIncidents({ status: 'all', limit: 10 })).items;
        expect(all).toHaveLength(1);
        expect(all[0]).toMatchObject({ deliveryCount: 20, alertCount: 2, firingCount: 2 });
        const detail = await peer.getIncident(all[0]!.id);
        expect(detail!.timeline.map((e) => e.seq)).toEqual(detail!.timeline.map((_, i) => i + 1));
      });
    });
  });
}

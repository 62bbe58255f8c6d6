import type { Store } from '../../src/store/store';
import { buildAlert, buildDelivery, minutesLater } from '../helpers/build-delivery';
import type { ContractContext } from './contract-context';
import { contractPolicy as policy } from './contract-policy';
import { openIncident } from './open-incident';
import { resolveIncident } from './resolve-incident';

/** listIncidents, getIncident, countOpenIncidents, incidentStatus: reading what intake stored. */
export function describeIncidentReadsContract(ctx: ContractContext): void {
  describe('incident reads', () => {
    let store: Store;
    beforeEach(() => {
      store = ctx.store;
    });

    describe('listing', () => {
      beforeEach(async () => {
        for (let i = 0; i < 7; i++) {
          await store.recordDelivery(buildDelivery([buildAlert({ name: `A${i}`, correlationId: `c${i}` })], { receivedAt: minutesLater(i) }), policy);
        }
        await store.recordDelivery(buildDelivery([buildAlert({ name: 'A0', correlationId: 'c0', status: 'resolved' })], { receivedAt: minutesLater(9) }), policy);
      });

      it('filters by status and correlation ID', async () => {
        expect((await store.listIncidents({ status: 'open', limit: 50 })).items).toHaveLength(6);
        expect((await store.listIncidents({ status: 'resolved', limit: 50 })).items.map((i) => i.correlationId)).toEqual(['c0']);
        expect((await store.listIncidents({ status: 'all', correlationId: 'c3', limit: 50 })).items).toHaveLength(1);
      });

      it('pages newest first without gaps or repeats', async () => {
        const seen: string[] = [];
        let beforeId: string | undefined;
        for (let pages = 0; pages < 10; pages++) {
          const page = await store.listIncidents({ status: 'all', limit: 3, beforeId });
          seen.push(...page.items.map((i) => i.correlationId));
          if (!page.hasMore) break;
          beforeId = page.items.at(-1)!.id;
        }
        expect(seen).toEqual(['c6', 'c5', 'c4', 'c3', 'c2', 'c1', 'c0']);
      });

      it('counts open incidents', async () => {
        expect(await store.countOpenIncidents()).toBe(6);
      });

      it('returns null for an unknown incident', async () => {
        expect(await store.getIncident('inc_nope')).toBeNull();
      });
    });

    describe('an empty store', () => {
      it('has no incidents, counts none open and knows no status', async () => {
        expect(await store.listIncidents({ status: 'all', limit: 10 })).toEqual({ items: [], hasMore: false });
        expect(await store.countOpenIncidents()).toBe(0);
        expect(await store.incidentStatus('inc_nope')).toBeNull();
      });
    });

    describe('incident status', () => {
      it('is open while an alert fires and resolved once all have resolved', async () => {
        const incidentId = await openIncident(store, 'group-1');
        expect(await store.incidentStatus(incidentId)).toBe('open');
        await resolveIncident(store, 'group-1', minutesLater(1));
        expect(await store.incidentStatus(incidentId)).toBe('resolved');
        expect(await store.countOpenIncidents()).toBe(0);
      });
    });

    describe('paging boundaries', () => {
      it('says there is more only when another incident exists past the page', async () => {
        for (const c of ['c1', 'c2', 'c3']) await openIncident(store, c);
        const exact = await store.listIncidents({ status: 'all', limit: 3 });
        expect(exact.items.map((i) => i.correlationId)).toEqual(['c3', 'c2', 'c1']);
        expect(exact.hasMore).toBe(false);
        const short = await store.listIncidents({ status: 'all', limit: 2 });
        expect(short.hasMore).toBe(true);
        const rest = await store.listIncidents({ status: 'all', limit: 2, beforeId: short.items[1]!.id });
        expect(rest).toMatchObject({ items: [expect.objectContaining({ correlationId: 'c1' })], hasMore: false });
      });
    });

    describe('incident detail', () => {
      it('returns the incident with its alerts in arrival order and a gap-free timeline', async () => {
        await store.recordDelivery(buildDelivery([buildAlert()]), policy);
        const o = await store.recordDelivery(buildDelivery([buildAlert({ name: 'HighErrorRate' })], { receivedAt: minutesLater(1) }), policy);
        const detail = await store.getIncident(o.decisions[0]!.incidentId!);
        expect(detail!.incident).toMatchObject({ id: o.decisions[0]!.incidentId, correlationId: 'group-1', alertCount: 2 });
        expect(detail!.alerts.map((a) => a.labels.alertname)).toEqual(['DiskFull', 'HighErrorRate']);
        expect(detail!.timeline.map((e) => e.seq)).toEqual(detail!.timeline.map((_, i) => i + 1));
        expect(detail!.timeline.map((e) => e.type)).toEqual(['incident_opened', 'alert_received', 'alert_received']);
      });
    });
  });
}

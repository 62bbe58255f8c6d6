import type { LifecyclePolicy } from '../../src/core/incidents/lifecycle-policy';
import type { Store } from '../../src/store/store';
import { buildAlert, buildDelivery, minutesLater } from '../helpers/build-delivery';

export interface StoreHarness {
  store: Store;
  /** Closes the store and opens a new one on the same data (a restart). */
  reopen(): Promise<Store>;
  cleanup(): Promise<void>;
}

const policy: LifecyclePolicy = { reopenWindowMs: 5 * 60_000, flappingThreshold: 4, flappingWindowMs: 30 * 60_000 };

/**
 * The store contract: every adapter (SQLite, MongoDB) must pass this suite unchanged. It states the
 * intake guarantees in terms of the port only.
 */
export function describeStoreContract(adapter: string, open: () => Promise<StoreHarness>): void {
  describe(`store contract: ${adapter}`, () => {
    let h: StoreHarness;
    let store: Store;
    beforeEach(async () => {
      h = await open();
      store = h.store;
    });
    afterEach(async () => {
      await h.cleanup();
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
        for (let i = 1; i <= 4; i++) {
          const o = await store.recordDelivery(
            buildDelivery([buildAlert({ status: i % 2 === 1 ? 'resolved' : 'firing' })], { receivedAt: minutesLater(i) }),
            flappy,
          );
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
        for (let i = 1; i <= 4; i++) {
          await store.recordDelivery(
            buildDelivery([buildAlert({ status: i % 2 === 1 ? 'resolved' : 'firing' })], { receivedAt: minutesLater(i * 10) }),
            flappy,
          );
        }
        const [incident] = (await store.listIncidents({ status: 'all', limit: 10 })).items;
        expect(incident).toMatchObject({ flapping: false, stateChanges: 4 });
      });
    });

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

    describe('chat references', () => {
      it('keeps the first reference stored for a key', async () => {
        expect(await store.getChatRef('incident:inc_1')).toBeNull();
        expect(await store.putChatRef('incident:inc_1', { channel: 'C1', ts: '1.1' })).toEqual({ channel: 'C1', ts: '1.1' });
        expect(await store.putChatRef('incident:inc_1', { channel: 'C1', ts: '2.2' })).toEqual({ channel: 'C1', ts: '1.1' });
        expect(await store.getChatRef('incident:inc_1')).toEqual({ channel: 'C1', ts: '1.1' });
      });
    });

    describe('silences', () => {
      const silence = { id: 'sil_1', matchers: ['alertname="DiskFull"'], createdBy: 'U1', reason: 'maintenance', startsAt: minutesLater(0), endsAt: minutesLater(60) };

      it('lists a silence only within its window', async () => {
        await store.addSilence(silence);
        expect(await store.listSilences(minutesLater(-1))).toEqual([]);
        expect(await store.listSilences(minutesLater(30))).toEqual([silence]);
        expect(await store.listSilences(minutesLater(60))).toEqual([]);
      });

      it('ends a silence early', async () => {
        await store.addSilence(silence);
        expect(await store.expireSilence('sil_1', minutesLater(10))).toBe(true);
        expect(await store.listSilences(minutesLater(11))).toEqual([]);
        expect(await store.expireSilence('sil_1', minutesLater(12))).toBe(false);
      });
    });

    describe('job leases', () => {
      it('lets one owner at a time run a scheduled job, and another take over after expiry', async () => {
        expect(await store.acquireJobLease('sweep', 'a', minutesLater(0), 60_000)).toBe(true);
        expect(await store.acquireJobLease('sweep', 'b', minutesLater(0.5), 60_000)).toBe(false);
        expect(await store.acquireJobLease('sweep', 'a', minutesLater(0.5), 60_000)).toBe(true);
        expect(await store.acquireJobLease('other', 'b', minutesLater(0.5), 60_000)).toBe(true);
        expect(await store.acquireJobLease('sweep', 'b', minutesLater(2), 60_000)).toBe(true);
        expect(await store.acquireJobLease('sweep', 'a', minutesLater(2.5), 60_000)).toBe(false);
      });
    });

    describe('durability', () => {
      it('still has every incident after a restart', async () => {
        await store.recordDelivery(buildDelivery([buildAlert()]), policy);
        store = await h.reopen();
        const [incident] = await openIncidents();
        expect(incident).toMatchObject({ correlationId: 'group-1', alertCount: 1 });
        await expect(store.ping()).resolves.toBeUndefined();
      });
    });
  });
}

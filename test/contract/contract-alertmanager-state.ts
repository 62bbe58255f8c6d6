import type { AlertmanagerState } from '../../src/core/alertmanager/alertmanager-state';
import type { Store } from '../../src/store/store';
import { buildAlert, buildDelivery, minutesLater } from '../helpers/build-delivery';
import type { ContractContext } from './contract-context';
import { contractPolicy as policy } from './contract-policy';
import { openIncident } from './open-incident';

const active = (at: number): AlertmanagerState => ({ active: true, checkedAt: minutesLater(at), missingSince: null });
const missing = (at: number, since: number): AlertmanagerState => ({ active: false, checkedAt: minutesLater(at), missingSince: minutesLater(since) });

/** store.recordAlertmanagerState: what reconciliation learned, on the incident and (with a note) in its timeline. */
export function describeAlertmanagerStateContract(ctx: ContractContext): void {
  describe('alertmanager state', () => {
    let store: Store;
    let incidentId: string;
    const stateInList = async (s: Store) => (await s.listIncidents({ status: 'all', limit: 50 })).items.find((i) => i.id === incidentId)?.alertmanager;

    beforeEach(async () => {
      store = ctx.store;
      incidentId = await openIncident(store);
    });

    it('is null until reconciliation records one', async () => {
      expect((await store.getIncident(incidentId))!.incident.alertmanager).toBeNull();
      expect(await stateInList(store)).toBeNull();
    });

    it('round-trips through getIncident and listIncidents, changing nothing else, and survives a restart', async () => {
      const before = (await store.getIncident(incidentId))!;
      await store.recordAlertmanagerState(incidentId, missing(3, 2));
      const after = (await store.getIncident(incidentId))!;
      expect(after.incident).toEqual({ ...before.incident, alertmanager: missing(3, 2) });
      expect(after.timeline).toEqual(before.timeline);
      expect(await stateInList(store)).toEqual(missing(3, 2));
      const restarted = await ctx.reopen();
      expect((await restarted.getIncident(incidentId))!.incident.alertmanager).toEqual(missing(3, 2));
      expect(await stateInList(restarted)).toEqual(missing(3, 2));
    });

    it('keeps only the latest state, per incident', async () => {
      const other = await openIncident(store, 'group-2', minutesLater(1));
      await store.recordAlertmanagerState(incidentId, missing(3, 2));
      await store.recordAlertmanagerState(other, active(3));
      await store.recordAlertmanagerState(incidentId, active(5));
      expect((await store.getIncident(incidentId))!.incident.alertmanager).toEqual(active(5));
      expect(await stateInList(store)).toEqual(active(5));
      expect((await store.getIncident(other))!.incident.alertmanager).toEqual(active(3));
    });

    it('appends the note after the existing timeline as a reconciliation entry, and intake continues after it', async () => {
      const before = (await store.getIncident(incidentId))!.timeline;
      expect(before.length).toBeGreaterThan(0);
      const data = { missingAlerts: ['am:fp-Lost@2026-03-14T09:41:00.000Z'], peers: 2 };
      await store.recordAlertmanagerState(incidentId, active(4), { at: minutesLater(4), message: 'Alertmanager reports 1 alert mendbot never received', data });
      const afterNote = (await store.getIncident(incidentId))!.timeline;
      expect(afterNote.slice(0, before.length)).toEqual(before);
      expect(afterNote).toHaveLength(before.length + 1);
      expect(afterNote.at(-1)).toEqual({
        seq: afterNote.at(-1)!.seq,
        incidentId,
        at: minutesLater(4),
        type: 'reconciliation',
        message: 'Alertmanager reports 1 alert mendbot never received',
        data,
      });
      await store.recordAlertmanagerState(incidentId, missing(6, 5), { at: minutesLater(6), message: 'no longer active in Alertmanager' });
      const alert = buildAlert({ name: 'Alert-group-1', correlationId: 'group-1', defaultCorrelationId: 'group-1', status: 'resolved' });
      await store.recordDelivery(buildDelivery([alert], { receivedAt: minutesLater(7) }), policy);
      const timeline = (await store.getIncident(incidentId))!.timeline;
      expect(timeline.length).toBeGreaterThan(before.length + 2);
      expect(timeline[before.length + 1]).toMatchObject({ type: 'reconciliation', at: minutesLater(6), message: 'no longer active in Alertmanager', data: {} });
      for (let i = 1; i < timeline.length; i++) expect(timeline[i]!.seq).toBeGreaterThan(timeline[i - 1]!.seq);
      expect(timeline.slice(before.length + 2).map((e) => e.at)).toEqual(timeline.slice(before.length + 2).map(() => minutesLater(7)));
    });

    it('adds no timeline entry without a note', async () => {
      const before = (await store.getIncident(incidentId))!.timeline;
      await store.recordAlertmanagerState(incidentId, active(2));
      await store.recordAlertmanagerState(incidentId, missing(4, 3));
      expect((await store.getIncident(incidentId))!.timeline).toEqual(before);
    });

    it('changes nothing and does not throw for an unknown incident', async () => {
      const before = await store.listIncidents({ status: 'all', limit: 50 });
      const detail = await store.getIncident(incidentId);
      await expect(store.recordAlertmanagerState('inc_nope', active(2), { at: minutesLater(2), message: 'lost' })).resolves.toBeUndefined();
      await expect(store.recordAlertmanagerState('inc_nope', active(2))).resolves.toBeUndefined();
      expect(await store.getIncident('inc_nope')).toBeNull();
      expect(await store.listIncidents({ status: 'all', limit: 50 })).toEqual(before);
      expect(await store.getIncident(incidentId)).toEqual(detail);
    });

    it('lands both of two concurrent records (two processes): both notes with distinct seqs, the later one’s state kept', async () => {
      const peer = await ctx.openPeer();
      const states = { first: missing(3, 2), second: active(3) };
      const before = (await store.getIncident(incidentId))!.timeline.length;
      await Promise.all([
        store.recordAlertmanagerState(incidentId, states.first, { at: minutesLater(3), message: 'first', data: { who: 'first' } }),
        peer.recordAlertmanagerState(incidentId, states.second, { at: minutesLater(3), message: 'second', data: { who: 'second' } }),
      ]);
      const detail = (await store.getIncident(incidentId))!;
      const notes = detail.timeline.slice(before);
      expect(notes.map((e) => e.message).sort()).toEqual(['first', 'second']);
      expect(notes.every((e) => e.type === 'reconciliation')).toBe(true);
      expect(new Set(notes.map((e) => e.seq)).size).toBe(2);
      // "Last wins" is observable: the state kept is the one whose note came last.
      const last = notes.reduce((a, b) => (b.seq > a.seq ? b : a));
      expect(detail.incident.alertmanager).toEqual(states[last.data.who as 'first' | 'second']);
      expect((await peer.getIncident(incidentId))!.incident.alertmanager).toEqual(detail.incident.alertmanager);
    });
  });
}

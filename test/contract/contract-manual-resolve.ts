import type { Store } from '../../src/store/store';
import { buildAlert, buildDelivery, minutesLater } from '../helpers/build-delivery';
import { buildRunSeed } from './build-run-seed';
import { claimAs } from './claim-as';
import type { ContractContext } from './contract-context';
import { contractPolicy } from './contract-policy';
import { createRunFor } from './create-run-for';
import { requestApproval } from './request-approval';

const policy = { ...contractPolicy, postmortemSettleMs: 10 * 60_000 };
const disk = buildAlert();
const errors = buildAlert({ name: 'HighErrorRate' });
const request = (at: number, by = 'U024BE7LH') => ({ by, reason: 'exporter stuck, checked by hand', at: minutesLater(at) });

/** store.resolveIncident: a person closes an incident, with what an alert resolution does and who and why. */
export function describeManualResolveContract(ctx: ContractContext): void {
  describe('manual resolve', () => {
    let store: Store;
    let incidentId: string;
    beforeEach(async () => {
      store = ctx.store;
      const o = await store.recordDelivery(buildDelivery([disk, errors]), policy);
      incidentId = o.decisions[0]!.incidentId!;
    });

    it('resolves the incident and its firing alerts, says who and why, schedules the postmortem', async () => {
      const outcome = await store.resolveIncident(incidentId, request(5), policy);
      expect(outcome).toEqual({
        kind: 'resolved',
        incidentId,
        resolvedAt: minutesLater(5),
        alertsResolved: [disk.key, errors.key].sort(),
        runsCancelled: [],
        postmortemDueAt: minutesLater(15),
      });
      const detail = (await store.getIncident(incidentId))!;
      expect(detail.incident).toMatchObject({ status: 'resolved', resolvedAt: minutesLater(5), firingCount: 0, alertCount: 2, stateChanges: 0 });
      expect(detail.alerts.map((a) => [a.status, a.endsAt])).toEqual([
        ['resolved', minutesLater(5)],
        ['resolved', minutesLater(5)],
      ]);
      expect(detail.timeline.at(-1)).toMatchObject({
        type: 'incident_resolved',
        at: minutesLater(5),
        message: expect.stringMatching(/^incident resolved by U024BE7LH: exporter stuck, checked by hand \(2 firing alert/),
        data: { by: 'U024BE7LH', reason: 'exporter stuck, checked by hand', manual: true },
      });
      expect(await store.getPostmortem(incidentId)).toMatchObject({ state: 'pending', reason: 'incident resolved', dueAt: minutesLater(15) });
      expect(await store.countOpenIncidents()).toBe(0);
    });

    it('cancels queued runs and pending approvals, never a run in hand or one that continues on resolve', async () => {
      const waiting = await createRunFor(store, incidentId, buildRunSeed({ scopeKey: 'waiting' }), minutesLater(1));
      await requestApproval(store, waiting.id, minutesLater(1.5), minutesLater(30));
      const inHand = await createRunFor(store, incidentId, buildRunSeed({ scopeKey: 'in-hand' }), minutesLater(2));
      expect((await claimAs(store, 'a', minutesLater(2))).run!.id).toBe(inHand.id);
      const queued = await createRunFor(store, incidentId, buildRunSeed({ scopeKey: 'queued' }), minutesLater(2.2));
      const keeps = await createRunFor(store, incidentId, buildRunSeed({ scopeKey: 'keeps' }, { continueOnResolve: true }), minutesLater(2.3));
      const outcome = await store.resolveIncident(incidentId, request(3), policy);
      expect(outcome.kind === 'resolved' && [...outcome.runsCancelled].sort((x, y) => x.runId.localeCompare(y.runId))).toEqual(
        [waiting, queued].map((r) => ({ runId: r.id, playbook: 'restart-pod' })).sort((x, y) => x.runId.localeCompare(y.runId)),
      );
      for (const r of [waiting, queued]) {
        expect(await store.getRun(r.id)).toMatchObject({ status: 'cancelled', reason: 'incident resolved by U024BE7LH: remediation no longer needed', finishedAt: minutesLater(3) });
      }
      expect(await store.getRun(inHand.id)).toMatchObject({ status: 'running' });
      expect(await store.getRun(keeps.id)).toMatchObject({ status: 'pending' });
      expect(await store.incidentStatus(incidentId)).toBe('resolved');
    });

    it('changes nothing for an incident that is resolved already, and finds no unknown one', async () => {
      await store.resolveIncident(incidentId, request(5), policy);
      const before = await store.getIncident(incidentId);
      expect(await store.resolveIncident(incidentId, request(6, 'U0OTHER'), policy)).toEqual({ kind: 'already_resolved', incidentId, resolvedAt: minutesLater(5) });
      expect(await store.getIncident(incidentId)).toEqual(before);
      expect(await store.resolveIncident('inc_nope', request(6), policy)).toEqual({ kind: 'not_found', incidentId: 'inc_nope' });
    });

    it('lets exactly one of two processes resolving at once do it', async () => {
      const peer = await ctx.openPeer();
      const outcomes = await Promise.all([store.resolveIncident(incidentId, request(5, 'U1'), policy), peer.resolveIncident(incidentId, request(5, 'U2'), policy)]);
      expect(outcomes.map((o) => o.kind).sort()).toEqual(['already_resolved', 'resolved']);
      const detail = (await store.getIncident(incidentId))!;
      expect(detail.timeline.filter((e) => e.type === 'incident_resolved')).toHaveLength(1);
      expect(detail.incident.firingCount).toBe(0);
    });

    describe('a later firing delivery follows the normal rules', () => {
      beforeEach(async () => {
        await store.resolveIncident(incidentId, request(5), policy);
      });

      it('calls a repeat of an occurrence it resolved stale', async () => {
        const repeat = await store.recordDelivery(buildDelivery([disk, errors], { receivedAt: minutesLater(6) }), policy);
        expect(repeat.decisions.map((d) => d.kind)).toEqual(['stale', 'stale']);
        expect(await store.incidentStatus(incidentId)).toBe('resolved');
      });

      it('reopens for a new occurrence within the reopen window of the resolve (deferring the postmortem)', async () => {
        const refire = await store.recordDelivery(buildDelivery([buildAlert({ startsAt: minutesLater(7) })], { receivedAt: minutesLater(7) }), policy);
        expect(refire.decisions[0]).toMatchObject({ kind: 'reopened', incidentId });
        expect(await store.getIncident(incidentId)).toMatchObject({ incident: { status: 'open', reopenCount: 1, firingCount: 1 } });
        expect(await store.getPostmortem(incidentId)).toMatchObject({ state: 'deferred' });
      });

      it('opens a new incident for a new occurrence after the window', async () => {
        const later = await store.recordDelivery(buildDelivery([buildAlert({ startsAt: minutesLater(30) })], { receivedAt: minutesLater(30) }), policy);
        expect(later.decisions[0]).toMatchObject({ kind: 'new_incident' });
        expect(later.decisions[0]!.incidentId).not.toBe(incidentId);
      });
    });
  });
}

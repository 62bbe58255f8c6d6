import type { RunStatus } from '../../src/core/runs/run';
import type { Store } from '../../src/store/store';
import { buildAlert, buildDelivery, minutesLater } from '../helpers/build-delivery';
import { claimAs } from './claim-as';
import type { ContractContext } from './contract-context';
import { contractPolicy } from './contract-policy';
import { createRunFor } from './create-run-for';
import { openIncident } from './open-incident';
import { resolveIncident } from './resolve-incident';

const settle = { postmortemSettleMs: 10 * 60_000 };

/** Postmortems scheduled inside other writes: an incident's resolution and a run's failure. */
export function describePostmortemTriggersContract(ctx: ContractContext): void {
  describe('postmortem triggers', () => {
    let store: Store;
    let incidentId: string;
    beforeEach(async () => {
      store = ctx.store;
      incidentId = await openIncident(store);
    });

    describe('when an incident resolves', () => {
      it('schedules its postmortem after the settle time, in the same write', async () => {
        await resolveIncident(store, 'group-1', minutesLater(5), settle);
        expect(await store.getPostmortem(incidentId)).toMatchObject({ state: 'pending', reason: 'incident resolved', dueAt: minutesLater(15), attempts: 0, ticket: null });
      });

      it('schedules nothing when no settle time is configured', async () => {
        await resolveIncident(store, 'group-1', minutesLater(5));
        expect(await store.getPostmortem(incidentId)).toBeNull();
      });

      it('defers it when the incident reopens within the window, and schedules it again at the next resolution', async () => {
        await resolveIncident(store, 'group-1', minutesLater(5), settle);
        const refire = buildAlert({ name: 'Alert-group-1', correlationId: 'group-1', defaultCorrelationId: 'group-1', startsAt: minutesLater(7) });
        const reopened = await store.recordDelivery(buildDelivery([refire], { receivedAt: minutesLater(7) }), { ...contractPolicy, ...settle });
        expect(reopened.decisions[0]).toMatchObject({ kind: 'reopened', incidentId });
        expect(await store.getPostmortem(incidentId)).toMatchObject({ state: 'deferred', dueAt: null });
        expect(await store.claimDuePostmortems({ owner: 'a', now: minutesLater(60), leaseMs: 60_000, limit: 10 })).toEqual([]);
        await store.recordDelivery(buildDelivery([{ ...refire, status: 'resolved' }], { receivedAt: minutesLater(9) }), { ...contractPolicy, ...settle });
        expect(await store.getPostmortem(incidentId)).toMatchObject({ state: 'pending', dueAt: minutesLater(19) });
      });
    });

    describe('when a run finishes', () => {
      const finish = async (status: RunStatus) => {
        const run = await createRunFor(store, incidentId);
        await claimAs(store, 'a', minutesLater(2));
        await store.saveRun(run.id, 'a', { now: minutesLater(3), status, finished: true });
        return run;
      };

      it('schedules the postmortem at once for a failed run', async () => {
        const run = await finish('failed');
        expect(await store.getPostmortem(incidentId)).toMatchObject({ state: 'pending', reason: `remediation failed: run ${run.id}`, dueAt: minutesLater(3) });
      });

      it('schedules the postmortem at once for a run that needs attention', async () => {
        const run = await finish('needs_attention');
        expect(await store.getPostmortem(incidentId)).toMatchObject({ state: 'pending', reason: `remediation needs_attention: run ${run.id}`, dueAt: minutesLater(3) });
      });

      it('schedules nothing for a run that succeeded', async () => {
        await finish('succeeded');
        expect(await store.getPostmortem(incidentId)).toBeNull();
      });
    });
  });
}

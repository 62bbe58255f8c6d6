import { StoreUnavailableError } from '../../src/core/errors';
import type { Store } from '../../src/store/store';
import { buildAlert, buildDelivery, minutesLater } from '../helpers/build-delivery';
import { buildRunSeed } from './build-run-seed';
import { claimAs } from './claim-as';
import type { ContractContext } from './contract-context';
import { contractPolicy as policy } from './contract-policy';
import { createRunFor } from './create-run-for';

/** ping and close, and what survives a restart: the store's life as a process sees it. */
export function describeLifecycleContract(ctx: ContractContext): void {
  describe('store lifecycle', () => {
    let store: Store;
    beforeEach(() => {
      store = ctx.store;
    });

    const openIncidents = async () => (await store.listIncidents({ status: 'open', limit: 200 })).items;

    describe('durability', () => {
      it('still has every incident after a restart', async () => {
        await store.recordDelivery(buildDelivery([buildAlert()]), policy);
        store = await ctx.reopen();
        const [incident] = await openIncidents();
        expect(incident).toMatchObject({ correlationId: 'group-1', alertCount: 1 });
        await expect(store.ping()).resolves.toBeUndefined();
      });
    });

    describe('restarts', () => {
      it('keeps runs and their leases, controls, chat references, postmortems and job leases', async () => {
        const o = await store.recordDelivery(buildDelivery([buildAlert()]), policy);
        const incidentId = o.decisions[0]!.incidentId!;
        const run = await createRunFor(store, incidentId, buildRunSeed({ lockKey: 'restart-pod:web' }));
        await claimAs(store, 'a', minutesLater(2));
        await store.setPause('drain-node', { by: 'U1', reason: 'flaky', at: minutesLater(2) });
        await store.putChatRef(`incident:${incidentId}`, { channel: 'C1', ts: '1.1' });
        await store.schedulePostmortem(incidentId, minutesLater(30), 'incident resolved');
        await store.acquireJobLease('sweep', 'a', minutesLater(2), 60_000);
        const before = await store.getRun(run.id);
        store = await ctx.reopen();
        expect(await store.getRun(run.id)).toEqual(before);
        expect((await claimAs(store, 'b', minutesLater(2.5))).run).toBeNull(); // still leased to `a`
        await expect(store.saveRun(run.id, 'a', { now: minutesLater(2.6), reason: 'after restart' })).resolves.toMatchObject({ reason: 'after restart' });
        expect((await store.getControls()).paused).toEqual({ 'drain-node': { by: 'U1', reason: 'flaky', at: minutesLater(2) } });
        expect(await store.putChatRef(`incident:${incidentId}`, { channel: 'C1', ts: '2.2' })).toEqual({ channel: 'C1', ts: '1.1' });
        expect(await store.getPostmortem(incidentId)).toMatchObject({ state: 'pending', dueAt: minutesLater(30) });
        expect(await store.acquireJobLease('sweep', 'b', minutesLater(2.5), 60_000)).toBe(false);
      });

      it('shows one process’s writes to another process on the same data', async () => {
        const peer = await ctx.openPeer();
        await store.recordDelivery(buildDelivery([buildAlert()]), policy);
        expect((await peer.listIncidents({ status: 'open', limit: 10 })).items).toHaveLength(1);
        expect(await peer.countOpenIncidents()).toBe(1);
      });
    });

    describe('ping and close', () => {
      it('answers a ping while open', async () => {
        await expect(store.ping()).resolves.toBeUndefined();
      });

      it('refuses pings and deliveries once closed, acknowledging nothing', async () => {
        await store.close();
        await expect(store.ping()).rejects.toBeInstanceOf(StoreUnavailableError);
        await expect(store.recordDelivery(buildDelivery([buildAlert()]), policy)).rejects.toBeInstanceOf(StoreUnavailableError);
        store = await ctx.reopen();
        expect(await openIncidents()).toEqual([]);
      });

      it('finishes a delivery already accepted before it closes', async () => {
        const pending = store.recordDelivery(buildDelivery([buildAlert()]), policy);
        await store.close();
        await expect(pending).resolves.toMatchObject({ duplicateDelivery: false });
        store = await ctx.reopen();
        expect(await openIncidents()).toHaveLength(1);
      });
    });
  });
}

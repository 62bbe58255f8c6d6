import type { TicketRef } from '../../src/core/postmortems/tracker';
import type { Store } from '../../src/store/store';
import { minutesLater } from '../helpers/build-delivery';
import type { ContractContext } from './contract-context';
import { openIncident } from './open-incident';

const ticket: TicketRef = { tracker: 'github', id: '42', url: 'https://github.example/acme/ops/issues/42' };
const lease = { leaseMs: 60_000, limit: 10 };

/**
 * schedulePostmortem, claimDuePostmortems, savePostmortem, getPostmortem: every due postmortem is
 * leased to one process at a time, so exactly one ticket gets filed. (Scheduling by intake and by
 * failed runs is in contract-postmortem-triggers.ts.)
 */
export function describePostmortemsContract(ctx: ContractContext): void {
  describe('postmortems', () => {
    let store: Store;
    let inc1: string;
    let inc2: string;
    let inc3: string;
    beforeEach(async () => {
      store = ctx.store;
      [inc1, inc2, inc3] = [await openIncident(store, 'group-1'), await openIncident(store, 'group-2'), await openIncident(store, 'group-3')];
    });

    const claim = (owner: string, now: string, s: Store = store) => s.claimDuePostmortems({ ...lease, owner, now });

    it('records a scheduled postmortem as pending at its due time; none for other incidents', async () => {
      await store.schedulePostmortem(inc1, minutesLater(10), 'incident resolved');
      expect(await store.getPostmortem(inc1)).toEqual({
        incidentId: inc1, state: 'pending', reason: 'incident resolved', dueAt: minutesLater(10), attempts: 0, lastError: null, ticket: null, filedAt: null,
        updatedAt: expect.any(String),
      });
      expect(await store.getPostmortem(inc2)).toBeNull();
    });

    it('hands out a postmortem only once it is due', async () => {
      await store.schedulePostmortem(inc1, minutesLater(10), 'incident resolved');
      expect(await claim('a', minutesLater(9))).toEqual([]);
      expect(await claim('a', minutesLater(10))).toEqual([expect.objectContaining({ incidentId: inc1, state: 'pending', dueAt: minutesLater(10) })]);
    });

    it('hands a leased postmortem to nobody else until the lease expires, then to another owner', async () => {
      await store.schedulePostmortem(inc1, minutesLater(10), 'incident resolved');
      expect(await claim('a', minutesLater(10))).toHaveLength(1);
      expect(await claim('b', minutesLater(10.5))).toEqual([]);
      expect(await claim('b', minutesLater(11))).toEqual([expect.objectContaining({ incidentId: inc1 })]);
      expect(await claim('a', minutesLater(11.5))).toEqual([]);
    });

    it('gives each due postmortem to exactly one of two processes claiming at once', async () => {
      for (const id of [inc1, inc2, inc3]) await store.schedulePostmortem(id, minutesLater(10), 'incident resolved');
      const peer = await ctx.openPeer();
      const [a, b] = await Promise.all([claim('a', minutesLater(10)), claim('b', minutesLater(10), peer)]);
      const ids = [...a, ...b].map((p) => p.incidentId);
      expect(ids.sort()).toEqual([inc1, inc2, inc3].sort());
    });

    it('hands out the earliest due first, up to the limit', async () => {
      await store.schedulePostmortem(inc1, minutesLater(12), 'incident resolved');
      await store.schedulePostmortem(inc2, minutesLater(10), 'incident resolved');
      await store.schedulePostmortem(inc3, minutesLater(11), 'incident resolved');
      const first = await store.claimDuePostmortems({ owner: 'a', now: minutesLater(20), leaseMs: 60_000, limit: 2 });
      expect(first.map((p) => p.incidentId)).toEqual([inc2, inc3]);
      expect((await claim('a', minutesLater(20))).map((p) => p.incidentId)).toEqual([inc1]);
    });

    it('never hands out a deferred postmortem', async () => {
      await store.schedulePostmortem(inc1, minutesLater(10), 'incident resolved');
      await store.savePostmortem(inc1, { now: minutesLater(5), state: 'deferred', dueAt: null });
      expect(await claim('a', minutesLater(60))).toEqual([]);
      expect(await store.getPostmortem(inc1)).toMatchObject({ state: 'deferred', dueAt: null });
    });

    describe('saving an attempt', () => {
      beforeEach(async () => {
        await store.schedulePostmortem(inc1, minutesLater(10), 'incident resolved');
        await claim('a', minutesLater(10));
      });

      it('files it: records the ticket and the time, and never hands it out again', async () => {
        await store.savePostmortem(inc1, { now: minutesLater(10.2), state: 'filed', attempts: 1, lastError: null, ticket, filed: true });
        expect(await store.getPostmortem(inc1)).toEqual({
          incidentId: inc1, state: 'filed', reason: 'incident resolved', dueAt: minutesLater(10), attempts: 1, lastError: null, ticket, filedAt: minutesLater(10.2), updatedAt: minutesLater(10.2),
        });
        expect(await claim('b', minutesLater(60))).toEqual([]);
      });

      it('after a failure, retries at the new due time even though the lease would still run', async () => {
        await store.savePostmortem(inc1, { now: minutesLater(10.1), state: 'pending', dueAt: minutesLater(10.5), attempts: 1, lastError: 'tracker answered 502' });
        expect(await store.getPostmortem(inc1)).toMatchObject({ state: 'pending', attempts: 1, lastError: 'tracker answered 502', dueAt: minutesLater(10.5), filedAt: null });
        expect(await claim('b', minutesLater(10.4))).toEqual([]);
        expect(await claim('b', minutesLater(10.5))).toEqual([expect.objectContaining({ incidentId: inc1, attempts: 1 })]);
      });

      it('rebuilds a filed postmortem when rescheduled, keeping its ticket so it is updated, not filed twice', async () => {
        await store.savePostmortem(inc1, { now: minutesLater(10.2), state: 'filed', attempts: 2, ticket, filed: true });
        await store.schedulePostmortem(inc1, minutesLater(30), 'incident resolved again');
        expect(await store.getPostmortem(inc1)).toMatchObject({ state: 'pending', reason: 'incident resolved again', dueAt: minutesLater(30), attempts: 0, ticket });
        expect(await claim('b', minutesLater(30))).toEqual([expect.objectContaining({ incidentId: inc1, ticket })]);
      });
    });
  });
}

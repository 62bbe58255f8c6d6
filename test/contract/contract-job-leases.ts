import type { Store } from '../../src/store/store';
import { minutesLater } from '../helpers/build-delivery';
import type { ContractContext } from './contract-context';

/** acquireJobLease: one owner per scheduled job until its lease expires; the holder renews it. */
export function describeJobLeasesContract(ctx: ContractContext): void {
  describe('scheduled jobs', () => {
    let store: Store;
    beforeEach(() => {
      store = ctx.store;
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

    describe('job leases in detail', () => {
      it('lets the holder renew, which pushes the expiry out for everyone else', async () => {
        expect(await store.acquireJobLease('sweep', 'a', minutesLater(0), 60_000)).toBe(true);
        expect(await store.acquireJobLease('sweep', 'a', minutesLater(0.9), 60_000)).toBe(true); // now until minute 1.9
        expect(await store.acquireJobLease('sweep', 'b', minutesLater(1.5), 60_000)).toBe(false);
        expect(await store.acquireJobLease('sweep', 'b', minutesLater(1.9), 60_000)).toBe(true);
      });

      it('gives a free job to exactly one of many replicas asking at once', async () => {
        const peer = await ctx.openPeer();
        const results = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? peer : store).acquireJobLease('sweep', `replica-${i}`, minutesLater(0), 60_000)));
        expect(results.filter(Boolean)).toHaveLength(1);
      });

      it('gives an expired job to exactly one of many replicas asking at once', async () => {
        await store.acquireJobLease('sweep', 'dead', minutesLater(0), 60_000);
        const peer = await ctx.openPeer();
        const results = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? peer : store).acquireJobLease('sweep', `replica-${i}`, minutesLater(2), 60_000)));
        expect(results.filter(Boolean)).toHaveLength(1);
        expect(await store.acquireJobLease('sweep', 'dead', minutesLater(2.5), 60_000)).toBe(false);
      });
    });
  });
}

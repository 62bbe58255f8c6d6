import type { Run } from '../../src/core/runs/run';
import type { Admission, RunGuardFacts, Store } from '../../src/store/store';
import { minutesLater } from '../helpers/build-delivery';
import { buildRunSeed } from './build-run-seed';
import { claimAs } from './claim-as';
import type { ContractContext } from './contract-context';
import { createRunFor } from './create-run-for';
import { openIncident } from './open-incident';
import { requestApproval } from './request-approval';
import { resolveIncident } from './resolve-incident';

/** The guardrail's lock policy `wait`: a candidate whose lock another run holds is deferred. */
const waitForLock = (run: Run, facts: RunGuardFacts): Admission =>
  facts.lockHolder ? { kind: 'defer', guardrail: 'locked', reason: `waiting for lock ${run.lockKey} held by ${facts.lockHolder}`, retryInMs: 1_000 } : { kind: 'admit' };

/**
 * Per-target locks: an admitted run takes its lock key in the claim's atomic step and holds it until
 * it finishes (or is cancelled or rejected), across releases and lease takeovers.
 */
export function describeLocksContract(ctx: ContractContext): void {
  describe('locks', () => {
    let store: Store;
    let incidentId: string;
    beforeEach(async () => {
      store = ctx.store;
      incidentId = await openIncident(store);
    });

    const lockedRun = (scopeKey: string, at: string, lockKey = 'restart-pod:web-1') => createRunFor(store, incidentId, buildRunSeed({ scopeKey, lockKey }), at);
    const holderSeenBy = async (runId: string, at: string) => {
      let holder: string | null | undefined;
      await claimAs(store, 'observer', at, (run, facts) => {
        if (run.id === runId) holder = facts.lockHolder;
        return { kind: 'defer', guardrail: 'observe', reason: 'observed', retryInMs: 1 };
      });
      return holder;
    };

    it('names the run holding a candidate’s lock key; other keys and lock-free runs see no holder', async () => {
      const holder = await lockedRun('holder', minutesLater(1));
      expect((await claimAs(store, 'a', minutesLater(2))).run!.id).toBe(holder.id);
      const blocked = await lockedRun('blocked', minutesLater(2.2));
      const otherKey = await lockedRun('other-key', minutesLater(2.2), 'restart-pod:web-2');
      const free = await createRunFor(store, incidentId, buildRunSeed({ scopeKey: 'free' }), minutesLater(2.2));
      expect(await holderSeenBy(blocked.id, minutesLater(2.5))).toBe(holder.id);
      expect(await holderSeenBy(otherKey.id, minutesLater(2.6))).toBeNull();
      expect(await holderSeenBy(free.id, minutesLater(2.7))).toBeNull();
    });

    it('does not name a run as the holder of its own lock when it is claimed again after a lost lease', async () => {
      const run = await lockedRun('holder', minutesLater(1));
      await claimAs(store, 'dead', minutesLater(2));
      expect(await holderSeenBy(run.id, minutesLater(4))).toBeNull();
      expect((await claimAs(store, 'b', minutesLater(5), waitForLock)).run).toMatchObject({ id: run.id, startedAt: minutesLater(2) });
    });

    it('keeps the lock while its holder waits for approval, and frees it when the holder is rejected', async () => {
      const holder = await lockedRun('holder', minutesLater(1));
      await requestApproval(store, holder.id, minutesLater(2), minutesLater(30));
      const next = await lockedRun('next', minutesLater(3));
      expect(await holderSeenBy(next.id, minutesLater(4))).toBe(holder.id);
      await store.decideApproval(holder.id, { decision: 'rejected', by: 'U1', at: minutesLater(5) });
      expect((await claimAs(store, 'a', minutesLater(6), waitForLock)).run).toMatchObject({ id: next.id });
    });

    it('keeps the lock for an approved holder, which resumes with it while others still wait', async () => {
      const holder = await lockedRun('holder', minutesLater(1));
      await requestApproval(store, holder.id, minutesLater(2), minutesLater(30));
      await store.decideApproval(holder.id, { decision: 'approved', by: 'U1', at: minutesLater(3) });
      const next = await lockedRun('next', minutesLater(3.5));
      expect(await holderSeenBy(next.id, minutesLater(4))).toBe(holder.id);
      expect((await claimAs(store, 'a', minutesLater(5), waitForLock)).run).toMatchObject({ id: holder.id, status: 'running' });
    });

    it('frees the lock when the holder’s approval expires and the playbook rejects on expiry', async () => {
      const holder = await lockedRun('holder', minutesLater(1));
      await requestApproval(store, holder.id, minutesLater(2), minutesLater(10));
      const next = await lockedRun('next', minutesLater(3));
      await store.expireApprovals(minutesLater(10));
      expect((await claimAs(store, 'a', minutesLater(11), waitForLock)).run).toMatchObject({ id: next.id });
    });

    it('frees the lock when the holder finishes, so the next run with that key is admitted', async () => {
      const holder = await lockedRun('holder', minutesLater(1));
      await claimAs(store, 'a', minutesLater(2));
      const next = await lockedRun('next', minutesLater(2.2));
      const deferred = await claimAs(store, 'b', minutesLater(2.5), waitForLock);
      expect(deferred).toMatchObject({ run: null, hits: [{ runId: next.id, kind: 'defer', guardrail: 'locked' }] });
      await store.saveRun(holder.id, 'a', { now: minutesLater(2.6), status: 'succeeded', finished: true });
      expect(await holderSeenBy(next.id, minutesLater(2.7))).toBeNull();
      expect((await claimAs(store, 'b', minutesLater(2.8), waitForLock)).run).toMatchObject({ id: next.id, status: 'running' });
    });

    it('frees the lock of a waiting holder cancelled because its incident resolved', async () => {
      const holder = await lockedRun('holder', minutesLater(1));
      await requestApproval(store, holder.id, minutesLater(2), minutesLater(30));
      await resolveIncident(store, 'group-1', minutesLater(3));
      expect(await store.getRun(holder.id)).toMatchObject({ status: 'cancelled' });
      const other = await openIncident(store, 'group-2', minutesLater(4));
      const next = await createRunFor(store, other, buildRunSeed({ lockKey: 'restart-pod:web-1' }), minutesLater(4));
      expect(await holderSeenBy(next.id, minutesLater(5))).toBeNull();
    });

    it('lets only one of two runs sharing a key start when two processes claim at the same moment', async () => {
      await lockedRun('first', minutesLater(1));
      await lockedRun('second', minutesLater(1.1));
      const peer = await ctx.openPeer();
      const [a, b] = await Promise.all([claimAs(store, 'a', minutesLater(2), waitForLock), claimAs(peer, 'b', minutesLater(2), waitForLock)]);
      expect([a.run?.scopeKey, b.run?.scopeKey].filter((s) => s !== undefined)).toEqual(['first']);
    });

    it('lets only one of several runs sharing a key run at a time, however many owners claim at once', async () => {
      for (let i = 0; i < 4; i++) await lockedRun(`s${i}`, minutesLater(1 + i / 10));
      const peer = await ctx.openPeer();
      const claims = await Promise.all(Array.from({ length: 6 }, (_, i) => claimAs(i % 2 ? peer : store, `owner-${i}`, minutesLater(2), waitForLock)));
      expect(claims.flatMap((c) => (c.run ? [c.run.scopeKey] : []))).toHaveLength(1);
      expect((await store.listRuns({ statuses: ['running'], limit: 10 })).map((r) => r.scopeKey)).toHaveLength(1);
    });
  });
}

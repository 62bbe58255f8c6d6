import type { Store } from '../../src/store/store';
import { minutesLater } from '../helpers/build-delivery';
import { buildRunSeed } from './build-run-seed';
import { claimAs } from './claim-as';
import type { ContractContext } from './contract-context';
import { createRunFor } from './create-run-for';
import { openIncident } from './open-incident';
import { requestApproval } from './request-approval';

const requested = { approvers: ['U1', 'U2'], requestedAt: minutesLater(2), expiresAt: minutesLater(17) };

/** decideApproval and expireApprovals: exactly one decision per request, expiry by the playbook's rule. */
export function describeApprovalsContract(ctx: ContractContext): void {
  describe('approvals', () => {
    let store: Store;
    let incidentId: string;
    let runId: string;
    beforeEach(async () => {
      store = ctx.store;
      incidentId = await openIncident(store);
      runId = (await createRunFor(store, incidentId, buildRunSeed({}, { mode: 'approval' }))).id;
    });

    it('keeps a run waiting for approval out of the queue', async () => {
      const waiting = await requestApproval(store, runId, minutesLater(2), minutesLater(17));
      expect(waiting).toMatchObject({ status: 'waiting_approval', approval: requested });
      expect((await claimAs(store, 'a', minutesLater(5))).run).toBeNull();
    });

    it('queues an approved run again, recording who approved and when', async () => {
      await requestApproval(store, runId, minutesLater(2), minutesLater(17));
      const result = await store.decideApproval(runId, { decision: 'approved', by: 'U1', at: minutesLater(3) });
      expect(result).toEqual({ ok: true, run: expect.objectContaining({ status: 'pending', reason: 'approved by U1', finishedAt: null, approval: { ...requested, decision: 'approved', by: 'U1', at: minutesLater(3) } }) });
      expect(await store.getRun(runId)).toEqual(result.run);
      expect((await claimAs(store, 'a', minutesLater(3))).run).toMatchObject({ id: runId, status: 'running' });
      const timeline = (await store.getIncident(incidentId))!.timeline;
      expect(timeline.filter((e) => e.type === 'approval')).toEqual([expect.objectContaining({ message: `run ${runId} approved by U1`, data: { runId, decision: 'approved', by: 'U1' } })]);
    });

    it('cancels a rejected run for good', async () => {
      await requestApproval(store, runId, minutesLater(2), minutesLater(17));
      const result = await store.decideApproval(runId, { decision: 'rejected', by: 'U2', at: minutesLater(3) });
      expect(result.ok).toBe(true);
      expect(result.run).toMatchObject({ status: 'cancelled', reason: 'rejected by U2', finishedAt: minutesLater(3), approval: { decision: 'rejected', by: 'U2', at: minutesLater(3) } });
      expect((await claimAs(store, 'a', minutesLater(4))).run).toBeNull();
    });

    it('refuses a decision for a run that is not waiting, leaving it unchanged', async () => {
      const pending = await store.getRun(runId);
      expect(await store.decideApproval(runId, { decision: 'approved', by: 'U1', at: minutesLater(3) })).toEqual({ ok: false, run: pending });
      expect(await store.decideApproval('run_nope', { decision: 'approved', by: 'U1', at: minutesLater(3) })).toEqual({ ok: false, run: null });
    });

    it('takes the first decision only; a later one sees the run as decided', async () => {
      await requestApproval(store, runId, minutesLater(2), minutesLater(17));
      await store.decideApproval(runId, { decision: 'approved', by: 'U1', at: minutesLater(3) });
      const late = await store.decideApproval(runId, { decision: 'rejected', by: 'U2', at: minutesLater(3.5) });
      expect(late).toEqual({ ok: false, run: expect.objectContaining({ status: 'pending', approval: expect.objectContaining({ decision: 'approved', by: 'U1' }) }) });
    });

    it('takes exactly one of two decisions arriving at once from two processes', async () => {
      await requestApproval(store, runId, minutesLater(2), minutesLater(17));
      const peer = await ctx.openPeer();
      const [approve, reject] = await Promise.all([
        store.decideApproval(runId, { decision: 'approved', by: 'U1', at: minutesLater(3) }),
        peer.decideApproval(runId, { decision: 'rejected', by: 'U2', at: minutesLater(3) }),
      ]);
      expect([approve.ok, reject.ok].filter(Boolean)).toHaveLength(1);
      const final = await store.getRun(runId);
      expect(final!.status).toBe(approve.ok ? 'pending' : 'cancelled');
      expect(final!.approval!.by).toBe(approve.ok ? 'U1' : 'U2');
      expect((await store.getIncident(incidentId))!.timeline.filter((e) => e.type === 'approval')).toHaveLength(1);
    });

    describe('expiry', () => {
      it('expires nothing before the deadline', async () => {
        await requestApproval(store, runId, minutesLater(2), minutesLater(17));
        expect(await store.expireApprovals(minutesLater(16.9))).toEqual([]);
        expect(await store.getRun(runId)).toMatchObject({ status: 'waiting_approval' });
      });

      it('cancels an expired request when the playbook says reject, once', async () => {
        await requestApproval(store, runId, minutesLater(2), minutesLater(17));
        const expired = await store.expireApprovals(minutesLater(17));
        expect(expired).toEqual([expect.objectContaining({ id: runId, status: 'cancelled', reason: 'approval expired', finishedAt: minutesLater(17), approval: { ...requested, decision: 'expired', by: 'mendbot', at: minutesLater(17) } })]);
        expect(await store.getRun(runId)).toEqual(expired[0]);
        expect(await store.expireApprovals(minutesLater(18))).toEqual([]);
        const timeline = (await store.getIncident(incidentId))!.timeline;
        expect(timeline.at(-1)).toMatchObject({ type: 'approval', message: `run ${runId}: approval expired (reject)`, data: { runId, decision: 'expired' } });
      });

      it('queues an expired request again when the playbook says escalate (its gate then fails the run)', async () => {
        const other = await openIncident(store, 'group-2');
        const escalating = await createRunFor(store, other, buildRunSeed({}, { mode: 'approval', approval: { expiresMs: 60_000, onExpiry: 'escalate' } }));
        await requestApproval(store, runId, minutesLater(2), minutesLater(17));
        await requestApproval(store, escalating.id, minutesLater(2.5), minutesLater(3.5));
        const expired = await store.expireApprovals(minutesLater(4));
        expect(expired).toEqual([expect.objectContaining({ id: escalating.id, status: 'pending', reason: 'approval expired: escalating', finishedAt: null, approval: expect.objectContaining({ decision: 'expired', by: 'mendbot' }) })]);
        expect((await claimAs(store, 'a', minutesLater(4))).run).toMatchObject({ id: escalating.id });
        expect(await store.getRun(runId)).toMatchObject({ status: 'waiting_approval' });
      });

      it('never expires a request that was already decided', async () => {
        await requestApproval(store, runId, minutesLater(2), minutesLater(17));
        await store.decideApproval(runId, { decision: 'approved', by: 'U1', at: minutesLater(3) });
        expect(await store.expireApprovals(minutesLater(20))).toEqual([]);
      });
    });
  });
}

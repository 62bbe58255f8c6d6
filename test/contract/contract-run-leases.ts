import type { StepState } from '../../src/core/runs/run';
import { LeaseLostError, type Store } from '../../src/store/store';
import { minutesLater } from '../helpers/build-delivery';
import { buildRunSeed } from './build-run-seed';
import { claimAs } from './claim-as';
import type { ContractContext } from './contract-context';
import { createRunFor } from './create-run-for';
import { openIncident } from './open-incident';

const stepDone: StepState = { id: 'restart', phase: 'main', action: 'http', status: 'succeeded', attempts: 1, output: { status: 200 }, startedAt: minutesLater(2), finishedAt: minutesLater(2.5) };

/** saveRun: only the lease holder checkpoints; release and finish hand the run back or close it. */
export function describeRunLeasesContract(ctx: ContractContext): void {
  describe('run leases', () => {
    let store: Store;
    let incidentId: string;
    let runId: string;
    beforeEach(async () => {
      store = ctx.store;
      incidentId = await openIncident(store);
      runId = (await createRunFor(store, incidentId)).id;
    });

    describe('the owner checkpointing', () => {
      it('stores steps, status and reason and returns the run as stored', async () => {
        await claimAs(store, 'a', minutesLater(2));
        const saved = await store.saveRun(runId, 'a', { now: minutesLater(2.5), steps: [stepDone], reason: 'step restart done' });
        expect(saved).toMatchObject({ id: runId, status: 'running', steps: [stepDone], reason: 'step restart done', updatedAt: minutesLater(2.5) });
        expect(await store.getRun(runId)).toEqual(saved);
      });

      it('appends its events to the incident timeline, tagged with the run', async () => {
        await claimAs(store, 'a', minutesLater(2));
        await store.saveRun(runId, 'a', { now: minutesLater(2.5), events: [{ type: 'step', message: 'step restart succeeded', data: { step: 'restart' } }] });
        const detail = await store.getIncident(incidentId);
        expect(detail!.timeline.at(-1)).toMatchObject({ type: 'step', message: 'step restart succeeded', at: minutesLater(2.5), data: { runId, step: 'restart' } });
        expect(detail!.timeline.map((e) => e.seq)).toEqual(detail!.timeline.map((_, i) => i + 1));
      });

      it('extends the lease with a heartbeat, so nobody takes the run over meanwhile', async () => {
        await claimAs(store, 'a', minutesLater(2)); // lease until minute 3
        await store.saveRun(runId, 'a', { now: minutesLater(2.8), leaseExpiresAt: minutesLater(4) });
        expect((await claimAs(store, 'b', minutesLater(3.5))).run).toBeNull();
        expect((await claimAs(store, 'b', minutesLater(4))).run).toMatchObject({ id: runId });
      });
    });

    describe('two processes checkpointing runs of one incident at once', () => {
      it('keeps the incident timeline gap-free, with every event', async () => {
        const other = await createRunFor(store, incidentId, buildRunSeed({ scopeKey: 'other' }), minutesLater(1.5));
        const peer = await ctx.openPeer();
        await claimAs(store, 'a', minutesLater(2));
        await claimAs(peer, 'b', minutesLater(2));
        const step = (n: number) => ({ type: 'step' as const, message: `step ${n}` });
        await Promise.all(
          Array.from({ length: 10 }, (_, n) =>
            n % 2 ? peer.saveRun(other.id, 'b', { now: minutesLater(3), events: [step(n)] }) : store.saveRun(runId, 'a', { now: minutesLater(3), events: [step(n), step(n + 100)] }),
          ),
        );
        const timeline = (await store.getIncident(incidentId))!.timeline;
        expect(timeline.map((e) => e.seq)).toEqual(timeline.map((_, i) => i + 1));
        expect(timeline.filter((e) => e.type === 'step')).toHaveLength(15);
      });
    });

    describe('a checkpoint by anyone else', () => {
      it('is refused with LeaseLostError for an owner that never held the lease', async () => {
        await claimAs(store, 'a', minutesLater(2));
        await expect(store.saveRun(runId, 'b', { now: minutesLater(2.5), status: 'succeeded', finished: true })).rejects.toBeInstanceOf(LeaseLostError);
        expect(await store.getRun(runId)).toMatchObject({ status: 'running', finishedAt: null });
      });

      it('is refused for a run nobody has claimed, and for an unknown run', async () => {
        await expect(store.saveRun(runId, 'a', { now: minutesLater(2) })).rejects.toBeInstanceOf(LeaseLostError);
        await expect(store.saveRun('run_nope', 'a', { now: minutesLater(2) })).rejects.toBeInstanceOf(LeaseLostError);
      });

      it('is refused for the old owner once another owner took over its expired lease', async () => {
        await claimAs(store, 'a', minutesLater(2));
        await claimAs(store, 'b', minutesLater(3.5));
        await expect(store.saveRun(runId, 'a', { now: minutesLater(3.6), steps: [stepDone] })).rejects.toBeInstanceOf(LeaseLostError);
        expect((await store.getRun(runId))!.steps).not.toEqual([stepDone]);
        await expect(store.saveRun(runId, 'b', { now: minutesLater(3.6), steps: [stepDone] })).resolves.toMatchObject({ steps: [stepDone] });
      });

      it('lets exactly one of two owners racing for a taken-over run checkpoint it', async () => {
        await claimAs(store, 'a', minutesLater(2));
        const peer = await ctx.openPeer();
        const [a, b] = await Promise.all([claimAs(store, 'b', minutesLater(4)), claimAs(peer, 'c', minutesLater(4))]);
        const winner = a.run ? 'b' : 'c';
        const saves = await Promise.allSettled(['a', 'b', 'c'].map((owner) => store.saveRun(runId, owner, { now: minutesLater(4.5), reason: `by ${owner}` })));
        expect(saves.map((s) => s.status)).toEqual(['a', 'b', 'c'].map((o) => (o === winner ? 'fulfilled' : 'rejected')));
        expect(b.run === null).toBe(winner === 'b');
      });
    });

    describe('taking over an expired lease', () => {
      it('says so on the timeline, naming the new owner and the one whose lease expired', async () => {
        await claimAs(store, 'a', minutesLater(2)); // lease until minute 3
        const taken = await claimAs(store, 'b', minutesLater(3.5));
        expect(taken.run).toMatchObject({ id: runId, status: 'running', startedAt: minutesLater(2) });
        const entries = (await store.getIncident(incidentId))!.timeline.filter((e) => e.data.runId === runId && e.type === 'run_status');
        expect(entries.at(-1)).toMatchObject({
          at: minutesLater(3.5),
          message: `run ${runId} taken over by b: the lease of a expired at ${minutesLater(3)}`,
          data: { runId, owner: 'b', takenOverFrom: 'a' },
        });
      });

      it('records no takeover for a first claim, or a claim after the owner released the run', async () => {
        await claimAs(store, 'a', minutesLater(2));
        await store.saveRun(runId, 'a', { now: minutesLater(2.5), status: 'pending', release: {} });
        await claimAs(store, 'b', minutesLater(2.6));
        const messages = (await store.getIncident(incidentId))!.timeline.map((e) => e.message);
        expect(messages.filter((m) => m.includes('taken over'))).toEqual([]);
      });
    });

    describe('releasing a run', () => {
      it('hands it back to the queue at once, and the old owner can no longer checkpoint it', async () => {
        await claimAs(store, 'a', minutesLater(2));
        const released = await store.saveRun(runId, 'a', { now: minutesLater(2.5), status: 'pending', reason: 'shutting down', release: {} });
        expect(released).toMatchObject({ status: 'pending', reason: 'shutting down', finishedAt: null });
        await expect(store.saveRun(runId, 'a', { now: minutesLater(2.6) })).rejects.toBeInstanceOf(LeaseLostError);
        expect((await claimAs(store, 'b', minutesLater(2.6))).run).toMatchObject({ id: runId, startedAt: minutesLater(2) });
      });

      it('keeps it out of the queue until its not-before time', async () => {
        await claimAs(store, 'a', minutesLater(2));
        await store.saveRun(runId, 'a', { now: minutesLater(2.5), status: 'pending', release: { notBefore: minutesLater(10) } });
        expect((await claimAs(store, 'b', minutesLater(9))).run).toBeNull();
        expect((await claimAs(store, 'b', minutesLater(10))).run).toMatchObject({ id: runId });
      });
    });

    describe('finishing a run', () => {
      it('records the outcome and finish time, ends the lease and never hands the run out again', async () => {
        await claimAs(store, 'a', minutesLater(2));
        const done = await store.saveRun(runId, 'a', { now: minutesLater(3), status: 'succeeded', reason: 'all steps succeeded', steps: [stepDone], finished: true });
        expect(done).toMatchObject({ status: 'succeeded', reason: 'all steps succeeded', finishedAt: minutesLater(3), startedAt: minutesLater(2), steps: [stepDone] });
        await expect(store.saveRun(runId, 'a', { now: minutesLater(3.1) })).rejects.toBeInstanceOf(LeaseLostError);
        expect((await claimAs(store, 'b', minutesLater(30))).run).toBeNull();
        expect(await store.listRuns({ statuses: ['succeeded'], limit: 10 })).toEqual([done]);
      });
    });
  });
}

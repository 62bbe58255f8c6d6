import type { Store } from '../../src/store/store';
import { minutesLater } from '../helpers/build-delivery';
import { buildRunSeed } from './build-run-seed';
import { claimAs } from './claim-as';
import type { ContractContext } from './contract-context';
import { createRunFor } from './create-run-for';
import { openIncident } from './open-incident';

/** createRun, getRun, listRuns and claimRun: which run is handed to which owner, and when. */
export function describeRunsContract(ctx: ContractContext): void {
  describe('runs', () => {
    let store: Store;
    let incidentId: string;
    beforeEach(async () => {
      store = ctx.store;
      incidentId = await openIncident(store);
    });

    describe('creating a run', () => {
      it('stores the seed as a pending run of the incident and records it in the timeline', async () => {
        const seed = buildRunSeed({ lockKey: 'restart-pod:web', events: [{ type: 'run_status', message: 'requested by U1', data: { by: 'U1' } }] });
        const run = await store.createRun(incidentId, seed, minutesLater(1));
        expect(run).toMatchObject({
          incidentId, correlationId: 'group-1', playbook: 'restart-pod', playbookVersion: 'sha256:contract', scopeKey: 'incident',
          status: 'pending', reason: null, lockKey: 'restart-pod:web', approval: null, trigger: 'alert',
          createdAt: minutesLater(1), updatedAt: minutesLater(1), startedAt: null, finishedAt: null,
          definition: seed.definition, context: seed.context, steps: seed.steps,
        });
        expect(await store.getRun(run!.id)).toEqual(run);
        const timeline = (await store.getIncident(incidentId))!.timeline.filter((e) => e.type === 'run_status');
        expect(timeline.map((e) => e.message)).toEqual([expect.stringMatching(/^playbook restart-pod matched: run run_\S+ created/), 'requested by U1']);
        expect(timeline.map((e) => e.data.runId)).toEqual([run!.id, run!.id]);
      });

      it('creates at most one run per incident, playbook and scope', async () => {
        const first = await store.createRun(incidentId, buildRunSeed(), minutesLater(1));
        expect(first).not.toBeNull();
        expect(await store.createRun(incidentId, buildRunSeed(), minutesLater(2))).toBeNull();
        expect(await store.createRun(incidentId, buildRunSeed({ scopeKey: 'am:disk-2' }), minutesLater(2))).toMatchObject({ scopeKey: 'am:disk-2' });
        expect(await store.createRun(incidentId, buildRunSeed({}, { name: 'drain-node' }), minutesLater(2))).toMatchObject({ playbook: 'drain-node' });
        const other = await openIncident(store, 'group-2');
        expect(await store.createRun(other, buildRunSeed(), minutesLater(2))).toMatchObject({ incidentId: other });
        expect(await store.listRuns({ limit: 10 })).toHaveLength(4);
      });

      it('creates one run when the same scope is requested concurrently', async () => {
        const results = await Promise.all(Array.from({ length: 10 }, () => store.createRun(incidentId, buildRunSeed(), minutesLater(1))));
        expect(results.filter((r) => r !== null)).toHaveLength(1);
        expect(await store.listRuns({ incidentId, limit: 10 })).toHaveLength(1);
      });

      it('refuses a run for an unknown incident', async () => {
        expect(await store.createRun('inc_nope', buildRunSeed(), minutesLater(1))).toBeNull();
        expect(await store.listRuns({ limit: 10 })).toEqual([]);
      });

      it('records a seed that failed before any step as finished, and never hands it out', async () => {
        const run = await createRunFor(store, incidentId, buildRunSeed({ status: 'failed', reason: 'invalid params, nothing ran' }), minutesLater(1));
        expect(run).toMatchObject({ status: 'failed', finishedAt: minutesLater(1), reason: 'invalid params, nothing ran' });
        expect((await claimAs(store, 'a', minutesLater(2))).run).toBeNull();
      });
    });

    describe('reading runs', () => {
      it('returns null for an unknown run', async () => {
        expect(await store.getRun('run_nope')).toBeNull();
      });

      it('lists runs oldest first, filtered by incident and status, up to the limit', async () => {
        const other = await openIncident(store, 'group-2');
        const late = await createRunFor(store, incidentId, buildRunSeed({ scopeKey: 'late' }), minutesLater(3));
        const early = await createRunFor(store, incidentId, buildRunSeed({ scopeKey: 'early' }), minutesLater(1));
        const elsewhere = await createRunFor(store, other, buildRunSeed(), minutesLater(2));
        await claimAs(store, 'a', minutesLater(4)); // leases `early`, the oldest
        expect((await store.listRuns({ limit: 10 })).map((r) => r.id)).toEqual([early.id, elsewhere.id, late.id]);
        expect((await store.listRuns({ incidentId, limit: 10 })).map((r) => r.id)).toEqual([early.id, late.id]);
        expect((await store.listRuns({ statuses: ['pending'], limit: 10 })).map((r) => r.id)).toEqual([elsewhere.id, late.id]);
        expect((await store.listRuns({ statuses: ['running', 'succeeded'], limit: 10 })).map((r) => r.id)).toEqual([early.id]);
        expect((await store.listRuns({ incidentId, statuses: ['pending'], limit: 10 })).map((r) => r.id)).toEqual([late.id]);
        expect((await store.listRuns({ limit: 2 })).map((r) => r.id)).toEqual([early.id, elsewhere.id]);
      });
    });

    describe('claiming a run', () => {
      it('hands out nothing when no run is runnable', async () => {
        expect(await claimAs(store, 'a', minutesLater(1))).toEqual({ run: null, hits: [] });
      });

      it('hands out the oldest runnable run first, leased to the owner and marked running', async () => {
        const second = await createRunFor(store, incidentId, buildRunSeed({ scopeKey: 'second' }), minutesLater(2));
        const first = await createRunFor(store, incidentId, buildRunSeed({ scopeKey: 'first' }), minutesLater(1));
        const third = await createRunFor(store, incidentId, buildRunSeed({ scopeKey: 'third' }), minutesLater(3));
        const claimed = await claimAs(store, 'a', minutesLater(5));
        expect(claimed).toEqual({ run: expect.objectContaining({ id: first.id, status: 'running', reason: null, startedAt: minutesLater(5), updatedAt: minutesLater(5) }), hits: [] });
        expect(await store.getRun(first.id)).toEqual(claimed.run);
        expect((await claimAs(store, 'a', minutesLater(5))).run!.id).toBe(second.id);
        expect((await claimAs(store, 'b', minutesLater(5))).run!.id).toBe(third.id);
        expect((await claimAs(store, 'b', minutesLater(5))).run).toBeNull();
      });

      it('does not hand out a leased run again until its lease expires (its owner died)', async () => {
        const run = await createRunFor(store, incidentId);
        await claimAs(store, 'a', minutesLater(2)); // lease until minute 3
        expect((await claimAs(store, 'b', minutesLater(2.5))).run).toBeNull();
        const takeover = await claimAs(store, 'b', minutesLater(3));
        expect(takeover.run).toMatchObject({ id: run.id, status: 'running', startedAt: minutesLater(2) });
        expect((await claimAs(store, 'a', minutesLater(3.5))).run).toBeNull();
      });

      it('gives a run to exactly one of two owners claiming at the same moment', async () => {
        const run = await createRunFor(store, incidentId);
        const peer = await ctx.openPeer();
        const [a, b] = await Promise.all([claimAs(store, 'a', minutesLater(2)), claimAs(peer, 'b', minutesLater(2))]);
        expect([a.run?.id, b.run?.id].filter((id) => id !== undefined)).toEqual([run.id]);
      });

      it('gives each of several runs to exactly one of many concurrent claimers', async () => {
        const peer = await ctx.openPeer();
        const runs = [];
        for (let i = 0; i < 5; i++) runs.push(await createRunFor(store, incidentId, buildRunSeed({ scopeKey: `s${i}` }), minutesLater(1 + i / 10)));
        const claims = await Promise.all(Array.from({ length: 10 }, (_, i) => claimAs(i % 2 ? peer : store, `owner-${i}`, minutesLater(2))));
        const claimed = claims.flatMap((c) => (c.run ? [c.run.id] : []));
        expect(claimed.sort()).toEqual(runs.map((r) => r.id).sort());
        expect(claims.filter((c) => c.run === null)).toHaveLength(5);
      });

      it('hands a run whose lease expired to exactly one of two owners racing for it', async () => {
        const run = await createRunFor(store, incidentId);
        await claimAs(store, 'dead', minutesLater(2));
        const peer = await ctx.openPeer();
        const [a, b] = await Promise.all([claimAs(store, 'a', minutesLater(4)), claimAs(peer, 'b', minutesLater(4))]);
        expect([a.run?.id, b.run?.id].filter((id) => id !== undefined)).toEqual([run.id]);
      });
    });
  });
}

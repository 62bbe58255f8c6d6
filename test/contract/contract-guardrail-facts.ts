import type { Run } from '../../src/core/runs/run';
import type { Admission, RunGuardFacts, Store } from '../../src/store/store';
import { minutesLater } from '../helpers/build-delivery';
import { admitAll } from './admit-all';
import { buildRunSeed } from './build-run-seed';
import { claimAs } from './claim-as';
import type { ContractContext } from './contract-context';
import { createRunFor } from './create-run-for';
import { openIncident } from './open-incident';
import { resolveIncident } from './resolve-incident';

/** An admit callback that admits everything and remembers the facts each candidate was judged on. */
function recordingAdmit(): { admit: (run: Run, facts: RunGuardFacts) => Admission; facts: Map<string, RunGuardFacts> } {
  const facts = new Map<string, RunGuardFacts>();
  return { facts, admit: (run, f) => (facts.set(run.id, f), { kind: 'admit' }) };
}

/**
 * claimRun's guardrail side: the facts `admit` sees (read in the claim's own atomic step) and what the
 * store does with a defer or cancel. Budget and cooldown facts are stated for runs not yet started whose
 * playbook sets those limits: the only runs the guardrails ask them for.
 */
export function describeGuardrailFactsContract(ctx: ContractContext): void {
  describe('guardrail facts and admissions', () => {
    let store: Store;
    beforeEach(() => {
      store = ctx.store;
    });

    /** Creates a run, lets `owner` run it from `at` and finishes it a minute later. */
    const runToCompletion = async (incidentId: string, seed: Parameters<typeof createRunFor>[2], at: string) => {
      const run = await createRunFor(store, incidentId, seed, at);
      expect((await claimAs(store, 'done', at)).run!.id).toBe(run.id);
      await store.saveRun(run.id, 'done', { now: at, status: 'succeeded', finished: true });
      return run;
    };

    it('shows the kill switch and pauses as getControls returns them', async () => {
      const incidentId = await openIncident(store);
      const run = await createRunFor(store, incidentId);
      await store.setPause(undefined, { by: 'U1', reason: 'change freeze', at: minutesLater(1) });
      await store.setPause('drain-node', { by: 'U2', reason: 'flaky', at: minutesLater(1) });
      const seen = recordingAdmit();
      await claimAs(store, 'a', minutesLater(2), seen.admit);
      expect(seen.facts.get(run.id)!.controls).toEqual(await store.getControls());
      expect(seen.facts.get(run.id)!.controls).toEqual({
        killSwitch: { by: 'U1', reason: 'change freeze', at: minutesLater(1) },
        paused: { 'drain-node': { by: 'U2', reason: 'flaky', at: minutesLater(1) } },
      });
    });

    it('shows whether the run’s incident is open or resolved', async () => {
      const open = await openIncident(store, 'group-1');
      const closed = await openIncident(store, 'group-2');
      const stays = await createRunFor(store, closed, buildRunSeed({}, { continueOnResolve: true }), minutesLater(1));
      const runs = await createRunFor(store, open, buildRunSeed(), minutesLater(1.5));
      await resolveIncident(store, 'group-2', minutesLater(1.8));
      const seen = recordingAdmit();
      await claimAs(store, 'a', minutesLater(2), seen.admit);
      await claimAs(store, 'a', minutesLater(2), seen.admit);
      expect(seen.facts.get(stays.id)!.incidentStatus).toBe('resolved');
      expect(seen.facts.get(runs.id)!.incidentStatus).toBe('open');
    });

    it('counts the playbook’s runs started within the last hour, not older ones or other playbooks', async () => {
      const limits = { maxRunsPerHour: 10 };
      const [a, b, d] = [await openIncident(store, 'group-a'), await openIncident(store, 'group-b'), await openIncident(store, 'group-d')];
      await runToCompletion(a, buildRunSeed({}, { limits }), minutesLater(1)); // more than an hour before minute 70
      await runToCompletion(b, buildRunSeed({}, { limits }), minutesLater(20));
      await runToCompletion(d, buildRunSeed({}, { name: 'drain-node', limits }), minutesLater(21));
      const candidate = await createRunFor(store, d, buildRunSeed({}, { limits }), minutesLater(70));
      const seen = recordingAdmit();
      await claimAs(store, 'a', minutesLater(70), seen.admit);
      expect(seen.facts.get(candidate.id)!.startedLastHour).toBe(1);
    });

    it('gives the latest start of the playbook for the same correlation ID, or null', async () => {
      const limits = { cooldownMs: 10 * 60_000 };
      const [g1, g2] = [await openIncident(store, 'group-1'), await openIncident(store, 'group-2')];
      await runToCompletion(g1, buildRunSeed({ scopeKey: 'first' }, { limits }), minutesLater(1));
      await runToCompletion(g1, buildRunSeed({ scopeKey: 'other-playbook' }, { name: 'drain-node', limits }), minutesLater(3));
      const again = await createRunFor(store, g1, buildRunSeed({ scopeKey: 'second' }, { limits }), minutesLater(5));
      const elsewhere = await createRunFor(store, g2, buildRunSeed({}, { limits }), minutesLater(5.5));
      const seen = recordingAdmit();
      await claimAs(store, 'a', minutesLater(6), seen.admit);
      await claimAs(store, 'a', minutesLater(6), seen.admit);
      expect(seen.facts.get(again.id)!.lastStartForCorrelation).toBe(minutesLater(1));
      expect(seen.facts.get(elsewhere.id)!.lastStartForCorrelation).toBeNull();
    });

    describe('a deferred candidate', () => {
      const defer = (reason: string): Admission => ({ kind: 'defer', guardrail: 'kill_switch', reason, retryInMs: 30_000 });

      it('is reported, keeps its reason and is not handed out before its retry time', async () => {
        const incidentId = await openIncident(store);
        const run = await createRunFor(store, incidentId);
        const result = await claimAs(store, 'a', minutesLater(2), () => defer('kill switch on (U1: freeze)'));
        expect(result).toEqual({ run: null, hits: [{ runId: run.id, playbook: 'restart-pod', kind: 'defer', guardrail: 'kill_switch', reason: 'kill switch on (U1: freeze)' }] });
        expect(await store.getRun(run.id)).toMatchObject({ status: 'pending', reason: 'kill switch on (U1: freeze)', startedAt: null });
        expect((await claimAs(store, 'a', minutesLater(2.4))).run).toBeNull();
        expect((await claimAs(store, 'a', minutesLater(2.5))).run).toMatchObject({ id: run.id, status: 'running', reason: null });
      });

      it('says why it waits in the timeline once per distinct reason', async () => {
        const incidentId = await openIncident(store);
        const run = await createRunFor(store, incidentId);
        await claimAs(store, 'a', minutesLater(2), () => defer('kill switch on'));
        await claimAs(store, 'a', minutesLater(2.5), () => defer('kill switch on'));
        await claimAs(store, 'a', minutesLater(3), () => defer('playbook restart-pod paused'));
        const waiting = (await store.getIncident(incidentId))!.timeline.filter((e) => e.message.includes('waiting:'));
        expect(waiting.map((e) => e.message)).toEqual([`run ${run.id} (restart-pod) waiting: kill switch on`, `run ${run.id} (restart-pod) waiting: playbook restart-pod paused`]);
      });
    });

    describe('a cancelled candidate', () => {
      it('is finished with the reason, and the claim moves on to the next candidate', async () => {
        const incidentId = await openIncident(store);
        const first = await createRunFor(store, incidentId, buildRunSeed({ scopeKey: 'a' }), minutesLater(1));
        const second = await createRunFor(store, incidentId, buildRunSeed({ scopeKey: 'b' }), minutesLater(1.5));
        const cancelFirst = (run: Run): Admission => (run.id === first.id ? { kind: 'cancel', guardrail: 'budget', reason: 'budget: 3 runs in the last hour' } : { kind: 'admit' });
        const result = await claimAs(store, 'a', minutesLater(2), cancelFirst);
        expect(result.run).toMatchObject({ id: second.id, status: 'running' });
        expect(result.hits).toEqual([{ runId: first.id, playbook: 'restart-pod', kind: 'cancel', guardrail: 'budget', reason: 'budget: 3 runs in the last hour' }]);
        expect(await store.getRun(first.id)).toMatchObject({ status: 'cancelled', reason: 'budget: 3 runs in the last hour', finishedAt: minutesLater(2), startedAt: null });
        const timeline = (await store.getIncident(incidentId))!.timeline;
        expect(timeline.at(-1)).toMatchObject({ type: 'run_status', message: `run ${first.id} (restart-pod) cancelled: budget: 3 runs in the last hour`, data: { runId: first.id, playbook: 'restart-pod', status: 'cancelled' } });
        expect((await claimAs(store, 'b', minutesLater(10), admitAll)).run).toMatchObject({ id: second.id }); // lease expired: only `second` again
      });
    });

    describe('budgets under concurrency', () => {
      it('lets only one run of a one-per-hour playbook start when several owners claim at once', async () => {
        const incidentId = await openIncident(store);
        const limits = { maxRunsPerHour: 1 };
        for (let i = 0; i < 4; i++) await createRunFor(store, incidentId, buildRunSeed({ scopeKey: `s${i}` }, { limits }), minutesLater(1 + i / 10));
        const budget = (_run: Run, facts: RunGuardFacts): Admission =>
          facts.startedLastHour >= 1 ? { kind: 'cancel', guardrail: 'budget', reason: 'budget spent' } : { kind: 'admit' };
        const peer = await ctx.openPeer();
        const claims = await Promise.all(Array.from({ length: 6 }, (_, i) => claimAs(i % 2 ? peer : store, `owner-${i}`, minutesLater(2), budget)));
        expect(claims.flatMap((c) => (c.run ? [c.run.scopeKey] : []))).toHaveLength(1);
        const runs = await store.listRuns({ incidentId, limit: 10 });
        expect(runs.filter((r) => r.startedAt !== null).map((r) => r.scopeKey)).toHaveLength(1);
      });
    });
  });
}

import type { RunStatus } from '../../src/core/runs/run';
import type { Store } from '../../src/store/store';
import { minutesLater } from '../helpers/build-delivery';
import { buildRunSeed } from './build-run-seed';
import { claimAs } from './claim-as';
import type { ContractContext } from './contract-context';
import { createRunFor } from './create-run-for';
import { openIncident } from './open-incident';

const freeze = { by: 'U1', reason: 'change freeze', at: minutesLater(0) };

/** getControls and setPause (kill switch, per-playbook pause) and the consecutive-failure breaker. */
export function describeControlsContract(ctx: ContractContext): void {
  describe('controls', () => {
    let store: Store;
    beforeEach(() => {
      store = ctx.store;
    });

    it('starts with no kill switch and nothing paused', async () => {
      expect(await store.getControls()).toEqual({ killSwitch: null, paused: {} });
    });

    it('sets and clears the kill switch', async () => {
      await store.setPause(undefined, freeze);
      expect(await store.getControls()).toEqual({ killSwitch: freeze, paused: {} });
      await store.setPause(undefined, null);
      expect(await store.getControls()).toEqual({ killSwitch: null, paused: {} });
    });

    it('pauses and resumes one playbook without touching the others or the kill switch', async () => {
      const flaky = { by: 'U2', reason: 'flaky', at: minutesLater(1) };
      await store.setPause('restart-pod', flaky);
      await store.setPause('drain-node', freeze);
      await store.setPause(undefined, freeze);
      expect(await store.getControls()).toEqual({ killSwitch: freeze, paused: { 'restart-pod': flaky, 'drain-node': freeze } });
      await store.setPause('restart-pod', null);
      expect(await store.getControls()).toEqual({ killSwitch: freeze, paused: { 'drain-node': freeze } });
    });

    it('replaces a pause set again, and clearing what is not set changes nothing', async () => {
      await store.setPause('restart-pod', freeze);
      const later = { by: 'U3', reason: 'still flaky', at: minutesLater(5) };
      await store.setPause('restart-pod', later);
      await store.setPause('drain-node', null);
      expect(await store.getControls()).toEqual({ killSwitch: null, paused: { 'restart-pod': later } });
    });

    it('is shared by every process on the same data', async () => {
      const peer = await ctx.openPeer();
      await peer.setPause(undefined, freeze);
      expect((await store.getControls()).killSwitch).toEqual(freeze);
    });

    describe('the consecutive-failure breaker', () => {
      let incidentId: string;
      let scope = 0;
      beforeEach(async () => {
        incidentId = await openIncident(store);
      });

      /** Runs one `restart-pod` run (breaker threshold 2) to the given final status at minute `m`. */
      const finishOne = async (status: RunStatus, m: number) => {
        const run = await createRunFor(store, incidentId, buildRunSeed({ scopeKey: `s${++scope}` }, { breakerThreshold: 2 }), minutesLater(m));
        expect((await claimAs(store, 'a', minutesLater(m))).run!.id).toBe(run.id);
        await store.saveRun(run.id, 'a', { now: minutesLater(m), status, reason: `run ${status}`, finished: true });
        return run;
      };

      it('pauses the playbook after N failed runs in a row and says why', async () => {
        await finishOne('failed', 1);
        expect((await store.getControls()).paused).toEqual({});
        const last = await finishOne('failed', 2);
        const pause = (await store.getControls()).paused['restart-pod'];
        expect(pause).toEqual({ by: 'mendbot', reason: `consecutive-failure breaker: 2 failed runs in a row (last ${last.id})`, at: minutesLater(2) });
        const timeline = (await store.getIncident(incidentId))!.timeline;
        expect(timeline.at(-1)).toMatchObject({ type: 'run_status', message: `playbook restart-pod paused: ${pause!.reason}`, data: { runId: last.id, breaker: true } });
      });

      it('counts compensated and needs-attention outcomes as failures', async () => {
        await finishOne('compensated', 1);
        await finishOne('needs_attention', 2);
        expect((await store.getControls()).paused['restart-pod']).toMatchObject({ by: 'mendbot' });
      });

      it('starts counting again after a success', async () => {
        await finishOne('failed', 1);
        await finishOne('succeeded', 2);
        await finishOne('failed', 3);
        expect((await store.getControls()).paused).toEqual({});
      });

      it('ignores outcomes that are neither success nor failure', async () => {
        await finishOne('failed', 1);
        await finishOne('cancelled', 2);
        await finishOne('dry_run', 3);
        expect((await store.getControls()).paused).toEqual({});
        await finishOne('failed', 4);
        expect((await store.getControls()).paused['restart-pod']).toMatchObject({ by: 'mendbot' });
      });

      it('starts counting from zero after it tripped and an operator resumed the playbook', async () => {
        await finishOne('failed', 1);
        await finishOne('failed', 2);
        await store.setPause('restart-pod', null);
        await finishOne('failed', 3);
        expect((await store.getControls()).paused).toEqual({});
      });

      it('trips exactly once when two processes finish failed runs at the same moment', async () => {
        const peer = await ctx.openPeer();
        const [first, second] = [
          await createRunFor(store, incidentId, buildRunSeed({ scopeKey: 'x' }, { breakerThreshold: 2 }), minutesLater(1)),
          await createRunFor(store, incidentId, buildRunSeed({ scopeKey: 'y' }, { breakerThreshold: 2 }), minutesLater(1.1)),
        ];
        await claimAs(store, 'a', minutesLater(2));
        await claimAs(peer, 'b', minutesLater(2));
        await Promise.all([
          store.saveRun(first.id, 'a', { now: minutesLater(3), status: 'failed', finished: true }),
          peer.saveRun(second.id, 'b', { now: minutesLater(3), status: 'failed', finished: true }),
        ]);
        expect((await store.getControls()).paused['restart-pod']).toMatchObject({ by: 'mendbot', reason: expect.stringMatching(/^consecutive-failure breaker: 2 failed runs in a row/) });
        const trips = (await store.getIncident(incidentId))!.timeline.filter((e) => e.data.breaker === true);
        expect(trips).toHaveLength(1);
      });

      it('counts per playbook', async () => {
        await finishOne('failed', 1);
        const other = await createRunFor(store, incidentId, buildRunSeed({}, { name: 'drain-node', breakerThreshold: 2 }), minutesLater(2));
        await claimAs(store, 'a', minutesLater(2));
        await store.saveRun(other.id, 'a', { now: minutesLater(2), status: 'failed', finished: true });
        expect((await store.getControls()).paused).toEqual({});
      });
    });
  });
}

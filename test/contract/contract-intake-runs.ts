import type { DecisionKind } from '../../src/core/incidents/decision';
import type { PlannerInput, RunPlanner } from '../../src/core/runs/run-planner';
import type { Store } from '../../src/store/store';
import { buildAlert, buildDelivery, minutesLater } from '../helpers/build-delivery';
import { buildRunSeed } from './build-run-seed';
import { claimAs } from './claim-as';
import type { ContractContext } from './contract-context';
import { contractPolicy as policy } from './contract-policy';
import { createRunFor } from './create-run-for';
import { openIncident } from './open-incident';
import { requestApproval } from './request-approval';
import { resolveIncident } from './resolve-incident';

/** A planner matching `restart-pod` to every alert, one run per incident; remembers what it was asked. */
function recordingPlanner(per: 'incident' | 'alert' = 'incident'): { planner: RunPlanner; asked: PlannerInput[] } {
  const asked: PlannerInput[] = [];
  const planner: RunPlanner = (input) => {
    asked.push(input);
    const scope = per === 'alert' ? { scopeKey: input.alert.key, alertKey: input.alert.key } : {};
    return {
      seeds: [buildRunSeed({ ...scope, context: { labels: input.alert.labels, annotations: {}, commonLabels: input.commonLabels(), params: {} } }, { per })],
      trace: [{ playbook: 'restart-pod', matched: true, reason: 'matched' }, { playbook: 'drain-node', matched: false, reason: 'alertname="NodeDown" does not hold' }],
    };
  };
  return { planner, asked };
}

/** recordDelivery with a run planner: runs are created, and queued runs cancelled, in the delivery's write. */
export function describeIntakeRunsContract(ctx: ContractContext): void {
  describe('intake and runs', () => {
    let store: Store;
    beforeEach(() => {
      store = ctx.store;
    });

    describe('planning', () => {
      it('creates the planned run with the incident, and says so in the outcome and the timeline', async () => {
        const { planner } = recordingPlanner();
        const o = await store.recordDelivery(buildDelivery([buildAlert()]), policy, planner);
        const incidentId = o.decisions[0]!.incidentId!;
        expect(o.runsCreated).toBe(1);
        const [run] = await store.listRuns({ incidentId, limit: 10 });
        expect(run).toMatchObject({ incidentId, correlationId: 'group-1', playbook: 'restart-pod', status: 'pending', scopeKey: 'incident', createdAt: minutesLater(0) });
        const timeline = (await store.getIncident(incidentId))!.timeline;
        expect(timeline.filter((e) => e.type === 'run_status').map((e) => e.data.runId)).toEqual([run!.id]);
        expect(timeline.filter((e) => e.type === 'playbook_not_matched')).toEqual([
          expect.objectContaining({ message: `alert ${buildAlert().key}: drain-node (alertname="NodeDown" does not hold)` }),
        ]);
      });

      it('asks only about decisions that may start remediation, and creates one run per incident however many alerts join', async () => {
        const { planner, asked } = recordingPlanner();
        const created: Array<number | undefined> = [];
        for (const [alert, m] of [[buildAlert(), 0], [buildAlert(), 1], [buildAlert({ name: 'HighErrorRate' }), 2], [buildAlert({ name: 'HighErrorRate', status: 'resolved' }), 3]] as const) {
          created.push((await store.recordDelivery(buildDelivery([alert], { receivedAt: minutesLater(m) }), policy, planner)).runsCreated);
        }
        expect(asked.map((a) => a.decision.kind)).toEqual<DecisionKind[]>(['new_incident', 'attached', 'state_change']);
        expect(created).toEqual([1, 0, 0, 0]);
        expect(await store.listRuns({ limit: 10 })).toHaveLength(1);
      });

      it('tells the planner the labels the delivery’s alerts of one correlation ID share', async () => {
        const { planner, asked } = recordingPlanner();
        const disk = buildAlert({ labels: { alertname: 'DiskFull', namespace: 'prod', node: 'n1' } });
        const errors = buildAlert({ name: 'HighErrorRate', labels: { alertname: 'HighErrorRate', namespace: 'prod', node: 'n2' } });
        await store.recordDelivery(buildDelivery([disk, errors]), policy, planner);
        expect(asked.map((a) => a.commonLabels())).toEqual([{ namespace: 'prod' }, { namespace: 'prod' }]);
        expect(asked[0]!.incidentId).toBe(asked[1]!.incidentId);
      });

      it('creates one run per alert for a per-alert playbook', async () => {
        const { planner } = recordingPlanner('alert');
        const o = await store.recordDelivery(buildDelivery([buildAlert(), buildAlert({ name: 'HighErrorRate' })]), policy, planner);
        expect(o.runsCreated).toBe(2);
        expect((await store.listRuns({ limit: 10 })).map((r) => r.alertKey).sort()).toEqual([buildAlert().key, buildAlert({ name: 'HighErrorRate' }).key].sort());
      });
    });

    describe('cancelling queued work on resolution', () => {
      it('cancels queued runs and pending approvals, never a run in hand or one that continues on resolve', async () => {
        const incidentId = await openIncident(store);
        const waiting = await createRunFor(store, incidentId, buildRunSeed({ scopeKey: 'waiting' }), minutesLater(1));
        await requestApproval(store, waiting.id, minutesLater(1.5), minutesLater(30));
        const inHand = await createRunFor(store, incidentId, buildRunSeed({ scopeKey: 'in-hand' }), minutesLater(2));
        expect((await claimAs(store, 'a', minutesLater(2))).run!.id).toBe(inHand.id);
        const queued = await createRunFor(store, incidentId, buildRunSeed({ scopeKey: 'queued' }), minutesLater(2.2));
        const keeps = await createRunFor(store, incidentId, buildRunSeed({ scopeKey: 'keeps' }, { continueOnResolve: true }), minutesLater(2.3));
        const o = await resolveIncident(store, 'group-1', minutesLater(2.5));
        expect([...o.runsCancelled!].sort((x, y) => x.runId.localeCompare(y.runId))).toEqual(
          [waiting, queued].map((r) => ({ runId: r.id, playbook: 'restart-pod' })).sort((x, y) => x.runId.localeCompare(y.runId)),
        );
        for (const r of [waiting, queued]) {
          expect(await store.getRun(r.id)).toMatchObject({ status: 'cancelled', reason: 'incident resolved: remediation no longer needed', finishedAt: minutesLater(2.5) });
        }
        expect(await store.getRun(inHand.id)).toMatchObject({ status: 'running' });
        expect(await store.getRun(keeps.id)).toMatchObject({ status: 'pending' });
        const messages = (await store.getIncident(incidentId))!.timeline.map((e) => e.message);
        expect(messages).toContain(`run ${queued.id} cancelled: incident resolved: remediation no longer needed`);
      });

      it('cancels a resolved alert’s own queued runs while the incident stays open', async () => {
        const { planner } = recordingPlanner('alert');
        const [disk, errors] = [buildAlert(), buildAlert({ name: 'HighErrorRate' })];
        await store.recordDelivery(buildDelivery([disk, errors]), policy, planner);
        const o = await store.recordDelivery(buildDelivery([{ ...disk, status: 'resolved' }], { receivedAt: minutesLater(1) }), policy);
        const runs = await store.listRuns({ limit: 10 });
        const diskRun = runs.find((r) => r.alertKey === disk.key)!;
        expect(o.runsCancelled).toEqual([{ runId: diskRun.id, playbook: 'restart-pod' }]);
        expect(diskRun).toMatchObject({ status: 'cancelled', reason: `alert ${disk.key} resolved` });
        expect(runs.find((r) => r.alertKey === errors.key)).toMatchObject({ status: 'pending' });
        expect(await store.incidentStatus(diskRun.incidentId)).toBe('open');
      });
    });
  });
}

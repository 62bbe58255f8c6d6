import type { LifecyclePolicy } from '../../../src/core/incidents/lifecycle-policy';
import type { RunSeed } from '../../../src/core/runs/run';
import { createMongoStore } from '../../../src/store/mongodb/create-mongo-store';
import { LeaseLostError } from '../../../src/store/store';
import { buildAlert, buildDelivery, minutesLater } from '../../helpers/build-delivery';
import { startMongoWireServer } from '../../helpers/mongo-wire/start-mongo-wire-server';

const policy: LifecyclePolicy = { reopenWindowMs: 5 * 60_000, flappingThreshold: 4, flappingWindowMs: 30 * 60_000 };

// The shared contract suite (test/contract) states each run guarantee on its own; this smoke test walks the
// MongoDB adapter's run paths end to end in one story (once per scope, lease, lease loss, locks, approvals,
// postmortems) on the wire server.
it('creates runs once per scope, leases them, rejects a lost lease, decides approvals once, files postmortems', async () => {
  const server = await startMongoWireServer();
  const store = await createMongoStore({ uri: server.uri, dbName: 'runs' });
  const o = await store.recordDelivery(buildDelivery([buildAlert()]), policy);
  const incidentId = o.decisions[0]!.incidentId!;
  const seed = {
    playbook: 'restart', playbookVersion: '1', scopeKey: 'incident', alertKey: null, mode: 'live', status: 'pending', reason: null,
    context: { labels: {}, annotations: {}, commonLabels: {}, params: {} }, steps: [], lockKey: 'svc:a', trigger: 'alert',
    definition: { continueOnResolve: false, breakerThreshold: 1, approval: { onExpiry: 'reject' } },
  } as unknown as RunSeed;
  const run = await store.createRun(incidentId, seed, minutesLater(1));
  expect(run).toMatchObject({ status: 'pending', incidentId });
  expect(await store.createRun(incidentId, seed, minutesLater(1))).toBeNull();

  const claimed = await store.claimRun({ owner: 'a', now: minutesLater(2), leaseMs: 60_000, admit: () => ({ kind: 'admit' }) });
  expect(claimed.run).toMatchObject({ id: run!.id, status: 'running', startedAt: minutesLater(2) });
  expect((await store.claimRun({ owner: 'b', now: minutesLater(2), leaseMs: 60_000, admit: () => ({ kind: 'admit' }) })).run).toBeNull();
  await expect(store.saveRun(run!.id, 'b', { now: minutesLater(3) })).rejects.toBeInstanceOf(LeaseLostError);

  const approval = { approvers: ['U1'], requestedAt: minutesLater(3), expiresAt: minutesLater(10) };
  await store.saveRun(run!.id, 'a', { now: minutesLater(3), status: 'waiting_approval', approval, release: {} });
  const [first, second] = await Promise.all([
    store.decideApproval(run!.id, { decision: 'approved', by: 'U1', at: minutesLater(4) }),
    store.decideApproval(run!.id, { decision: 'rejected', by: 'U2', at: minutesLater(4) }),
  ]);
  expect([first.ok, second.ok].filter(Boolean)).toHaveLength(1);

  const again = await store.claimRun({ owner: 'a', now: minutesLater(5), leaseMs: 60_000, admit: () => ({ kind: 'admit' }) });
  if (first.ok) {
    const done = await store.saveRun(run!.id, 'a', { now: minutesLater(6), status: 'failed', finished: true });
    expect(again.run!.id).toBe(run!.id);
    expect(done).toMatchObject({ status: 'failed', finishedAt: minutesLater(6) });
    expect((await store.getControls()).paused.restart).toMatchObject({ by: 'mendbot' }); // breaker threshold 1
    const due = await store.claimDuePostmortems({ now: minutesLater(7), owner: 'a', leaseMs: 60_000, limit: 5 });
    expect(due.map((p) => p.incidentId)).toEqual([incidentId]);
    expect(await store.claimDuePostmortems({ now: minutesLater(7), owner: 'b', leaseMs: 60_000, limit: 5 })).toEqual([]);
  }
  const detail = await store.getIncident(incidentId);
  expect(detail!.timeline.map((e) => e.seq)).toEqual(detail!.timeline.map((_, i) => i + 1));
  await store.close();
  await server.stop();
});

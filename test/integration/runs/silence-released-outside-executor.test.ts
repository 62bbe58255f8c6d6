import { Writable } from 'node:stream';
import { expireApprovals } from '../../../src/runs/expire-approvals';
import { createLogger } from '../../../src/telemetry/create-logger';
import { startCountingTarget } from '../../helpers/start-counting-target';
import { startSilencingServer, type SilencingServer } from './start-silencing-server';

type Target = Awaited<ReturnType<typeof startCountingTarget>>;

/** Silence first, then wait for a person: the silence is held while the run waits. */
const playbook = (target: string, keep = false) => `
name: quiet-rollback
mode: auto
approvers: ["U024BE7LH"]
match: ['alertname="HighErrorRate"']
steps:
  - id: silence
    action: alertmanager.silence
    with: { duration: 2h, keep: ${keep} }
  - id: approve
    action: approval
  - id: rollback
    action: http
    with: { method: POST, url: "${target}/rollback" }
`;

/** What releaseEndedRuns logs once it called the hooks of a run ended outside the executor. */
const released = 'outside the executor: what its steps held is released';

describe('a silence held by a run that ends outside the executor is expired', () => {
  let target: Target;
  let server: SilencingServer;
  afterEach(async () => {
    await server.close();
    await target.close();
  });

  const waitingWithSilence = async (keep = false) => {
    target = await startCountingTarget({ statuses: { '/rollback': [200] } });
    server = await startSilencingServer(playbook(target.url, keep));
    await server.notify('firing');
    const run = await server.runIn(['waiting_approval']);
    expect(server.am.silences).toEqual([expect.objectContaining({ id: 'silence-1', state: 'active', createdBy: 'mendbot' })]);
    return run;
  };

  it('rejected through the API: the silence is expired once, and the rollback never runs', async () => {
    const run = await waitingWithSilence();
    const res = await server.post(`/api/runs/${run.id}/reject`, { by: 'U024BE7LH' });
    expect(res.status).toBe(200);
    await server.logged(released);
    expect(server.am.silences.map((s) => s.state)).toEqual(['expired']);
    expect(server.am.calls.filter((c) => c.method === 'expireSilence')).toEqual([{ method: 'expireSilence', arg: 'silence-1' }]);
    expect((await server.store.getRun(run.id))!.status).toBe('cancelled');
    expect(target.count()).toBe(0);
  });

  it('approval expired (on_expiry: reject): the silence is expired', async () => {
    const run = await waitingWithSilence();
    const later = { now: () => new Date(Date.now() + 3 * 3_600_000) };
    const { store, services } = server;
    expect(await expireApprovals({ store, clock: later, log: silentLog(), wake: () => services.executor.wake(), releaseRuns: services.releaseRuns })).toBe(1);
    await server.logged(released);
    expect((await store.getRun(run.id))!.status).toBe('cancelled');
    expect(server.am.silences.map((s) => s.state)).toEqual(['expired']);
    expect(server.expireCalls()).toBe(1);
  });

  it('incident resolved by hand through the API while waiting: the silence is expired', async () => {
    const run = await waitingWithSilence();
    const res = await server.post(`/api/incidents/${run.incidentId}/resolve`, { reason: 'fixed by hand' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ kind: 'resolved', runsCancelled: [{ runId: run.id }] });
    await server.logged(released);
    expect(server.am.silences.map((s) => s.state)).toEqual(['expired']);
    expect(server.expireCalls()).toBe(1);
  });

  it('incident resolved by a resolved notification while waiting: intake cancels the run, the silence is expired', async () => {
    const run = await waitingWithSilence();
    await server.notify('resolved');
    await server.logged(released);
    expect((await server.store.getRun(run.id))!.status).toBe('cancelled');
    expect(server.am.silences.map((s) => s.state)).toEqual(['expired']);
    expect(server.expireCalls()).toBe(1);
  });

  it('approved and succeeded: the executor expires the silence exactly once, nothing outside it calls again', async () => {
    const run = await waitingWithSilence();
    expect((await server.post(`/api/runs/${run.id}/approve`, { by: 'U024BE7LH' })).status).toBe(200);
    await server.runIn(['succeeded']);
    expect(target.count('/rollback')).toBe(1);
    // A release outside the executor would be started right after the decision; give it time to show up.
    await new Promise((r) => setTimeout(r, 300));
    expect(server.expireCalls()).toBe(1);
    expect(server.am.silences.map((s) => s.state)).toEqual(['expired']);
  });

  it('keep: true: a rejected run leaves its silence to run out', async () => {
    const run = await waitingWithSilence(true);
    expect((await server.post(`/api/runs/${run.id}/reject`, { by: 'U024BE7LH' })).status).toBe(200);
    await server.logged(released);
    expect(server.expireCalls()).toBe(0);
    expect(server.am.silences.map((s) => s.state)).toEqual(['active']);
  });
});

const silentLog = () => createLogger({ level: 'silent', stream: new Writable({ write: (_c, _e, done) => done() }) });

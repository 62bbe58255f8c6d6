import { requestApproval } from '../../contract/request-approval';
import { AM1, AM2, GRACE, START, startReconciliationHarness, type ReconciliationHarness } from './reconciliation-harness';

const disk0 = { fingerprint: 'aaaa000000000001', labels: { alertname: 'DiskFull', namespace: 'prod', pvc: 'data-0' } };
const disk1 = { fingerprint: 'aaaa000000000002', labels: { alertname: 'DiskFull', namespace: 'prod', pvc: 'data-1' } };
const errors = { fingerprint: 'bbbb000000000001', labels: { alertname: 'HighErrorRate', namespace: 'prod', service: 'checkout' } };
const DISK_GROUP = '{}:{alertname="DiskFull"}';
const ERROR_GROUP = '{}:{alertname="HighErrorRate"}';
const at = (ms: number) => new Date(Date.parse(START) + ms).toISOString();

describe('reconcileWithAlertmanager (real SQLite, real intake and resolver, Alertmanager in memory)', () => {
  let h: ReconciliationHarness;
  beforeEach(() => {
    h = startReconciliationHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  const reconciliationNotes = async (incidentId: string) =>
    (await h.store.getIncident(incidentId))!.timeline.filter((e) => e.type === 'reconciliation').map((e) => e.message);
  const changedEvents = () => h.events.flatMap((e) => (e.type === 'incident_changed' ? [e.incidentId] : []));

  it('resolves incidents Alertmanager stopped reporting once the grace period is over, as a manual resolve would', async () => {
    const [diskIncident] = await h.deliver(DISK_GROUP, [disk0, disk1]);
    const [errorIncident] = await h.deliver(ERROR_GROUP, [errors]);
    const [diskRun] = await h.store.listRuns({ incidentId: diskIncident!, limit: 5 });
    const [errorRun] = await h.store.listRuns({ incidentId: errorIncident!, limit: 5 });
    await requestApproval(h.store, diskRun!.id, START, at(60 * 60_000));
    expect((await h.store.getRun(errorRun!.id))!.status).toBe('pending');

    h.am.setAlerts([disk0, disk1, errors]);
    const first = await h.reconciliation.runRound();
    expect(first).toMatchObject({ outcome: 'ok', unanswered: [], resolved: [], missed: [] });
    expect(first.changed.sort()).toEqual([diskIncident, errorIncident].sort());
    expect((await h.store.getIncident(diskIncident!))!.incident.alertmanager).toEqual({ active: true, checkedAt: START, missingSince: null });
    expect(await reconciliationNotes(diskIncident!)).toEqual([]);

    // Both groups stop firing; their resolved notifications never reach mendbot.
    h.am.setAlerts([]);
    h.clock.advance(60_000);
    const gone = await h.reconciliation.runRound();
    expect(gone.changed.sort()).toEqual([diskIncident, errorIncident].sort());
    expect(gone.resolved).toEqual([]);
    expect((await h.store.getIncident(diskIncident!))!.incident.alertmanager).toEqual({ active: false, checkedAt: at(60_000), missingSince: at(60_000) });
    expect(await reconciliationNotes(diskIncident!)).toEqual([`Alertmanager no longer reports the incident's alerts (checked ${at(60_000)})`]);

    h.clock.advance(GRACE - 1);
    expect(await h.reconciliation.runRound()).toMatchObject({ outcome: 'ok', changed: [], resolved: [] });
    expect((await h.store.getIncident(diskIncident!))!.incident.status).toBe('open');

    h.events.length = 0;
    h.clock.advance(1);
    const resolving = await h.reconciliation.runRound();
    expect(resolving.resolved.sort()).toEqual([diskIncident, errorIncident].sort());
    for (const id of [diskIncident!, errorIncident!]) {
      const detail = (await h.store.getIncident(id))!;
      expect(detail.incident.status).toBe('resolved');
      expect(detail.timeline.find((e) => e.type === 'incident_resolved')).toMatchObject({
        at: at(60_000 + GRACE),
        data: { by: 'alertmanager reconciliation', reason: 'reconciled: no longer active in Alertmanager' },
      });
      expect(await h.store.getPostmortem(id)).toMatchObject({ state: 'pending', dueAt: at(60_000 + GRACE + 10 * 60_000) });
    }
    // The pending approval and the queued run are cancelled, as for any resolve.
    expect(await h.store.getRun(diskRun!.id)).toMatchObject({ status: 'cancelled', reason: expect.stringContaining('alertmanager reconciliation') });
    expect(await h.store.getRun(errorRun!.id)).toMatchObject({ status: 'cancelled', reason: expect.stringContaining('alertmanager reconciliation') });
    expect(changedEvents().sort()).toEqual([diskIncident, errorIncident].sort());
    expect(await h.metric('mendbot_reconciliation_resolved_total')).toBe('mendbot_reconciliation_resolved_total 2');
    expect(await h.metric('mendbot_runs_total')).toContain('mendbot_runs_total{playbook="restart-checkout",outcome="cancelled"} 2');
    expect(await h.metric('mendbot_reconciliation_rounds_total')).toContain('mendbot_reconciliation_rounds_total{outcome="ok"} 4');

    // Nothing left to do: the resolved incidents are no longer read.
    h.clock.advance(60_000);
    expect(await h.reconciliation.runRound()).toMatchObject({ changed: [], resolved: [] });
  });

  it('emits incident_changed and notes the flip when the alerts come back before the grace period ends', async () => {
    const [incident] = await h.deliver(DISK_GROUP, [disk0]);
    h.am.setAlerts([]);
    await h.reconciliation.runRound();
    h.clock.advance(2 * 60_000);
    h.am.setAlerts([disk0]);
    h.events.length = 0;
    const back = await h.reconciliation.runRound();
    expect(back.changed).toEqual([incident]);
    expect(changedEvents()).toEqual([incident]);
    expect(await reconciliationNotes(incident!)).toEqual([`Alertmanager no longer reports the incident's alerts (checked ${START})`, 'Alertmanager reports the alerts active again']);
    expect((await h.store.getIncident(incident!))!.incident.alertmanager).toEqual({ active: true, checkedAt: at(2 * 60_000), missingSince: null });

    // Unchanged afterwards: no write, no event, until the state is old enough to refresh.
    h.events.length = 0;
    h.clock.advance(60_000);
    expect((await h.reconciliation.runRound()).changed).toEqual([]);
    expect(h.events).toEqual([]);
    expect((await h.store.getIncident(incident!))!.incident.alertmanager!.checkedAt).toBe(at(2 * 60_000));
    h.clock.advance(10 * 60_000);
    expect((await h.reconciliation.runRound()).changed).toEqual([]);
    expect(h.events).toEqual([]);
    expect((await h.store.getIncident(incident!))!.incident.alertmanager!.checkedAt).toBe(at(13 * 60_000));
  });

  it('resolves nothing while a peer does not answer, and resolves once every peer answers again', async () => {
    const [incident] = await h.deliver(DISK_GROUP, [disk0]);
    h.am.setAlerts([]);
    await h.reconciliation.runRound();
    h.clock.advance(3 * GRACE);
    h.am.failPeer(AM2, 'timeout of 5000ms exceeded');

    const partial = await h.reconciliation.runRound();
    expect(partial).toMatchObject({ outcome: 'partial', resolved: [], unanswered: [{ url: AM2, error: 'timeout of 5000ms exceeded' }] });
    expect((await h.store.getIncident(incident!))!.incident.status).toBe('open');
    expect(await h.metric('mendbot_alertmanager_up')).toBe(`mendbot_alertmanager_up{url="${AM1}"} 1\nmendbot_alertmanager_up{url="${AM2}"} 0`);
    expect(await h.metric('mendbot_reconciliation_rounds_total')).toContain('mendbot_reconciliation_rounds_total{outcome="partial"} 1');
    expect(h.reconciliation.readiness()).toEqual({ reachable: true, lastRoundAt: at(3 * GRACE), lastSuccessAt: START, unanswered: [{ url: AM2, error: 'timeout of 5000ms exceeded' }] });
    expect(h.logs.some((l) => l.level === 'warn' && String(l.msg).includes('some Alertmanagers did not answer'))).toBe(true);

    h.am.restorePeer(AM2);
    h.clock.advance(60_000);
    expect((await h.reconciliation.runRound()).resolved).toEqual([incident]);
  });

  it('writes and resolves nothing when no peer answers, and says so in the metrics, readiness and log', async () => {
    const [incident] = await h.deliver(DISK_GROUP, [disk0]);
    h.am.setAlerts([]);
    await h.reconciliation.runRound();
    const before = await h.store.getIncident(incident!);
    h.clock.advance(3 * GRACE);
    h.am.failAll('connect ECONNREFUSED 127.0.0.1');
    h.events.length = 0;

    const round = await h.reconciliation.runRound();
    expect(round).toMatchObject({ outcome: 'unavailable', changed: [], resolved: [], missed: [] });
    expect(await h.store.getIncident(incident!)).toEqual(before);
    expect(h.events).toEqual([]);
    expect(await h.metric('mendbot_alertmanager_up')).toBe(`mendbot_alertmanager_up{url="${AM1}"} 0\nmendbot_alertmanager_up{url="${AM2}"} 0`);
    expect(await h.metric('mendbot_reconciliation_rounds_total')).toContain('mendbot_reconciliation_rounds_total{outcome="unavailable"} 1');
    expect(await h.metric('mendbot_alertmanager_last_success_timestamp_seconds')).toBe(`mendbot_alertmanager_last_success_timestamp_seconds ${Date.parse(START) / 1000}`);
    expect(h.reconciliation.readiness()).toEqual({
      reachable: false,
      lastRoundAt: at(3 * GRACE),
      lastSuccessAt: START,
      unanswered: [
        { url: AM1, error: 'connect ECONNREFUSED 127.0.0.1' },
        { url: AM2, error: 'connect ECONNREFUSED 127.0.0.1' },
      ],
    });
    expect(h.logs.filter((l) => l.level === 'warn' && String(l.msg).includes('no Alertmanager answered'))).toHaveLength(1);
  });
});

import { START, startReconciliationHarness, type ReconciliationHarness } from './reconciliation-harness';

const disk0 = { fingerprint: 'aaaa000000000001', labels: { alertname: 'DiskFull', namespace: 'prod', pvc: 'data-0' } };
const disk1 = { fingerprint: 'aaaa000000000002', labels: { alertname: 'DiskFull', namespace: 'prod', pvc: 'data-1' } };
const watchdog = { fingerprint: 'cccc000000000001', labels: { alertname: 'Watchdog', namespace: 'monitoring' } };
const lostNote = 'Alertmanager reports DiskFull (aaaa000000000002) active, but mendbot never received it: a webhook was lost';

describe('alerts Alertmanager reports that mendbot never received (real SQLite and intake, Alertmanager in memory)', () => {
  let h: ReconciliationHarness;
  beforeEach(() => {
    h = startReconciliationHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  const notes = async (incidentId: string) => (await h.store.getIncident(incidentId))!.timeline.filter((e) => e.type === 'reconciliation');
  const warnings = () => h.logs.filter((l) => l.level === 'warn' && String(l.msg).includes('never received'));

  it('notes a lost webhook once on the matching incident, counts and logs each, and never opens an incident for them', async () => {
    const [incident] = await h.deliver('{}:{alertname="DiskFull"}', [disk0, { ...disk1, status: 'resolved' }]);
    // disk1 fires again (a new occurrence) and so does an alert of no open incident; neither notification arrived.
    // A third alert started a minute ago: its group may not have been notified yet, so it is not called lost.
    const young = { fingerprint: 'dddd000000000001', labels: { alertname: 'Fresh' }, startsAt: new Date(Date.parse(START) - 60_000).toISOString() };
    h.am.setAlerts([disk0, { ...disk1, startsAt: '2026-03-14T09:50:00.000Z' }, watchdog, young]);

    const first = await h.reconciliation.runRound();
    expect(first.missed.map((m) => [m.fingerprint, m.incidentId])).toEqual([
      ['aaaa000000000002', incident],
      ['cccc000000000001', null],
    ]);
    expect(first.changed).toEqual([incident]);
    const [note] = await notes(incident!);
    expect(note).toMatchObject({ at: START, message: lostNote, data: { fingerprint: 'aaaa000000000002', startsAt: '2026-03-14T09:50:00.000Z', reportedBy: ['http://127.0.0.1:9093', 'http://127.0.0.1:9094'] } });
    expect(await h.metric('mendbot_reconciliation_missed_alerts_total')).toBe('mendbot_reconciliation_missed_alerts_total 2');
    expect(warnings().map((l) => [l.fingerprint, l.incidentId])).toEqual([
      ['aaaa000000000002', incident],
      ['cccc000000000001', null],
    ]);
    expect((await h.store.listIncidents({ status: 'all', limit: 10 })).items.map((i) => i.id)).toEqual([incident]);

    // Still missed a minute later: not noted, counted or logged again.
    h.clock.advance(60_000);
    h.events.length = 0;
    expect((await h.reconciliation.runRound()).missed).toEqual([]);
    expect((await notes(incident!)).map((e) => e.message)).toEqual([lostNote]);
    expect(await h.metric('mendbot_reconciliation_missed_alerts_total')).toBe('mendbot_reconciliation_missed_alerts_total 2');
    expect(warnings()).toHaveLength(2);
    expect(h.events).toEqual([]);
  });

  it('forgets a missed alert once mendbot receives it, and notes it again should it go missing again', async () => {
    const [incident] = await h.deliver('{}:{alertname="DiskFull"}', [disk0]);
    h.am.setAlerts([disk0, disk1]);
    expect((await h.reconciliation.runRound()).missed.map((m) => m.incidentId)).toEqual([incident]); // matched by the group key's labels

    // The late notification arrives: nothing is missed any more.
    h.clock.advance(60_000);
    await h.deliver('{}:{alertname="DiskFull"}', [disk0, disk1]);
    expect((await h.reconciliation.runRound()).missed).toEqual([]);

    // It resolves (notification received), then fires again with the notification lost.
    h.clock.advance(60_000);
    await h.deliver('{}:{alertname="DiskFull"}', [disk0, { ...disk1, status: 'resolved' }]);
    h.am.setAlerts([disk0, { ...disk1, startsAt: '2026-03-14T09:54:00.000Z' }]);
    expect((await h.reconciliation.runRound()).missed.map((m) => m.incidentId)).toEqual([incident]);
    expect((await notes(incident!)).map((e) => e.message)).toEqual([lostNote, lostNote]);
    expect(await h.metric('mendbot_reconciliation_missed_alerts_total')).toBe('mendbot_reconciliation_missed_alerts_total 2');
  });
});

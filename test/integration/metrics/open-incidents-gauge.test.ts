import { API_TOKEN, START, startWiredServer, type WiredServer } from './start-wired-server';

const at = (ms: number) => new Date(Date.parse(START) + ms).toISOString();

/**
 * mendbot_open_incidents follows state as it changes (opens, reopens, resolves by alert, by hand and by
 * reconciliation) and a scrape never counts the incidents table: its cost must not grow with history.
 */
describe('mendbot_open_incidents (server wiring, real SQLite, over HTTP)', () => {
  let s: WiredServer;
  beforeEach(async () => {
    s = await startWiredServer();
  });
  afterEach(async () => {
    await s.close();
  });

  const gauge = async () => {
    const text = await (await fetch(`${s.url}/metrics`)).text();
    const m = /^mendbot_open_incidents (\S+)$/m.exec(text);
    if (!m) throw new Error('mendbot_open_incidents missing from /metrics');
    return Number(m[1]);
  };
  const api = (p: string, init: RequestInit = {}) =>
    fetch(`${s.url}${p}`, { ...init, headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json', ...(init.headers ?? {}) } });
  const openInStore = async () => ((await (await api('/api/incidents?status=open&limit=200')).json()) as { items: unknown[] }).items.length;
  const deliver = async (group: string, fingerprint: string, status: 'firing' | 'resolved', startsAt: string) => {
    const body = {
      receiver: 'mendbot',
      status,
      alerts: [
        {
          status,
          labels: { alertname: group, namespace: 'prod' },
          annotations: { summary: `${group} summary` },
          startsAt,
          endsAt: status === 'resolved' ? s.clock.now().toISOString() : '0001-01-01T00:00:00Z',
          generatorURL: '',
          fingerprint,
        },
      ],
      groupLabels: { alertname: group },
      commonLabels: {},
      commonAnnotations: {},
      externalURL: 'http://127.0.0.1:9093',
      version: '4',
      groupKey: `{}:{alertname="${group}"}`,
      truncatedAlerts: 0,
    };
    const res = await fetch(`${s.url}/webhooks/alertmanager`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(res.status).toBe(200);
    return (await res.json()) as { decisions: Array<{ kind: string; incidentId?: string; incidentResolved?: boolean }> };
  };
  const expectGauge = async (n: number) => {
    expect(await gauge()).toBe(n);
    expect(await openInStore()).toBe(n);
  };

  it('follows opens, reopens and resolves (alert, manual, reconciliation) without counting at scrape time', async () => {
    await expectGauge(0);
    const countsAtStart = s.countCalls();
    expect(countsAtStart).toBe(1); // the start-up count

    const disk = await deliver('DiskFull', 'aaaa000000000001', 'firing', at(-60_000));
    expect(disk.decisions).toEqual([expect.objectContaining({ kind: 'new_incident' })]);
    const diskId = disk.decisions[0]!.incidentId!;
    await expectGauge(1);
    const errors = await deliver('HighErrorRate', 'bbbb000000000001', 'firing', at(-60_000));
    const errorsId = errors.decisions[0]!.incidentId!;
    await expectGauge(2);
    // The same alert again: a duplicate changes nothing.
    await deliver('HighErrorRate', 'bbbb000000000001', 'firing', at(-60_000));
    await expectGauge(2);

    s.clock.advance(1000);
    const resolved = await deliver('DiskFull', 'aaaa000000000001', 'resolved', at(-60_000));
    expect(resolved.decisions).toEqual([expect.objectContaining({ incidentResolved: true })]);
    await expectGauge(1);

    s.clock.advance(1000);
    const refire = await deliver('DiskFull', 'aaaa000000000001', 'firing', at(1500));
    expect(refire.decisions).toEqual([expect.objectContaining({ kind: 'reopened', incidentId: diskId })]);
    await expectGauge(2);

    const manual = await api(`/api/incidents/${errorsId}/resolve`, { method: 'POST', body: JSON.stringify({ reason: 'fixed by hand' }) });
    expect(manual.status).toBe(200);
    await expectGauge(1);
    // Resolving it again changes nothing, and neither does the gauge.
    expect((await api(`/api/incidents/${errorsId}/resolve`, { method: 'POST', body: JSON.stringify({ reason: 'again' }) })).status).toBe(200);
    await expectGauge(1);

    // Alertmanager no longer reports DiskFull: after the grace period, reconciliation resolves it.
    s.am.setAlerts([]);
    await s.services.reconciliation!.runRound();
    await expectGauge(1);
    s.clock.advance(60_000);
    expect((await s.services.reconciliation!.runRound()).resolved).toEqual([diskId]);
    await expectGauge(0);

    for (let i = 0; i < 20; i++) await gauge();
    expect(s.countCalls()).toBe(countsAtStart);
  });
});

/**
 * End to end: the real Prometheus Alertmanager (Debian's prometheus-alertmanager, v0.25 on Debian 12) delivers
 * webhooks to the real, built mendbot (`node dist/src/cli.js serve`) over loopback HTTP, with a real SQLite file.
 * Alertmanager runs with group_by [alertname], group_wait 1s, group_interval 1s, repeat_interval 1h, so every
 * group change is re-sent (with the whole group) within about a second.
 *
 * The specs run in order and share one mendbot and one Alertmanager: each builds on the state left by the one
 * before (fire → resolve → another group → check re-sends → a misconfigured Alertmanager → shutdown).
 */
import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import { postAlerts, startAlertmanager, type PostableAlert, type RunningAlertmanager } from '../helpers/start-alertmanager';
import { startMendbot, type RunningMendbot } from '../helpers/start-mendbot';
import { createMendbotApiClient, type ApiIncident } from './mendbot-api-client';
import { prometheusFingerprint } from './prometheus-fingerprint';

/**
 * Alertmanager's groupKey for an alert routed by the root route with group_by [alertname]: the route's
 * matcher chain (`{}` for the root) and the group labels as a label set, joined by a colon.
 */
const groupKey = (alertname: string) => `{}:{alertname="${alertname}"}`;
const DISK = 'E2EDiskFull';
const LATENCY = 'E2EHighLatency';
const WRONG_TOKEN = 'E2EWrongToken';

const TOKEN = `e2e-${randomBytes(12).toString('hex')}`;
const WAIT = { timeoutMs: 30_000, intervalMs: 200 };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Alertmanager → mendbot, end to end with the real prometheus-alertmanager', () => {
  let mendbot: RunningMendbot | undefined;
  let am: RunningAlertmanager | undefined;
  let badAm: RunningAlertmanager | undefined;

  /**
   * Started one minute ago; reused when resolving (Alertmanager rejects endsAt < startsAt). Alertmanager's
   * dispatcher flushes a new group at once when its alert is already older than group_wait, so these groups
   * deliver without the 1s wait.
   */
  const startsAt = new Date(Date.now() - 60_000).toISOString();
  const disk1: PostableAlert = {
    labels: { alertname: DISK, instance: 'node-1:9100', job: 'node', severity: 'critical' },
    annotations: { summary: 'Disk almost full on node-1' },
    startsAt,
  };
  const disk2: PostableAlert = {
    labels: { alertname: DISK, instance: 'node-2:9100', job: 'node', severity: 'critical' },
    annotations: { summary: 'Disk almost full on node-2' },
    startsAt,
  };
  let diskIncidentId = '';

  function diagnostics(): string {
    const tail = (lines: string[] | undefined, n: number) => (lines ?? []).slice(-n).join('\n');
    const notDebug = (lines: string[] | undefined) => (lines ?? []).filter((l) => !l.includes('level=debug') || l.includes('webhook'));
    return (
      `\n--- mendbot logs (last 40) ---\n${tail(mendbot?.logs, 40)}` +
      `\n--- alertmanager logs (last 25) ---\n${tail(notDebug(am?.logs), 25)}` +
      (badAm ? `\n--- alertmanager (wrong token) logs (last 10) ---\n${tail(notDebug(badAm.logs), 10)}` : '')
    );
  }

  const { eventually, getJson, incidentsFor, allIncidents, detail, deliveriesMetric } = createMendbotApiClient({
    url: () => mendbot!.url,
    diagnostics,
    wait: WAIT,
  });

  beforeAll(async () => {
    mendbot = await startMendbot({ env: { ALERTMANAGER_TOKEN: TOKEN } });
    const ready = await fetch(`${mendbot.url}/readyz`);
    expect(ready.status).toBe(200);
    am = await startAlertmanager({ mendbotUrl: mendbot.url, token: TOKEN, groupBy: ['alertname'] });
  }, 60_000);

  afterAll(async () => {
    await badAm?.stop();
    await am?.stop();
    if (mendbot) {
      await mendbot.stop();
      fs.rmSync(mendbot.dataDir, { recursive: true, force: true });
    }
  }, 30_000);

  it('(a) two firing alerts with the same alertname make exactly one open incident keyed by the groupKey', async () => {
    await postAlerts(am!.url, [disk1]);
    const first = await eventually(`an incident for ${groupKey(DISK)}`, async () => (await incidentsFor(groupKey(DISK)))[0]);
    diskIncidentId = first.id;
    expect(first).toMatchObject({ correlationId: groupKey(DISK), status: 'open', alertCount: 1, firingCount: 1 });

    // A second alert joins the group: Alertmanager flushes the whole group again (node-1 re-sent with node-2).
    await postAlerts(am!.url, [disk2]);
    const merged = await eventually('the second alert to join the incident', async () => {
      const items = await incidentsFor(groupKey(DISK));
      return items.length === 1 && items[0]!.alertCount === 2 ? items[0] : undefined;
    });
    expect(merged).toMatchObject({
      id: diskIncidentId,
      correlationId: '{}:{alertname="E2EDiskFull"}',
      status: 'open',
      resolvedAt: null,
      alertCount: 2,
      firingCount: 2,
      reopenCount: 0,
    });
    expect(merged.sources).toContain('alertmanager');

    const open = (await getJson<{ items: ApiIncident[] }>('/api/incidents?status=open&limit=200')).items;
    expect(open.filter((i) => i.correlationId === groupKey(DISK)).map((i) => i.id)).toEqual([diskIncidentId]);

    const d = await detail(diskIncidentId);
    expect(d.incident.id).toBe(diskIncidentId);
    const alerts = [...d.alerts].sort((x, y) => (x.labels.instance ?? '').localeCompare(y.labels.instance ?? ''));
    expect(alerts.map((a) => ({ status: a.status, labels: a.labels, fingerprint: a.fingerprint }))).toEqual([
      { status: 'firing', labels: disk1.labels, fingerprint: prometheusFingerprint(disk1.labels) },
      { status: 'firing', labels: disk2.labels, fingerprint: prometheusFingerprint(disk2.labels) },
    ]);
  });

  it('(b) resolving both alerts in Alertmanager resolves the incident', async () => {
    const endsAt = new Date().toISOString();
    await postAlerts(am!.url, [
      { ...disk1, endsAt },
      { ...disk2, endsAt },
    ]);
    const resolved = await eventually('the incident to resolve', async () => {
      const items = await incidentsFor(groupKey(DISK));
      return items.length === 1 && items[0]!.status === 'resolved' ? items[0] : undefined;
    });
    expect(resolved).toMatchObject({ id: diskIncidentId, status: 'resolved', firingCount: 0, alertCount: 2 });
    expect(resolved.resolvedAt).toEqual(expect.any(String));

    const d = await detail(diskIncidentId);
    expect(d.alerts.map((a) => a.status)).toEqual(['resolved', 'resolved']);
    expect(d.timeline.map((e) => e.type)).toContain('incident_resolved');
  });

  it('(c) an alert with a different alertname opens a separate incident', async () => {
    const latency: PostableAlert = {
      labels: { alertname: LATENCY, service: 'checkout', severity: 'warning' },
      annotations: { summary: 'p99 latency above 2s on checkout' },
      startsAt,
    };
    await postAlerts(am!.url, [latency]);
    const inc = await eventually(`an incident for ${groupKey(LATENCY)}`, async () => (await incidentsFor(groupKey(LATENCY)))[0]);
    expect(inc).toMatchObject({ correlationId: groupKey(LATENCY), status: 'open', alertCount: 1, firingCount: 1 });
    expect(inc.id).not.toBe(diskIncidentId);

    const d = await detail(inc.id);
    expect(d.alerts).toHaveLength(1);
    expect(d.alerts[0]).toMatchObject({ labels: latency.labels, fingerprint: prometheusFingerprint(latency.labels), status: 'firing' });

    // The disk incident did not absorb it.
    const disk = await incidentsFor(groupKey(DISK));
    expect(disk).toHaveLength(1);
    expect(disk[0]).toMatchObject({ id: diskIncidentId, status: 'resolved', alertCount: 2 });
  });

  it("(d) Alertmanager's repeated flushes of a group did not create extra incidents", async () => {
    // Let a few more group_interval ticks pass: nothing changed, so nothing new may appear.
    await sleep(3_000);
    const disk = await incidentsFor(groupKey(DISK));
    expect(disk).toHaveLength(1);
    // Deliveries for this group so far: first notification (node-1), new alerts added (node-1 again + node-2),
    // and the resolved notification (both). Each re-sent node-1; none opened an incident.
    expect(disk[0]!.deliveryCount).toBeGreaterThanOrEqual(3);
    expect(disk[0]).toMatchObject({ id: diskIncidentId, alertCount: 2, reopenCount: 0, status: 'resolved' });

    const d = await detail(diskIncidentId);
    expect(d.alerts).toHaveLength(2);
    const node1 = d.alerts.find((a) => a.labels.instance === disk1.labels.instance);
    expect(node1?.deliveryCount).toBeGreaterThanOrEqual(2);
    expect(d.timeline.filter((e) => e.type === 'incident_opened')).toHaveLength(1);

    const all = await allIncidents();
    expect(all.map((i) => i.correlationId).sort()).toEqual([groupKey(DISK), groupKey(LATENCY)].sort());
    // Every one of those 4+ deliveries (3 for the disk group, 1 for latency) was answered 2xx.
    const stored = (await deliveriesMetric('accepted')) + (await deliveriesMetric('duplicate'));
    expect(stored).toBeGreaterThanOrEqual(4);
  });

  it('(e) an Alertmanager with the wrong token gets 401 and mendbot stores nothing', async () => {
    const rejectedBefore = await deliveriesMetric('rejected');
    const before = await allIncidents();
    badAm = await startAlertmanager({ mendbotUrl: mendbot!.url, token: 'not-the-configured-token' });
    await postAlerts(badAm.url, [
      { labels: { alertname: WRONG_TOKEN, instance: 'node-9:9100' }, annotations: { summary: 'must never be stored' } },
    ]);

    // Alertmanager sees the 401 (and, a 4xx being final for it, does not retry that notification)...
    await eventually('the wrong-token Alertmanager to log a 401', () =>
      badAm!.logs.some((l) => l.includes('Notify for alerts failed') && l.includes('unexpected status code 401')),
    );
    // ...mendbot counted the rejection...
    await eventually('mendbot_webhook_deliveries_total{source="alertmanager",outcome="rejected"} to increase', async () =>
      (await deliveriesMetric('rejected')) > rejectedBefore,
    );
    // ...and, a few group_interval ticks later (each one a new rejected attempt), stored nothing.
    await sleep(3_000);
    expect(await incidentsFor(groupKey(WRONG_TOKEN))).toEqual([]);
    const after = await allIncidents();
    expect(after.map((i) => i.id).sort()).toEqual(before.map((i) => i.id).sort());
    for (const inc of after) {
      const d = await detail(inc.id);
      expect(d.alerts.map((a) => a.labels.alertname)).not.toContain(WRONG_TOKEN);
    }
    await badAm.stop();
    badAm = undefined;
  });

  it('stops gracefully on SIGTERM with exit code 0', async () => {
    await am!.stop();
    am = undefined;
    const code = await mendbot!.stop('SIGTERM');
    if (code !== 0) throw new Error(`mendbot exited with ${code} after SIGTERM${diagnostics()}`);
  });
});

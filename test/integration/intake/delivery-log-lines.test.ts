import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { createAlertmanagerSource } from '../../../integrations/alertmanager/create-alertmanager-source';
import { createManualClock } from '../../../src/core/clock';
import { defaultLifecyclePolicy } from '../../../src/core/incidents/lifecycle-policy';
import { createIntake } from '../../../src/intake/create-intake';
import { createSqliteStore } from '../../../src/store/sqlite/create-sqlite-store';
import { createLogger } from '../../../src/telemetry/create-logger';
import { createMetrics } from '../../../src/telemetry/create-metrics';

/** Logging target of issue 15: one info line per delivery with its counts and ids; per-alert detail at debug. */
describe('intake log lines', () => {
  const storm = fs.readFileSync(path.join(__dirname, '..', '..', 'fixtures', 'alertmanager-storm.json'));
  let dataDir: string;
  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mendbot-intake-log-'));
  });
  afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  async function deliverStormTwice(level: string) {
    const chunks: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _e, done) {
        chunks.push(chunk.toString('utf8'));
        done();
      },
    });
    const store = createSqliteStore({ dataDir });
    const metrics = createMetrics();
    const intake = createIntake({ store, clock: createManualClock(), log: createLogger({ level, stream }), metrics, policy: defaultLifecyclePolicy, correlation: {} });
    const source = createAlertmanagerSource({});
    const request = { headers: { authorization: 'Bearer not-a-real-token' }, rawBody: storm, remoteAddress: '127.0.0.1' };
    const first = await intake.receive(source, request);
    const again = await intake.receive(source, request);
    await store.close();
    const lines = chunks.join('').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>);
    return { first, again, lines, alerts: (JSON.parse(storm.toString('utf8')) as { alerts: unknown[] }).alerts.length, metrics };
  }

  it('writes one info line per delivery: counts by decision, the incidents and no per-alert lines', async () => {
    const { first, again, lines, alerts } = await deliverStormTwice('info');
    expect(alerts).toBeGreaterThan(10);
    const incidentId = first.decisions[0]!.incidentId;
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'info',
        deliveryId: first.deliveryId,
        source: 'alertmanager',
        alerts,
        duplicateDelivery: false,
        decisions: { new_incident: 1, attached: alerts - 1 },
        incidents: 1,
        incidentIds: [incidentId],
        runsCreated: 0,
        runsCancelled: 0,
        msg: `delivery recorded: 1 new_incident, ${alerts - 1} attached`,
      }),
      expect.objectContaining({ level: 'info', deliveryId: again.deliveryId, alerts, decisions: { duplicate: alerts }, incidentIds: [incidentId] }),
    ]);
  });

  it('adds every alert decision at debug, with its reason', async () => {
    const { first, lines, alerts } = await deliverStormTwice('debug');
    const perAlert = lines.filter((l) => l.level === 'debug' && l.deliveryId === first.deliveryId);
    expect(perAlert).toHaveLength(alerts);
    expect(perAlert.map((l) => l.alertKey)).toEqual(first.decisions.map((d) => d.alertKey));
    expect(perAlert[0]).toMatchObject({ decision: 'new_incident', incidentId: first.decisions[0]!.incidentId, msg: first.decisions[0]!.reason });
    expect(lines.filter((l) => l.level === 'info')).toHaveLength(2);
  });

  it('counts every alert and decision in the metrics, summed per label set', async () => {
    const { metrics, alerts } = await deliverStormTwice('warn');
    const text = await metrics.registry.metrics();
    expect(text).toMatch(new RegExp(`mendbot_alerts_received_total\\{[^}]*source="alertmanager"[^}]*status="firing"[^}]*\\} ${alerts * 2}\\b`));
    expect(text).toMatch(new RegExp(`mendbot_decisions_total\\{kind="attached"\\} ${alerts - 1}\\b`));
    expect(text).toMatch(new RegExp(`mendbot_decisions_total\\{kind="duplicate"\\} ${alerts}\\b`));
  });

  it('counts a group whose statuses alternate by status, whatever their order', async () => {
    // Every third alert resolved: the counts come out per status, not per run of equal statuses.
    const body = JSON.parse(storm.toString('utf8')) as { alerts: Array<Record<string, unknown>> };
    body.alerts.forEach((a, i) => {
      if (i % 3 === 1) Object.assign(a, { status: 'resolved', endsAt: '2030-01-01T00:00:00Z' });
    });
    const resolved = body.alerts.filter((a) => a.status === 'resolved').length;
    const store = createSqliteStore({ dataDir });
    const metrics = createMetrics();
    const intake = createIntake({ store, clock: createManualClock(), log: createLogger({ level: 'warn', stream: new Writable({ write: (_c, _e, done) => done() }) }), metrics, policy: defaultLifecyclePolicy, correlation: {} });
    await intake.receive(createAlertmanagerSource({}), { headers: {}, rawBody: Buffer.from(JSON.stringify(body)), remoteAddress: '127.0.0.1' });
    await store.close();
    const text = await metrics.registry.metrics();
    expect(resolved).toBeGreaterThan(3);
    expect(text).toMatch(new RegExp(`mendbot_alerts_received_total\\{source="alertmanager",status="firing"\\} ${body.alerts.length - resolved}\\n`));
    expect(text).toMatch(new RegExp(`mendbot_alerts_received_total\\{source="alertmanager",status="resolved"\\} ${resolved}\\n`));
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { deflateRawSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { parseAlertmanagerWebhook } from '../../../integrations/alertmanager/parse-alertmanager-webhook';
import { defaultLifecyclePolicy } from '../../../src/core/incidents/lifecycle-policy';
import type { Delivery } from '../../../src/core/intake/delivery';
import { createSqliteStore } from '../../../src/store/sqlite/create-sqlite-store';
import { migrate } from '../../../src/store/sqlite/migrations';
import { openSqliteReader } from '../../../src/store/sqlite/open-sqlite-reader';
import { seedHistory } from '../../bench/history/seed-history';

/** Migration 12: bodies stored once, alerts pointing into them, marked timeline text, deflated decisions. */
describe('SQLite compact history (migration 12)', () => {
  const now = () => '2026-01-01T00:00:00.000Z';
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mendbot-compact-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const file = () => path.join(dir, 'mendbot.db');
  const labels = { alertname: 'DiskFull', instance: '10.0.0.1:9100', team: 'storage <&> ops', zone: 'é€😀' };
  const annotations = { summary: 'Disk almost full on 10.0.0.1', runbook_url: 'https://runbooks.example.com/disk?a=1&b=<2>' };
  const generatorUrl = 'https://prometheus.example.com/graph?g0.expr=node_filesystem_avail_bytes+%3C+1e9&g0.tab=1';

  /** An Alertmanager-shaped body, written the way Go writes it (<>& escaped), holding the alert verbatim. */
  function amBody(status: 'firing' | 'resolved', extra = ''): string {
    const alert = { status, labels, annotations, startsAt: '2026-01-01T00:00:00Z', endsAt: '0001-01-01T00:00:00Z', generatorURL: generatorUrl, fingerprint: '000000000000f00d' };
    const json = JSON.stringify({ receiver: 'mendbot', status, alerts: [alert], groupLabels: {}, commonLabels: labels, commonAnnotations: {}, externalURL: 'http://am:9093', extra, version: '4', groupKey: '{}:{}' });
    return json.replace(/[<>&]/g, (c) => `\\u00${c.charCodeAt(0).toString(16)}`) + '\n';
  }

  function delivery(id: string, raw: string, status: 'firing' | 'resolved', receivedAt: string): Delivery {
    return {
      id,
      source: 'alertmanager',
      receivedAt,
      eventType: 'notification',
      raw,
      alerts: [
        {
          key: 'am:f00d@2026-01-01T00:00:00Z',
          source: 'alertmanager',
          fingerprint: 'f00d',
          status,
          labels,
          annotations,
          startsAt: '2026-01-01T00:00:00Z',
          ...(status === 'resolved' ? { endsAt: '2026-01-01T00:05:00Z' } : {}),
          generatorUrl,
          summary: annotations.summary,
          correlationId: 'group-1',
          defaultCorrelationId: 'group-1',
        },
      ],
    } as Delivery;
  }

  it('reads rows written before it exactly as they were, without converting them', async () => {
    // A store at version 11, rows written as that version wrote them.
    const db = new Database(file());
    db.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
    db.prepare("INSERT INTO schema_migrations VALUES (12, 'held back', ?)").run(now());
    migrate(db, now);
    db.prepare('DELETE FROM schema_migrations WHERE version = 12').run();
    db.prepare(`INSERT INTO incidents (id, correlation_id, status, title, opened_at, last_seen_at, sources) VALUES ('inc_1', 'group-1', 'open', 't', ?, ?, '["alertmanager"]')`).run(now(), now());
    db.prepare(
      `INSERT INTO alerts (incident_id, key, source, fingerprint, status, labels, annotations, starts_at, generator_url, summary, first_seen_at, last_seen_at, delivery_count)
       VALUES ('inc_1', 'k1', 'alertmanager', 'f1', 'firing', ?, ?, ?, ?, 's', ?, ?, 1)`,
    ).run(JSON.stringify(labels), JSON.stringify(annotations), now(), generatorUrl, now(), now());
    const data = { correlationId: 'group-1', deliveryId: 'dlv_old', note: 'inc_1 \u0001' };
    db.prepare(`INSERT INTO timeline (incident_id, seq, at, type, message, data) VALUES ('inc_1', 1, ?, 'incident_opened', ?, ?)`).run(now(), 'opened inc_1 for group-1', JSON.stringify(data));
    const raw = amBody('firing', 'x'.repeat(1500));
    const decisions = [{ kind: 'new_incident', alertKey: 'k1', incidentId: 'inc_1', correlationId: 'group-1', reason: 'new incident inc_1 for correlation ID group-1' }];
    const insertDelivery = db.prepare(
      `INSERT INTO deliveries (id, source, received_at, event_type, alert_count, decisions, raw, raw_encoding) VALUES (?, 'alertmanager', ?, 'notification', 1, ?, ?, ?)`,
    );
    insertDelivery.run('dlv_old', now(), JSON.stringify(decisions), deflateRawSync(Buffer.from(raw)), 'deflate-raw');
    insertDelivery.run('dlv_old2', '2026-01-01T00:00:01.000Z', '[]', 'small body', 'utf8');
    db.close();
    const window = { since: '2025-01-01T00:00:00.000Z', until: '2027-01-01T00:00:00.000Z', limit: 10 };
    const expected = [
      ['dlv_old', raw, decisions],
      ['dlv_old2', 'small body', []],
    ];

    // A read-only reader (mendbot backtest) beside a server that has not migrated yet.
    const reader = openSqliteReader({ dataDir: dir });
    expect((await reader.listDeliveries(window)).map((d) => [d.id, d.raw, d.decisions])).toEqual(expected);
    await reader.close();

    const store = createSqliteStore({ dataDir: dir, checkpointer: false });
    try {
      const detail = await store.getIncident('inc_1');
      expect(detail!.alerts).toEqual([
        expect.objectContaining({ key: 'k1', labels, annotations, generatorUrl }),
      ]);
      expect(detail!.timeline).toEqual([expect.objectContaining({ seq: 1, message: 'opened inc_1 for group-1', data })]);
      expect((await store.listDeliveries(window)).map((d) => [d.id, d.raw, d.decisions])).toEqual(expected);
    } finally {
      await store.close();
    }
    const after = new Database(file(), { readonly: true });
    // Nothing was rewritten: the old rows keep their own copies.
    expect(after.prepare("SELECT raw_encoding, typeof(decisions) AS d FROM deliveries WHERE id = 'dlv_old'").get()).toEqual({ raw_encoding: 'deflate-raw', d: 'text' });
    expect(after.prepare('SELECT typeof(labels) FROM alerts').pluck().get()).toBe('text');
    after.close();
  });

  it('round-trips new rows exactly, stores a re-sent body once, and frees it when nothing points at it', async () => {
    const store = createSqliteStore({ dataDir: dir, checkpointer: false });
    const firing = amBody('firing', 'y'.repeat(1200));
    const resolved = amBody('resolved');
    try {
      const first = await store.recordDelivery(delivery('dlv_1', firing, 'firing', '2026-01-01T00:00:00.000Z'), defaultLifecyclePolicy);
      const again = await store.recordDelivery(delivery('dlv_2', firing, 'firing', '2026-01-01T00:01:00.000Z'), defaultLifecyclePolicy);
      const incidentId = first.decisions[0]!.incidentId!;
      const db = new Database(file(), { readonly: true });
      // One body for the two copies; the alert's four columns point into it.
      expect(db.prepare('SELECT COUNT(*) FROM bodies').pluck().get()).toBe(1);
      expect(db.prepare('SELECT typeof(labels) || typeof(annotations) || typeof(generator_url) || typeof(summary) FROM alerts').pluck().get()).toBe('blobblobblobblob');
      expect(db.prepare('SELECT refs FROM bodies').pluck().get()).toBe(2 + 4);
      const detail = await store.getIncident(incidentId);
      expect(detail!.alerts).toEqual([expect.objectContaining({ labels, annotations, generatorUrl, summary: annotations.summary, status: 'firing' })]);
      expect(detail!.timeline.find((e) => e.type === 'incident_opened')!.data).toEqual({ correlationId: 'group-1', deliveryId: 'dlv_1' });
      expect(detail!.timeline.find((e) => e.type === 'alert_received')!.message).toContain(`new incident ${incidentId} for correlation ID group-1`);
      expect(db.prepare("SELECT typeof(data) FROM timeline WHERE type = 'incident_opened'").pluck().get()).toBe('blob');

      // The resolved copy replaces labels and annotations (pointing into its own body), keeps the generator URL and summary.
      const closing = await store.recordDelivery(delivery('dlv_3', resolved, 'resolved', '2026-01-01T00:02:00.000Z'), defaultLifecyclePolicy);
      expect((await store.getIncident(incidentId))!.alerts).toEqual([expect.objectContaining({ labels, annotations, generatorUrl, summary: annotations.summary, status: 'resolved' })]);
      expect(db.prepare('SELECT refs FROM bodies ORDER BY id').pluck().all()).toEqual([2 + 2, 1 + 2]);

      const listed = await store.listDeliveries({ since: '2025-01-01T00:00:00.000Z', until: '2027-01-01T00:00:00.000Z', limit: 10 });
      expect(listed.map((d) => [d.id, d.raw, d.decisions])).toEqual([
        ['dlv_1', firing, first.decisions],
        ['dlv_2', firing, again.decisions],
        ['dlv_3', resolved, closing.decisions],
      ]);

      // Deliveries pruned: the first body is still pointed at by the alert's generator URL and summary, the second by its labels and annotations.
      const prune = (incidentsResolvedBefore?: string) =>
        store.prune({ now: '2026-03-01T00:00:00.000Z', deliveriesBefore: '2026-02-01T00:00:00.000Z', batchSize: 100, incidentBatchSize: 100, ...(incidentsResolvedBefore ? { incidentsResolvedBefore } : {}) });
      await prune();
      expect(db.prepare('SELECT refs FROM bodies ORDER BY id').pluck().all()).toEqual([2, 2]);
      expect((await store.getIncident(incidentId))!.alerts).toEqual([expect.objectContaining({ labels, annotations, generatorUrl, summary: annotations.summary })]);
      // The incident pruned too: nothing points at either body, and both are gone.
      await prune('2026-02-01T00:00:00.000Z');
      expect(await store.getIncident(incidentId)).toBeNull();
      expect(db.prepare('SELECT COUNT(*) FROM bodies').pluck().get()).toBe(0);
      db.close();
    } finally {
      await store.close();
    }
  });

  /** The delivery intake makes of `raw`: the Alertmanager parser's alerts (frozen objects of its parse) and that parse. */
  function parsedDelivery(id: string, raw: string, receivedAt: string): Delivery {
    const parsed = parseAlertmanagerWebhook(Buffer.from(raw));
    const alerts = parsed.alerts.map((a) => ({ ...a, correlationId: 'group-1' }));
    return { id, source: 'alertmanager', receivedAt, eventType: 'notification', raw, alerts, parsedRaw: parsed.body!.json };
  }

  it('points the columns of an alert the Alertmanager parser read at its place in the parsed body, and reads them back after a restart', async () => {
    let store = createSqliteStore({ dataDir: dir, checkpointer: false });
    const firing = amBody('firing');
    try {
      const first = await store.recordDelivery(parsedDelivery('dlv_1', firing, '2026-01-01T00:00:00.000Z'), defaultLifecyclePolicy);
      const incidentId = first.decisions[0]!.incidentId!;
      const db = new Database(file(), { readonly: true });
      const columns = () => db.prepare('SELECT CAST(labels AS TEXT) AS l, CAST(annotations AS TEXT) AS a, CAST(generator_url AS TEXT) AS g, CAST(summary AS TEXT) AS s FROM alerts').get();
      // The summary is kept in the row: a pointer to it would be about as long as the summary.
      expect(columns()).toEqual({ l: '1:/alerts/0/labels', a: '1:/alerts/0/annotations', g: '1:/alerts/0/generatorURL', s: annotations.summary });
      expect(db.prepare('SELECT refs FROM bodies').pluck().get()).toBe(1 + 3);
      const expected = [expect.objectContaining({ labels, annotations, generatorUrl, summary: annotations.summary, status: 'firing' })];
      expect((await store.getIncident(incidentId))!.alerts).toEqual(expected);

      await store.close();
      store = createSqliteStore({ dataDir: dir, checkpointer: false });
      expect((await store.getIncident(incidentId))!.alerts).toEqual(expected);

      // The resolved copy's labels and annotations point into its own body; the first keeps the generator URL's reference.
      await store.recordDelivery(parsedDelivery('dlv_2', amBody('resolved'), '2026-01-01T00:02:00.000Z'), defaultLifecyclePolicy);
      expect(columns()).toEqual({ l: '2:/alerts/0/labels', a: '2:/alerts/0/annotations', g: '1:/alerts/0/generatorURL', s: annotations.summary });
      expect(db.prepare('SELECT refs FROM bodies ORDER BY id').pluck().all()).toEqual([1 + 1, 1 + 2]);
      expect((await store.getIncident(incidentId))!.alerts).toEqual([expect.objectContaining({ labels, annotations, generatorUrl, status: 'resolved' })]);

      await store.prune({ now: '2026-03-01T00:00:00.000Z', deliveriesBefore: '2026-02-01T00:00:00.000Z', incidentsResolvedBefore: '2026-02-01T00:00:00.000Z', batchSize: 100, incidentBatchSize: 100 });
      expect(db.prepare('SELECT COUNT(*) FROM bodies').pluck().get()).toBe(0);
      db.close();
    } finally {
      await store.close();
    }
  });

  it('keeps a stored single-alert incident under 3,100 B of data directory', async () => {
    const empty = path.join(dir, 'empty');
    await createSqliteStore({ dataDir: empty, checkpointer: false }).close();
    const db = new Database(path.join(empty, 'mendbot.db'));
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const emptyBytes = fs.readdirSync(empty).reduce((n, f) => n + fs.statSync(path.join(empty, f)).size, 0);
    const seeded = await seedHistory(path.join(dir, 'seeded'), 500);
    // ~2,960 B measured (~6,200 B before migration 12): the bound fails if a copy of the body or its JSON comes back.
    expect((seeded.dataDirBytes - emptyBytes) / seeded.incidents).toBeLessThan(3100);
  }, 60_000);
});

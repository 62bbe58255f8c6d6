import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { createAlertmanagerSource } from '../../../integrations/alertmanager/create-alertmanager-source';
import { defaultLifecyclePolicy } from '../../../src/core/incidents/lifecycle-policy';
import { createSqliteStore } from '../../../src/store/sqlite/create-sqlite-store';
import { makeAlertmanagerBody } from '../alertmanager-bodies';
import { log } from '../intake/log';
import { round } from '../round';

export interface SeededHistory {
  incidents: number;
  seedS: number;
  /** An incident id about a tenth of the way into the history: a cursor before it reads a late page. */
  lateId: string;
  dataDirBytes: number;
  bytesPerIncident: number;
  /** Bytes per incident by table and index (dbstat), largest first. */
  byObject: Array<{ name: string; bytesPerIncident: number }>;
}

/**
 * `n` distinct single-alert deliveries (the ~2 KB body the intake bench sends, parsed by the Alertmanager
 * source) recorded through the store port into `dataDir`, one incident each, as intake would write them.
 * Then the store is closed, the WAL checkpointed and truncated, and the directory measured.
 */
export async function seedHistory(dataDir: string, n: number): Promise<SeededHistory> {
  const store = createSqliteStore({ dataDir });
  const source = createAlertmanagerSource({});
  const t0 = Date.parse('2026-01-01T00:00:00Z');
  const started = performance.now();
  // A second connection to truncate the WAL now and then. Seeding writes back to back with no idle moment,
  // and the store's PASSIVE checkpoints never catch up with a writer that never pauses, so the WAL would
  // grow by ~90 KB per delivery (26 GB at 280,000 here) until the disk is full.
  const checkpointer = new Database(path.join(dataDir, 'mendbot.db'));
  let lateId = '';
  for (let i = 0; i < n; i++) {
    const rawBody = makeAlertmanagerBody('history', i, 'single').body;
    const parsed = source.parse({ headers: {}, rawBody, remoteAddress: '127.0.0.1' });
    const outcome = await store.recordDelivery(
      {
        id: `dlv_hist_${String(i).padStart(8, '0')}`,
        source: parsed.source,
        receivedAt: new Date(t0 + i * 1000).toISOString(),
        eventType: parsed.eventType,
        alerts: parsed.alerts.map((a) => ({ ...a, correlationId: a.defaultCorrelationId })),
        raw: rawBody.toString('utf8'),
        // As intake hands it over: the alert rows refer into the parsed body (alert-columns.ts).
        parsedRaw: parsed.body?.json,
      },
      defaultLifecyclePolicy,
    );
    if (i === Math.floor(n / 10)) lateId = outcome.decisions[0]?.incidentId ?? '';
    if (i > 0 && i % 10_000 === 0) checkpointer.pragma('wal_checkpoint(TRUNCATE)');
    if (i > 0 && i % 20_000 === 0) log(`history: ${i} incidents seeded (${round((performance.now() - started) / 1000, 1)} s)`);
  }
  checkpointer.close();
  await store.close();
  const seedS = round((performance.now() - started) / 1000, 1);
  const db = new Database(path.join(dataDir, 'mendbot.db'));
  db.pragma('wal_checkpoint(TRUNCATE)');
  const incidents = (db.prepare('SELECT COUNT(*) FROM incidents').pluck().get() as number) || 1;
  let byObject: SeededHistory['byObject'] = [];
  try {
    const rows = db.prepare('SELECT name, SUM(pgsize) AS bytes FROM dbstat GROUP BY name ORDER BY bytes DESC LIMIT 8').all() as Array<{ name: string; bytes: number }>;
    byObject = rows.map((r) => ({ name: r.name, bytesPerIncident: round(r.bytes / incidents, 0) }));
  } catch {
    // dbstat not compiled in: the total still stands
  }
  db.close();
  const dataDirBytes = dirBytes(dataDir);
  return { incidents, seedS, lateId, dataDirBytes, bytesPerIncident: round(dataDirBytes / incidents, 0), byObject };
}

function dirBytes(dir: string): number {
  let total = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    total += e.isDirectory() ? dirBytes(p) : fs.statSync(p).size;
  }
  return total;
}

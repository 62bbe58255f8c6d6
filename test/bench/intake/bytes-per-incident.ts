import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { createAlertmanagerSource } from '../../../integrations/alertmanager/create-alertmanager-source';
import { defaultLifecyclePolicy } from '../../../src/core/incidents/lifecycle-policy';
import { createSqliteStore } from '../../../src/store/sqlite/create-sqlite-store';
import { makeAlertmanagerBody } from '../alertmanager-bodies';
import { round } from '../round';
import { intakeSettings } from './intake-settings';
import { log } from './log';

export interface StorageFigures {
  incidents: number;
  dataDirBytes: number;
  bytesPerIncident: number;
  /** Bytes per incident by table and index (dbstat), largest first: where the bytes go. */
  byObject: Array<{ name: string; bytesPerIncident: number }>;
}

/**
 * Target 6's storage figure: `n` distinct single-alert deliveries recorded through the store port (the
 * Alertmanager source parses the same ~2 KB body the load phases send), the store closed, the WAL
 * checkpointed and truncated, then the whole data directory divided by the incidents it holds.
 */
export async function bytesPerIncident(n = intakeSettings.seedIncidents): Promise<StorageFigures> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mendbot-bench-seed-'));
  try {
    log(`storage: seeding ${n} single-alert incidents through the store port`);
    const store = createSqliteStore({ dataDir });
    const source = createAlertmanagerSource({});
    const t0 = Date.parse('2026-01-01T00:00:00Z');
    for (let i = 0; i < n; i++) {
      const rawBody = makeAlertmanagerBody(`${intakeSettings.runId}seed`, i, 'single').body;
      const parsed = source.parse({ headers: {}, rawBody, remoteAddress: '127.0.0.1' });
      const receivedAt = new Date(t0 + i * 1000).toISOString();
      await store.recordDelivery(
        {
          id: `dlv_seed_${String(i).padStart(8, '0')}`,
          source: parsed.source,
          receivedAt,
          eventType: parsed.eventType,
          alerts: parsed.alerts.map((a) => ({ ...a, correlationId: a.defaultCorrelationId })),
          raw: rawBody.toString('utf8'),
        },
        defaultLifecyclePolicy,
      );
    }
    await store.close();
    const file = path.join(dataDir, 'mendbot.db');
    const db = new Database(file);
    db.pragma('wal_checkpoint(TRUNCATE)');
    const incidents = (db.prepare('SELECT COUNT(*) FROM incidents').pluck().get() as number) || 1;
    let byObject: StorageFigures['byObject'] = [];
    try {
      const rows = db.prepare('SELECT name, SUM(pgsize) AS bytes FROM dbstat GROUP BY name ORDER BY bytes DESC LIMIT 8').all() as Array<{ name: string; bytes: number }>;
      byObject = rows.map((r) => ({ name: r.name, bytesPerIncident: round(r.bytes / incidents, 0) }));
    } catch {
      // dbstat not compiled in: the total still stands
    }
    db.close();
    const dataDirBytes = dirBytes(dataDir);
    return { incidents, dataDirBytes, bytesPerIncident: round(dataDirBytes / incidents, 0), byObject };
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

function dirBytes(dir: string): number {
  let total = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    total += e.isDirectory() ? dirBytes(p) : fs.statSync(p).size;
  }
  return total;
}

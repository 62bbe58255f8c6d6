import type Database from 'better-sqlite3';
import { StoreUnavailableError } from '../../core/errors';
import { alertKeysByTime } from './alert-keys-by-time';
import { compactHistorySchema } from './compact-history-schema';
import { incidentsByCorrelation } from './incidents-by-correlation';
import { joinKeysInTouchOrder } from './join-keys-in-touch-order';
import { rowidAlertsAndTimeline } from './rowid-alerts-and-timeline';

/**
 * Schema migrations, applied in order inside one transaction each and recorded in schema_migrations.
 * Append new entries; never edit an applied one.
 */
const migrations: ReadonlyArray<{ version: number; name: string; sql: string }> = [
  {
    version: 1,
    name: 'intake: deliveries, incidents, alerts, timeline',
    sql: `
      CREATE TABLE deliveries (
        id TEXT PRIMARY KEY,
        source TEXT NOT NULL,
        received_at TEXT NOT NULL,
        dedupe_key TEXT UNIQUE,
        event_type TEXT NOT NULL,
        alert_count INTEGER NOT NULL,
        note TEXT,
        decisions TEXT NOT NULL,
        raw TEXT NOT NULL
      );
      CREATE TABLE incidents (
        id TEXT PRIMARY KEY,
        correlation_id TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('open', 'resolved')),
        title TEXT NOT NULL,
        opened_at TEXT NOT NULL,
        resolved_at TEXT,
        last_seen_at TEXT NOT NULL,
        delivery_count INTEGER NOT NULL DEFAULT 0,
        alert_count INTEGER NOT NULL DEFAULT 0,
        firing_count INTEGER NOT NULL DEFAULT 0,
        state_changes INTEGER NOT NULL DEFAULT 0,
        reopen_count INTEGER NOT NULL DEFAULT 0,
        flapping INTEGER NOT NULL DEFAULT 0,
        sources TEXT NOT NULL
      );
      -- Guarantee 2: at most one open incident per correlation ID, enforced by the database.
      CREATE UNIQUE INDEX incidents_one_open_per_correlation ON incidents (correlation_id) WHERE status = 'open';
      CREATE INDEX incidents_by_correlation ON incidents (correlation_id, id);
      CREATE INDEX incidents_by_status ON incidents (status, id);
      CREATE TABLE alerts (
        incident_id TEXT NOT NULL REFERENCES incidents (id),
        key TEXT NOT NULL,
        source TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('firing', 'resolved')),
        labels TEXT NOT NULL,
        annotations TEXT NOT NULL,
        starts_at TEXT NOT NULL,
        ends_at TEXT,
        generator_url TEXT,
        summary TEXT NOT NULL,
        first_seen_at TEXT NOT NULL,
        last_seen_at TEXT NOT NULL,
        delivery_count INTEGER NOT NULL,
        PRIMARY KEY (incident_id, key)
      ) WITHOUT ROWID;
      CREATE INDEX alerts_by_key ON alerts (key, incident_id);
      CREATE TABLE timeline (
        incident_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        at TEXT NOT NULL,
        type TEXT NOT NULL,
        message TEXT NOT NULL,
        data TEXT NOT NULL,
        PRIMARY KEY (incident_id, seq)
      ) WITHOUT ROWID;
      CREATE TABLE state_changes (
        correlation_id TEXT NOT NULL,
        at TEXT NOT NULL
      );
      CREATE INDEX state_changes_by_correlation ON state_changes (correlation_id, at);
      CREATE TABLE join_keys (
        join_key TEXT PRIMARY KEY,
        correlation_id TEXT NOT NULL
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 2,
    name: 'engine: runs, locks, controls, playbook breaker state',
    sql: `
      CREATE TABLE runs (
        id TEXT PRIMARY KEY,
        incident_id TEXT NOT NULL REFERENCES incidents (id),
        correlation_id TEXT NOT NULL,
        playbook TEXT NOT NULL,
        playbook_version TEXT NOT NULL,
        definition TEXT NOT NULL,
        scope_key TEXT NOT NULL,
        alert_key TEXT,
        mode TEXT NOT NULL,
        status TEXT NOT NULL,
        reason TEXT,
        context TEXT NOT NULL,
        steps TEXT NOT NULL,
        approval TEXT,
        lock_key TEXT,
        continue_on_resolve INTEGER NOT NULL DEFAULT 0,
        trigger TEXT NOT NULL,
        created_at TEXT NOT NULL,
        started_at TEXT,
        finished_at TEXT,
        updated_at TEXT NOT NULL,
        not_before TEXT,
        lease_owner TEXT,
        lease_expires_at TEXT
      );
      -- "once per incident" (scope_key = 'incident') or once per alert, enforced by the database.
      CREATE UNIQUE INDEX runs_once_per_scope ON runs (incident_id, playbook, scope_key);
      CREATE INDEX runs_runnable ON runs (status, not_before, created_at);
      CREATE INDEX runs_by_playbook_start ON runs (playbook, started_at);
      CREATE INDEX runs_by_incident ON runs (incident_id, created_at);
      CREATE TABLE locks (
        lock_key TEXT PRIMARY KEY,
        run_id TEXT NOT NULL,
        acquired_at TEXT NOT NULL
      ) WITHOUT ROWID;
      CREATE TABLE controls (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) WITHOUT ROWID;
      CREATE TABLE playbook_health (
        playbook TEXT PRIMARY KEY,
        consecutive_failures INTEGER NOT NULL DEFAULT 0
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 3,
    name: 'chat: message references per incident/run, silences',
    sql: `
      CREATE TABLE chat_refs (
        key TEXT PRIMARY KEY,
        ref TEXT NOT NULL,
        created_at TEXT NOT NULL
      ) WITHOUT ROWID;
      CREATE TABLE silences (
        id TEXT PRIMARY KEY,
        matchers TEXT NOT NULL,
        created_by TEXT NOT NULL,
        reason TEXT NOT NULL,
        starts_at TEXT NOT NULL,
        ends_at TEXT NOT NULL
      );
      CREATE INDEX silences_by_end ON silences (ends_at);
    `,
  },
  {
    version: 4,
    name: 'postmortems: one per incident, scheduled and retried',
    sql: `
      CREATE TABLE postmortems (
        incident_id TEXT PRIMARY KEY REFERENCES incidents (id),
        state TEXT NOT NULL CHECK (state IN ('pending', 'deferred', 'filed')),
        reason TEXT NOT NULL,
        due_at TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        ticket TEXT,
        filed_at TEXT,
        updated_at TEXT NOT NULL,
        lease_owner TEXT,
        lease_expires_at TEXT
      ) WITHOUT ROWID;
      CREATE INDEX postmortems_due ON postmortems (state, due_at);
    `,
  },
  {
    version: 5,
    name: 'deliveries: large raw bodies stored deflated',
    sql: `ALTER TABLE deliveries ADD COLUMN raw_encoding TEXT NOT NULL DEFAULT 'utf8';`,
  },
  {
    version: 6,
    name: 'job leases: scheduled jobs run in one process at a time',
    sql: `CREATE TABLE job_leases (name TEXT PRIMARY KEY, owner TEXT NOT NULL, expires_at TEXT NOT NULL) WITHOUT ROWID;`,
  },
  {
    version: 7,
    name: 'runs: indexes for the claim path (queue order, budget, cooldown)',
    sql: `
      -- The run queue in claim order, holding only runnable runs: the claim scans it instead of sorting.
      CREATE INDEX runs_queue ON runs (created_at, id) WHERE status IN ('pending', 'running');
      DROP INDEX runs_runnable;
      -- Cooldown: the last start per playbook and correlation ID, answered from the index alone.
      CREATE INDEX runs_by_playbook_correlation_start ON runs (playbook, correlation_id, started_at);
    `,
  },
  {
    version: 8,
    name: 'retention: age indexes, so pruning reads only what it deletes',
    sql: `
      CREATE INDEX deliveries_by_received_at ON deliveries (received_at);
      CREATE INDEX state_changes_by_at ON state_changes (at);
      CREATE INDEX incidents_by_resolution ON incidents (resolved_at, id) WHERE status = 'resolved';
    `,
  },
  {
    version: 9,
    name: 'alerts: the source time of the last event applied (out-of-order PagerDuty events are stale)',
    // NULL for rows written before: their ordering starts with the next event that carries a time.
    sql: `ALTER TABLE alerts ADD COLUMN last_event_at TEXT;`,
  },
  {
    version: 10,
    name: 'incidents: what reconciliation last learned from Alertmanager',
    // A column, not a table: one small value per incident, read with every incident row (listings), so no
    // join; JSON so the state can grow a field without another migration. NULL: never checked.
    sql: `ALTER TABLE incidents ADD COLUMN alertmanager TEXT;`,
  },
  { version: 11, name: 'alerts and timeline as rowid tables (rows too large for WITHOUT ROWID)', sql: rowidAlertsAndTimeline },
  { version: 12, name: 'raw bodies stored once (bodies); alerts point into them instead of copying their JSON', sql: compactHistorySchema },
  { version: 13, name: 'alerts found by key through an index ordered by start time, not fingerprint', sql: alertKeysByTime },
  { version: 14, name: 'incidents of a correlation ID in one unique index (open last) instead of two', sql: incidentsByCorrelation },
  // Re-sent bodies are found by hash in memory, among the latest stored (sqlite-bodies.ts).
  { version: 15, name: 'bodies: no hash index (re-sent bodies found among the latest, in memory)', sql: 'DROP INDEX IF EXISTS bodies_by_hash;' },
  { version: 16, name: 'join_keys in touch order, found by prefix, so retention can prune those nothing joins any more', sql: joinKeysInTouchOrder },
  // No SQL: rows from now on may hold decisions folded (delivery-decisions.ts), which older versions cannot read;
  // the migration is what makes them refuse the store (refuseNewerStore) instead of failing on such a row.
  { version: 17, name: 'deliveries: decisions of a group stored folded into runs (version 3)', sql: '' },
];

/**
 * Brings the database up to the latest migration. A store that already holds a migration newer than any this
 * version knows was written by a newer mendbot, whose rows this version may not be able to read (or would
 * write in a form the newer one no longer expects): it is refused before anything is written, with what to do.
 * So a change to what rows hold that older code cannot read comes with a migration, even one with no SQL.
 */
export function migrate(db: Database.Database, now: () => string): number {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  const applied = new Set(refuseNewerStore(db));
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  let count = 0;
  for (const m of migrations) {
    if (applied.has(m.version)) continue;
    // IMMEDIATE: two processes starting on one file must not both apply the same migration.
    db.transaction(() => {
      const again = db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?').get(m.version);
      if (again) return;
      db.exec(m.sql);
      record.run(m.version, m.name, now());
      count++;
    }).immediate();
  }
  return count;
}

/**
 * Throws when the store holds migrations past the last one this version knows (see migrate); otherwise returns
 * the versions it holds. Also for the read-only openers (`mendbot backtest`, the copy to MongoDB): they would
 * misread such a store's rows the same way. A file without the table holds none.
 */
export function refuseNewerStore(db: Database.Database): number[] {
  const hasTable = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'").get() !== undefined;
  const applied = hasTable ? (db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all() as Array<{ version: number; name: string }>) : [];
  const known = migrations[migrations.length - 1]!.version;
  const newest = applied[applied.length - 1];
  if (newest === undefined || newest.version <= known) return applied.map((r) => r.version);
  throw new StoreUnavailableError(
    `the store was written by a newer mendbot: it has migration ${newest.version} (${newest.name}), and this version knows migrations up to ${known}. ` +
      'Run the newer version on it, or restore a backup of the data directory taken before the upgrade; this version leaves the store as it is.',
  );
}

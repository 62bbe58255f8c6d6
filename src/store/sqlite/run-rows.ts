import type Database from 'better-sqlite3';
import type { Run } from '../../core/runs/run';

type Row = Record<string, unknown>;

export function toRun(r: Row): Run {
  return {
    id: r.id as string,
    incidentId: r.incident_id as string,
    correlationId: r.correlation_id as string,
    playbook: r.playbook as string,
    playbookVersion: r.playbook_version as string,
    definition: JSON.parse(r.definition as string) as Run['definition'],
    scopeKey: r.scope_key as string,
    alertKey: (r.alert_key as string | null) ?? null,
    mode: r.mode as Run['mode'],
    status: r.status as Run['status'],
    reason: (r.reason as string | null) ?? null,
    context: JSON.parse(r.context as string) as Run['context'],
    steps: JSON.parse(r.steps as string) as Run['steps'],
    approval: r.approval ? (JSON.parse(r.approval as string) as Run['approval']) : null,
    lockKey: (r.lock_key as string | null) ?? null,
    createdAt: r.created_at as string,
    startedAt: (r.started_at as string | null) ?? null,
    finishedAt: (r.finished_at as string | null) ?? null,
    updatedAt: r.updated_at as string,
    trigger: r.trigger as string,
  };
}

/** Statements for runs, locks and controls; prepared once per connection. */
export function prepareRunStatements(db: Database.Database) {
  return {
    insertRun: db.prepare(
      `INSERT OR IGNORE INTO runs (id, incident_id, correlation_id, playbook, playbook_version, definition, scope_key, alert_key,
         mode, status, reason, context, steps, lock_key, continue_on_resolve, trigger, created_at, updated_at, finished_at)
       VALUES (@id, @incidentId, @correlationId, @playbook, @playbookVersion, @definition, @scopeKey, @alertKey,
         @mode, @status, @reason, @context, @steps, @lockKey, @continueOnResolve, @trigger, @now, @now, @finishedAt)`,
    ),
    runById: db.prepare('SELECT * FROM runs WHERE id = ?'),
    candidates: db.prepare(
      `SELECT * FROM runs WHERE status IN ('pending', 'running')
         AND (not_before IS NULL OR not_before <= @now) AND (lease_expires_at IS NULL OR lease_expires_at <= @now)
       ORDER BY created_at, id LIMIT 25`,
    ),
    anyRunnable: db.prepare(
      `SELECT 1 FROM runs WHERE status IN ('pending', 'running')
         AND (not_before IS NULL OR not_before <= @now) AND (lease_expires_at IS NULL OR lease_expires_at <= @now) LIMIT 1`,
    ).pluck(),
    // Asked only for runs that have not started, so the run itself is never among those counted.
    startedSince: db.prepare('SELECT COUNT(*) FROM runs WHERE playbook = ? AND started_at >= ?').pluck(),
    lastStartFor: db.prepare('SELECT MAX(started_at) FROM runs WHERE playbook = ? AND correlation_id = ?').pluck(),
    lockHolder: db.prepare('SELECT run_id FROM locks WHERE lock_key = ?').pluck(),
    takeLock: db.prepare('INSERT OR IGNORE INTO locks (lock_key, run_id, acquired_at) VALUES (?, ?, ?)'),
    releaseLocks: db.prepare('DELETE FROM locks WHERE run_id = ?'),
    incidentStatus: db.prepare('SELECT status FROM incidents WHERE id = ?').pluck(),
    lease: db.prepare(
      `UPDATE runs SET lease_owner = ?, lease_expires_at = ?, status = 'running', reason = NULL, started_at = COALESCE(started_at, ?),
         not_before = NULL, updated_at = ? WHERE id = ?`,
    ),
    defer: db.prepare('UPDATE runs SET not_before = ?, reason = ?, updated_at = ? WHERE id = ?'),
    cancel: db.prepare(
      `UPDATE runs SET status = 'cancelled', reason = ?, finished_at = ?, updated_at = ?, lease_owner = NULL, lease_expires_at = NULL
       WHERE id = ?`,
    ),
    cancelQueuedForIncident: db.prepare(
      `SELECT id, playbook FROM runs WHERE incident_id = ? AND status IN ('pending', 'waiting_approval') AND continue_on_resolve = 0
         AND lease_owner IS NULL`,
    ),
    cancelQueuedForAlert: db.prepare(
      `SELECT id, playbook FROM runs WHERE incident_id = ? AND alert_key = ? AND status IN ('pending', 'waiting_approval')
         AND continue_on_resolve = 0 AND lease_owner IS NULL`,
    ),
    controls: db.prepare('SELECT key, value FROM controls'),
    setControl: db.prepare('INSERT OR REPLACE INTO controls (key, value) VALUES (?, ?)'),
    clearControl: db.prepare('DELETE FROM controls WHERE key = ?'),
    failures: db.prepare(
      `INSERT INTO playbook_health (playbook, consecutive_failures) VALUES (?, 1)
       ON CONFLICT (playbook) DO UPDATE SET consecutive_failures = consecutive_failures + 1 RETURNING consecutive_failures`,
    ).pluck(),
    resetFailures: db.prepare('INSERT OR REPLACE INTO playbook_health (playbook, consecutive_failures) VALUES (?, 0)'),
    waitingExpired: db.prepare(
      `SELECT * FROM runs WHERE status = 'waiting_approval' AND json_extract(approval, '$.expiresAt') <= ?`,
    ),
  };
}

export type RunStatements = ReturnType<typeof prepareRunStatements>;

import type Database from 'better-sqlite3';
import type { Run } from '../../core/runs/run';
import type { RunFields } from '../../core/runs/run-change';
import { runSelections } from '../../core/runs/run-selections';

type Row = Record<string, unknown>;

export function toRun(r: Row): Run {
  return {
    id: r.id as string,
    incidentId: r.incident_id as string,
    correlationId: r.correlation_id as string,
    playbook: r.playbook as string,
    playbookVersion: r.playbook_version as string,
    definition: parseDefinition(r.definition as string),
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

/**
 * Parsed playbook snapshots by their stored text. Every run of a playbook version stores the same text, and
 * the claim and every checkpoint read the run back: parsing the snapshot each time was a fifth of the
 * executor's CPU. Frozen, so code that would mutate a shared snapshot fails loudly instead of leaking into
 * other runs. Bounded: cleared when full (a playbook reload makes new versions).
 */
const definitions = new Map<string, Run['definition']>();
const maxDefinitions = 256;

function parseDefinition(text: string): Run['definition'] {
  let parsed = definitions.get(text);
  if (parsed === undefined) {
    if (definitions.size >= maxDefinitions) definitions.clear();
    parsed = deepFreeze(JSON.parse(text) as Run['definition']);
    definitions.set(text, parsed);
  }
  return parsed;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/**
 * The run as stored after `set` was written over `run`: what re-reading the row would return, without the
 * read and the JSON parsing (a checkpoint is written several times per run).
 */
export function withFields(run: Run, set: RunFields): Run {
  const next = { ...run };
  if (set.status !== undefined) next.status = set.status;
  if (set.reason !== undefined) next.reason = set.reason;
  if (set.steps !== undefined) next.steps = set.steps;
  if (set.approval !== undefined) next.approval = set.approval;
  if (set.startedAt !== undefined) next.startedAt = set.startedAt;
  if (set.finishedAt !== undefined) next.finishedAt = set.finishedAt;
  next.updatedAt = set.updatedAt;
  return next;
}

/** A run → the insert statement's parameters (continue_on_resolve is kept as a column so queries can see it). */
export function toRunRow(run: Run): Row {
  return {
    ...run,
    definition: JSON.stringify(run.definition),
    context: JSON.stringify(run.context),
    steps: JSON.stringify(run.steps),
    approval: run.approval ? JSON.stringify(run.approval) : null,
    continueOnResolve: run.definition.continueOnResolve ? 1 : 0,
  };
}

/** Where each field a run transition sets is stored; JSON columns encode their value. */
const columns: { [K in keyof Required<RunFields>]: [column: string, encode?: (v: RunFields[K]) => unknown] } = {
  status: ['status'],
  reason: ['reason'],
  steps: ['steps', (v) => JSON.stringify(v)],
  approval: ['approval', (v) => (v ? JSON.stringify(v) : null)],
  startedAt: ['started_at'],
  finishedAt: ['finished_at'],
  notBefore: ['not_before'],
  leaseOwner: ['lease_owner'],
  leaseExpiresAt: ['lease_expires_at'],
  updatedAt: ['updated_at'],
};

/** `UPDATE runs` with just the fields a change sets; statements are cached per field set. */
function prepareRunUpdate(db: Database.Database) {
  const cache = new Map<string, Database.Statement>();
  return (runId: string, fields: RunFields): void => {
    const keys = (Object.keys(fields) as Array<keyof RunFields>).filter((k) => fields[k] !== undefined).sort();
    const sql = `UPDATE runs SET ${keys.map((k) => `${columns[k][0]} = @${k}`).join(', ')} WHERE id = @id`;
    let stmt = cache.get(sql);
    if (!stmt) cache.set(sql, (stmt = db.prepare(sql)));
    const args: Row = { id: runId };
    for (const k of keys) {
      const encode = columns[k][1] as ((v: unknown) => unknown) | undefined;
      args[k] = encode ? encode(fields[k]) : fields[k];
    }
    stmt.run(args);
  };
}

/**
 * The core's status lists as SQL (constants, never input). The claim queries' text must keep implying the
 * partial index runs_queue (status IN (${claimable})) for SQLite to use it.
 */
const claimable = runSelections.claimable.map((s) => `'${s}'`).join(', ');
const queued = runSelections.queued.map((s) => `'${s}'`).join(', ');
const awaitingApproval = runSelections.awaitingApproval.map((s) => `'${s}'`).join(', ');

/** Statements for runs, locks and controls; prepared once per connection. */
export function prepareRunStatements(db: Database.Database) {
  return {
    insertRun: db.prepare(
      `INSERT OR IGNORE INTO runs (id, incident_id, correlation_id, playbook, playbook_version, definition, scope_key, alert_key,
         mode, status, reason, context, steps, approval, lock_key, continue_on_resolve, trigger, created_at, started_at, finished_at, updated_at)
       VALUES (@id, @incidentId, @correlationId, @playbook, @playbookVersion, @definition, @scopeKey, @alertKey,
         @mode, @status, @reason, @context, @steps, @approval, @lockKey, @continueOnResolve, @trigger, @createdAt, @startedAt, @finishedAt, @updatedAt)`,
    ),
    updateRun: prepareRunUpdate(db),
    runById: db.prepare('SELECT * FROM runs WHERE id = ?'),
    // Ids only: the claim usually leases the first, and reading 25 whole rows (snapshot, context, steps) for
    // it was most of a claim's cost under a backlog.
    candidates: db.prepare(
      `SELECT id FROM runs WHERE status IN (${claimable})
         AND (not_before IS NULL OR not_before <= @now) AND (lease_expires_at IS NULL OR lease_expires_at <= @now)
       ORDER BY created_at, id LIMIT 25`,
    ).pluck(),
    anyRunnable: db.prepare(
      `SELECT 1 FROM runs WHERE status IN (${claimable})
         AND (not_before IS NULL OR not_before <= @now) AND (lease_expires_at IS NULL OR lease_expires_at <= @now) LIMIT 1`,
    ).pluck(),
    // Asked only for runs that have not started, so the run itself is never among those counted.
    startedSince: db.prepare('SELECT COUNT(*) FROM runs WHERE playbook = ? AND started_at >= ?').pluck(),
    lastStartFor: db.prepare('SELECT MAX(started_at) FROM runs WHERE playbook = ? AND correlation_id = ?').pluck(),
    lockHolder: db.prepare('SELECT run_id FROM locks WHERE lock_key = ?').pluck(),
    takeLock: db.prepare('INSERT OR IGNORE INTO locks (lock_key, run_id, acquired_at) VALUES (?, ?, ?)'),
    releaseLocks: db.prepare('DELETE FROM locks WHERE run_id = ?'),
    incidentStatus: db.prepare('SELECT status FROM incidents WHERE id = ?').pluck(),
    cancelQueuedForIncident: db.prepare(
      `SELECT id, playbook FROM runs WHERE incident_id = ? AND status IN (${queued}) AND continue_on_resolve = 0
         AND lease_owner IS NULL`,
    ),
    cancelQueuedForAlert: db.prepare(
      `SELECT id, playbook FROM runs WHERE incident_id = ? AND alert_key = ? AND status IN (${queued})
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
      `SELECT * FROM runs WHERE status IN (${awaitingApproval}) AND json_extract(approval, '$.expiresAt') <= ?`,
    ),
  };
}

export type RunStatements = ReturnType<typeof prepareRunStatements>;

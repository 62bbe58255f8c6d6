import type Database from 'better-sqlite3';
import { claimPostmortemChange } from '../../core/postmortems/claim-postmortem-change';
import type { PostmortemFields, PostmortemRecord } from '../../core/postmortems/postmortem-record';
import { savePostmortemChange } from '../../core/postmortems/save-postmortem-change';
import { schedulePostmortemChange } from '../../core/postmortems/schedule-postmortem-change';
import type { Store } from '../store';
import type { WriteBatch } from './create-write-batch';

type PostmortemMethods = Pick<Store, 'schedulePostmortem' | 'claimDuePostmortems' | 'savePostmortem' | 'getPostmortem'>;

const toRecord = (r: Record<string, unknown>): PostmortemRecord => ({
  incidentId: r.incident_id as string,
  state: r.state as PostmortemRecord['state'],
  reason: r.reason as string,
  dueAt: (r.due_at as string | null) ?? null,
  attempts: r.attempts as number,
  lastError: (r.last_error as string | null) ?? null,
  ticket: r.ticket ? (JSON.parse(r.ticket as string) as PostmortemRecord['ticket']) : null,
  filedAt: (r.filed_at as string | null) ?? null,
  updatedAt: r.updated_at as string,
});

/** Where each field a postmortem transition sets is stored. */
const columns: Record<keyof Required<PostmortemFields>, string> = {
  state: 'state',
  reason: 'reason',
  dueAt: 'due_at',
  attempts: 'attempts',
  lastError: 'last_error',
  ticket: 'ticket',
  filedAt: 'filed_at',
  updatedAt: 'updated_at',
  leaseOwner: 'lease_owner',
  leaseExpiresAt: 'lease_expires_at',
};

/**
 * Writes postmortem changes the core decides: `update` sets the fields on a record, `upsert` also creates
 * it (with `onCreate` besides). Statements are built from the fields' names and cached per field set.
 */
function preparePostmortemWrites(db: Database.Database) {
  const cache = new Map<string, Database.Statement>();
  const run = (sql: string, args: Record<string, unknown>) => {
    if (!cache.has(sql)) cache.set(sql, db.prepare(sql));
    cache.get(sql)!.run(args);
  };
  const keysOf = (f: PostmortemFields) => (Object.keys(f) as Array<keyof PostmortemFields>).filter((k) => f[k] !== undefined).sort();
  const assign = (f: PostmortemFields) => keysOf(f).map((k) => `${columns[k]} = @${k}`).join(', ');
  const bind = (incidentId: string, f: PostmortemFields) => {
    const args: Record<string, unknown> = { incidentId };
    for (const k of keysOf(f)) args[k] = k === 'ticket' ? (f.ticket ? JSON.stringify(f.ticket) : null) : f[k];
    return args;
  };
  return {
    update(incidentId: string, set: PostmortemFields) {
      run(`UPDATE postmortems SET ${assign(set)} WHERE incident_id = @incidentId`, bind(incidentId, set));
    },
    upsert(incidentId: string, set: PostmortemFields, onCreate: PostmortemFields) {
      const all = { ...onCreate, ...set };
      const cols = keysOf(all);
      run(
        `INSERT INTO postmortems (incident_id, ${cols.map((k) => columns[k]).join(', ')}) VALUES (@incidentId, ${cols.map((k) => `@${k}`).join(', ')})
         ON CONFLICT (incident_id) DO UPDATE SET ${assign(set)}`,
        bind(incidentId, all),
      );
    },
  };
}

/** Scheduling, used inside other writes too (incident resolution, failed runs), so it is atomic with them. */
export function prepareSchedulePostmortem(db: Database.Database) {
  const writes = preparePostmortemWrites(db);
  return {
    run(a: { incidentId: string; reason: string; dueAt: string; now: string }): void {
      const change = schedulePostmortemChange(a.reason, a.dueAt, a.now);
      writes.upsert(a.incidentId, change.set, change.onCreate);
    },
  };
}

/** `batch`: the store's group commit; a claim waits for the write lock there, off the event loop. */
export function createSqlitePostmortems(db: Database.Database, batch: WriteBatch): PostmortemMethods {
  const schedule = prepareSchedulePostmortem(db);
  const writes = preparePostmortemWrites(db);
  const byId = db.prepare('SELECT * FROM postmortems WHERE incident_id = ?');
  const due = db.prepare(
    `SELECT * FROM postmortems WHERE state = 'pending' AND due_at <= @now AND (lease_expires_at IS NULL OR lease_expires_at <= @now)
     ORDER BY due_at LIMIT @limit`,
  );
  const claim = (req: { now: string; owner: string; leaseMs: number; limit: number }) => {
    const rows = due.all({ now: req.now, limit: req.limit }) as Array<Record<string, unknown>>;
    const lease = claimPostmortemChange(req);
    for (const r of rows) writes.update(r.incident_id as string, lease);
    return rows.map(toRecord);
  };
  return {
    async schedulePostmortem(incidentId, dueAt, reason) {
      schedule.run({ incidentId, dueAt, reason, now: new Date().toISOString() });
    },
    async claimDuePostmortems(req) {
      return batch.write(() => claim(req));
    },
    async savePostmortem(incidentId, p) {
      writes.update(incidentId, savePostmortemChange(p));
    },
    async getPostmortem(incidentId) {
      const row = byId.get(incidentId) as Record<string, unknown> | undefined;
      return row ? toRecord(row) : null;
    },
  };
}

import type Database from 'better-sqlite3';
import type { PostmortemRecord, Store } from '../store';

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

/** Statement used inside other writes too (incident resolution, failed runs), so scheduling is atomic with them. */
export function prepareSchedulePostmortem(db: Database.Database) {
  return db.prepare(
    `INSERT INTO postmortems (incident_id, state, reason, due_at, updated_at) VALUES (@incidentId, 'pending', @reason, @dueAt, @now)
     ON CONFLICT (incident_id) DO UPDATE SET state = 'pending', reason = @reason, due_at = @dueAt, attempts = 0, updated_at = @now`,
  );
}

export function createSqlitePostmortems(db: Database.Database): PostmortemMethods {
  const schedule = prepareSchedulePostmortem(db);
  const byId = db.prepare('SELECT * FROM postmortems WHERE incident_id = ?');
  const due = db.prepare(
    `SELECT * FROM postmortems WHERE state = 'pending' AND due_at <= @now AND (lease_expires_at IS NULL OR lease_expires_at <= @now)
     ORDER BY due_at LIMIT @limit`,
  );
  const lease = db.prepare('UPDATE postmortems SET lease_owner = ?, lease_expires_at = ? WHERE incident_id = ?');
  const claim = db.transaction((req: { now: string; owner: string; leaseMs: number; limit: number }) => {
    const rows = due.all({ now: req.now, limit: req.limit }) as Array<Record<string, unknown>>;
    const until = new Date(Date.parse(req.now) + req.leaseMs).toISOString();
    for (const r of rows) lease.run(req.owner, until, r.incident_id);
    return rows.map(toRecord);
  });
  return {
    async schedulePostmortem(incidentId, dueAt, reason) {
      schedule.run({ incidentId, dueAt, reason, now: new Date().toISOString() });
    },
    async claimDuePostmortems(req) {
      return claim.immediate(req);
    },
    async savePostmortem(incidentId, p) {
      const sets = ['state = @state', 'updated_at = @now', 'lease_owner = NULL', 'lease_expires_at = NULL'];
      const args: Record<string, unknown> = { incidentId, state: p.state, now: p.now };
      if (p.dueAt !== undefined) {
        sets.push('due_at = @dueAt');
        args.dueAt = p.dueAt;
      }
      if (p.attempts !== undefined) {
        sets.push('attempts = @attempts');
        args.attempts = p.attempts;
      }
      if (p.lastError !== undefined) {
        sets.push('last_error = @lastError');
        args.lastError = p.lastError;
      }
      if (p.ticket !== undefined) {
        sets.push('ticket = @ticket');
        args.ticket = p.ticket ? JSON.stringify(p.ticket) : null;
      }
      if (p.filed) sets.push('filed_at = @now');
      db.prepare(`UPDATE postmortems SET ${sets.join(', ')} WHERE incident_id = @incidentId`).run(args);
    },
    async getPostmortem(incidentId) {
      const row = byId.get(incidentId) as Record<string, unknown> | undefined;
      return row ? toRecord(row) : null;
    },
  };
}

import type Database from 'better-sqlite3';
import { createId } from '../../core/create-id';
import type { Run, RunSeed } from '../../core/runs/run';
import {
  LeaseLostError,
  type ClaimRequest,
  type ClaimResult,
  type ControlEntry,
  type Controls,
  type RunEvent,
  type RunPatch,
  type Store,
} from '../store';
import { toRun, type RunStatements } from './run-rows';
import type { SqliteStatements } from './sqlite-statements';

const killSwitchKey = 'kill_switch';
const pauseKey = (playbook: string) => `pause:${playbook}`;
const hourMs = 3_600_000;

/** Inserts a seed unless a run for the same (incident, playbook, scope) exists; returns the new run id. */
export function insertRunSeed(
  rs: RunStatements,
  st: SqliteStatements,
  incident: { id: string; correlationId: string },
  seed: RunSeed & { events?: RunEvent[] },
  now: string,
): string | null {
  const id = createId('run', Date.parse(now));
  const inserted = rs.insertRun.run({
    id,
    incidentId: incident.id,
    correlationId: incident.correlationId,
    playbook: seed.playbook,
    playbookVersion: seed.playbookVersion,
    definition: JSON.stringify(seed.definition),
    scopeKey: seed.scopeKey,
    alertKey: seed.alertKey,
    mode: seed.mode,
    status: seed.status,
    reason: seed.reason,
    context: JSON.stringify(seed.context),
    steps: JSON.stringify(seed.steps),
    lockKey: seed.lockKey,
    continueOnResolve: seed.definition.continueOnResolve ? 1 : 0,
    trigger: seed.trigger,
    now,
    finishedAt: seed.status === 'failed' ? now : null,
  });
  if (inserted.changes === 0) return null;
  const message =
    seed.status === 'failed'
      ? `playbook ${seed.playbook} matched but run ${id} failed before any step: ${seed.reason ?? ''}`
      : `playbook ${seed.playbook} matched: run ${id} created (mode ${seed.mode}, trigger ${seed.trigger})`;
  appendEvent(st, incident.id, now, { type: 'run_status', message, data: { runId: id, playbook: seed.playbook, status: seed.status } });
  for (const e of seed.events ?? []) appendEvent(st, incident.id, now, { ...e, data: { runId: id, ...e.data } });
  return id;
}

export function appendEvent(st: SqliteStatements, incidentId: string, at: string, e: RunEvent | { type: string; message: string; data?: Record<string, unknown> }) {
  st.appendEvent.run({ incidentId, at, type: e.type, message: e.message, data: JSON.stringify(e.data ?? {}) });
}

/** Cancels queued work (pending, waiting for approval) that nobody is executing right now. */
export function cancelQueuedRuns(rs: RunStatements, st: SqliteStatements, incidentId: string, ids: string[], now: string, reason: string): string[] {
  for (const id of ids) {
    rs.cancel.run(reason, now, now, id);
    rs.releaseLocks.run(id);
    appendEvent(st, incidentId, now, { type: 'run_status', message: `run ${id} cancelled: ${reason}`, data: { runId: id, status: 'cancelled' } });
  }
  return ids;
}

type RunMethods = Pick<Store, 'incidentStatus' | 'getRun' | 'listRuns' | 'claimRun' | 'saveRun' | 'decideApproval' | 'expireApprovals' | 'getControls' | 'setPause' | 'createRun'>;

export function createSqliteRuns(db: Database.Database, st: SqliteStatements, rs: RunStatements): RunMethods {
  const readControls = (): Controls => {
    const controls: Controls = { killSwitch: null, paused: {} };
    for (const row of rs.controls.all() as Array<{ key: string; value: string }>) {
      const entry = JSON.parse(row.value) as ControlEntry;
      if (row.key === killSwitchKey) controls.killSwitch = entry;
      else if (row.key.startsWith('pause:')) controls.paused[row.key.slice(6)] = entry;
    }
    return controls;
  };
  const getRunSync = (id: string) => {
    const row = rs.runById.get(id) as Record<string, unknown> | undefined;
    return row ? toRun(row) : null;
  };

  const claim = db.transaction((req: ClaimRequest): ClaimResult => {
    const hits: ClaimResult['hits'] = [];
    const controls = readControls();
    const since = new Date(Date.parse(req.now) - hourMs).toISOString();
    for (const row of rs.candidates.all({ now: req.now }) as Array<Record<string, unknown>>) {
      const run = toRun(row);
      const holder = run.lockKey ? (rs.lockHolder.get(run.lockKey) as string | undefined) : undefined;
      const admission = req.admit(run, {
        controls,
        // Budget and cooldown facts only where they can matter: a run not yet started, a playbook with limits
        // (`?.`: run snapshots stored by older versions may lack the field).
        startedLastHour:
          run.startedAt === null && run.definition.limits?.maxRunsPerHour !== undefined ? (rs.startedSince.get(run.playbook, since) as number) : 0,
        lastStartForCorrelation:
          run.startedAt === null && run.definition.limits?.cooldownMs !== undefined
            ? ((rs.lastStartFor.get(run.playbook, run.correlationId) as string | null) ?? null)
            : null,
        lockHolder: holder !== undefined && holder !== run.id ? holder : null,
        incidentStatus: rs.incidentStatus.get(run.incidentId) as 'open' | 'resolved',
      });
      if (admission.kind === 'admit') {
        if (run.lockKey) rs.takeLock.run(run.lockKey, run.id, req.now);
        rs.lease.run(req.owner, new Date(Date.parse(req.now) + req.leaseMs).toISOString(), req.now, req.now, run.id);
        return { run: getRunSync(run.id), hits };
      }
      hits.push({ runId: run.id, playbook: run.playbook, kind: admission.kind, guardrail: admission.guardrail, reason: admission.reason });
      if (admission.kind === 'defer') {
        const notBefore = new Date(Date.parse(req.now) + admission.retryInMs).toISOString();
        if (run.reason !== admission.reason) {
          appendEvent(st, run.incidentId, req.now, { type: 'run_status', message: `run ${run.id} waiting: ${admission.reason}`, data: { runId: run.id, guardrail: admission.guardrail } });
        }
        rs.defer.run(notBefore, admission.reason, req.now, run.id);
      } else {
        cancelQueuedRunsAny(run, admission.reason, req.now);
      }
    }
    return { run: null, hits };
  });

  const cancelQueuedRunsAny = (run: Run, reason: string, now: string) => {
    rs.cancel.run(reason, now, now, run.id);
    rs.releaseLocks.run(run.id);
    appendEvent(st, run.incidentId, now, { type: 'run_status', message: `run ${run.id} cancelled: ${reason}`, data: { runId: run.id, status: 'cancelled' } });
  };

  const save = db.transaction((runId: string, owner: string, p: RunPatch): Run => {
    const row = rs.runById.get(runId) as Record<string, unknown> | undefined;
    if (!row || row.lease_owner !== owner) throw new LeaseLostError(`run ${runId} is not leased by ${owner}`);
    const run = toRun(row);
    const sets: string[] = ['updated_at = @now'];
    const args: Record<string, unknown> = { id: runId, now: p.now };
    if (p.status !== undefined) {
      sets.push('status = @status');
      args.status = p.status;
    }
    if (p.reason !== undefined) {
      sets.push('reason = @reason');
      args.reason = p.reason;
    }
    if (p.steps !== undefined) {
      sets.push('steps = @steps');
      args.steps = JSON.stringify(p.steps);
    }
    if (p.approval !== undefined) {
      sets.push('approval = @approval');
      args.approval = p.approval ? JSON.stringify(p.approval) : null;
    }
    if (p.leaseExpiresAt !== undefined) {
      sets.push('lease_expires_at = @lease');
      args.lease = p.leaseExpiresAt;
    }
    if (p.release || p.finished) {
      sets.push('lease_owner = NULL', 'lease_expires_at = NULL', 'not_before = @notBefore');
      args.notBefore = p.release?.notBefore ?? null;
    }
    if (p.finished) {
      sets.push('finished_at = @now');
      rs.releaseLocks.run(runId);
    }
    db.prepare(`UPDATE runs SET ${sets.join(', ')} WHERE id = @id`).run(args);
    for (const e of p.events ?? []) appendEvent(st, run.incidentId, p.now, { ...e, data: { runId, ...e.data } });
    if (p.finished && p.status) recordHealth(run, p.status, p.now);
    if (p.finished && (p.status === 'failed' || p.status === 'needs_attention')) {
      // Failed or escalated remediation gets its postmortem now, in the same write as the outcome.
      st.schedulePostmortem.run({ incidentId: run.incidentId, reason: `remediation ${p.status}: run ${runId}`, dueAt: p.now, now: p.now });
    }
    return getRunSync(runId)!;
  });

  /** The consecutive-failure breaker: N failed runs in a row pause the playbook, with the reason recorded. */
  const recordHealth = (run: Run, status: string, now: string) => {
    if (status === 'succeeded') rs.resetFailures.run(run.playbook);
    if (status !== 'failed' && status !== 'compensated' && status !== 'needs_attention') return;
    const failures = rs.failures.get(run.playbook) as number;
    if (failures >= run.definition.breakerThreshold) {
      const reason = `consecutive-failure breaker: ${failures} failed runs in a row (last ${run.id})`;
      rs.setControl.run(pauseKey(run.playbook), JSON.stringify({ by: 'mendbot', reason, at: now }));
      rs.resetFailures.run(run.playbook);
      appendEvent(st, run.incidentId, now, { type: 'run_status', message: `playbook ${run.playbook} paused: ${reason}`, data: { runId: run.id, breaker: true } });
    }
  };

  const decide = db.transaction((runId: string, d: { decision: 'approved' | 'rejected'; by: string; at: string }) => {
    const run = getRunSync(runId);
    if (!run || run.status !== 'waiting_approval' || !run.approval) return { ok: false, run };
    const approval = { ...run.approval, decision: d.decision, by: d.by, at: d.at };
    if (d.decision === 'approved') {
      db.prepare(`UPDATE runs SET status = 'pending', approval = ?, reason = ?, not_before = NULL, updated_at = ? WHERE id = ? AND status = 'waiting_approval'`).run(
        JSON.stringify(approval), `approved by ${d.by}`, d.at, runId);
    } else {
      db.prepare(`UPDATE runs SET status = 'cancelled', approval = ?, reason = ?, finished_at = ?, updated_at = ? WHERE id = ? AND status = 'waiting_approval'`).run(
        JSON.stringify(approval), `rejected by ${d.by}`, d.at, d.at, runId);
      rs.releaseLocks.run(runId);
    }
    appendEvent(st, run.incidentId, d.at, { type: 'approval', message: `run ${runId} ${d.decision} by ${d.by}`, data: { runId, decision: d.decision, by: d.by } });
    return { ok: true, run: getRunSync(runId) };
  });

  const expire = db.transaction((now: string) => {
    const out: Run[] = [];
    for (const row of rs.waitingExpired.all(now) as Array<Record<string, unknown>>) {
      const run = toRun(row);
      const approval = { ...run.approval!, decision: 'expired' as const, by: 'mendbot', at: now };
      if (run.definition.approval.onExpiry === 'escalate') {
        db.prepare(`UPDATE runs SET status = 'pending', approval = ?, reason = 'approval expired: escalating', updated_at = ? WHERE id = ?`).run(JSON.stringify(approval), now, run.id);
      } else {
        db.prepare(`UPDATE runs SET status = 'cancelled', approval = ?, reason = 'approval expired', finished_at = ?, updated_at = ? WHERE id = ?`).run(JSON.stringify(approval), now, now, run.id);
        rs.releaseLocks.run(run.id);
      }
      appendEvent(st, run.incidentId, now, { type: 'approval', message: `run ${run.id}: approval expired (${run.definition.approval.onExpiry})`, data: { runId: run.id, decision: 'expired' } });
      out.push(getRunSync(run.id)!);
    }
    return out;
  });

  const create = db.transaction((incidentId: string, seed: RunSeed & { events?: RunEvent[] }, now: string) => {
    const incident = st.incidentById.get(incidentId) as { id: string; correlation_id: string } | undefined;
    if (!incident) return null;
    const id = insertRunSeed(rs, st, { id: incident.id, correlationId: incident.correlation_id }, seed, now);
    return id ? getRunSync(id) : null;
  });

  return {
    async incidentStatus(id) {
      return (rs.incidentStatus.get(id) as 'open' | 'resolved' | undefined) ?? null;
    },
    async getRun(id) {
      return getRunSync(id);
    },
    async listRuns(q) {
      const where: string[] = [];
      const args: unknown[] = [];
      if (q.incidentId) {
        where.push('incident_id = ?');
        args.push(q.incidentId);
      }
      if (q.statuses?.length) {
        where.push(`status IN (${q.statuses.map(() => '?').join(', ')})`);
        args.push(...q.statuses);
      }
      const sql = `SELECT * FROM runs ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY created_at, id LIMIT ?`;
      return (db.prepare(sql).all(...args, q.limit) as Array<Record<string, unknown>>).map(toRun);
    },
    async claimRun(req) {
      // A read first: taking the write lock just to find nothing would contend with intake's writes.
      if (rs.anyRunnable.get({ now: req.now }) === undefined) return { run: null, hits: [] };
      return claim.immediate(req);
    },
    async saveRun(runId, owner, patch) {
      return save.immediate(runId, owner, patch);
    },
    async decideApproval(runId, d) {
      return decide.immediate(runId, d);
    },
    async expireApprovals(now) {
      return expire.immediate(now);
    },
    async getControls() {
      return readControls();
    },
    async setPause(playbook, value) {
      const key = playbook === undefined ? killSwitchKey : pauseKey(playbook);
      if (value) rs.setControl.run(key, JSON.stringify(value));
      else rs.clearControl.run(key);
    },
    async createRun(incidentId, seed, now) {
      return create.immediate(incidentId, seed, now);
    },
  };
}

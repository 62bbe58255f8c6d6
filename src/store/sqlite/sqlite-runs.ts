import type Database from 'better-sqlite3';
import { createId } from '../../core/create-id';
import type { ClaimRequest, ClaimResult } from '../../core/runs/admission';
import { cancelRunChange } from '../../core/runs/cancel-run-change';
import { claimOutcome } from '../../core/runs/claim-outcome';
import type { ControlEntry, Controls } from '../../core/runs/controls';
import { decideApproval } from '../../core/runs/decide-approval';
import { decideBreaker } from '../../core/runs/decide-breaker';
import { expireApproval } from '../../core/runs/expire-approval';
import { guardFactQueries } from '../../core/runs/guard-fact-queries';
import { guardFacts } from '../../core/runs/guard-facts';
import type { Run } from '../../core/runs/run';
import type { RunChange } from '../../core/runs/run-change';
import { runCheckpoint } from '../../core/runs/run-checkpoint';
import type { RunEvent, RunSeedWithTimeline } from '../../core/runs/run-event';
import type { RunPatch } from '../../core/runs/run-patch';
import { seedRun } from '../../core/runs/seed-run';
import { LeaseLostError, type Store } from '../store';
import type { WriteBatch } from './create-write-batch';
import { listSqliteRuns } from './list-sqlite-runs';
import { toRun, toRunRow, withFields, type RunStatements } from './run-rows';
import type { SqliteStatements } from './sqlite-statements';

const killSwitchKey = 'kill_switch';
const pauseKey = (playbook: string) => `pause:${playbook}`;

/**
 * The SQLite run adapter: the core decides every transition (src/core/runs); this file reads the facts
 * and writes the change. Every write runs inside a BEGIN IMMEDIATE transaction, so the facts cannot
 * change between the read and the write: that is the whole concurrency guard.
 */

/** Inserts a seed unless a run for the same (incident, playbook, scope) exists; returns the new run id. */
export function insertRunSeed(
  rs: RunStatements,
  st: SqliteStatements,
  incident: { id: string; correlationId: string },
  seed: RunSeedWithTimeline,
  now: string,
): string | null {
  const { run, events } = seedRun(seed, { runId: createId('run', Date.parse(now)), incident, now });
  if (rs.insertRun.run(toRunRow(run)).changes === 0) return null;
  for (const e of events) appendEvent(st, incident.id, now, e);
  return run.id;
}

export function appendEvent(st: SqliteStatements, incidentId: string, at: string, e: RunEvent | { type: string; message: string; data?: Record<string, unknown> }) {
  st.appendEvent.run({ incidentId, at, type: e.type, message: e.message, data: JSON.stringify(e.data ?? {}) });
}

/** Writes a change decided by the core; the caller's transaction makes it atomic. */
function applyRunChange(rs: RunStatements, st: SqliteStatements, run: Pick<Run, 'id' | 'incidentId'>, change: RunChange): void {
  rs.updateRun(run.id, change.set);
  if (change.releaseLocks) rs.releaseLocks.run(run.id);
  for (const e of change.events) appendEvent(st, run.incidentId, change.set.updatedAt, e);
}

/** Cancels queued work (pending, waiting for approval) that nobody is executing right now. */
export function cancelQueuedRuns(rs: RunStatements, st: SqliteStatements, incidentId: string, ids: string[], now: string, reason: string): string[] {
  for (const id of ids) applyRunChange(rs, st, { id, incidentId }, cancelRunChange(id, reason, now));
  return ids;
}

type RunMethods = Pick<Store, 'incidentStatus' | 'getRun' | 'listRuns' | 'claimRun' | 'saveRun' | 'decideApproval' | 'expireApprovals' | 'getControls' | 'setPause' | 'createRun'>;

/** `batch`: the store's group commit, which claims, checkpoints, approvals and manual runs share with intake. */
export function createSqliteRuns(db: Database.Database, st: SqliteStatements, rs: RunStatements, batch: WriteBatch): RunMethods {
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

  // claim and save run only inside the shared write batch's transaction (createWriteBatch).
  const claim = (req: ClaimRequest): ClaimResult => {
    const hits: ClaimResult['hits'] = [];
    const controls = readControls();
    for (const id of rs.candidates.all({ now: req.now }) as string[]) {
      const row = rs.runById.get(id) as Record<string, unknown>;
      const run = toRun(row);
      const wanted = guardFactQueries(run, req.now);
      const admission = req.admit(run, guardFacts(run, {
        controls,
        startedLastHour: wanted.startedSince !== null ? (rs.startedSince.get(run.playbook, wanted.startedSince) as number) : 0,
        lastStartForCorrelation: wanted.lastStartForCorrelation ? (rs.lastStartFor.get(run.playbook, run.correlationId) as string | null) : null,
        lockHolder: run.lockKey ? (rs.lockHolder.get(run.lockKey) as string | undefined) : null,
        incidentStatus: rs.incidentStatus.get(run.incidentId) as 'open' | 'resolved' | undefined,
      }));
      const held = { owner: (row.lease_owner as string | null) ?? null, expiresAt: (row.lease_expires_at as string | null) ?? null };
      const outcome = claimOutcome(run, admission, req, held);
      if (outcome.kind === 'lease' && outcome.takeLock !== null) rs.takeLock.run(outcome.takeLock, run.id, req.now);
      applyRunChange(rs, st, run, outcome.change);
      if (outcome.kind === 'lease') return { run: getRunSync(run.id), hits };
      hits.push(outcome.hit);
    }
    return { run: null, hits };
  };

  const save = (runId: string, owner: string, p: RunPatch): Run => {
    const row = rs.runById.get(runId) as Record<string, unknown> | undefined;
    if (!row || row.lease_owner !== owner) throw new LeaseLostError(`run ${runId} is not leased by ${owner}`);
    const run = toRun(row);
    const checkpoint = runCheckpoint(runId, p);
    applyRunChange(rs, st, run, checkpoint.change);
    if (checkpoint.failureCounter === 'reset') rs.resetFailures.run(run.playbook);
    if (checkpoint.failureCounter === 'increment') {
      const trip = decideBreaker(run, rs.failures.get(run.playbook) as number, p.now);
      if (trip) {
        rs.setControl.run(pauseKey(run.playbook), JSON.stringify(trip.pause));
        rs.resetFailures.run(run.playbook);
        for (const e of trip.events) appendEvent(st, run.incidentId, p.now, e);
      }
    }
    if (checkpoint.postmortem) st.schedulePostmortem.run({ incidentId: run.incidentId, ...checkpoint.postmortem, now: p.now });
    return withFields(run, checkpoint.change.set);
  };

  // Approvals, their expiry and manual runs go through the write batch like claims and checkpoints: a transaction
  // of their own would wait for the write lock in SQLite's busy handler, asleep on the event loop (create-write-batch.ts).
  const decide = (runId: string, d: { decision: 'approved' | 'rejected'; by: string; at: string }) => {
    const run = getRunSync(runId);
    const change = decideApproval(run, d);
    if (!run || !change) return { ok: false, run };
    applyRunChange(rs, st, run, change);
    return { ok: true, run: getRunSync(runId) };
  };

  const expire = (now: string) => {
    const out: Run[] = [];
    for (const row of rs.waitingExpired.all(now) as Array<Record<string, unknown>>) {
      const run = toRun(row);
      const change = expireApproval(run, now);
      if (!change) continue;
      applyRunChange(rs, st, run, change);
      out.push(getRunSync(run.id)!);
    }
    return out;
  };

  const create = (incidentId: string, seed: RunSeedWithTimeline, now: string) => {
    const incident = st.incidentById.get(incidentId) as { id: string; correlation_id: string } | undefined;
    if (!incident) return null;
    const id = insertRunSeed(rs, st, { id: incident.id, correlationId: incident.correlation_id }, seed, now);
    return id ? getRunSync(id) : null;
  };

  return {
    async incidentStatus(id) {
      return (rs.incidentStatus.get(id) as 'open' | 'resolved' | undefined) ?? null;
    },
    async getRun(id) {
      return getRunSync(id);
    },
    async listRuns(q) {
      return listSqliteRuns(db, q);
    },
    async claimRun(req) {
      // A read first: taking the write lock just to find nothing would contend with intake's writes.
      if (rs.anyRunnable.get({ now: req.now }) === undefined) return { run: null, hits: [] };
      return batch.write(() => claim(req));
    },
    async saveRun(runId, owner, patch) {
      return batch.write(() => save(runId, owner, patch));
    },
    async decideApproval(runId, d) {
      return batch.write(() => decide(runId, d));
    },
    async expireApprovals(now) {
      return batch.write(() => expire(now));
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
      return batch.write(() => create(incidentId, seed, now));
    },
  };
}

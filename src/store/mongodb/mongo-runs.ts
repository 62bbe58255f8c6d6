import type { ClaimResult } from '../../core/runs/admission';
import { claimOutcome } from '../../core/runs/claim-outcome';
import type { ControlEntry, Controls } from '../../core/runs/controls';
import { decideApproval } from '../../core/runs/decide-approval';
import { decideBreaker } from '../../core/runs/decide-breaker';
import { expireApproval } from '../../core/runs/expire-approval';
import { guardFactQueries } from '../../core/runs/guard-fact-queries';
import { guardFacts } from '../../core/runs/guard-facts';
import { finalRunStatuses, type Run, type RunStatus } from '../../core/runs/run';
import { runCheckpoint } from '../../core/runs/run-checkpoint';
import { runSelections } from '../../core/runs/run-selections';
import { LeaseLostError, type Store } from '../store';
import type { KeyedDoc, MongoCollections } from './mongo-collections';
import { toRun } from './mongo-mappers';
import { applyRunChange, insertRunSeed, schedulePostmortemDoc } from './mongo-run-writes';
import { TimelineBuffer } from './mongo-timeline';
import { isDuplicateKey } from './to-store-error';

const killSwitchKey = 'kill_switch';
const pauseKey = (playbook: string) => `pause:${playbook}`;

type RunMethods = Pick<Store, 'incidentStatus' | 'getRun' | 'listRuns' | 'claimRun' | 'saveRun' | 'decideApproval' | 'expireApprovals' | 'getControls' | 'setPause' | 'createRun'>;

/**
 * Runs without transactions: the core decides every transition (src/core/runs) and each change is
 * written as a conditional update on the run document (its `v` version, its lease owner or its status),
 * so of two processes acting on the same run exactly one wins and the other sees "not matched" — the
 * lease semantics SQLite gets from its write lock.
 */
export function createMongoRuns(c: MongoCollections): RunMethods {
  const getRun = async (id: string) => {
    const d = await c.runs.findOne({ _id: id });
    return d ? toRun(d) : null;
  };
  const readControls = async (): Promise<Controls> => {
    const controls: Controls = { killSwitch: null, paused: {} };
    for (const d of await c.controls.find({}).toArray()) {
      if (d._id === killSwitchKey) controls.killSwitch = d.value as ControlEntry;
      else if (d._id.startsWith('pause:')) controls.paused[d._id.slice(6)] = d.value as ControlEntry;
    }
    return controls;
  };
  const runnable = (now: string) => ({
    status: { $in: [...runSelections.claimable] },
    $and: [{ $or: [{ notBefore: null }, { notBefore: { $lte: now } }] }, { $or: [{ leaseExpiresAt: null }, { leaseExpiresAt: { $lte: now } }] }],
  });
  const setFailures = (playbook: string, n: number) => c.playbookHealth.updateOne({ _id: playbook }, { $set: { consecutiveFailures: n } }, { upsert: true });

  /** Counts a failed outcome (atomic $inc) and trips the breaker when the core says so. */
  const countFailure = async (timeline: TimelineBuffer, run: Run, now: string) => {
    const h = await c.playbookHealth.findOneAndUpdate({ _id: run.playbook }, { $inc: { consecutiveFailures: 1 } }, { upsert: true, returnDocument: 'after' });
    const trip = decideBreaker(run, (h?.consecutiveFailures as number | undefined) ?? 1, now);
    if (!trip) return;
    await c.controls.updateOne({ _id: pauseKey(run.playbook) }, { $set: { value: trip.pause } }, { upsert: true });
    await setFailures(run.playbook, 0);
    for (const e of trip.events) timeline.append(run.incidentId, now, e);
  };

  /** What the guardrails read; like SQLite, budget and cooldown queries only where they can matter. */
  const readGuardFacts = async (run: Run, controls: Controls, holder: string | undefined, now: string) => {
    const wanted = guardFactQueries(run, now);
    const notThis = { playbook: run.playbook, _id: { $ne: run.id } };
    const [last] = wanted.lastStartForCorrelation
      ? await c.runs.find({ ...notThis, correlationId: run.correlationId, startedAt: { $ne: null } }).sort({ startedAt: -1 }).limit(1).toArray()
      : [];
    return guardFacts(run, {
      controls,
      startedLastHour: wanted.startedSince !== null ? await c.runs.countDocuments({ ...notThis, startedAt: { $gte: wanted.startedSince } }) : 0,
      lastStartForCorrelation: last?.startedAt as string | undefined,
      lockHolder: holder,
      incidentStatus: (await c.incidents.findOne({ _id: run.incidentId }, { projection: { status: 1 } }))?.status as 'open' | 'resolved' | undefined,
    });
  };

  return {
    async incidentStatus(id) {
      const d = await c.incidents.findOne({ _id: id }, { projection: { status: 1 } });
      return (d?.status as 'open' | 'resolved' | undefined) ?? null;
    },
    getRun,
    async listRuns(q) {
      const filter: Record<string, unknown> = {};
      if (q.incidentId) filter.incidentId = q.incidentId;
      if (q.statuses?.length) filter.status = { $in: q.statuses };
      return (await c.runs.find(filter).sort({ createdAt: 1, _id: 1 }).limit(q.limit).toArray()).map(toRun);
    },
    async claimRun(req) {
      const hits: ClaimResult['hits'] = [];
      const timeline = new TimelineBuffer(c);
      const candidates = await c.runs.find(runnable(req.now)).sort({ createdAt: 1, _id: 1 }).limit(25).toArray();
      if (candidates.length === 0) return { run: null, hits };
      const controls = await readControls();
      try {
        for (const doc of candidates) {
          const run = toRun(doc);
          const holder = run.lockKey ? ((await c.locks.findOne({ _id: run.lockKey }))?.runId as string | undefined) : undefined;
          const held = { owner: (doc.leaseOwner as string | null | undefined) ?? null, expiresAt: (doc.leaseExpiresAt as string | null | undefined) ?? null };
          const outcome = claimOutcome(run, req.admit(run, await readGuardFacts(run, controls, holder, req.now)), req, held);
          const same = { _id: run.id, v: doc.v as number };
          if (outcome.kind !== 'lease') {
            hits.push(outcome.hit);
            await applyRunChange(c, timeline, same, outcome.change);
            continue;
          }
          // The lock first (its `_id` is the key: one holder), then the run.
          const lockKey = holder === undefined ? outcome.takeLock : null;
          const tookLock = lockKey !== null && (await takeLock(c, lockKey, run.id, req.now));
          if (lockKey !== null && !tookLock) continue; // another process took it first
          const leased = await applyRunChange(c, timeline, same, outcome.change);
          if (leased) return { run: toRun(leased), hits };
          // Lost the run. The lock is the run's, not this claimer's: another claimer may be executing the run
          // under it now, so it is given back only if the run finished meanwhile (cancelled before the lock
          // was taken, so its own release missed it).
          if (tookLock && (await isFinished(c, run.id))) await c.locks.deleteOne({ _id: lockKey, runId: run.id });
        }
        return { run: null, hits };
      } finally {
        await timeline.flush();
      }
    },
    async saveRun(runId, owner, p) {
      const checkpoint = runCheckpoint(runId, p);
      const timeline = new TimelineBuffer(c);
      // The lease check and the write are one atomic conditional update.
      const after = await applyRunChange(c, timeline, { _id: runId, leaseOwner: owner }, checkpoint.change);
      if (!after) throw new LeaseLostError(`run ${runId} is not leased by ${owner}`);
      const run = toRun(after);
      if (checkpoint.failureCounter === 'reset') await setFailures(run.playbook, 0);
      if (checkpoint.failureCounter === 'increment') await countFailure(timeline, run, p.now);
      if (checkpoint.postmortem) await schedulePostmortemDoc(c, run.incidentId, checkpoint.postmortem.reason, checkpoint.postmortem.dueAt, p.now);
      await timeline.flush();
      return run;
    },
    async decideApproval(runId, d) {
      const run = await getRun(runId);
      const change = decideApproval(run, d);
      if (!run || !change) return { ok: false, run };
      const timeline = new TimelineBuffer(c);
      const after = await applyRunChange(c, timeline, { _id: runId, status: run.status }, change);
      if (!after) return { ok: false, run: await getRun(runId) }; // another decision won
      await timeline.flush();
      return { ok: true, run: toRun(after) };
    },
    async expireApprovals(now) {
      const out: Run[] = [];
      const timeline = new TimelineBuffer(c);
      for (const doc of await c.runs.find({ status: { $in: [...runSelections.awaitingApproval] }, approvalExpiresAt: { $lte: now } }).toArray()) {
        const run = toRun(doc);
        const change = expireApproval(run, now);
        const after = change && (await applyRunChange(c, timeline, { _id: run.id, status: run.status, v: doc.v }, change));
        if (after) out.push(toRun(after));
      }
      await timeline.flush();
      return out;
    },
    getControls: readControls,
    async setPause(playbook, value) {
      const key = playbook === undefined ? killSwitchKey : pauseKey(playbook);
      if (value) await c.controls.updateOne({ _id: key }, { $set: { value } }, { upsert: true });
      else await c.controls.deleteOne({ _id: key });
    },
    async createRun(incidentId, seed, now) {
      const incident = await c.incidents.findOne({ _id: incidentId }, { projection: { correlationId: 1 } });
      if (!incident) return null;
      const timeline = new TimelineBuffer(c);
      const id = await insertRunSeed(c, timeline, { id: incidentId, correlationId: incident.correlationId as string }, seed, now);
      await timeline.flush();
      return id ? getRun(id) : null;
    },
  };
}

async function isFinished(c: MongoCollections, runId: string): Promise<boolean> {
  const d = await c.runs.findOne({ _id: runId }, { projection: { status: 1 } });
  return !d || finalRunStatuses.has(d.status as RunStatus);
}

/** `locks._id` = lock key: a duplicate key means another run holds it. */
async function takeLock(c: MongoCollections, lockKey: string, runId: string, now: string): Promise<boolean> {
  try {
    await c.locks.insertOne({ _id: lockKey, runId, acquiredAt: now } satisfies KeyedDoc);
    return true;
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    return ((await c.locks.findOne({ _id: lockKey }))?.runId as string | undefined) === runId;
  }
}

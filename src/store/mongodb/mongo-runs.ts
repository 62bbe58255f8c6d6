import type { Run } from '../../core/runs/run';
import { LeaseLostError, type ClaimResult, type ControlEntry, type Controls, type Store } from '../store';
import type { KeyedDoc, MongoCollections } from './mongo-collections';
import { toRun } from './mongo-mappers';
import { cancelRun, insertRunSeed, schedulePostmortemDoc } from './mongo-run-writes';
import { TimelineBuffer } from './mongo-timeline';
import { isDuplicateKey } from './to-store-error';

const killSwitchKey = 'kill_switch';
const pauseKey = (playbook: string) => `pause:${playbook}`;
const hourMs = 3_600_000;

type RunMethods = Pick<Store, 'incidentStatus' | 'getRun' | 'listRuns' | 'claimRun' | 'saveRun' | 'decideApproval' | 'expireApprovals' | 'getControls' | 'setPause' | 'createRun'>;

/**
 * Runs without transactions: every state change is a conditional update on the run document (its `v`
 * version, or its lease owner), so of two processes acting on the same run exactly one wins and the
 * other sees "not matched" — the lease semantics SQLite gets from its write lock.
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
    status: { $in: ['pending', 'running'] },
    $and: [{ $or: [{ notBefore: null }, { notBefore: { $lte: now } }] }, { $or: [{ leaseExpiresAt: null }, { leaseExpiresAt: { $lte: now } }] }],
  });

  /** The consecutive-failure breaker: N failed runs in a row pause the playbook, with the reason recorded. */
  const recordHealth = async (timeline: TimelineBuffer, run: Run, status: string, now: string) => {
    if (status === 'succeeded') await c.playbookHealth.updateOne({ _id: run.playbook }, { $set: { consecutiveFailures: 0 } }, { upsert: true });
    if (status !== 'failed' && status !== 'compensated' && status !== 'needs_attention') return;
    const h = await c.playbookHealth.findOneAndUpdate({ _id: run.playbook }, { $inc: { consecutiveFailures: 1 } }, { upsert: true, returnDocument: 'after' });
    const failures = (h?.consecutiveFailures as number | undefined) ?? 1;
    if (failures < run.definition.breakerThreshold) return;
    const reason = `consecutive-failure breaker: ${failures} failed runs in a row (last ${run.id})`;
    await c.controls.updateOne({ _id: pauseKey(run.playbook) }, { $set: { value: { by: 'mendbot', reason, at: now } } }, { upsert: true });
    await c.playbookHealth.updateOne({ _id: run.playbook }, { $set: { consecutiveFailures: 0 } });
    timeline.append(run.incidentId, now, { type: 'run_status', message: `playbook ${run.playbook} paused: ${reason}`, data: { runId: run.id, breaker: true } });
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
      const since = new Date(Date.parse(req.now) - hourMs).toISOString();
      try {
        for (const doc of candidates) {
          const run = toRun(doc);
          const holder = run.lockKey ? ((await c.locks.findOne({ _id: run.lockKey }))?.runId as string | undefined) : undefined;
          const [last] = await c.runs.find({ playbook: run.playbook, correlationId: run.correlationId, _id: { $ne: run.id }, startedAt: { $ne: null } }).sort({ startedAt: -1 }).limit(1).toArray();
          const admission = req.admit(run, {
            controls,
            startedLastHour: await c.runs.countDocuments({ playbook: run.playbook, startedAt: { $gte: since }, _id: { $ne: run.id } }),
            lastStartForCorrelation: (last?.startedAt as string | undefined) ?? null,
            lockHolder: holder !== undefined && holder !== run.id ? holder : null,
            incidentStatus: ((await c.incidents.findOne({ _id: run.incidentId }, { projection: { status: 1 } }))?.status as 'open' | 'resolved') ?? 'resolved',
          });
          const same = { _id: run.id, v: doc.v as number };
          if (admission.kind === 'admit') {
            const tookLock = run.lockKey !== null && holder === undefined && (await takeLock(c, run.lockKey, run.id, req.now));
            if (run.lockKey !== null && holder === undefined && !tookLock) continue; // another process took it first
            const leased = await c.runs.findOneAndUpdate(same, {
              $set: { leaseOwner: req.owner, leaseExpiresAt: new Date(Date.parse(req.now) + req.leaseMs).toISOString(), status: 'running', reason: null, startedAt: run.startedAt ?? req.now, notBefore: null, updatedAt: req.now },
              $inc: { v: 1 },
            }, { returnDocument: 'after' });
            if (leased) return { run: toRun(leased), hits };
            if (tookLock) await c.locks.deleteOne({ _id: run.lockKey!, runId: run.id }); // lost the race for the run
            continue;
          }
          hits.push({ runId: run.id, playbook: run.playbook, kind: admission.kind, guardrail: admission.guardrail, reason: admission.reason });
          if (admission.kind === 'defer') {
            const notBefore = new Date(Date.parse(req.now) + admission.retryInMs).toISOString();
            const res = await c.runs.updateOne(same, { $set: { notBefore, reason: admission.reason, updatedAt: req.now }, $inc: { v: 1 } });
            if (res.matchedCount > 0 && run.reason !== admission.reason) {
              timeline.append(run.incidentId, req.now, { type: 'run_status', message: `run ${run.id} waiting: ${admission.reason}`, data: { runId: run.id, guardrail: admission.guardrail } });
            }
          } else {
            await cancelRun(c, timeline, same, doc, req.now, admission.reason);
          }
        }
        return { run: null, hits };
      } finally {
        await timeline.flush();
      }
    },
    async saveRun(runId, owner, p) {
      const set: Record<string, unknown> = { updatedAt: p.now };
      if (p.status !== undefined) set.status = p.status;
      if (p.reason !== undefined) set.reason = p.reason;
      if (p.steps !== undefined) set.steps = JSON.stringify(p.steps);
      if (p.approval !== undefined) {
        set.approval = p.approval ? JSON.stringify(p.approval) : null;
        set.approvalExpiresAt = p.approval?.expiresAt ?? null;
      }
      if (p.leaseExpiresAt !== undefined) set.leaseExpiresAt = p.leaseExpiresAt;
      if (p.release || p.finished) Object.assign(set, { leaseOwner: null, leaseExpiresAt: null, notBefore: p.release?.notBefore ?? null });
      if (p.finished) set.finishedAt = p.now;
      // The lease check and the write are one atomic conditional update.
      const after = await c.runs.findOneAndUpdate({ _id: runId, leaseOwner: owner }, { $set: set, $inc: { v: 1 } }, { returnDocument: 'after' });
      if (!after) throw new LeaseLostError(`run ${runId} is not leased by ${owner}`);
      const run = toRun(after);
      const timeline = new TimelineBuffer(c);
      if (p.finished) await c.locks.deleteMany({ runId });
      for (const e of p.events ?? []) timeline.append(run.incidentId, p.now, { ...e, data: { runId, ...e.data } });
      if (p.finished && p.status) await recordHealth(timeline, run, p.status, p.now);
      if (p.finished && (p.status === 'failed' || p.status === 'needs_attention')) {
        await schedulePostmortemDoc(c, run.incidentId, `remediation ${p.status}: run ${runId}`, p.now, p.now);
      }
      await timeline.flush();
      return run;
    },
    async decideApproval(runId, d) {
      const run = await getRun(runId);
      if (!run || run.status !== 'waiting_approval' || !run.approval) return { ok: false, run };
      const approval = JSON.stringify({ ...run.approval, decision: d.decision, by: d.by, at: d.at });
      const set = d.decision === 'approved'
        ? { status: 'pending', approval, reason: `approved by ${d.by}`, notBefore: null, updatedAt: d.at }
        : { status: 'cancelled', approval, reason: `rejected by ${d.by}`, finishedAt: d.at, updatedAt: d.at };
      const res = await c.runs.updateOne({ _id: runId, status: 'waiting_approval' }, { $set: set, $inc: { v: 1 } });
      if (res.matchedCount === 0) return { ok: false, run: await getRun(runId) }; // another decision won
      if (d.decision === 'rejected') await c.locks.deleteMany({ runId });
      const timeline = new TimelineBuffer(c);
      timeline.append(run.incidentId, d.at, { type: 'approval', message: `run ${runId} ${d.decision} by ${d.by}`, data: { runId, decision: d.decision, by: d.by } });
      await timeline.flush();
      return { ok: true, run: await getRun(runId) };
    },
    async expireApprovals(now) {
      const out: Run[] = [];
      const timeline = new TimelineBuffer(c);
      for (const doc of await c.runs.find({ status: 'waiting_approval', approvalExpiresAt: { $lte: now } }).toArray()) {
        const run = toRun(doc);
        const approval = JSON.stringify({ ...run.approval!, decision: 'expired', by: 'mendbot', at: now });
        const escalate = run.definition.approval.onExpiry === 'escalate';
        const set = escalate
          ? { status: 'pending', approval, reason: 'approval expired: escalating', updatedAt: now }
          : { status: 'cancelled', approval, reason: 'approval expired', finishedAt: now, updatedAt: now };
        const after = await c.runs.findOneAndUpdate({ _id: run.id, status: 'waiting_approval', v: doc.v }, { $set: set, $inc: { v: 1 } }, { returnDocument: 'after' });
        if (!after) continue;
        if (!escalate) await c.locks.deleteMany({ runId: run.id });
        timeline.append(run.incidentId, now, { type: 'approval', message: `run ${run.id}: approval expired (${run.definition.approval.onExpiry})`, data: { runId: run.id, decision: 'expired' } });
        out.push(toRun(after));
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

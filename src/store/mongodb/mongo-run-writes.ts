import type { Document } from 'mongodb';
import { createId } from '../../core/create-id';
import type { RunSeedWithTimeline } from '../store';
import type { KeyedDoc, MongoCollections } from './mongo-collections';
import type { TimelineBuffer } from './mongo-timeline';
import { isDuplicateKey } from './to-store-error';

/** Run writes shared by intake (runs planned with a delivery), manual runs and the executor. */

/**
 * Creates a run unless one exists for (incident, playbook, scope). The claim document
 * `run_scopes._id = incident|playbook|scope` is inserted first: a duplicate-key error means the scope is
 * taken. If a crash left a claim without its run, the claim's run id is adopted and the run written now,
 * so "once per scope" holds and no planned run is lost.
 */
export async function insertRunSeed(
  c: MongoCollections,
  timeline: TimelineBuffer,
  incident: { id: string; correlationId: string },
  seed: RunSeedWithTimeline,
  now: string,
): Promise<string | null> {
  const scopeId = `${incident.id}|${seed.playbook}|${seed.scopeKey}`;
  let id = createId('run', Date.parse(now));
  try {
    await c.runScopes.insertOne({ _id: scopeId, runId: id, createdAt: now });
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    const claim = await c.runScopes.findOne({ _id: scopeId });
    if (!claim || (await c.runs.countDocuments({ _id: claim.runId }, { limit: 1 })) > 0) return null;
    id = claim.runId as string;
  }
  const doc: KeyedDoc = {
    _id: id,
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
    approval: null,
    approvalExpiresAt: null,
    lockKey: seed.lockKey,
    continueOnResolve: Boolean(seed.definition.continueOnResolve),
    trigger: seed.trigger,
    createdAt: now,
    startedAt: null,
    finishedAt: seed.status === 'failed' ? now : null,
    updatedAt: now,
    notBefore: null,
    leaseOwner: null,
    leaseExpiresAt: null,
    v: 0,
  };
  try {
    await c.runs.insertOne(doc);
  } catch (error) {
    if (isDuplicateKey(error)) return null; // a retry of this very write already stored it
    throw error;
  }
  const message =
    seed.status === 'failed'
      ? `playbook ${seed.playbook} matched but run ${id} failed before any step: ${seed.reason ?? ''}`
      : `playbook ${seed.playbook} matched: run ${id} created (mode ${seed.mode}, trigger ${seed.trigger})`;
  timeline.append(incident.id, now, { type: 'run_status', message, data: { runId: id, playbook: seed.playbook, status: seed.status } });
  for (const e of seed.events ?? []) timeline.append(incident.id, now, { ...e, data: { runId: id, ...e.data } });
  return id;
}

/**
 * Cancels queued runs (pending or waiting for approval, not leased, not continue-on-resolve) of an
 * incident, or of one alert. Each update re-checks those conditions, so a run an executor leased in the
 * meantime is left alone (SQLite gets this from its write lock).
 */
export async function cancelQueuedRuns(
  c: MongoCollections,
  timeline: TimelineBuffer,
  incidentId: string,
  alertKey: string | undefined,
  now: string,
  reason: string,
): Promise<Array<{ runId: string; playbook: string }>> {
  const queued = { incidentId, status: { $in: ['pending', 'waiting_approval'] }, continueOnResolve: false, leaseOwner: null, ...(alertKey ? { alertKey } : {}) };
  const out: Array<{ runId: string; playbook: string }> = [];
  for (const run of await c.runs.find(queued).sort({ createdAt: 1, _id: 1 }).toArray()) {
    if (await cancelRun(c, timeline, { ...queued, _id: run._id }, run, now, reason)) out.push({ runId: run._id as string, playbook: run.playbook });
  }
  return out;
}

/** Cancels one run if it still matches `filter`; releases its lock and records why. */
export async function cancelRun(c: MongoCollections, timeline: TimelineBuffer, filter: Document, run: Document, now: string, reason: string): Promise<boolean> {
  const res = await c.runs.updateOne(filter, {
    $set: { status: 'cancelled', reason, finishedAt: now, updatedAt: now, leaseOwner: null, leaseExpiresAt: null },
    $inc: { v: 1 },
  });
  if (res.matchedCount === 0) return false;
  await c.locks.deleteMany({ runId: run._id });
  timeline.append(run.incidentId, now, { type: 'run_status', message: `run ${run._id} cancelled: ${reason}`, data: { runId: run._id, status: 'cancelled' } });
  return true;
}

/** Creates the postmortem record or makes it pending again with the new due time (the ticket is kept). */
export async function schedulePostmortemDoc(c: MongoCollections, incidentId: string, reason: string, dueAt: string, now: string): Promise<void> {
  await c.postmortems.updateOne(
    { _id: incidentId },
    {
      $set: { state: 'pending', reason, dueAt, attempts: 0, updatedAt: now },
      $setOnInsert: { lastError: null, ticket: null, filedAt: null, leaseOwner: null, leaseExpiresAt: null },
    },
    { upsert: true },
  );
}

import type { Document } from 'mongodb';
import { createId } from '../../core/create-id';
import { schedulePostmortemChange } from '../../core/postmortems/schedule-postmortem-change';
import { cancelRunChange } from '../../core/runs/cancel-run-change';
import type { RunChange } from '../../core/runs/run-change';
import { runSelections } from '../../core/runs/run-selections';
import { seedRun } from '../../core/runs/seed-run';
import type { RunSeedWithTimeline } from '../store';
import type { KeyedDoc, MongoCollections } from './mongo-collections';
import { toRunDoc, toRunSet } from './mongo-mappers';
import { mongoRunScopeId } from './mongo-run-scope-id';
import type { TimelineBuffer } from './mongo-timeline';
import { isDuplicateKey } from './to-store-error';

/** Run writes shared by intake (runs planned with a delivery), manual runs and the executor. */

/**
 * Writes a change decided by the core if the run still matches `filter` (its guard: a version, a lease
 * owner, a status). The update is one conditional findOneAndUpdate bumping `v`, so of two processes acting
 * on the same run exactly one wins; only the winner releases locks and writes the timeline. Returns the
 * updated document, or null when the guard did not match.
 */
export async function applyRunChange(c: MongoCollections, timeline: TimelineBuffer, filter: Document, change: RunChange): Promise<KeyedDoc | null> {
  const after = await c.runs.findOneAndUpdate(filter, { $set: toRunSet(change.set), $inc: { v: 1 } }, { returnDocument: 'after' });
  if (!after) return null;
  if (change.releaseLocks) await c.locks.deleteMany({ runId: after._id });
  for (const e of change.events) timeline.append(after.incidentId as string, change.set.updatedAt, e);
  return after;
}

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
  const scopeId = mongoRunScopeId(incident.id, seed.playbook, seed.scopeKey);
  let runId = createId('run', Date.parse(now));
  try {
    await c.runScopes.insertOne({ _id: scopeId, runId, createdAt: now });
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    const claim = await c.runScopes.findOne({ _id: scopeId });
    if (!claim || (await c.runs.countDocuments({ _id: claim.runId }, { limit: 1 })) > 0) return null;
    runId = claim.runId as string;
  }
  const { run, events } = seedRun(seed, { runId, incident, now });
  try {
    await c.runs.insertOne(toRunDoc(run));
  } catch (error) {
    if (isDuplicateKey(error)) return null; // a retry of this very write already stored it
    throw error;
  }
  for (const e of events) timeline.append(incident.id, now, e);
  return runId;
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
  const queued = { incidentId, status: { $in: [...runSelections.queued] }, continueOnResolve: false, leaseOwner: null, ...(alertKey ? { alertKey } : {}) };
  const out: Array<{ runId: string; playbook: string }> = [];
  for (const run of await c.runs.find(queued).sort({ createdAt: 1, _id: 1 }).toArray()) {
    if (await cancelRun(c, timeline, { ...queued, _id: run._id }, run, now, reason)) out.push({ runId: run._id as string, playbook: run.playbook });
  }
  return out;
}

/** Cancels one run if it still matches `filter`; releases its lock and records why. */
async function cancelRun(c: MongoCollections, timeline: TimelineBuffer, filter: Document, run: Document, now: string, reason: string): Promise<boolean> {
  return (await applyRunChange(c, timeline, filter, cancelRunChange(run._id as string, reason, now))) !== null;
}

/** Creates the postmortem record or makes it pending again with the new due time (the ticket is kept). */
export async function schedulePostmortemDoc(c: MongoCollections, incidentId: string, reason: string, dueAt: string, now: string): Promise<void> {
  const change = schedulePostmortemChange(reason, dueAt, now);
  await c.postmortems.updateOne({ _id: incidentId }, { $set: change.set, $setOnInsert: change.onCreate }, { upsert: true });
}

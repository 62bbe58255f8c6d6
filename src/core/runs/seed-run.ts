import type { Run } from './run';
import type { RunEvent, RunSeedWithTimeline } from './run-event';
import { runEvents } from './run-events';

/**
 * The run a seed becomes, and the timeline entries that say so. A seed that failed before any step (a
 * playbook that matched but could not be rendered) is stored already finished.
 */
export function seedRun(
  seed: RunSeedWithTimeline,
  at: { runId: string; incident: { id: string; correlationId: string }; now: string },
): { run: Run; events: RunEvent[] } {
  const { runId, incident, now } = at;
  const run: Run = {
    id: runId,
    incidentId: incident.id,
    correlationId: incident.correlationId,
    playbook: seed.playbook,
    playbookVersion: seed.playbookVersion,
    definition: seed.definition,
    scopeKey: seed.scopeKey,
    alertKey: seed.alertKey,
    mode: seed.mode,
    status: seed.status,
    reason: seed.reason,
    context: seed.context,
    steps: seed.steps,
    approval: null,
    lockKey: seed.lockKey,
    createdAt: now,
    startedAt: null,
    finishedAt: seed.status === 'failed' ? now : null,
    updatedAt: now,
    trigger: seed.trigger,
  };
  const events = [runEvents.created(runId, seed), ...(seed.events ?? []).map((e) => runEvents.tagged(runId, e))];
  return { run, events };
}

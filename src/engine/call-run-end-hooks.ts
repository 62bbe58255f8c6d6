import type { Clock } from '../core/clock';
import type { Run } from '../core/runs/run';
import type { RunEvent } from '../store/store';
import type { Logger } from '../telemetry/create-logger';
import type { ActionRegistry } from './create-action-registry';
import { stepDefinition } from './run-scope';

/** Time allowed to a hook whose step definition is gone from the snapshot (it normally gets the step's timeout). */
const fallbackTimeoutMs = 30_000;

/**
 * Lets every succeeded step whose action holds something for the run's lifetime (an Alertmanager silence)
 * let go of it, newest first, with the step's checkpointed output. Called as the run ends, whatever the
 * outcome, before the final save: a crash before that save makes the next owner finish the run again and
 * call the hooks again (they are idempotent), so a finished run never skipped its hooks. A failing hook is
 * logged and returned as a timeline entry; it never changes the run's outcome.
 */
export async function callRunEndHooks(
  deps: { actions: ActionRegistry; clock: Clock; log: Logger; signal: AbortSignal },
  run: Run,
): Promise<RunEvent[]> {
  const events: RunEvent[] = [];
  for (const step of [...run.steps].reverse()) {
    const action = deps.actions.get(step.action);
    if (step.status !== 'succeeded' || !action?.onRunEnd) continue;
    const timeout = AbortSignal.timeout(stepDefinition(run, step.id)?.timeoutMs ?? fallbackTimeoutMs);
    const log = deps.log.child({ stepId: step.id });
    try {
      await action.onRunEnd(step.output ?? {}, {
        runId: run.id,
        incidentId: run.incidentId,
        stepId: step.id,
        commonLabels: run.context.commonLabels,
        signal: AbortSignal.any([deps.signal, timeout]),
        log,
        clock: deps.clock,
      });
      log.info(`step ${step.id} (${step.action}): run-end hook done`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      log.warn({ err: error }, `step ${step.id} (${step.action}): run-end hook failed`);
      events.push({ type: 'step', message: `step ${step.id} (${step.action}) could not be released at the end of the run: ${message}`, data: { stepId: step.id, onRunEnd: 'failed' } });
    }
  }
  return events;
}

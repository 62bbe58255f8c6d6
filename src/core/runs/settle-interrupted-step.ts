import type { RunEvent } from './run-event';
import type { Run, StepState } from './run';

/** A step whose action may or may not have taken effect: marked so in its errorDetails (see runOutcome). */
export function isOutcomeUnknown(step: StepState): boolean {
  return step.status === 'failed' && step.errorDetails?.outcomeUnknown === true;
}

export interface InterruptedStepSettlement {
  /** The run's steps with the interrupted one settled. */
  steps: StepState[];
  events: RunEvent[];
  /** Finish the run now with this outcome (a main step whose effect is unknown); absent: carry on. */
  finish?: { status: 'needs_attention'; reason: string };
}

/**
 * What the next owner of a run does with a step its previous owner left `running` (it died or lost its
 * lease mid-step, so the action may or may not have taken effect). Idempotent action: pending again, it is
 * retried. Otherwise it is never re-run: it is failed with its outcome unknown. For a main step the run
 * stops there for a human (needs_attention); for a compensation or on_failure step the remaining recovery
 * steps still run (a rollback or an escalation must not be lost), and the run ends needs_attention.
 * Null when no step was interrupted.
 */
export function settleInterruptedStep(
  run: Pick<Run, 'steps'>,
  idempotent: (action: string) => boolean,
  now: string,
): InterruptedStepSettlement | null {
  const interrupted = run.steps.find((s) => s.status === 'running');
  if (!interrupted) return null;
  const replace = (settled: StepState) => run.steps.map((s) => (s === interrupted ? settled : s));
  const { id, action } = interrupted;
  if (idempotent(action)) {
    return { steps: replace({ ...interrupted, status: 'pending' }), events: [{ type: 'step', message: `step ${id} was interrupted; retrying it (idempotent)` }] };
  }
  const failed: StepState = { ...interrupted, status: 'failed', error: 'interrupted mid-flight by a crash: outcome unknown', errorDetails: { outcomeUnknown: true }, finishedAt: now };
  if (interrupted.phase === 'main') {
    const reason = `step ${id} (${action}) was interrupted mid-flight and is not idempotent: check whether it took effect before re-running`;
    return { steps: replace(failed), events: [], finish: { status: 'needs_attention', reason } };
  }
  const message = `step ${id} (${action}) was interrupted mid-flight and is not idempotent: not repeated (outcome unknown); the other recovery steps continue`;
  return { steps: replace(failed), events: [{ type: 'step', message, data: { stepId: id, status: 'failed' } }] };
}

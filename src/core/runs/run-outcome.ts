import { dryRunSummary } from './dry-run-summary';
import type { Run, RunStatus } from './run';
import { isOutcomeUnknown } from './settle-interrupted-step';

/**
 * The final status of a run none of whose steps is left to execute. No main step failed: succeeded (or
 * dry_run, whose reason says what would have run and what would have stopped it; a dry run never fails,
 * see executeStep). One failed: compensated when it had compensations and all of them succeeded, else failed;
 * needs_attention instead when a step's outcome is unknown (a non-idempotent recovery step interrupted
 * mid-flight, see settleInterruptedStep): only a human can tell what state the target is in.
 */
export function runOutcome(run: Pick<Run, 'steps' | 'mode'>): { status: RunStatus; reason: string } {
  const failure = run.steps.find((s) => s.phase === 'main' && s.status === 'failed');
  if (!failure) {
    return run.mode === 'dry-run' ? { status: 'dry_run', reason: dryRunSummary(run.steps) } : { status: 'succeeded', reason: 'every step succeeded' };
  }
  const unknown = run.steps.find(isOutcomeUnknown);
  if (unknown) {
    const reason = `step ${unknown.id} (${unknown.action}) was interrupted mid-flight and is not idempotent: check whether it took effect (the run had failed: ${failure.error ?? 'unknown error'})`;
    return { status: 'needs_attention', reason };
  }
  const compensations = run.steps.filter((s) => s.phase === 'compensate');
  const compensated = compensations.length > 0 && compensations.every((s) => s.status === 'succeeded');
  return { status: compensated ? 'compensated' : 'failed', reason: `step failed: ${failure.error ?? 'unknown error'}${compensated ? '; completed steps compensated' : ''}` };
}

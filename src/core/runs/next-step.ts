import type { StepState } from './run';

/**
 * The step a run executes next, from its stored step states alone (so a restart resumes exactly where the
 * last owner stopped): the first pending main step until a main step has failed; after that, the first
 * pending recovery step (compensation or on_failure) planned for the failure. None: the run is done.
 */
export function nextStep(steps: readonly StepState[]): StepState | undefined {
  const failed = steps.some((s) => s.phase === 'main' && s.status === 'failed');
  return steps.find((s) => s.status === 'pending' && (s.phase === 'main') !== failed);
}

import type { StepState } from './run';

/**
 * What a dry run would have done, in one line for the run's reason: the steps that would have run, the
 * ones that would have stopped it (`would fail: …`, e.g. an exec program missing from the allowlist) and
 * the ones their `when:` skipped. Recovery steps are not listed: nothing failed, so none was planned.
 */
export function dryRunSummary(steps: readonly StepState[]): string {
  const main = steps.filter((s) => s.phase === 'main');
  const name = (s: StepState) => `${s.id} (${s.action})`;
  const blocked = main.filter((s) => s.status === 'dry_run' && s.error);
  const skipped = main.filter((s) => s.status === 'skipped');
  const whenSkipped = skipped.length > 0 ? [`skipped by when: ${skipped.map(name).join(', ')}`] : [];
  if (blocked.length === 0) return ['every step rendered, none executed', ...whenSkipped].join('; ');
  const wouldRun = main.filter((s) => s.status === 'dry_run' && !s.error);
  return [
    'dry run, nothing executed; it would not have completed',
    wouldRun.length > 0 ? `would have run ${wouldRun.map(name).join(', ')}` : 'no step would have run',
    ...blocked.map((s) => `${name(s)} ${s.error ?? ''}`),
    ...whenSkipped,
  ].join('; ');
}

import type { StepState } from '../../../src/core/runs/run';
import { runOutcome } from '../../../src/core/runs/run-outcome';

const state = (id: string, status: StepState['status'], phase: StepState['phase'] = 'main', extra: Partial<StepState> = {}): StepState => ({
  id, phase, action: 'http', status, attempts: 1, ...extra,
});

describe('runOutcome', () => {
  it('succeeds when no main step failed (skipped ones included), or is a dry run in dry-run mode', () => {
    expect(runOutcome({ mode: 'auto', steps: [state('a', 'succeeded'), state('b', 'skipped')] })).toEqual({ status: 'succeeded', reason: 'every step succeeded' });
    expect(runOutcome({ mode: 'dry-run', steps: [state('a', 'dry_run')] })).toEqual({ status: 'dry_run', reason: 'every step rendered, none executed' });
  });

  it('is compensated when every compensation succeeded, whatever on_failure did', () => {
    const steps = [state('a', 'succeeded'), state('b', 'failed', 'main', { error: 'boom' }), state('a.compensate.0', 'succeeded', 'compensate'), state('on_failure.0', 'failed', 'on_failure')];
    expect(runOutcome({ mode: 'auto', steps })).toEqual({ status: 'compensated', reason: 'step failed: boom; completed steps compensated' });
  });

  it('fails when a compensation failed, or there was nothing to compensate', () => {
    const steps = [state('a', 'succeeded'), state('b', 'failed', 'main', { error: 'boom' }), state('a.compensate.0', 'failed', 'compensate')];
    expect(runOutcome({ mode: 'auto', steps })).toEqual({ status: 'failed', reason: 'step failed: boom' });
    expect(runOutcome({ mode: 'auto', steps: [state('a', 'failed', 'main', { error: 'boom' })] })).toEqual({ status: 'failed', reason: 'step failed: boom' });
  });

  it('needs attention when a recovery step was interrupted with its outcome unknown, even if the rest succeeded', () => {
    const steps = [
      state('a', 'succeeded'),
      state('b', 'failed', 'main', { error: 'boom' }),
      state('a.compensate.0', 'failed', 'compensate', { errorDetails: { outcomeUnknown: true } }),
      state('on_failure.0', 'succeeded', 'on_failure'),
    ];
    expect(runOutcome({ mode: 'auto', steps })).toEqual({
      status: 'needs_attention',
      reason: 'step a.compensate.0 (http) was interrupted mid-flight and is not idempotent: check whether it took effect (the run had failed: boom)',
    });
  });
});

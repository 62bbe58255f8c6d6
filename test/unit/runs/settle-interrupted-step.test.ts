import type { StepState } from '../../../src/core/runs/run';
import { settleInterruptedStep } from '../../../src/core/runs/settle-interrupted-step';
import { now } from './build-run';

const state = (id: string, status: StepState['status'], action: string, phase: StepState['phase'] = 'main'): StepState => ({
  id, phase, action, status, attempts: 1, startedAt: '2026-03-14T09:59:00.000Z',
});
const idempotent = (action: string) => action === 'wait';

describe('settleInterruptedStep', () => {
  it('is null when no step was left running', () => {
    expect(settleInterruptedStep({ steps: [state('a', 'succeeded', 'http'), state('b', 'pending', 'http')] }, idempotent, now)).toBeNull();
  });

  it('makes an interrupted idempotent step pending again, to be retried, and says so', () => {
    const steps = [state('a', 'succeeded', 'http'), state('b', 'running', 'wait')];
    const settled = settleInterruptedStep({ steps }, idempotent, now);
    expect(settled).toEqual({
      steps: [steps[0], { ...steps[1], status: 'pending' }],
      events: [{ type: 'step', message: 'step b was interrupted; retrying it (idempotent)' }],
    });
    expect(steps[1]!.status).toBe('running'); // the input is not changed
  });

  it('fails an interrupted non-idempotent main step with its outcome unknown and stops the run for a human', () => {
    const settled = settleInterruptedStep({ steps: [state('poke', 'running', 'http'), state('after', 'pending', 'http')] }, idempotent, now);
    expect(settled!.steps[0]).toMatchObject({ status: 'failed', attempts: 1, error: 'interrupted mid-flight by a crash: outcome unknown', errorDetails: { outcomeUnknown: true }, finishedAt: now });
    expect(settled!.steps[1]).toMatchObject({ status: 'pending' });
    expect(settled!.finish).toEqual({
      status: 'needs_attention',
      reason: 'step poke (http) was interrupted mid-flight and is not idempotent: check whether it took effect before re-running',
    });
  });

  it('fails an interrupted non-idempotent recovery step without repeating it, and lets the other recovery steps run', () => {
    const steps = [state('a', 'succeeded', 'http'), state('b', 'failed', 'http'), state('a.compensate.0', 'running', 'http', 'compensate'), state('on_failure.0', 'pending', 'http', 'on_failure')];
    const settled = settleInterruptedStep({ steps }, idempotent, now);
    expect(settled!.finish).toBeUndefined();
    expect(settled!.steps.map((s) => `${s.id}:${s.status}`)).toEqual(['a:succeeded', 'b:failed', 'a.compensate.0:failed', 'on_failure.0:pending']);
    expect(settled!.steps[2]).toMatchObject({ attempts: 1, errorDetails: { outcomeUnknown: true } });
    expect(settled!.events.map((e) => e.message)).toEqual([
      'step a.compensate.0 (http) was interrupted mid-flight and is not idempotent: not repeated (outcome unknown); the other recovery steps continue',
    ]);
  });
});

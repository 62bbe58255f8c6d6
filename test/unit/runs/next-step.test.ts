import { nextStep } from '../../../src/core/runs/next-step';
import type { StepState } from '../../../src/core/runs/run';

const state = (id: string, status: StepState['status'], phase: StepState['phase'] = 'main'): StepState => ({ id, phase, action: 'http', status, attempts: 0 });

describe('nextStep', () => {
  it('is the first pending main step while nothing failed', () => {
    expect(nextStep([state('a', 'succeeded'), state('b', 'skipped'), state('c', 'pending'), state('d', 'pending')])?.id).toBe('c');
  });

  it('is none when every main step is done', () => {
    expect(nextStep([state('a', 'succeeded'), state('b', 'dry_run')])).toBeUndefined();
  });

  it('after a main step failed, skips the remaining main steps and resumes the recovery where it stopped', () => {
    const steps = [
      state('a', 'succeeded'),
      state('b', 'failed'),
      state('c', 'pending'),
      state('a.compensate.0', 'failed', 'compensate'),
      state('on_failure.0', 'succeeded', 'on_failure'),
      state('on_failure.1', 'pending', 'on_failure'),
    ];
    expect(nextStep(steps)?.id).toBe('on_failure.1');
  });

  it('is none after a failure with no recovery left (or none planned)', () => {
    expect(nextStep([state('a', 'failed'), state('b', 'pending')])).toBeUndefined();
    expect(nextStep([state('a', 'failed'), state('on_failure.0', 'succeeded', 'on_failure')])).toBeUndefined();
  });
});

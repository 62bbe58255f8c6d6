import { breakerCounter } from '../../../src/core/runs/breaker-counter';
import type { RunStatus } from '../../../src/core/runs/run';

describe('breakerCounter', () => {
  it('resets on success', () => {
    expect(breakerCounter('succeeded')).toBe('reset');
  });

  it.each<RunStatus>(['failed', 'compensated', 'needs_attention'])('counts %s as a failure', (status) => {
    expect(breakerCounter(status)).toBe('increment');
  });

  it.each<RunStatus>(['cancelled', 'dry_run', 'pending', 'running', 'waiting_approval'])('leaves the counter alone for %s', (status) => {
    expect(breakerCounter(status)).toBeNull();
  });
});

import { decideBreaker } from '../../../src/core/runs/decide-breaker';
import { buildRun, now } from './build-run';

describe('decideBreaker', () => {
  const run = buildRun({ id: 'run_9' }, { breakerThreshold: 3 });

  it('does nothing below the threshold', () => {
    expect(decideBreaker(run, 1, now)).toBeNull();
    expect(decideBreaker(run, 2, now)).toBeNull();
  });

  it('pauses the playbook at the threshold, resets the count and says why', () => {
    const reason = 'consecutive-failure breaker: 3 failed runs in a row (last run_9)';
    expect(decideBreaker(run, 3, now)).toEqual({
      pause: { by: 'mendbot', reason, at: now },
      failureCounter: 'reset',
      events: [{ type: 'run_status', message: `playbook restart-pod paused: ${reason}`, data: { runId: 'run_9', breaker: true } }],
    });
  });

  it('trips on the first failure with a threshold of 1, and past the threshold too', () => {
    expect(decideBreaker(buildRun({}, { breakerThreshold: 1 }), 1, now)?.pause.reason).toBe('consecutive-failure breaker: 1 failed runs in a row (last run_1)');
    expect(decideBreaker(run, 5, now)).not.toBeNull();
  });
});

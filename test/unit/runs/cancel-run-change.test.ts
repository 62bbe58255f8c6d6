import { cancelRunChange } from '../../../src/core/runs/cancel-run-change';
import { now } from './build-run';

describe('cancelRunChange', () => {
  it('finishes the run cancelled with its reason, drops any lease and releases its locks', () => {
    expect(cancelRunChange('run_1', 'incident resolved: remediation no longer needed', now)).toEqual({
      set: { status: 'cancelled', reason: 'incident resolved: remediation no longer needed', finishedAt: now, updatedAt: now, leaseOwner: null, leaseExpiresAt: null },
      releaseLocks: true,
      events: [{ type: 'run_status', message: 'run run_1 cancelled: incident resolved: remediation no longer needed', data: { runId: 'run_1', status: 'cancelled' } }],
    });
  });
});

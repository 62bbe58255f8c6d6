import { runEvents } from '../../../src/core/runs/run-events';

describe('runEvents', () => {
  it('words a created run with its mode and trigger', () => {
    expect(runEvents.created('run_1', { playbook: 'restart-pod', status: 'pending', reason: null, mode: 'approval', trigger: 'alert' })).toEqual({
      type: 'run_status',
      message: 'playbook restart-pod matched: run run_1 created (mode approval, trigger alert)',
      data: { runId: 'run_1', playbook: 'restart-pod', status: 'pending' },
    });
  });

  it('words a run that failed before any step with its reason', () => {
    const e = runEvents.created('run_1', { playbook: 'restart-pod', status: 'failed', reason: 'param pod: no value', mode: 'auto', trigger: 'alert' });
    expect(e.message).toBe('playbook restart-pod matched but run run_1 failed before any step: param pod: no value');
    expect(e.data).toEqual({ runId: 'run_1', playbook: 'restart-pod', status: 'failed' });
  });

  it('tags a caller’s entry with the run id without losing its data', () => {
    expect(runEvents.tagged('run_1', { type: 'step', message: 'step restart succeeded', data: { stepId: 'restart' } })).toEqual({
      type: 'step',
      message: 'step restart succeeded',
      data: { runId: 'run_1', stepId: 'restart' },
    });
    expect(runEvents.tagged('run_1', { type: 'run_status', message: 'm' }).data).toEqual({ runId: 'run_1' });
  });

  it('words guardrail waits, cancellations and breaker trips', () => {
    expect(runEvents.waiting('run_1', 'restart-pod', 'kill switch on', 'kill_switch')).toEqual({ type: 'run_status', message: 'run run_1 (restart-pod) waiting: kill switch on', data: { runId: 'run_1', playbook: 'restart-pod', guardrail: 'kill_switch' } });
    expect(runEvents.cancelled('run_1', 'incident resolved')).toEqual({ type: 'run_status', message: 'run run_1 cancelled: incident resolved', data: { runId: 'run_1', status: 'cancelled' } });
    expect(runEvents.cancelled('run_1', 'budget: 3 runs', 'restart-pod')).toEqual({ type: 'run_status', message: 'run run_1 (restart-pod) cancelled: budget: 3 runs', data: { runId: 'run_1', playbook: 'restart-pod', status: 'cancelled' } });
    expect(runEvents.breakerTripped('run_1', 'restart-pod', 'why')).toEqual({ type: 'run_status', message: 'playbook restart-pod paused: why', data: { runId: 'run_1', breaker: true } });
  });

  it('words approval decisions and expiries', () => {
    expect(runEvents.approvalDecided('run_1', 'rejected', 'U1')).toEqual({ type: 'approval', message: 'run run_1 rejected by U1', data: { runId: 'run_1', decision: 'rejected', by: 'U1' } });
    expect(runEvents.approvalExpired('run_1', 'escalate')).toEqual({ type: 'approval', message: 'run run_1: approval expired (escalate)', data: { runId: 'run_1', decision: 'expired' } });
  });
});

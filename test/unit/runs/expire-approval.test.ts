import { expireApproval } from '../../../src/core/runs/expire-approval';
import { buildWaitingRun, now } from './build-run';

describe('expireApproval', () => {
  const expiresAt = '2026-03-14T09:59:59.000Z';

  it('cancels and finishes a run whose playbook rejects on expiry, releasing its locks', () => {
    const run = buildWaitingRun(expiresAt, { approval: { expiresMs: 60_000, onExpiry: 'reject' } });
    expect(expireApproval(run, now)).toEqual({
      set: { status: 'cancelled', approval: { ...run.approval, decision: 'expired', by: 'mendbot', at: now }, reason: 'approval expired', finishedAt: now, updatedAt: now },
      releaseLocks: true,
      events: [{ type: 'approval', message: 'run run_1: approval expired (reject)', data: { runId: 'run_1', decision: 'expired' } }],
    });
  });

  it('makes a run whose playbook escalates pending again, keeping its locks, so the gate fails into on_failure', () => {
    const run = buildWaitingRun(expiresAt, { approval: { expiresMs: 60_000, onExpiry: 'escalate' } });
    expect(expireApproval(run, now)).toEqual({
      set: { status: 'pending', approval: { ...run.approval, decision: 'expired', by: 'mendbot', at: now }, reason: 'approval expired: escalating', updatedAt: now },
      releaseLocks: false,
      events: [{ type: 'approval', message: 'run run_1: approval expired (escalate)', data: { runId: 'run_1', decision: 'expired' } }],
    });
  });

  it('expires an approval exactly at its expiry time, not before', () => {
    expect(expireApproval(buildWaitingRun(now), now)).not.toBeNull();
    expect(expireApproval(buildWaitingRun('2026-03-14T10:00:00.001Z'), now)).toBeNull();
  });

  it('leaves a run that is no longer waiting alone', () => {
    expect(expireApproval({ ...buildWaitingRun(expiresAt), status: 'pending' }, now)).toBeNull();
  });
});

import { decideApproval } from '../../../src/core/runs/decide-approval';
import { buildRun, buildWaitingRun, now } from './build-run';

describe('decideApproval', () => {
  const waiting = buildWaitingRun();

  it('makes an approved run pending again, claimable at once, recording who approved', () => {
    expect(decideApproval(waiting, { decision: 'approved', by: 'U1', at: now })).toEqual({
      set: { status: 'pending', approval: { ...waiting.approval, decision: 'approved', by: 'U1', at: now }, reason: 'approved by U1', notBefore: null, updatedAt: now },
      releaseLocks: false,
      events: [{ type: 'approval', message: 'run run_1 approved by U1', data: { runId: 'run_1', decision: 'approved', by: 'U1' } }],
    });
  });

  it('cancels and finishes a rejected run, releasing its locks', () => {
    expect(decideApproval(waiting, { decision: 'rejected', by: 'U2', at: now })).toEqual({
      set: { status: 'cancelled', approval: { ...waiting.approval, decision: 'rejected', by: 'U2', at: now }, reason: 'rejected by U2', finishedAt: now, updatedAt: now },
      releaseLocks: true,
      events: [{ type: 'approval', message: 'run run_1 rejected by U2', data: { runId: 'run_1', decision: 'rejected', by: 'U2' } }],
    });
  });

  it('changes nothing for a run no longer waiting (the first decision won), a run without a request, or no run', () => {
    const decided = { ...waiting, status: 'pending' as const };
    expect(decideApproval(decided, { decision: 'rejected', by: 'U2', at: now })).toBeNull();
    expect(decideApproval(buildRun({ status: 'waiting_approval' }), { decision: 'approved', by: 'U1', at: now })).toBeNull();
    expect(decideApproval(null, { decision: 'approved', by: 'U1', at: now })).toBeNull();
  });
});

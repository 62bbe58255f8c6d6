import { finalRunStatuses } from '../../../src/core/runs/run';
import { runSelections } from '../../../src/core/runs/run-selections';

describe('runSelections', () => {
  it('claims runs waiting to start and running ones whose lease may have expired', () => {
    expect([...runSelections.claimable].sort()).toEqual(['pending', 'running']);
  });

  it('cancels on resolution only work that is queued: pending or waiting for approval', () => {
    expect([...runSelections.queued].sort()).toEqual(['pending', 'waiting_approval']);
  });

  it('expires approvals of runs waiting for one', () => {
    expect(runSelections.awaitingApproval).toEqual(['waiting_approval']);
  });

  it('never selects a finished run for any of them', () => {
    for (const statuses of Object.values(runSelections)) for (const s of statuses) expect(finalRunStatuses.has(s)).toBe(false);
  });
});

import { runCheckpoint } from '../../../src/core/runs/run-checkpoint';
import type { StepState } from '../../../src/core/runs/run';
import { now } from './build-run';

const steps: StepState[] = [{ id: 'restart', phase: 'main', action: 'http', status: 'running', attempts: 1, startedAt: now }];

describe('runCheckpoint', () => {
  it('writes only what the patch names, stamped now, tagging its timeline entries with the run', () => {
    const cp = runCheckpoint('run_1', { now, steps, events: [{ type: 'step', message: 'step restart started', data: { stepId: 'restart' } }] });
    expect(cp).toEqual({
      change: { set: { updatedAt: now, steps }, releaseLocks: false, events: [{ type: 'step', message: 'step restart started', data: { runId: 'run_1', stepId: 'restart' } }] },
      failureCounter: null,
      postmortem: null,
    });
  });

  it('extends the lease on a heartbeat', () => {
    expect(runCheckpoint('run_1', { now, leaseExpiresAt: '2026-03-14T10:00:30.000Z' }).change.set).toEqual({ updatedAt: now, leaseExpiresAt: '2026-03-14T10:00:30.000Z' });
  });

  it('gives the lease up on a release, claimable again after notBefore (a release wins over a heartbeat)', () => {
    const approval = { approvers: ['U1'], requestedAt: now, expiresAt: '2026-03-14T10:15:00.000Z' };
    const cp = runCheckpoint('run_1', { now, status: 'waiting_approval', approval, reason: 'waiting', leaseExpiresAt: '2026-03-14T10:00:30.000Z', release: { notBefore: '2026-03-14T10:15:00.000Z' } });
    expect(cp.change).toEqual({
      set: { updatedAt: now, status: 'waiting_approval', approval, reason: 'waiting', leaseOwner: null, leaseExpiresAt: null, notBefore: '2026-03-14T10:15:00.000Z' },
      releaseLocks: false,
      events: [],
    });
    expect(runCheckpoint('run_1', { now, release: {} }).change.set.notBefore).toBeNull();
  });

  it('finishes: stamps finishedAt, releases lease and locks, resets the breaker on success, no postmortem', () => {
    expect(runCheckpoint('run_1', { now, status: 'succeeded', finished: true })).toEqual({
      change: { set: { updatedAt: now, status: 'succeeded', leaseOwner: null, leaseExpiresAt: null, notBefore: null, finishedAt: now }, releaseLocks: true, events: [] },
      failureCounter: 'reset',
      postmortem: null,
    });
  });

  it('schedules the postmortem at once when a run finishes failed or needs attention', () => {
    expect(runCheckpoint('run_1', { now, status: 'failed', finished: true })).toMatchObject({
      failureCounter: 'increment',
      postmortem: { reason: 'remediation failed: run run_1', dueAt: now },
    });
    expect(runCheckpoint('run_1', { now, status: 'needs_attention', finished: true }).postmortem).toEqual({ reason: 'remediation needs_attention: run run_1', dueAt: now });
  });

  it('counts a compensated run as a failure without a postmortem; a cancelled one touches neither', () => {
    expect(runCheckpoint('run_1', { now, status: 'compensated', finished: true })).toMatchObject({ failureCounter: 'increment', postmortem: null });
    expect(runCheckpoint('run_1', { now, status: 'cancelled', finished: true })).toMatchObject({ failureCounter: null, postmortem: null });
  });

  it('feeds neither the breaker nor postmortems from a status written without finishing', () => {
    expect(runCheckpoint('run_1', { now, status: 'failed' })).toMatchObject({ change: { releaseLocks: false }, failureCounter: null, postmortem: null });
  });
});

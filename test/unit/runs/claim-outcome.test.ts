import { claimOutcome } from '../../../src/core/runs/claim-outcome';
import { buildRun, now } from './build-run';

const claim = { owner: 'proc-a', now, leaseMs: 30_000 };

describe('claimOutcome', () => {
  describe('when the guardrails admit the run', () => {
    it('leases it to the claimer as running, starts it now and takes its lock', () => {
      const outcome = claimOutcome(buildRun({ lockKey: 'restart-pod:web-1', reason: 'waiting for lock' }), { kind: 'admit' }, claim);
      expect(outcome).toEqual({
        kind: 'lease',
        takeLock: 'restart-pod:web-1',
        change: {
          set: { status: 'running', reason: null, leaseOwner: 'proc-a', leaseExpiresAt: '2026-03-14T10:00:30.000Z', startedAt: now, notBefore: null, updatedAt: now },
          releaseLocks: false,
          events: [],
        },
      });
    });

    it('keeps the first start of a run taken over after its owner died', () => {
      const outcome = claimOutcome(buildRun({ status: 'running', startedAt: '2026-03-14T09:50:00.000Z' }), { kind: 'admit' }, claim);
      expect(outcome.change.set.startedAt).toBe('2026-03-14T09:50:00.000Z');
    });

    it('says on the timeline when it takes over a lease another owner let expire', () => {
      const taken = buildRun({ status: 'running', startedAt: '2026-03-14T09:50:00.000Z' });
      const outcome = claimOutcome(taken, { kind: 'admit' }, claim, { owner: 'proc-dead', expiresAt: '2026-03-14T09:59:58.000Z' });
      expect(outcome.change.events).toEqual([
        {
          type: 'run_status',
          message: 'run run_1 taken over by proc-a: the lease of proc-dead expired at 2026-03-14T09:59:58.000Z',
          data: { runId: 'run_1', owner: 'proc-a', takenOverFrom: 'proc-dead' },
        },
      ]);
      expect(outcome.change.set).toMatchObject({ leaseOwner: 'proc-a', status: 'running' });
    });

    it('records no takeover when a deferred run carrying a dead lease is held, nor for a run nobody held', () => {
      const defer = { kind: 'defer' as const, reason: 'waiting for lock k', guardrail: 'locked', retryInMs: 250 };
      const held = { owner: 'proc-dead', expiresAt: '2026-03-14T09:59:58.000Z' };
      expect(claimOutcome(buildRun({ reason: defer.reason }), defer, claim, held).change.events).toEqual([]);
      expect(claimOutcome(buildRun(), { kind: 'admit' }, claim, { owner: null, expiresAt: null }).change.events).toEqual([]);
    });

    it('takes no lock for a run without a lock key', () => {
      expect(claimOutcome(buildRun(), { kind: 'admit' }, claim)).toMatchObject({ kind: 'lease', takeLock: null });
    });
  });

  describe('when the guardrails defer the run', () => {
    const defer = { kind: 'defer' as const, reason: 'kill switch on (U1: incident)', guardrail: 'kill_switch', retryInMs: 1_000 };

    it('holds it until the retry time with the reason, and says so on the timeline', () => {
      expect(claimOutcome(buildRun(), defer, claim)).toEqual({
        kind: 'defer',
        hit: { runId: 'run_1', playbook: 'restart-pod', kind: 'defer', guardrail: 'kill_switch', reason: 'kill switch on (U1: incident)' },
        change: {
          set: { notBefore: '2026-03-14T10:00:01.000Z', reason: 'kill switch on (U1: incident)', updatedAt: now },
          releaseLocks: false,
          events: [{ type: 'run_status', message: 'run run_1 (restart-pod) waiting: kill switch on (U1: incident)', data: { runId: 'run_1', playbook: 'restart-pod', guardrail: 'kill_switch' } }],
        },
      });
    });

    it('writes no second timeline entry while the reason stays the same', () => {
      const outcome = claimOutcome(buildRun({ reason: defer.reason }), defer, claim);
      expect(outcome.change.events).toEqual([]);
      expect(outcome.change.set.notBefore).toBe('2026-03-14T10:00:01.000Z');
    });
  });

  it('cancels a run the guardrails refuse: finished, locks released, reason recorded', () => {
    const outcome = claimOutcome(buildRun(), { kind: 'cancel', reason: 'budget: 3 runs', guardrail: 'budget' }, claim);
    expect(outcome).toMatchObject({
      kind: 'cancel',
      hit: { runId: 'run_1', playbook: 'restart-pod', kind: 'cancel', guardrail: 'budget', reason: 'budget: 3 runs' },
      change: { set: { status: 'cancelled', reason: 'budget: 3 runs', finishedAt: now }, releaseLocks: true },
    });
    expect(outcome.change.events.map((e) => e.message)).toEqual(['run run_1 (restart-pod) cancelled: budget: 3 runs']);
  });
});

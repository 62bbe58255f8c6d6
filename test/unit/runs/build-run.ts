import type { Playbook } from '../../../src/core/playbooks/playbook';
import type { Run } from '../../../src/core/runs/run';

export const now = '2026-03-14T10:00:00.000Z';

/** A valid playbook snapshot; override what the case is about. */
export function buildDefinition(overrides: Partial<Playbook> = {}): Playbook {
  return {
    name: 'restart-pod',
    match: ['alertname="DiskFull"'],
    status: 'firing',
    mode: 'auto',
    approvers: ['U1'],
    approval: { expiresMs: 15 * 60_000, onExpiry: 'reject' },
    params: {},
    per: 'incident',
    lockPolicy: 'wait',
    limits: {},
    breakerThreshold: 3,
    continueOnResolve: false,
    steps: [],
    onFailure: [],
    ...overrides,
  };
}

/** A pending run of `restart-pod` that has not started; `definition` overrides its playbook snapshot. */
export function buildRun(overrides: Partial<Run> = {}, definition: Partial<Playbook> = {}): Run {
  return {
    id: 'run_1',
    incidentId: 'inc_1',
    correlationId: 'group-1',
    playbook: 'restart-pod',
    playbookVersion: 'sha256:test',
    definition: buildDefinition(definition),
    scopeKey: 'incident',
    alertKey: null,
    mode: 'auto',
    status: 'pending',
    reason: null,
    context: { labels: {}, annotations: {}, commonLabels: {}, params: {} },
    steps: [],
    approval: null,
    lockKey: null,
    createdAt: '2026-03-14T09:59:00.000Z',
    startedAt: null,
    finishedAt: null,
    updatedAt: '2026-03-14T09:59:00.000Z',
    trigger: 'alert',
    ...overrides,
  };
}

/** A run parked at its approval gate, expiring at `expiresAt`. */
export function buildWaitingRun(expiresAt = '2026-03-14T10:15:00.000Z', definition: Partial<Playbook> = {}): Run {
  return buildRun(
    { status: 'waiting_approval', startedAt: '2026-03-14T09:59:30.000Z', approval: { approvers: ['U1'], requestedAt: '2026-03-14T09:59:30.000Z', expiresAt } },
    definition,
  );
}

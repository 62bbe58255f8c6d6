import type { RunSeedWithTimeline } from '../../../src/core/runs/run-event';
import { seedRun } from '../../../src/core/runs/seed-run';
import { buildDefinition, now } from './build-run';

const seed = (s: Partial<RunSeedWithTimeline> = {}): RunSeedWithTimeline => ({
  playbook: 'restart-pod',
  playbookVersion: 'sha256:test',
  definition: buildDefinition(),
  scopeKey: 'incident',
  alertKey: null,
  mode: 'auto',
  status: 'pending',
  reason: null,
  context: { labels: { pod: 'web-1' }, annotations: {}, commonLabels: {}, params: {} },
  steps: [{ id: 'restart', phase: 'main', action: 'http', status: 'pending', attempts: 0 }],
  lockKey: 'restart-pod:web-1',
  trigger: 'alert',
  ...s,
});
const at = { runId: 'run_1', incident: { id: 'inc_1', correlationId: 'group-1' }, now };

describe('seedRun', () => {
  it('makes a pending run of the incident, not started, created now', () => {
    const { run } = seedRun(seed(), at);
    expect(run).toEqual({
      ...seed(),
      id: 'run_1',
      incidentId: 'inc_1',
      correlationId: 'group-1',
      approval: null,
      createdAt: now,
      startedAt: null,
      finishedAt: null,
      updatedAt: now,
    });
  });

  it('stores a seed that failed before any step already finished', () => {
    expect(seedRun(seed({ status: 'failed', reason: 'bad param' }), at).run).toMatchObject({ status: 'failed', reason: 'bad param', finishedAt: now });
  });

  it('records the creation first, then the seed’s own entries tagged with the run', () => {
    const { events } = seedRun(seed({ trigger: 'U1', events: [{ type: 'run_status', message: 'manual run by U1', data: { by: 'U1' } }] }), at);
    expect(events).toEqual([
      { type: 'run_status', message: 'playbook restart-pod matched: run run_1 created (mode auto, trigger U1)', data: { runId: 'run_1', playbook: 'restart-pod', status: 'pending' } },
      { type: 'run_status', message: 'manual run by U1', data: { runId: 'run_1', by: 'U1' } },
    ]);
  });
});

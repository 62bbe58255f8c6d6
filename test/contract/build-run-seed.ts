import type { Playbook } from '../../src/core/playbooks/playbook';
import { initialSteps } from '../../src/core/runs/run';
import type { RunSeedWithTimeline } from '../../src/store/store';
import { buildPlaybook } from './build-playbook';

/**
 * A pending run seed for `restart-pod` (scope `incident`, no lock); `seed` overrides seed fields,
 * `playbook` the playbook snapshot the run carries (limits, breaker threshold, approval expiry…).
 */
export function buildRunSeed(seed: Partial<RunSeedWithTimeline> = {}, playbook: Partial<Playbook> = {}): RunSeedWithTimeline {
  const definition = buildPlaybook(playbook);
  return {
    playbook: definition.name,
    playbookVersion: 'sha256:contract',
    definition,
    scopeKey: 'incident',
    alertKey: null,
    mode: definition.mode,
    status: 'pending',
    reason: null,
    context: { labels: { alertname: 'DiskFull' }, annotations: {}, commonLabels: {}, params: {} },
    steps: initialSteps(definition),
    lockKey: null,
    trigger: 'alert',
    ...seed,
  };
}

import type { TemplateScope } from '../../../src/engine/render-template';

/** A scope like the one a run of restart-crashlooping-deployment sees after its `check` step. */
export function buildScope(overrides: Partial<TemplateScope> = {}): TemplateScope {
  return {
    labels: { alertname: 'KubePodCrashLooping', namespace: 'prod', deployment: 'checkout', severity: 'critical', replicas: '3' },
    annotations: { summary: 'checkout crash-loops' },
    commonLabels: { alertname: 'KubePodCrashLooping', namespace: 'prod' },
    params: { deployment: 'checkout' },
    steps: { check: { output: { status: 'degraded', value: 7, healthy: false, pods: ['a-1', 'a-2'], detail: { ready: 1 }, none: null } } },
    incident: { id: 'inc_1', correlationId: 'group-1' },
    run: { id: 'run_1' },
    ...overrides,
  };
}

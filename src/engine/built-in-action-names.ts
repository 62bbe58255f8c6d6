/**
 * Names of the actions `mendbot serve` registers (src/wiring/create-integrations.ts), for `mendbot validate` to flag unknown
 * actions without starting anything. test/unit/engine/built-in-action-names.test.ts keeps the two in step.
 */
export const builtInActionNames: ReadonlySet<string> = new Set([
  'http',
  'exec',
  'prometheus.check',
  'wait',
  'notify',
  'approval',
  'kubernetes.rollout_restart',
  'kubernetes.scale',
  'kubernetes.delete_pod',
  'kubernetes.cordon_node',
  'pagerduty.trigger',
  'pagerduty.escalate',
  'pagerduty.acknowledge',
  'pagerduty.resolve',
  // Registered only when ALERTMANAGER_URL is set; listed so `mendbot validate` knows them either way.
  'alertmanager.silence',
  'alertmanager.expire_silence',
]);

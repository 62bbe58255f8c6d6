import type { Playbook } from '../../src/core/playbooks/playbook';

/** A complete, valid playbook snapshot for run seeds; override what the test is about. */
export function buildPlaybook(overrides: Partial<Playbook> = {}): Playbook {
  return {
    name: 'restart-pod',
    match: ['alertname="DiskFull"'],
    status: 'firing',
    mode: 'auto',
    approvers: ['U1', 'U2'],
    approval: { expiresMs: 15 * 60_000, onExpiry: 'reject' },
    params: {},
    per: 'incident',
    lockPolicy: 'wait',
    limits: {},
    breakerThreshold: 3,
    continueOnResolve: false,
    steps: [
      {
        id: 'restart',
        action: 'http',
        with: { url: 'http://127.0.0.1:9/restart' },
        retry: { attempts: 1, backoff: 'fixed', initialMs: 0, maxMs: 0 },
        timeoutMs: 1_000,
        compensate: [],
      },
    ],
    onFailure: [],
    ...overrides,
  };
}

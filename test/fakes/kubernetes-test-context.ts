import pino from 'pino';
import { type Clock, systemClock } from '../../src/core/clock';
import type { ActionContext } from '../../src/engine/action';

/** The ActionContext the executor would pass, for calling an action's execute directly in tests. */
export function kubernetesTestContext(clock: Clock = systemClock, signal = new AbortController().signal): ActionContext {
  const approval = { state: null, approvers: [], expiresMs: 0 };
  return { runId: 'run_1', incidentId: 'inc_1', stepId: 'step', commonLabels: {}, attempt: 1, signal, log: pino({ level: 'silent' }), clock, approval };
}

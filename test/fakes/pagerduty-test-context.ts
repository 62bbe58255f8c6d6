import pino from 'pino';
import { type Clock, createManualClock } from '../../src/core/clock';
import type { ActionContext } from '../../src/engine/action';

/** The ActionContext the executor would pass, for calling an action's execute directly in tests. */
export function pagerDutyTestContext(options: { clock?: Clock; signal?: AbortSignal } = {}): ActionContext {
  const approval = { state: null, approvers: [], expiresMs: 0 };
  const clock = options.clock ?? createManualClock('2026-03-14T09:41:07.314Z');
  const signal = options.signal ?? new AbortController().signal;
  return { runId: 'run_1', incidentId: 'inc_1', stepId: 'escalate', commonLabels: {}, attempt: 1, signal, log: pino({ level: 'silent' }), clock, approval };
}

import type { Run } from '../core/runs/run';

/**
 * Which guardrail held a stored run, read from the reason admitRun gave it (the reasons are written in
 * src/engine/admit-run.ts; a run cancelled or waiting for anything else is not held by a guardrail).
 */
export function guardrailOfRun(run: Pick<Run, 'status' | 'startedAt' | 'reason'>): string | null {
  if (run.startedAt !== null || run.reason === null) return null;
  if (run.status !== 'cancelled' && run.status !== 'pending') return null;
  const reason = run.reason;
  if (reason.startsWith('budget:')) return 'budget';
  if (reason.startsWith('cooldown:')) return 'cooldown';
  if (reason.startsWith('lock ') || reason.startsWith('waiting for lock ')) return 'locked';
  if (reason.startsWith('kill switch on')) return 'kill_switch';
  if (/^playbook .* paused \(/.test(reason)) return 'paused';
  if (reason === 'incident resolved before the run started') return 'resolved';
  return null;
}

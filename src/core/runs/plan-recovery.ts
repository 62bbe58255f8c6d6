import type { Run, StepState } from './run';

/**
 * The recovery a failed main step calls for (the saga pattern): the compensations of the main steps that
 * completed, newest first, then the playbook's on_failure steps, all pending. Empty unless a main step has
 * failed and no recovery step is planned yet, so applying it again (a second checkpoint, a restart) never
 * plans twice. The executor stores these in the same checkpoint that records the failure, so a crash can
 * never leave a failure without its rollback.
 */
export function planRecovery(run: Pick<Run, 'steps' | 'definition'>): StepState[] {
  const failed = run.steps.some((s) => s.phase === 'main' && s.status === 'failed');
  if (!failed || run.steps.some((s) => s.phase !== 'main')) return [];
  const out: StepState[] = [];
  const completed = run.steps.filter((s) => s.phase === 'main' && s.status === 'succeeded').reverse();
  for (const state of completed) {
    const def = run.definition.steps.find((s) => s.id === state.id);
    def?.compensate.forEach((c, n) => out.push({ id: `${def.id}.compensate.${n}`, phase: 'compensate', action: c.action, status: 'pending', attempts: 0 }));
  }
  run.definition.onFailure.forEach((s, n) => out.push({ id: `on_failure.${n}`, phase: 'on_failure', action: s.action, status: 'pending', attempts: 0 }));
  return out;
}

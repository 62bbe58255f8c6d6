import type { Run, StepState } from '../core/runs/run';

/**
 * The recovery steps after a main step failed (the saga pattern): the compensations of the steps that
 * completed, newest first, then the playbook's on_failure steps. Created all at once and checkpointed,
 * so a restart continues the same plan.
 */
export function planFailureSteps(run: Run): StepState[] {
  const out: StepState[] = [];
  const completed = run.steps.filter((s) => s.phase === 'main' && s.status === 'succeeded').reverse();
  for (const state of completed) {
    const def = run.definition.steps.find((s) => s.id === state.id);
    if (!def) continue;
    def.compensate.forEach((c, n) => out.push({ id: `${def.id}.compensate.${n}`, phase: 'compensate', action: c.action, status: 'pending', attempts: 0 }));
  }
  run.definition.onFailure.forEach((s, n) => out.push({ id: `on_failure.${n}`, phase: 'on_failure', action: s.action, status: 'pending', attempts: 0 }));
  return out;
}

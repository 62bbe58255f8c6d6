import type { PlaybookStep } from '../core/playbooks/playbook';
import type { Run } from '../core/runs/run';
import type { TemplateScope } from './render-template';
import { secretPlaceholders, secretReferences } from './secrets/secret-references';

/**
 * What `{{ }}` templates and `when:` conditions of a run can see: its snapshot plus earlier outputs. Secrets
 * appear as their own placeholders (a render for display shows `{{ secrets.NAME }}`); only the executor puts
 * real values in, for the action's input alone.
 *
 * Recovery step states keep their stored ids (`<step>.compensate.<n>`, `on_failure.<n>`: runs already in a
 * store use them), but a playbook names those steps by their playbook id (declared, or defaulted to
 * `<step>_compensate_<n>` / `on_failure_<n>`), so their outputs are also under that id. A main step's state
 * wins a clash (only the implicit `approval` gate can clash: ids are unique within a playbook).
 */
export function buildRunScope(run: Run): TemplateScope {
  const steps: Record<string, { output: Record<string, unknown> }> = {};
  for (const s of run.steps) if (s.output) steps[s.id] = { output: s.output };
  for (const s of run.steps) {
    if (!s.output || s.phase === 'main') continue;
    const id = stepDefinition(run, s.id)?.id;
    if (id !== undefined && !Object.hasOwn(steps, id)) steps[id] = { output: s.output };
  }
  return {
    labels: run.context.labels,
    annotations: run.context.annotations,
    commonLabels: run.context.commonLabels,
    params: run.context.params,
    steps,
    incident: { id: run.incidentId, correlationId: run.correlationId },
    run: { id: run.id },
    secrets: secretPlaceholders(definitionSecrets(run)),
  };
}

function definitionSecrets(run: Run): string[] {
  const pb = run.definition;
  try {
    return secretReferences([pb.steps.map((s) => [s.with, s.compensate.map((c) => c.with)]), pb.onFailure.map((s) => s.with)]);
  } catch {
    return []; // a malformed template fails its own step with its own message
  }
}

const implicitGate: PlaybookStep = {
  id: 'approval',
  action: 'approval',
  with: {},
  retry: { attempts: 1, backoff: 'fixed', initialMs: 0, maxMs: 0 },
  timeoutMs: 60_000,
  compensate: [],
};

/** The playbook step behind a step state (main, compensation or on_failure), from the run's snapshot. */
export function stepDefinition(run: Run, stateId: string): PlaybookStep | undefined {
  const pb = run.definition;
  const comp = /^(.+)\.compensate\.(\d+)$/.exec(stateId);
  if (comp) return pb.steps.find((s) => s.id === comp[1])?.compensate[Number(comp[2])];
  const onFailure = /^on_failure\.(\d+)$/.exec(stateId);
  if (onFailure) return pb.onFailure[Number(onFailure[1])];
  return pb.steps.find((s) => s.id === stateId) ?? (stateId === 'approval' ? implicitGate : undefined);
}

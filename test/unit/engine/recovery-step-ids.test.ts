import type { StepState } from '../../../src/core/runs/run';
import { renderTemplate } from '../../../src/engine/render-template';
import { buildRunScope, stepDefinition } from '../../../src/engine/run-scope';
import { findStepReferenceProblems } from '../../../src/playbooks/find-step-reference-problems';
import { simulateAlerts } from '../../../src/runs/simulate-alerts';
import { buildAlert } from '../../helpers/build-delivery';
import { playbookFromYaml } from '../../helpers/start-engine';
import { buildRun } from '../runs/build-run';

// One id per recovery step everywhere a person writes or reads it: its playbook id (declared, or
// `<step>_compensate_<n>` / `on_failure_<n>`), while the stored state ids stay `<step>.compensate.<n>` /
// `on_failure.<n>` so runs stored before keep resolving.
const loaded = playbookFromYaml(`
name: recovery-ids
mode: auto
match: ['alertname="DiskFull"']
steps:
  - id: drain
    action: notify
    with: { text: drain }
    compensate:
      - { id: undrain, action: notify, with: { text: "undrain" } }
      - { action: notify, with: { text: "undrain again after {{ steps.undrain.output.n }}" } }
  - id: resize
    action: notify
    with: { text: resize }
    compensate: [{ action: notify, with: { text: "unresize" } }]
  - id: verify
    action: notify
    with: { text: verify }
on_failure:
  - action: notify
    with: { text: "undone {{ steps.undrain.output.n }} and {{ steps.drain_compensate_2.output.n }} after {{ steps.resize_compensate_1.output.n }}" }
  - id: page
    action: notify
    with: { text: "after {{ steps.on_failure_1.output.n }}" }
`);
const definition = loaded.playbook;

const state = (id: string, phase: StepState['phase'], n?: number): StepState => ({
  id, phase, action: 'notify', status: 'succeeded', attempts: 1, ...(n === undefined ? {} : { output: { n } }),
});

describe('recovery step ids', () => {
  // A run as stored: verify failed, the compensations ran newest first, on_failure.0 ran.
  const stored = buildRun({
    status: 'running',
    steps: [
      state('drain', 'main', 1), state('resize', 'main', 2), { ...state('verify', 'main'), status: 'failed' },
      state('resize.compensate.0', 'compensate', 3), state('drain.compensate.0', 'compensate', 4), state('drain.compensate.1', 'compensate', 5),
      state('on_failure.0', 'on_failure', 6), { ...state('on_failure.1', 'on_failure'), status: 'pending' },
    ],
  }, definition);

  it('stepDefinition still resolves the stored state ids to the playbook steps', () => {
    expect(['resize.compensate.0', 'drain.compensate.0', 'drain.compensate.1', 'on_failure.0', 'on_failure.1', 'verify'].map((id) => stepDefinition(stored, id)?.id))
      .toEqual(['resize_compensate_1', 'undrain', 'drain_compensate_2', 'on_failure_1', 'page', 'verify']);
    expect(stepDefinition(stored, 'drain.compensate.7')).toBeUndefined();
  });

  it('the template scope has each recovery output under its playbook id, declared or defaulted, and its state id', () => {
    const scope = buildRunScope(stored);
    expect(renderTemplate(definition.onFailure[0]!.with, scope, 'with')).toEqual({ text: 'undone 4 and 5 after 3' });
    expect(renderTemplate(definition.onFailure[1]!.with, scope, 'with')).toEqual({ text: 'after 6' });
    expect(scope.steps).toMatchObject({ 'drain.compensate.0': { output: { n: 4 } }, 'on_failure.0': { output: { n: 6 } }, undrain: { output: { n: 4 } } });
  });

  it("a main step's state wins over a recovery step with the same playbook id (the implicit approval gate)", () => {
    const gated = buildRun({
      steps: [state('approval', 'main', 1), { ...state('x', 'main'), status: 'failed' }, state('on_failure.0', 'on_failure', 2)],
    }, { ...definition, steps: [{ ...definition.steps[0]!, id: 'x', compensate: [] }], onFailure: [{ ...definition.onFailure[0]!, id: 'approval' }] });
    expect(buildRunScope(gated).steps).toMatchObject({ approval: { output: { n: 1 } }, 'on_failure.0': { output: { n: 2 } } });
  });

  it('validate accepts recovery steps reading earlier recovery steps by their playbook ids', () => {
    expect(findStepReferenceProblems(definition)).toEqual([]);
  });

  it('validate rejects a recovery step reading a step that runs after it, or itself', () => {
    const bad = playbookFromYaml(`
name: late-reads
match: ['alertname="DiskFull"']
steps:
  - id: drain
    action: notify
    compensate:
      - action: notify
        with: { text: "{{ steps.resize_compensate_1.output.n }} {{ steps.undo_drain.output.n }}" }
      - id: undo_drain
        action: notify
        with: { text: "{{ steps.page.output.n }} {{ steps.drain_compensate_1.output.n }}" }
  - id: resize
    action: notify
    with: { text: "{{ steps.undo_drain.output.n }}" }
    compensate: [{ action: notify, with: { text: "{{ steps.undo_drain.output.n }}" } }]
on_failure:
  - action: notify
    with: { text: "{{ steps.page.output.n }} {{ steps.on_failure_1.output.n }}" }
  - id: page
    action: notify
    with: { text: "{{ steps.on_fialure_1.output.n }}" }
`).playbook;
    expect(findStepReferenceProblems(bad).map((p) => `${p.path.join('.')}: ${p.message}`)).toEqual([
      // drain's first compensation runs after resize's (newest first) and before undo_drain: one read is fine.
      'steps.0.compensate.0.with.text: steps.undo_drain.output.n: step "undo_drain" (steps[0].compensate[1]) runs after this one; a step can only read the outputs of steps before it',
      'steps.0.compensate.1.with.text: steps.page.output.n: step "page" (on_failure[1]) runs after this one; a step can only read the outputs of steps before it',
      'steps.1.with.text: steps.undo_drain.output.n: "undo_drain" is a compensate step; only the outputs of main steps (under steps:) can be read',
      'steps.1.compensate.0.with.text: steps.undo_drain.output.n: step "undo_drain" (steps[0].compensate[1]) runs after this one; a step can only read the outputs of steps before it',
      'on_failure.0.with.text: steps.page.output.n: step "page" (on_failure[1]) runs after this one; a step can only read the outputs of steps before it',
      'on_failure.0.with.text: steps.on_failure_1.output.n: a step cannot read its own output',
      'on_failure.1.with.text: steps.on_fialure_1.output.n: no step "on_fialure_1" in this playbook; did you mean "on_failure_1"?',
    ]);
  });

  it('simulate names every step by its playbook id', () => {
    const lines: string[] = [];
    simulateAlerts([buildAlert({ name: 'DiskFull', labels: { alertname: 'DiskFull' } })], [loaded], (l) => lines.push(l));
    const ids = lines.filter((l) => l.startsWith('    ')).map((l) => l.trim().split(':')[0]);
    expect(ids).toEqual([
      'drain', 'resize', 'verify',
      'undrain (compensates drain if a later step fails)',
      'drain_compensate_2 (compensates drain if a later step fails)',
      'resize_compensate_1 (compensates resize if a later step fails)',
      'on_failure_1 (on_failure)',
      'page (on_failure)',
    ]);
  });
});

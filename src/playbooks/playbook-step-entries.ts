import type { Playbook, PlaybookStep } from '../core/playbooks/playbook';

/** A step of a playbook with where it sits in the YAML and in which part of a run it executes. */
export interface PlaybookStepEntry {
  step: PlaybookStep;
  /** e.g. `['steps', 1]`, `['steps', 1, 'compensate', 0]`, `['on_failure', 0]`. */
  path: Array<string | number>;
  phase: 'main' | 'compensate' | 'on_failure';
  /** For main and compensate steps: the index of the main step (the one compensated). */
  mainIndex?: number;
}

/** Every step in file order: each main step followed by its compensate steps, then on_failure. */
export function playbookStepEntries(playbook: Playbook): PlaybookStepEntry[] {
  const out: PlaybookStepEntry[] = [];
  playbook.steps.forEach((step, i) => {
    out.push({ step, path: ['steps', i], phase: 'main', mainIndex: i });
    step.compensate.forEach((c, j) => out.push({ step: c, path: ['steps', i, 'compensate', j], phase: 'compensate', mainIndex: i }));
  });
  playbook.onFailure.forEach((step, i) => out.push({ step, path: ['on_failure', i], phase: 'on_failure' }));
  return out;
}

import { closestName } from '../config/closest-name';
import type { Playbook } from '../core/playbooks/playbook';
import type { PlaybookIssue } from './playbook-issue';
import { playbookStepEntries } from './playbook-step-entries';
import { templateReferences, type TemplateReference } from './step-template-references';

/**
 * `steps.<id>.output…` in templates and `when:` that can never resolve: an id no step has, a step that
 * runs later (or the step itself), a compensate or on_failure step (only main steps' outputs are in the
 * scope), or a path that skips `.output`. A main step reads the steps before it; compensate and on_failure
 * steps run after the main steps and may read any of them (one that did not run fails that step's render).
 * `lock:` is rendered when the run is created, before any step, so it reads no step at all.
 */
export function findStepReferenceProblems(playbook: Playbook): PlaybookIssue[] {
  const entries = playbookStepEntries(playbook);
  const mainIndex = new Map(playbook.steps.map((s, i) => [s.id, i]));
  const recoveryIds = new Map(entries.filter((e) => e.phase !== 'main').map((e) => [e.step.id, e.phase]));
  const issue = (ref: TemplateReference, message: string): PlaybookIssue => ({ path: ref.path, message, rule: 'step-reference' });
  const out: PlaybookIssue[] = [];
  const seen = new Set<string>();
  for (const ref of templateReferences(playbook)) {
    const segments = ref.reference.split('.');
    if (segments[0] !== 'steps') continue;
    const key = `${JSON.stringify(ref.path)} ${ref.reference}`;
    if (seen.has(key)) continue; // the same reference twice in one value is one mistake
    seen.add(key);
    const id = segments[1]!;
    const target = mainIndex.get(id);
    if (ref.entry === undefined) {
      out.push(issue(ref, `{{ ${ref.reference} }}: lock is rendered when the run is created, before any step runs; it cannot read step outputs`));
    } else if (target === undefined) {
      const phase = recoveryIds.get(id);
      if (phase !== undefined) {
        out.push(issue(ref, `${ref.reference}: "${id}" is ${phase === 'compensate' ? 'a compensate' : 'an on_failure'} step; only the outputs of main steps (under steps:) can be read`));
      } else {
        const hint = closestName(id, [...mainIndex.keys()], Math.max(2, Math.ceil(id.length / 3)));
        out.push(issue(ref, `${ref.reference}: no step "${id}" in this playbook${hint ? `; did you mean "${hint}"?` : ''}`));
      }
    } else if (segments.length < 3 || segments[2] !== 'output') {
      out.push(issue(ref, `${ref.reference}: a step is read through its output: write steps.${id}.output.<field>`));
    } else if (ref.entry.phase === 'main' && target === ref.entry.mainIndex) {
      out.push(issue(ref, `${ref.reference}: a step cannot read its own output`));
    } else if (ref.entry.phase === 'main' && target > ref.entry.mainIndex!) {
      out.push(issue(ref, `${ref.reference}: step "${id}" (steps[${target}]) runs after this one; a step can only read the outputs of steps before it`));
    }
  }
  return out;
}

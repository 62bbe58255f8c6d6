import { closestName } from '../config/closest-name';
import type { Playbook } from '../core/playbooks/playbook';
import { formatFieldPath } from './playbook-error';
import type { PlaybookIssue } from './playbook-issue';
import { playbookStepEntries, type PlaybookStepEntry } from './playbook-step-entries';
import { templateReferences, type TemplateReference } from './step-template-references';

/**
 * `steps.<id>.output…` in templates and `when:` that can never resolve: an id no step has, a step that
 * runs later (or the step itself), or a path that skips `.output`. Steps are named by their playbook id,
 * compensate and on_failure steps too (declared, or defaulted to `<step>_compensate_<n>` / `on_failure_<n>`).
 * The order is the run's: main steps in file order; on a failure, the compensate steps of the completed main
 * steps, newest main step first and each one's list in order; then on_failure in order. A main step reads
 * the main steps before it; a recovery step reads every main step and the recovery steps before it (one
 * that did not run fails that step's render). `lock:` is rendered when the run is created, before any
 * step, so it reads no step at all.
 */
export function findStepReferenceProblems(playbook: Playbook): PlaybookIssue[] {
  const entries = new Map(playbookStepEntries(playbook).map((e) => [e.step.id, e]));
  const issue = (ref: TemplateReference, message: string): PlaybookIssue => ({ path: ref.path, message, rule: 'step-reference' });
  const out: PlaybookIssue[] = [];
  for (const ref of templateReferences(playbook)) {
    const segments = ref.reference.split('.');
    if (segments[0] !== 'steps') continue;
    const id = segments[1]!;
    const target = entries.get(id);
    if (ref.entry === undefined) {
      out.push(issue(ref, `{{ ${ref.reference} }}: lock is rendered when the run is created, before any step runs; it cannot read step outputs`));
    } else if (target === undefined) {
      const readable = [...entries.values()].filter((e) => ref.entry!.phase !== 'main' || e.phase === 'main').map((e) => e.step.id);
      const hint = closestName(id, readable, Math.max(2, Math.ceil(id.length / 3)));
      out.push(issue(ref, `${ref.reference}: no step "${id}" in this playbook${hint ? `; did you mean "${hint}"?` : ''}`));
    } else if (ref.entry.phase === 'main' && target.phase !== 'main') {
      // Recovery runs only after a main step failed, so no main step ever sees its output.
      const kind = target.phase === 'compensate' ? 'a compensate' : 'an on_failure';
      out.push(issue(ref, `${ref.reference}: "${id}" is ${kind} step; only the outputs of main steps (under steps:) can be read`));
    } else if (segments.length < 3 || segments[2] !== 'output') {
      out.push(issue(ref, `${ref.reference}: a step is read through its output: write steps.${id}.output.<field>`));
    } else if (target.step.id === ref.entry.step.id) {
      out.push(issue(ref, `${ref.reference}: a step cannot read its own output`));
    } else if (!runsBefore(target, ref.entry)) {
      out.push(issue(ref, `${ref.reference}: step "${id}" (${formatFieldPath(target.path)}) runs after this one; a step can only read the outputs of steps before it`));
    }
  }
  return out;
}

/** Whether `a` can have run (and left an output) before `b` starts, in the order a run executes steps. */
function runsBefore(a: PlaybookStepEntry, b: PlaybookStepEntry): boolean {
  const rank = (e: PlaybookStepEntry) => ({ main: 0, compensate: 1, on_failure: 2 })[e.phase];
  if (rank(a) !== rank(b)) return rank(a) < rank(b);
  if (a.phase === 'compensate' && a.mainIndex !== b.mainIndex) return a.mainIndex! > b.mainIndex!; // newest first
  return position(a) < position(b);
}

/** The index within its own list: main steps by main index, compensate within its step, on_failure in order. */
function position(e: PlaybookStepEntry): number {
  return Number(e.path[e.path.length - 1]);
}

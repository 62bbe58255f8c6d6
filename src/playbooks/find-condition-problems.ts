import type { Playbook } from '../core/playbooks/playbook';
import { ConditionSyntaxError, compileCondition } from '../engine/evaluate-condition';
import type { PlaybookIssue } from './playbook-issue';
import { playbookStepEntries } from './playbook-step-entries';

/** `when:` conditions that do not compile, with the reason and the column inside the condition. */
export function findConditionProblems(playbook: Playbook): PlaybookIssue[] {
  const out: PlaybookIssue[] = [];
  for (const { step, path } of playbookStepEntries(playbook)) {
    if (step.when === undefined) continue;
    try {
      compileCondition(step.when);
    } catch (err) {
      if (!(err instanceof ConditionSyntaxError)) throw err;
      out.push({ path: [...path, 'when'], message: err.message, rule: 'when' });
    }
  }
  return out;
}

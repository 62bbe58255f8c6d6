import { closestName } from '../config/closest-name';
import type { Playbook } from '../core/playbooks/playbook';
import type { PlaybookIssue } from './playbook-issue';
import { playbookStepEntries } from './playbook-step-entries';

/** Steps whose action is not registered, at their `action:` value, with the nearest registered name. */
export function findUnknownActions(playbook: Playbook, known: ReadonlySet<string>): PlaybookIssue[] {
  return playbookStepEntries(playbook)
    .filter(({ step }) => !known.has(step.action))
    .map(({ step, path }) => {
      const hint = closestName(step.action, [...known], Math.max(2, Math.ceil(step.action.length / 3)));
      return { path: [...path, 'action'], rule: 'unknown-action', message: `unknown action "${step.action}"${hint ? `; did you mean "${hint}"?` : ''}` };
    });
}

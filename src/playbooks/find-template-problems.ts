import type { Playbook } from '../core/playbooks/playbook';
import type { PlaybookIssue } from './playbook-issue';
import { playbookStepEntries } from './playbook-step-entries';
import { templateLeaves } from './template-leaves';

/**
 * `{{ }}` placeholders that do not parse, in `with:` and `lock:`: an unclosed `{{`, an empty one, a path
 * that starts with no known name. Without this check they fail only when the step renders, mid-run.
 */
export function findTemplateProblems(playbook: Playbook): PlaybookIssue[] {
  const leaves = [
    ...playbookStepEntries(playbook).flatMap((entry) => templateLeaves(entry.step.with, [...entry.path, 'with'])),
    ...(playbook.lock === undefined ? [] : templateLeaves(playbook.lock, ['lock'])),
  ];
  return leaves.flatMap((leaf) => ('error' in leaf ? [{ path: leaf.path, message: leaf.error, rule: 'template' }] : []));
}

import type { Playbook } from '../core/playbooks/playbook';
import type { PlaybookIssue } from './playbook-issue';
import { playbookStepEntries } from './playbook-step-entries';

/**
 * `exec` steps whose program (`argv[0]`) is not in exec.allowlist: the step would be refused at run time
 * (and a dry run would pretend it could run). The program must be written out: a templated one cannot be
 * checked before the run, and a program chosen by alert data is what the allowlist exists to prevent.
 */
export function findExecAllowlistProblems(playbook: Playbook, allowlist: readonly string[]): PlaybookIssue[] {
  const allowed = new Set(allowlist);
  const out: PlaybookIssue[] = [];
  for (const { step, path } of playbookStepEntries(playbook)) {
    if (step.action !== 'exec') continue;
    const argv = step.with.argv;
    const program = Array.isArray(argv) ? (argv[0] as unknown) : undefined;
    if (typeof program !== 'string') continue; // a missing or malformed argv is the action-input rule's
    const at = [...path, 'with', 'argv', 0];
    if (program.includes('{{')) {
      out.push({ path: at, rule: 'exec-allowlist', message: 'the program must be written out, not a template: exec.allowlist is checked against it before any run' });
    } else if (!allowed.has(program)) {
      const listed = allowlist.length === 0 ? 'exec.allowlist is empty' : `allowed: ${allowlist.join(', ')}`;
      out.push({
        path: at,
        rule: 'exec-allowlist',
        message: `${program} is not in exec.allowlist (${listed}); add it to MENDBOT_EXEC_ALLOWLIST or exec.allowlist in MENDBOT_CONFIG (absolute paths, exact match)`,
      });
    }
  }
  return out;
}

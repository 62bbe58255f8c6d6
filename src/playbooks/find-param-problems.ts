import { closestName } from '../config/closest-name';
import type { Playbook } from '../core/playbooks/playbook';
import type { PlaybookIssue } from './playbook-issue';
import { templateReferences } from './step-template-references';

/**
 * `{{ params.x }}` (in templates, `when:` or `lock:`) with no `x` under `params:`: it would fail every run
 * at render time. A param is a string, so a path below it (`params.x.y`) never resolves either.
 */
export function findParamProblems(playbook: Playbook): PlaybookIssue[] {
  const declared = Object.keys(playbook.params);
  const out: PlaybookIssue[] = [];
  for (const ref of templateReferences(playbook)) {
    const segments = ref.reference.split('.');
    if (segments[0] !== 'params') continue;
    const name = segments[1]!;
    if (segments.length === 1) {
      out.push({ path: ref.path, message: 'params: name the param, e.g. params.service', rule: 'param' });
    } else if (!Object.hasOwn(playbook.params, name)) {
      const hint = closestName(name, declared, Math.max(2, Math.ceil(name.length / 3)));
      const declaredText = declared.length === 0 ? 'the playbook declares no params' : `declared: ${declared.join(', ')}`;
      out.push({ path: ref.path, message: `param "${name}" is not declared in params${hint ? `; did you mean "${hint}"?` : ''} (${declaredText})`, rule: 'param' });
    } else if (segments.length > 2) {
      out.push({ path: ref.path, message: `${ref.reference}: param "${name}" is a string; it has no fields`, rule: 'param' });
    }
  }
  return out;
}

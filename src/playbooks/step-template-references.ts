import { compileCondition } from '../engine/evaluate-condition';
import type { Playbook } from '../core/playbooks/playbook';
import { playbookStepEntries, type PlaybookStepEntry } from './playbook-step-entries';
import { leafReferences, templateLeaves } from './template-leaves';

/** A scope path a playbook reads (`steps.check.output.n`, `params.pvc`), where it is read and by which step. */
export interface TemplateReference {
  reference: string;
  /** The YAML path of the template or `when:` that holds it. */
  path: Array<string | number>;
  /** The step that reads it; undefined for `lock:`, which is rendered before any step exists. */
  entry?: PlaybookStepEntry;
}

/**
 * Every reference in `with:` templates, `when:` conditions and `lock:`, each once per place (the same
 * reference twice in one value is one mistake). Templates and conditions that do not parse contribute
 * nothing: their own rules report them.
 */
export function templateReferences(playbook: Playbook): TemplateReference[] {
  const out: TemplateReference[] = [];
  for (const entry of playbookStepEntries(playbook)) {
    for (const leaf of templateLeaves(entry.step.with, [...entry.path, 'with'])) {
      for (const reference of leafReferences(leaf)) out.push({ reference, path: leaf.path, entry });
    }
    if (entry.step.when !== undefined) {
      for (const reference of conditionReferences(entry.step.when)) out.push({ reference, path: [...entry.path, 'when'], entry });
    }
  }
  if (playbook.lock !== undefined) {
    for (const leaf of templateLeaves(playbook.lock, ['lock'])) {
      for (const reference of leafReferences(leaf)) out.push({ reference, path: ['lock'] });
    }
  }
  const seen = new Set<string>();
  return out.filter((ref) => {
    const key = `${JSON.stringify(ref.path)} ${ref.reference}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function conditionReferences(condition: string): readonly string[] {
  try {
    return compileCondition(condition).references;
  } catch {
    return [];
  }
}

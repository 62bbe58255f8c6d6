import type { z } from 'zod';
import type { Playbook } from '../core/playbooks/playbook';
import { allowedKeysAt } from './allowed-keys-at';
import type { PlaybookChecks } from './playbook-checks';
import type { PlaybookIssue } from './playbook-issue';
import { playbookErrorMap } from './playbook-issue-errors';
import { playbookStepEntries } from './playbook-step-entries';
import { schemaAtPath, stringAcceptance } from './string-acceptance';
import { templateLeaves } from './template-leaves';
import { unknownKeyMessage } from './unknown-key-message';

/** Roots whose values are always strings: labels, annotations, params (checked strings), secrets, ids. */
const stringRoots = new Set(['labels', 'annotations', 'commonLabels', 'params', 'secrets', 'incident', 'run']);

/**
 * Each step's `with:` against its action's own input schema, as the executor will check it after rendering.
 * Literal values are checked as they are. A template is judged by the type it renders to: text around a
 * placeholder, or one placeholder of a label, annotation, param, secret or id, renders to a string, which
 * must be something the schema takes as a string (or coerces); its content is unknown until the run, so
 * patterns, formats and enums are not judged. A value that is exactly one `{{ steps.<id>.output… }}` keeps
 * the output's type, unknown before the run, and is accepted wherever it is.
 */
export function findActionInputProblems(playbook: Playbook, actions: NonNullable<PlaybookChecks['actions']>): PlaybookIssue[] {
  const out: PlaybookIssue[] = [];
  for (const { step, path } of playbookStepEntries(playbook)) {
    const schema: z.ZodType | undefined = actions.get(step.action)?.input;
    if (schema === undefined) continue;
    const withPath = [...path, 'with'];
    const templated = templateLeaves(step.with, []).map((leaf) => ({
      path: leaf.path,
      // A template that does not parse is the template rule's; it counts as "anything" here.
      rendersString: 'parts' in leaf && (leaf.parts.length !== 1 || (typeof leaf.parts[0] !== 'string' && stringRoots.has(leaf.parts[0]!.segments[0]!))),
    }));
    for (const leaf of templated) {
      if (!leaf.rendersString) continue;
      const expected = schemaAtPath(schema, leaf.path);
      const verdict = expected && stringAcceptance(expected);
      if (verdict && !verdict.accepts) {
        out.push({ path: [...withPath, ...leaf.path], rule: 'action-input', message: `${step.action}: must be ${verdict.expected}, but this template renders to a string` });
      }
    }
    let result: ReturnType<z.ZodType['safeParse']>;
    try {
      result = schema.safeParse(step.with, { error: playbookErrorMap });
    } catch {
      continue; // a transform that throws on a placeholder it cannot read: judged when the step runs
    }
    if (result.success) continue;
    const underTemplate = (issuePath: ReadonlyArray<PropertyKey>): boolean =>
      templated.some((t) => t.path.length <= issuePath.length && t.path.every((seg, i) => String(seg) === String(issuePath[i])));
    for (const issue of result.error.issues) {
      if (excused(issue, [], underTemplate)) continue;
      const issuePath = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
      if (issue.code === 'unrecognized_keys') {
        const allowed = allowedKeysAt(schema, issuePath);
        for (const key of issue.keys) {
          out.push({ path: [...withPath, ...issuePath, key], at: 'key', rule: 'action-input', message: `${step.action}: ${unknownKeyMessage(key, allowed)}` });
        }
      } else {
        out.push({ path: [...withPath, ...issuePath], rule: 'action-input', message: `${step.action}: ${issue.message}` });
      }
    }
  }
  return out;
}

/**
 * An issue about a templated value (its content is unknown before rendering) is not reported. A union is
 * excused when one of its branches failed only on templated values.
 */
function excused(issue: z.core.$ZodIssue, prefix: ReadonlyArray<PropertyKey>, underTemplate: (p: ReadonlyArray<PropertyKey>) => boolean): boolean {
  const full = [...prefix, ...issue.path];
  if (underTemplate(full)) return true;
  if (issue.code === 'invalid_union') {
    return issue.errors.some((branch) => branch.length > 0 && branch.every((inner) => excused(inner, full, underTemplate)));
  }
  return false;
}

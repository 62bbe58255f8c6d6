import type { TemplateScope } from '../render-template';
import { renderTemplate } from '../render-template';
import type { SecretSource } from './create-secret-source';
import { secretPlaceholders, secretReferences } from './secret-references';

export interface RenderedStepInput {
  /** What the action receives: every placeholder resolved, secrets included. Never stored. */
  input: unknown;
  /** What the step state records: the same, but each secret left as `{{ secrets.NAME }}`. */
  recorded: unknown;
  /** The values resolved, for redacting anything the action says back (errors, outputs, details). */
  secretValues: string[];
}

/**
 * Renders a step's `with:` twice from one scope: once for the action, with the secrets it names read from
 * `secrets` now (a missing one fails like any missing value: TemplateError naming the placeholder, never
 * the value), and once for the record, with the placeholders kept.
 */
export function renderStepInput(template: unknown, scope: TemplateScope, secrets: SecretSource): RenderedStepInput {
  const names = secretReferences(template);
  const resolved: Record<string, string> = {};
  for (const name of names) {
    const value = secrets.get(name);
    if (value !== undefined) resolved[name] = value;
  }
  const input = renderTemplate(template, { ...scope, secrets: resolved }, 'with');
  if (names.length === 0) return { input, recorded: input, secretValues: [] };
  const recorded = renderTemplate(template, { ...scope, secrets: secretPlaceholders(names) }, 'with');
  return { input, recorded, secretValues: Object.values(resolved) };
}

import { findTemplateReferences } from '../render-template';

/** The secret names `{{ secrets.NAME }}` placeholders in `value` use, in order of first use. */
export function secretReferences(value: unknown): string[] {
  return findTemplateReferences(value)
    .filter((reference) => reference.startsWith('secrets.'))
    .map((reference) => reference.slice('secrets.'.length));
}

/**
 * Each name mapped to its own placeholder text: rendering with these in the scope writes `{{ secrets.NAME }}`
 * back where a value would go (substituted text is never scanned again), which is what records keep.
 */
export function secretPlaceholders(names: readonly string[]): Record<string, string> {
  return Object.fromEntries(names.map((name) => [name, `{{ secrets.${name} }}`]));
}

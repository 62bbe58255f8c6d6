/**
 * Dotted paths into a TemplateScope, shared by `{{ }}` templates and `when:` conditions so both languages
 * reach exactly the same values, and nothing else.
 */

/** The names a path may start with: the TemplateScope fields. Anything else (`process`, `this`) is unknown. */
const scopeRoots: readonly string[] = ['labels', 'annotations', 'commonLabels', 'params', 'steps', 'incident', 'run'];

/**
 * `{{ }}` templates may also name `secrets.NAME`; `when:` conditions may not: a condition that compares a
 * secret would turn the step's skipped/ran record into an oracle for its value.
 */
export const templateRoots: readonly string[] = [...scopeRoots, 'secrets'];

/** A root name, then segments; `-` is allowed after the root because step ids are kebab-case. */
export const pathSource = '[A-Za-z_][A-Za-z0-9_]*(?:\\.[A-Za-z0-9_-]+)*';
const wholePath = new RegExp(`^${pathSource}$`);

// Never resolvable, even as own properties (JSON.parse makes `"__proto__"` an own key): a path must not be a
// way to reach or probe object machinery.
const blocked = new Set(['__proto__', 'prototype', 'constructor']);
const arrayIndex = /^(?:0|[1-9][0-9]*)$/;

/** Splits a path into segments, or explains why it is not one. */
export function parseTemplatePath(text: string, roots: readonly string[] = scopeRoots): { segments: string[] } | { error: string } {
  if (!wholePath.test(text)) return { error: `${JSON.stringify(text)} is not a dotted path like labels.namespace` };
  const segments = text.split('.');
  if (!roots.includes(segments[0]!)) {
    return { error: `unknown name ${segments[0]}: a path starts with ${roots.join(', ')}` };
  }
  if (segments[0] === 'secrets' && segments.length !== 2) return { error: `a secret is named as secrets.NAME, not ${text}` };
  return { segments };
}

/** Follows own properties only (array elements by index); undefined when any step is absent. */
export function lookupTemplatePath(root: unknown, segments: readonly string[]): unknown {
  let current = root;
  for (const segment of segments) {
    if (current === null || typeof current !== 'object' || blocked.has(segment)) return undefined;
    if (Array.isArray(current) && !arrayIndex.test(segment)) return undefined;
    if (!Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

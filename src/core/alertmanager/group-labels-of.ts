/**
 * The group labels an Alertmanager group key carries (`{}/{team="payments"}:{cluster="eu", namespace="prod"}`
 * → `{ cluster: 'eu', namespace: 'prod' }`), i.e. the labels every alert of that group shares by
 * construction. Undefined when the text is not such a key (a correlation template made the ID), or when
 * the group has no labels (group_by: [] puts every alert of the route in it, which says nothing).
 */
export function groupLabelsOf(correlationId: string): Record<string, string> | undefined {
  const m = /:\{((?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*"(?:, )?)+)\}$/.exec(correlationId);
  if (!m?.[1]) return undefined;
  const labels: Record<string, string> = {};
  for (const pair of m[1].matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
    const [, name = '', quoted = ''] = pair;
    // Go's %q escaping; JSON reads the same escapes for the characters label values hold in practice.
    try {
      labels[name] = JSON.parse(`"${quoted}"`) as string;
    } catch {
      return undefined;
    }
  }
  return labels;
}

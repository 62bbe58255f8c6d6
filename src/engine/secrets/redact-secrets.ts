/** What a rendered secret is replaced with wherever it would be recorded. */
const redactedText = '[redacted]';

/**
 * Replaces every occurrence of a secret value in the strings of `value` (objects and arrays deeply; keys
 * too) with `[redacted]`. Also the forms a value takes on the way out: percent-encoded (an error or a
 * `location` header echoing a URL query) and JSON-escaped (a response body quoting a header back). Longest
 * first, so a secret that contains another is not left half visible.
 */
export function redactSecrets<T>(value: T, secretValues: readonly string[]): T {
  const needles = secretForms(secretValues);
  if (needles.length === 0) return value;
  return scrub(value, needles) as T;
}

function secretForms(values: readonly string[]): string[] {
  const forms = new Set<string>();
  for (const v of values) {
    if (v === '') continue;
    forms.add(v);
    forms.add(encodeURIComponent(v));
    forms.add(JSON.stringify(v).slice(1, -1));
  }
  return [...forms].sort((a, b) => b.length - a.length);
}

function scrub(value: unknown, needles: readonly string[]): unknown {
  if (typeof value === 'string') {
    let out = value;
    for (const n of needles) if (out.includes(n)) out = out.split(n).join(redactedText);
    return out;
  }
  if (Array.isArray(value)) return value.map((v) => scrub(v, needles));
  if (value !== null && typeof value === 'object') {
    if (value instanceof Error) {
      // A copy that still logs as an error (type, message, stack), never the original with the value in it.
      const copy = new Error(scrub(value.message, needles) as string);
      copy.name = value.name;
      copy.stack = value.stack === undefined ? undefined : (scrub(value.stack, needles) as string);
      return copy;
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [scrub(k, needles) as string, scrub(v, needles)]));
  }
  return value;
}

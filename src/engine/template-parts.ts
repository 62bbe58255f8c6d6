import { TemplateError } from './template-error';
import { parseTemplatePath, templateRoots } from './template-path';

/** A template split into literal text and placeholders. */
export type TemplatePart = string | { reference: string; segments: string[] };

const placeholder = /\{\{([\s\S]*?)\}\}/g;

/**
 * Splits `a {{ labels.x }} b` into parts. Logic-less on purpose: templates fill alert data into step inputs
 * and must never become code, so a placeholder is a dotted path and nothing else (no filters, calls or
 * expressions to abuse).
 * `path` locates the template in its value for error messages.
 */
export function parseTemplateParts(template: string, path: string): TemplatePart[] {
  const fail: (reason: string, reference?: string) => never = (reason, reference) => {
    throw new TemplateError({ template, kind: 'syntax', reason, reference, path });
  };
  const parts: TemplatePart[] = [];
  let last = 0;
  for (const m of template.matchAll(placeholder)) {
    const inner = m[1]!;
    if (inner.includes('{{')) fail('unclosed placeholder {{');
    const reference = inner.trim();
    if (reference === '') fail('empty placeholder {{ }}');
    const parsed = parseTemplatePath(reference, templateRoots);
    if ('error' in parsed) fail(`invalid placeholder {{ ${reference} }}: ${parsed.error}`, reference);
    if (m.index > last) parts.push(template.slice(last, m.index));
    parts.push({ reference, segments: parsed.segments });
    last = m.index + m[0].length;
  }
  const tail = template.slice(last);
  // A stray `{{` is almost always a typo'd placeholder; failing beats sending it to a target verbatim.
  if (tail.includes('{{')) fail('unclosed placeholder {{');
  if (tail !== '') parts.push(tail);
  return parts;
}

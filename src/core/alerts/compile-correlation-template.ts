import type { IncomingAlert } from './alert';

/** Renders a correlation ID for an alert, or undefined when a referenced label/annotation is absent. */
export type CorrelationTemplate = (alert: IncomingAlert) => string | undefined;

const placeholder = /\{\{\s*([^}]*?)\s*\}\}/g;
const reference = /^(labels|annotations)\.([A-Za-z_][A-Za-z0-9_]*)$|^(source|fingerprint|default)$/;

/**
 * Compiles `{{ labels.alertname }}/{{ labels.service }}`-style templates once, at start-up, so a typo is a
 * configuration error rather than a surprise at 3 a.m. Logic-less on purpose: references only.
 * Throws an Error naming the bad placeholder.
 */
export function compileCorrelationTemplate(template: string): CorrelationTemplate {
  const parts: Array<string | ((a: IncomingAlert) => string | undefined)> = [];
  let last = 0;
  for (const m of template.matchAll(placeholder)) {
    const expr = m[1] ?? '';
    const ref = reference.exec(expr);
    if (!ref) {
      throw new Error(`unsupported placeholder {{ ${expr} }}: use labels.<name>, annotations.<name>, source, fingerprint or default`);
    }
    parts.push(template.slice(last, m.index));
    last = (m.index ?? 0) + m[0].length;
    const [, bag, name, field] = ref;
    if (bag === 'labels') parts.push((a) => a.labels[name!]);
    else if (bag === 'annotations') parts.push((a) => a.annotations[name!]);
    else if (field === 'source') parts.push((a) => a.source);
    else if (field === 'fingerprint') parts.push((a) => a.fingerprint);
    else parts.push((a) => a.defaultCorrelationId);
  }
  parts.push(template.slice(last));
  if (template.includes('{{') && parts.length === 1) throw new Error(`unclosed placeholder in ${JSON.stringify(template)}`);
  return (alert) => {
    let out = '';
    for (const p of parts) {
      if (typeof p === 'string') {
        out += p;
        continue;
      }
      const v = p(alert);
      if (v === undefined || v === '') return undefined;
      out += v;
    }
    return out;
  };
}

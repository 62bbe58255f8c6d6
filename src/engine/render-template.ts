import { TemplateError } from './template-error';
import { parseTemplateParts, type TemplatePart } from './template-parts';
import { lookupTemplatePath } from './template-path';

export { TemplateError } from './template-error';

/** What `{{ }}` placeholders and `when:` conditions can see while a run executes. Nothing else is reachable. */
export interface TemplateScope {
  /** The triggering alert's labels. */
  labels: Readonly<Record<string, string>>;
  annotations: Readonly<Record<string, string>>;
  /** Labels shared by every alert of the incident (Alertmanager `commonLabels`). */
  commonLabels: Readonly<Record<string, string>>;
  /** Playbook params, already checked against their `pattern`. */
  params: Readonly<Record<string, string>>;
  /** Outputs of the steps that completed so far, by step id. */
  steps: Readonly<Record<string, { output: Readonly<Record<string, unknown>> }>>;
  incident: { id: string; correlationId: string };
  run: { id: string };
  /**
   * `{{ secrets.NAME }}` values. Filled with the real values only for the one render that feeds an action
   * (src/engine/secrets/render-step-input.ts); every other scope holds the placeholders themselves or nothing,
   * so whatever is rendered for a record shows `{{ secrets.NAME }}`, never the value.
   */
  secrets?: Readonly<Record<string, string>>;
}

/**
 * Renders every string leaf of `value` (objects and arrays deeply; keys, numbers and booleans untouched).
 * `path` names where `value` sits (e.g. `with`) so errors say `with.url`.
 *
 * Data-only, because label values come from the monitored systems, not from the playbook's author: substituted
 * values are never scanned again, so a label value of `{{ labels.x }}` or `$(reboot)` arrives verbatim at the
 * action; no value is ever handed to a shell or evaluated. A string that is exactly one placeholder keeps the
 * value's type (`"{{ steps.check.output.count }}"` can be a number); inside longer text non-strings are JSON. A
 * missing or null value throws TemplateError: never a silent "".
 */
export function renderTemplate(value: unknown, scope: TemplateScope, path = ''): unknown {
  if (typeof value === 'string') return renderString(value, scope, path);
  if (Array.isArray(value)) return value.map((item, i) => renderTemplate(item, scope, `${path}[${i}]`));
  if (isPlainObject(value)) {
    // fromEntries defines own properties, so a `__proto__` key stays a key instead of replacing the prototype.
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renderTemplate(v, scope, childPath(path, k))]));
  }
  return value;
}

/** Every scope path the templates in `value` use, in order of first use (for `validate` and `simulate`). */
export function findTemplateReferences(value: unknown): string[] {
  const found = new Set<string>();
  const visit = (v: unknown, path: string): void => {
    if (typeof v === 'string') {
      for (const part of parseTemplateParts(v, path)) if (typeof part !== 'string') found.add(part.reference);
    } else if (Array.isArray(v)) {
      v.forEach((item, i) => visit(item, `${path}[${i}]`));
    } else if (isPlainObject(v)) {
      for (const [k, item] of Object.entries(v)) visit(item, childPath(path, k));
    }
  };
  visit(value, '');
  return [...found];
}

function renderString(template: string, scope: TemplateScope, path: string): unknown {
  const parts = parseTemplateParts(template, path);
  const resolve = (part: Exclude<TemplatePart, string>): unknown => {
    const v = lookupTemplatePath(scope, part.segments);
    if (v === undefined || v === null) {
      throw new TemplateError({ template, kind: 'missing', reason: `no value for {{ ${part.reference} }}`, reference: part.reference, path });
    }
    return v;
  };
  const only = parts.length === 1 ? parts[0] : undefined;
  if (only !== undefined && typeof only !== 'string') {
    const v = resolve(only);
    // A copy, so an action that mutates its input cannot change a checkpointed step output.
    return typeof v === 'object' ? structuredClone(v) : v;
  }
  let out = '';
  for (const part of parts) {
    if (typeof part === 'string') out += part;
    else {
      const v = resolve(part);
      out += typeof v === 'string' ? v : JSON.stringify(v);
    }
  }
  return out;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** `with` + `url` → `with.url`; keys that are not identifiers are quoted: `with["x-api-key"]`. */
function childPath(parent: string, key: string): string {
  if (!/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key)) return `${parent}[${JSON.stringify(key)}]`;
  return parent === '' ? key : `${parent}.${key}`;
}

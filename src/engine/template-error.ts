/**
 * A `{{ }}` template could not be rendered: a placeholder is malformed (`syntax`) or names a value the scope
 * does not hold (`missing`). Rendering never substitutes "" for a missing value: `kubectl -n "" …` or a URL
 * without a host is worse than a step that fails with this message.
 */
export class TemplateError extends Error {
  override readonly name = 'TemplateError';
  /** The template text as written. */
  readonly template: string;
  readonly kind: 'syntax' | 'missing';
  /** The placeholder's path in the scope, e.g. `labels.namespace` (absent for an unclosed `{{`). */
  readonly reference?: string;
  /** Where the template sits in the rendered value, e.g. `with.url` or `with.args[1]`; "" for a bare string. */
  readonly path: string;

  constructor(init: { template: string; kind: 'syntax' | 'missing'; reason: string; reference?: string; path: string }) {
    const where = init.path === '' ? '' : ` at ${init.path}`;
    super(`${init.reason}${where} in template ${JSON.stringify(init.template)}`);
    this.template = init.template;
    this.kind = init.kind;
    this.reference = init.reference;
    this.path = init.path;
  }
}

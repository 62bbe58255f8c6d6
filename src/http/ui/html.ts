import { escapeHtml } from './escape-html';

/** Markup the `html` tag produced: already escaped, so it is inserted as is when nested. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

function render(value: unknown): string {
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === false || value === null || value === undefined) return '';
  return escapeHtml(value);
}

/**
 * The console's only way to build markup: every interpolated value is escaped unless it is itself the
 * result of `html` (arrays are joined; false/null/undefined render nothing, for `cond && html`…`).
 */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0]!;
  values.forEach((v, i) => {
    out += render(v) + strings[i + 1]!;
  });
  return new SafeHtml(out);
}

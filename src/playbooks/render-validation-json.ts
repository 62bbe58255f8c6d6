import type { PlaybookError } from './playbook-error';
import type { ValidationResult } from './validate-playbook-paths';

/** One finding in `mendbot validate --format json`. */
interface ValidationFinding {
  file: string;
  line: number;
  column: number;
  path: string;
  message: string;
  rule: string;
  severity: 'error' | 'warning';
}

/**
 * `--format json`: an array of findings (errors and warnings, in file order) for CI annotators and
 * editors; `[]` when everything is valid.
 */
export function renderValidationJson(result: ValidationResult): string {
  const findings = [...result.errors, ...result.warnings]
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column))
    .map(toFinding);
  return JSON.stringify(findings, null, 2);
}

function toFinding(e: PlaybookError): ValidationFinding {
  return {
    file: e.file,
    line: e.line,
    column: e.column,
    path: e.path,
    message: e.message,
    rule: e.rule ?? loaderRule(e.message),
    severity: e.warning ? 'warning' : 'error',
  };
}

/** The loader's own problems (YAML, schema, files, duplicate names) carry no rule name: it predates them. */
function loaderRule(message: string): string {
  if (message.startsWith('invalid YAML:')) return 'yaml';
  if (message.startsWith('cannot read')) return 'file';
  if (message.startsWith('duplicate playbook name')) return 'duplicate-name';
  return 'schema';
}

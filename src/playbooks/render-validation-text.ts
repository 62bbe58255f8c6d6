import { formatPlaybookError } from './playbook-error';
import type { ValidationResult } from './validate-playbook-paths';

/**
 * `mendbot validate`'s terminal output: one `file:line:column path: message` line per error and warning,
 * `ok <file> (<name>)` per good file, sorted by file then position, then a summary line.
 */
export function renderValidationText(result: ValidationResult, describeEmpty: string): string[] {
  const lines: Array<{ file: string; line: number; column: number; text: string }> = [];
  for (const e of [...result.errors, ...result.warnings]) lines.push({ ...e, text: formatPlaybookError(e) });
  const badFiles = new Set(result.errors.map((e) => e.file));
  for (const v of result.valid) lines.push({ file: v.file, line: 0, column: 0, text: `ok ${v.file} (${v.name})` });
  if (lines.length === 0) return [`no playbook files (*.yaml, *.yml) in ${describeEmpty}`];
  lines.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));
  const warnings = result.warnings.length;
  const warned = warnings === 0 ? '' : `, ${warnings} ${warnings === 1 ? 'warning' : 'warnings'}`;
  const summary = `${result.valid.length} ok, ${badFiles.size} ${badFiles.size === 1 ? 'file' : 'files'} with errors${warned}`;
  return [...lines.map((l) => l.text), summary];
}

/** One problem with a playbook file, located in it: bad input is reported with file:line so it can be fixed. */
export interface PlaybookError {
  file: string;
  /** 1-based; 1:1 for problems with the file as a whole (unreadable, duplicate name on line 1…). */
  line: number;
  column: number;
  /** Field path like `steps[1].retry.attempts`; empty for the document as a whole. */
  path: string;
  message: string;
  /**
   * Which check found it (`schema`, `yaml`, `action-input`, `step-reference`…), for `--format json`;
   * docs/playbook-validation.md lists them. Absent on problems older callers build by hand.
   */
  rule?: string;
  /** A warning is printed but neither fails `mendbot validate` nor rejects the playbook. */
  warning?: boolean;
}

/** `file:line:column path: message`, the shape editors and CI annotators recognise. */
export function formatPlaybookError(e: PlaybookError): string {
  return e.path === '' ? `${e.file}:${e.line}:${e.column}: ${e.message}` : `${e.file}:${e.line}:${e.column} ${e.path}: ${e.message}`;
}

/** `['steps', 1, 'retry']` → `steps[1].retry`. */
export function formatFieldPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out === '' ? String(key) : `${out}.${String(key)}`), '');
}

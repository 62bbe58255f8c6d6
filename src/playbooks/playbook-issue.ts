/**
 * What a validation rule (`find-*.ts`) reports: a path into the playbook's YAML and a message. The rules
 * know nothing about files and positions; `checkPlaybook` locates each issue in the file once.
 */
export interface PlaybookIssue {
  /** Path in the YAML document, e.g. `['steps', 0, 'with', 'url']`. */
  path: Array<string | number>;
  message: string;
  /** The rule's name, as listed in docs/playbook-validation.md. */
  rule: string;
  /** Point at the mapping key instead of its value (unknown keys). */
  at?: 'key';
  warning?: boolean;
}

import fs from 'node:fs';
import path from 'node:path';
import { loadPlaybookFiles, reason } from './load-playbook-files';
import { isPlaybookFileName } from './is-playbook-file-name';
import type { PlaybookChecks } from './playbook-checks';
import type { PlaybookError } from './playbook-error';

export interface ValidationResult {
  /** Every playbook file looked at, in order. */
  files: string[];
  /** The files that passed, with their playbook's name. */
  valid: Array<{ file: string; name: string }>;
  errors: PlaybookError[];
  warnings: PlaybookError[];
}

/**
 * What `mendbot validate` checks: each path is a playbook file, or a directory whose `*.yaml` / `*.yml`
 * files (not its subdirectories) are. All files are checked together, so a playbook name used twice
 * across them is found too. Every error of every file is reported, never only the first.
 */
export function validatePlaybookPaths(paths: readonly string[], checks: PlaybookChecks = {}): ValidationResult {
  const files: string[] = [];
  const errors: PlaybookError[] = [];
  for (const p of paths) {
    let isDir: boolean;
    try {
      isDir = fs.statSync(p).isDirectory();
    } catch (err) {
      errors.push({ file: p, line: 1, column: 1, path: '', message: `cannot read playbook directory or file: ${reason(err)}` });
      continue;
    }
    if (!isDir) {
      // A shell glob (`playbooks/*.yaml`) also names the playbook tests; `mendbot test` is theirs.
      if (!/\.test\.ya?ml$/.test(p)) files.push(p);
      continue;
    }
    try {
      files.push(...fs.readdirSync(p).filter(isPlaybookFileName).sort().map((name) => path.join(p, name)));
    } catch (err) {
      errors.push({ file: p, line: 1, column: 1, path: '', message: `cannot read playbook directory: ${reason(err)}` });
    }
  }
  const unique = [...new Set(files)];
  const loaded = loadPlaybookFiles(unique, checks);
  return {
    files: unique,
    valid: loaded.playbooks.map((p) => ({ file: p.file, name: p.playbook.name })),
    errors: [...errors, ...loaded.errors],
    warnings: loaded.warnings,
  };
}

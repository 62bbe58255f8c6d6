import fs from 'node:fs';
import path from 'node:path';
import { loadPlaybookFiles, reason } from './load-playbook-files';
import type { LoadedPlaybook } from '../core/playbooks/playbook';
import type { PlaybookChecks } from './playbook-checks';
import type { PlaybookError } from './playbook-error';

export interface LoadPlaybooksResult {
  playbooks: LoadedPlaybook[];
  errors: PlaybookError[];
}

/**
 * Loads every `*.yaml` / `*.yml` file directly in `dir`, in file-name order, with the checks of
 * `mendbot validate` (`checks` adds those that need the action registry, the exec allowlist or the
 * secrets). A file with errors is rejected with all of them; the others load. Warnings are validate's to
 * print.
 */
export function loadPlaybooks(dir: string, checks: PlaybookChecks = {}): LoadPlaybooksResult {
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter(isPlaybookFileName).sort();
  } catch (err) {
    return { playbooks: [], errors: [{ file: dir, line: 1, column: 1, path: '', message: `cannot read playbook directory: ${reason(err)}` }] };
  }
  const { playbooks, errors } = loadPlaybookFiles(names.map((name) => path.join(dir, name)), checks);
  return { playbooks, errors };
}

/**
 * Dotfiles are skipped: editors' lock and backup files (`.#x.yaml`) are not playbooks. Neither are the
 * playbook tests `mendbot test` runs (`*.test.yaml`), which live next to the playbooks they test.
 */
export function isPlaybookFileName(name: string): boolean {
  return !name.startsWith('.') && /\.ya?ml$/.test(name) && !/\.test\.ya?ml$/.test(name);
}

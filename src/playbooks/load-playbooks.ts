import fs from 'node:fs';
import path from 'node:path';
import { isPlaybookFileName } from './is-playbook-file-name';
import { loadPlaybookFiles, reason } from './load-playbook-files';
import type { LoadedPlaybook } from '../core/playbooks/playbook';
import type { PlaybookChecks } from './playbook-checks';
import type { PlaybookError } from './playbook-error';
import type { PreparsedYaml } from './preparse-playbook-yaml';

// Also imported from here by the tests of the example playbooks and the deployment manifests.
export { isPlaybookFileName } from './is-playbook-file-name';

export interface LoadPlaybooksResult {
  playbooks: LoadedPlaybook[];
  errors: PlaybookError[];
}

/**
 * Loads every `*.yaml` / `*.yml` file directly in `dir`, in file-name order, with the checks of
 * `mendbot validate` (`checks` adds those that need the action registry, the exec allowlist or the
 * secrets). A file with errors is rejected with all of them; the others load. Warnings are validate's to
 * print. `preparsed`: YAML already parsed on the start-up thread (preparsePlaybookYaml), used where the
 * text is still the same.
 */
export function loadPlaybooks(dir: string, checks: PlaybookChecks = {}, preparsed?: PreparsedYaml): LoadPlaybooksResult {
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter(isPlaybookFileName).sort();
  } catch (err) {
    return { playbooks: [], errors: [{ file: dir, line: 1, column: 1, path: '', message: `cannot read playbook directory: ${reason(err)}` }] };
  }
  const { playbooks, errors } = loadPlaybookFiles(names.map((name) => path.join(dir, name)), checks, preparsed);
  return { playbooks, errors };
}

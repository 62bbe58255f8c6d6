import fs from 'node:fs';
import { checkPlaybook } from './check-playbook';
import { loadPlaybookFile } from './load-playbook-file';
import { locateInYamlText } from './locate-yaml-node';
import type { LoadedPlaybook } from '../core/playbooks/playbook';
import type { PlaybookChecks } from './playbook-checks';
import type { PlaybookError } from './playbook-error';
import type { PreparsedYaml } from './preparse-playbook-yaml';

export interface LoadPlaybookFilesResult {
  /** The playbooks without errors (warnings allowed), in the order of `files`. */
  playbooks: LoadedPlaybook[];
  /** Every error of every file: YAML, schema, then the checks of `checkPlaybook`. */
  errors: PlaybookError[];
  warnings: PlaybookError[];
}

/**
 * Loads and checks each file. A file with any error is left out with all its errors reported, and never
 * takes the good ones down; a playbook whose name an earlier file already uses is an error in the later
 * file (names are the key in Slack, the API and metrics). `preparsed`: YAML parsed on the start-up thread.
 */
export function loadPlaybookFiles(files: readonly string[], checks: PlaybookChecks = {}, preparsed?: PreparsedYaml): LoadPlaybookFilesResult {
  const playbooks: LoadedPlaybook[] = [];
  const errors: PlaybookError[] = [];
  const warnings: PlaybookError[] = [];
  const fileByName = new Map<string, string>();
  for (const file of files) {
    let text: string;
    try {
      // statSync follows symlinks: Kubernetes ConfigMap volumes present each file as a symlink.
      if (!fs.statSync(file).isFile()) continue;
      text = fs.readFileSync(file, 'utf8');
    } catch (err) {
      errors.push({ file, line: 1, column: 1, path: '', message: `cannot read file: ${reason(err)}` });
      continue;
    }
    const result = loadPlaybookFile(file, text, preparsed?.get(file));
    if (!result.ok) {
      errors.push(...result.errors);
      continue;
    }
    const found = checkPlaybook(result.loaded, text, checks);
    warnings.push(...found.filter((e) => e.warning));
    const fileErrors = found.filter((e) => !e.warning);
    const { name } = result.loaded.playbook;
    const first = fileByName.get(name);
    if (first !== undefined) {
      const at = locateInYamlText(text, ['name']);
      fileErrors.unshift({ file, ...at, path: 'name', message: `duplicate playbook name "${name}", already used by ${first}` });
    }
    if (fileErrors.length > 0) {
      errors.push(...fileErrors.sort((a, b) => a.line - b.line || a.column - b.column));
      continue;
    }
    fileByName.set(name, file);
    playbooks.push(result.loaded);
  }
  return { playbooks, errors, warnings };
}

export function reason(err: unknown): string {
  // Not `instanceof Error`: fs errors may come from another realm under jest.
  return typeof err === 'object' && err !== null && 'message' in err ? String(err.message) : String(err);
}

import fs from 'node:fs';
import path from 'node:path';
import { loadPlaybookFile } from './load-playbook-file';
import { locateInYamlText } from './locate-yaml-node';
import type { LoadedPlaybook } from '../core/playbooks/playbook';
import type { PlaybookError } from './playbook-error';

export interface LoadPlaybooksResult {
  playbooks: LoadedPlaybook[];
  errors: PlaybookError[];
}

/**
 * Loads every `*.yaml` / `*.yml` file directly in `dir`, in file-name order. A broken file adds errors and
 * never takes the good ones down; a playbook whose name an earlier file already uses is an error in the
 * later file (names are the key in Slack, the API and metrics).
 */
export function loadPlaybooks(dir: string): LoadPlaybooksResult {
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter(isPlaybookFileName).sort();
  } catch (err) {
    return { playbooks: [], errors: [{ file: dir, line: 1, column: 1, path: '', message: `cannot read playbook directory: ${reason(err)}` }] };
  }

  const playbooks: LoadedPlaybook[] = [];
  const errors: PlaybookError[] = [];
  const fileByName = new Map<string, string>();
  for (const name of names) {
    const file = path.join(dir, name);
    let text: string;
    try {
      // statSync follows symlinks: Kubernetes ConfigMap volumes present each file as a symlink.
      if (!fs.statSync(file).isFile()) continue;
      text = fs.readFileSync(file, 'utf8');
    } catch (err) {
      errors.push({ file, line: 1, column: 1, path: '', message: `cannot read file: ${reason(err)}` });
      continue;
    }
    const result = loadPlaybookFile(file, text);
    if (!result.ok) {
      errors.push(...result.errors);
      continue;
    }
    const { name: playbookName } = result.loaded.playbook;
    const first = fileByName.get(playbookName);
    if (first !== undefined) {
      const at = locateInYamlText(text, ['name']);
      errors.push({ file, ...at, path: 'name', message: `duplicate playbook name "${playbookName}", already used by ${first}` });
      continue;
    }
    fileByName.set(playbookName, file);
    playbooks.push(result.loaded);
  }
  return { playbooks, errors };
}

/** Dotfiles are skipped: editors' lock and backup files (`.#x.yaml`) are not playbooks. */
function isPlaybookFileName(name: string): boolean {
  return !name.startsWith('.') && (name.endsWith('.yaml') || name.endsWith('.yml'));
}

function reason(err: unknown): string {
  // Not `instanceof Error`: fs errors may come from another realm under jest.
  return typeof err === 'object' && err !== null && 'message' in err ? String(err.message) : String(err);
}

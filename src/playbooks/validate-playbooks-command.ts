import fs from 'node:fs';
import { closestName } from '../config/closest-name';
import { secretSourceFromEnv } from '../engine/secrets/create-secret-source';
import { findSecretProblems } from './find-secret-problems';
import { loadPlaybooks } from './load-playbooks';
import { locateInYamlText } from './locate-yaml-node';
import type { LoadedPlaybook, PlaybookStep } from '../core/playbooks/playbook';
import { formatFieldPath, formatPlaybookError, type PlaybookError } from './playbook-error';

/**
 * `mendbot validate [dir]`: checks every playbook file in `dir` and prints one line per error
 * (`file:line:column path: message`) and `ok <file> (<name>)` per good file, then a summary. With
 * `knownActions` (the action registry's names), an unknown action is an error too. Where secrets are
 * mounted (`env` sets MENDBOT_SECRETS_DIR or a MENDBOT_SECRET_*), a `{{ secrets.NAME }}` that none provides
 * is an error; a credential written into the YAML is a warning. Returns the exit code: 0 when everything is
 * valid (warnings allowed), 1 otherwise, so CI can gate on it.
 */
export function validatePlaybooksCommand(
  dir: string,
  out: (line: string) => void,
  knownActions?: ReadonlySet<string>,
  env: Readonly<Record<string, string | undefined>> = {},
): number {
  const { playbooks, errors } = loadPlaybooks(dir);
  const secretsMounted = env.MENDBOT_SECRETS_DIR !== undefined || Object.keys(env).some((k) => k.startsWith('MENDBOT_SECRET_'));
  const secrets = secretsMounted ? secretSourceFromEnv(env) : undefined;
  let warnings = 0;
  const lines: Array<{ file: string; line: number; column: number; text: string }> = [];
  const badFiles = new Set(errors.map((e) => e.file));
  for (const e of errors) lines.push({ ...e, text: formatPlaybookError(e) });
  for (const loaded of playbooks) {
    const text = readOrEmpty(loaded.file);
    const { missing, literals } = findSecretProblems(loaded, text, secrets);
    const unknown = [...(knownActions ? unknownActions(loaded, knownActions, text) : []), ...missing];
    for (const e of [...unknown, ...literals]) lines.push({ ...e, text: formatPlaybookError(e) });
    warnings += literals.length;
    if (unknown.length > 0) badFiles.add(loaded.file);
    else lines.push({ file: loaded.file, line: 0, column: 0, text: `ok ${loaded.file} (${loaded.playbook.name})` });
  }
  if (lines.length === 0) {
    out(`no playbook files (*.yaml, *.yml) in ${dir}`);
    return 0;
  }
  lines.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));
  for (const l of lines) out(l.text);
  const okCount = playbooks.filter((p) => !badFiles.has(p.file)).length;
  const warned = warnings === 0 ? '' : `, ${warnings} ${warnings === 1 ? 'warning' : 'warnings'}`;
  out(`${okCount} ok, ${badFiles.size} ${badFiles.size === 1 ? 'file' : 'files'} with errors${warned}`);
  return badFiles.size === 0 ? 0 : 1;
}

/** Steps whose action is not registered, located at their `action:` key's value. */
function unknownActions(loaded: LoadedPlaybook, known: ReadonlySet<string>, text: string): PlaybookError[] {
  const steps: Array<{ step: PlaybookStep; path: Array<string | number> }> = [];
  loaded.playbook.steps.forEach((step, i) => {
    steps.push({ step, path: ['steps', i, 'action'] });
    step.compensate.forEach((c, j) => steps.push({ step: c, path: ['steps', i, 'compensate', j, 'action'] }));
  });
  loaded.playbook.onFailure.forEach((step, i) => steps.push({ step, path: ['on_failure', i, 'action'] }));

  const unknown = steps.filter(({ step }) => !known.has(step.action));
  return unknown.map(({ step, path }) => {
    const hint = closestName(step.action, [...known], Math.max(2, Math.ceil(step.action.length / 3)));
    return {
      file: loaded.file,
      ...locateInYamlText(text, path),
      path: formatFieldPath(path),
      message: `unknown action "${step.action}"${hint ? `; did you mean "${hint}"?` : ''}`,
    };
  });
}

// The file was read moments ago by loadPlaybooks; if it vanished since, 1:1 is still a useful location.
function readOrEmpty(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

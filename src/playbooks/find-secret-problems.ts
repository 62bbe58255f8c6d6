import type { LoadedPlaybook } from '../core/playbooks/playbook';
import type { SecretSource } from '../engine/secrets/create-secret-source';
import { secretReferences } from '../engine/secrets/secret-references';
import { locateInYamlText } from './locate-yaml-node';
import { formatFieldPath, type PlaybookError } from './playbook-error';

/**
 * Keys whose value is a credential: `Authorization` and `Proxy-Authorization` headers, and anything named like a
 * token, password, secret or API key (`api_key`, `x-api-key`, `accessToken`, `client_secret`…).
 */
const credentialKey = /^(proxy-)?authorization$|token|passw(or)?d|secret|api[-_]?key|private[-_]?key/i;

interface SecretFindings {
  /** `{{ secrets.NAME }}` with no such secret in `secrets` (only when a source is given). */
  missing: PlaybookError[];
  /** A credential-like key whose value is written in the YAML instead of referring to a secret. */
  literals: PlaybookError[];
}

/**
 * Secret checks of `mendbot validate` over every step's `with:` (main, compensation, on_failure). Missing
 * secrets are only looked for where the secrets are mounted (`secrets` given): in CI without them, every
 * reference would be "missing".
 */
export function findSecretProblems(loaded: LoadedPlaybook, yamlText: string, secrets: SecretSource | undefined): SecretFindings {
  const found: SecretFindings = { missing: [], literals: [] };
  const at = (path: Array<string | number>, message: string): PlaybookError => ({
    file: loaded.file,
    ...locateInYamlText(yamlText, path),
    path: formatFieldPath(path),
    message,
  });
  const visit = (value: unknown, path: Array<string | number>): void => {
    if (typeof value === 'string') {
      const key = path[path.length - 1];
      const names = safeSecretReferences(value);
      if (secrets) {
        for (const name of names) {
          if (secrets.get(name) === undefined) {
            found.missing.push(at(path, `secret "${name}" is not set: no file ${name} in MENDBOT_SECRETS_DIR and no MENDBOT_SECRET_${name}`));
          }
        }
      }
      if (typeof key === 'string' && credentialKey.test(key) && names.length === 0 && value.trim() !== '') {
        found.literals.push(at(path, `warning: "${key}" looks like a credential written into the playbook; use "{{ secrets.NAME }}" instead`));
      }
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => visit(item, [...path, i]));
    } else if (value !== null && typeof value === 'object') {
      for (const [k, item] of Object.entries(value)) visit(item, [...path, k]);
    }
  };
  loaded.playbook.steps.forEach((step, i) => {
    visit(step.with, ['steps', i, 'with']);
    step.compensate.forEach((c, j) => visit(c.with, ['steps', i, 'compensate', j, 'with']));
  });
  loaded.playbook.onFailure.forEach((step, i) => visit(step.with, ['on_failure', i, 'with']));
  return found;
}

// Loading already rejected malformed templates; a string that still fails to parse simply names no secret.
function safeSecretReferences(value: string): string[] {
  try {
    return secretReferences(value);
  } catch {
    return [];
  }
}

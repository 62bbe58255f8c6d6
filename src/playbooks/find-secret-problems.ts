import type { Playbook } from '../core/playbooks/playbook';
import type { SecretSource } from '../engine/secrets/create-secret-source';
import type { PlaybookIssue } from './playbook-issue';
import { playbookStepEntries } from './playbook-step-entries';
import { leafReferences, templateLeaves } from './template-leaves';

/**
 * Keys whose value is a credential: `Authorization` and `Proxy-Authorization` headers, and anything named like a
 * token, password, secret or API key (`api_key`, `x-api-key`, `accessToken`, `client_secret`…).
 */
const credentialKey = /^(proxy-)?authorization$|token|passw(or)?d|secret|api[-_]?key|private[-_]?key/i;

/**
 * Secret checks over every step's `with:` (main, compensate, on_failure): a `{{ secrets.NAME }}` no mounted
 * secret provides (rule `secret`; only when `secrets` is given — in CI without the mounts every reference
 * would be "missing"), and a credential-like key whose value is written into the YAML instead of naming a
 * secret (rule `credential-literal`, a warning).
 */
export function findSecretProblems(playbook: Playbook, secrets: SecretSource | undefined): PlaybookIssue[] {
  const out: PlaybookIssue[] = [];
  const visit = (value: unknown, path: Array<string | number>): void => {
    if (typeof value === 'string') {
      const key = path[path.length - 1];
      const names = secretNames(value, path);
      if (secrets) {
        for (const name of names) {
          if (secrets.get(name) === undefined) {
            out.push({ path, rule: 'secret', message: `secret "${name}" is not set: no file ${name} in MENDBOT_SECRETS_DIR and no MENDBOT_SECRET_${name}` });
          }
        }
      }
      if (typeof key === 'string' && credentialKey.test(key) && names.length === 0 && value.trim() !== '') {
        out.push({ path, rule: 'credential-literal', warning: true, message: `warning: "${key}" looks like a credential written into the playbook; use "{{ secrets.NAME }}" instead` });
      }
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => visit(item, [...path, i]));
    } else if (value !== null && typeof value === 'object') {
      for (const [k, item] of Object.entries(value)) visit(item, [...path, k]);
    }
  };
  for (const entry of playbookStepEntries(playbook)) visit(entry.step.with, [...entry.path, 'with']);
  return out;
}

// A template that does not parse names no secret; the `template` rule reports it.
function secretNames(value: string, path: Array<string | number>): string[] {
  return templateLeaves(value, path)
    .flatMap(leafReferences)
    .filter((reference) => reference.startsWith('secrets.'))
    .map((reference) => reference.slice('secrets.'.length));
}

import fs from 'node:fs';

/** Where playbook secrets come from; the values in files are read when a step runs, not here. */
export interface SecretSettings {
  /** MENDBOT_SECRETS_DIR: one file per secret (a mounted Kubernetes Secret). */
  dir?: string;
  /** Every MENDBOT_SECRET_<NAME> variable, by its full name. */
  variables: Readonly<Record<string, string>>;
}

/**
 * The playbook-secret settings of `env`, undefined when none is set; a MENDBOT_SECRETS_DIR that is not a
 * directory is a start-up problem (a typo there would otherwise fail every step that needs a secret).
 */
export function collectSecretSettings(env: Record<string, string | undefined>, problems: string[]): SecretSettings | undefined {
  const variables: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (name.startsWith('MENDBOT_SECRET_') && value !== undefined && value !== '') variables[name] = value;
  }
  const dir = env.MENDBOT_SECRETS_DIR?.trim() || undefined;
  if (dir !== undefined && !isDirectory(dir)) problems.push(`MENDBOT_SECRETS_DIR: ${dir} is not a readable directory`);
  if (dir === undefined && Object.keys(variables).length === 0) return undefined;
  return { dir, variables };
}

function isDirectory(dir: string): boolean {
  try {
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

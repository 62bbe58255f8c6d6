import fs from 'node:fs';
import path from 'node:path';

/** Where `{{ secrets.NAME }}` values come from. */
export interface SecretSource {
  /** The secret's value, or undefined when no file or variable holds it. */
  get(name: string): string | undefined;
}

/** Secret names: what a file name of a Kubernetes Secret mount and a template path segment both allow. */
const secretName = /^[A-Za-z0-9_-]+$/;

/**
 * Secrets from a directory (one file per secret, file name = secret name, as Kubernetes mounts a Secret)
 * and from `MENDBOT_SECRET_<NAME>` variables (NAME as written, then upper-cased with `-` → `_`). The file
 * wins. Read on every lookup, never cached: Kubernetes updates a mounted Secret in place, so a rotated
 * credential is used by the next step without a restart. One trailing newline is trimmed (`echo` and
 * most editors add one; no credential ends in a newline).
 */
export function createSecretSource(options: { dir?: string; env: Readonly<Record<string, string | undefined>> }): SecretSource {
  return {
    get(name) {
      if (!secretName.test(name)) return undefined;
      if (options.dir !== undefined && options.dir !== '') {
        const value = readSecretFile(path.join(options.dir, name));
        if (value !== undefined) return value;
      }
      const env = options.env[`MENDBOT_SECRET_${name}`] ?? options.env[`MENDBOT_SECRET_${name.toUpperCase().replace(/-/g, '_')}`];
      return env === undefined || env === '' ? undefined : env;
    },
  };
}

/** What `mendbot validate` checks references against: MENDBOT_SECRETS_DIR and MENDBOT_SECRET_* of `env`, as `serve` reads them. */
export function secretSourceFromEnv(env: Readonly<Record<string, string | undefined>>): SecretSource {
  return createSecretSource({ dir: env.MENDBOT_SECRETS_DIR, env });
}

function readSecretFile(file: string): string | undefined {
  let text: string;
  try {
    // Kubernetes mounts each key as a symlink into a `..data` directory; following it is the point.
    if (!fs.statSync(file).isFile()) return undefined;
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const value = text.replace(/\r?\n$/, '');
  return value === '' ? undefined : value;
}

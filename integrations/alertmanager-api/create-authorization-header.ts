import type { AlertmanagerApiAuth, SecretValue } from '../../src/config/alertmanager-api-settings';

/**
 * The Authorization header for one request, or undefined without auth. Credentials given as files are
 * read each time (a rotated Kubernetes Secret is picked up without a restart), one trailing newline trimmed.
 */
export function createAuthorizationHeader(auth: AlertmanagerApiAuth | undefined, readFile: (path: string) => Promise<string>): () => Promise<string | undefined> {
  const secret = async (value: SecretValue): Promise<string> => ('value' in value ? value.value : (await readFile(value.file)).replace(/\r?\n$/, ''));
  return async () => {
    if (!auth) return undefined;
    if (auth.type === 'bearer') return `Bearer ${await secret(auth.token)}`;
    return `Basic ${Buffer.from(`${auth.username}:${await secret(auth.password)}`).toString('base64')}`;
  };
}

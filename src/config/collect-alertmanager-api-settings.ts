import type { z } from 'zod';
import type { AlertmanagerApiAuth, AlertmanagerApiSettings, AlertmanagerApiTls, SecretValue } from './alertmanager-api-settings';
import type { configEnvSchema } from './config-env-schema';

type Env = Record<string, string | undefined>;
type ParsedEnv = z.output<typeof configEnvSchema>;

const isSet = (env: Env, name: string): boolean => (env[name]?.trim() ?? '') !== '';

/** Every setting that only means something with ALERTMANAGER_URL. */
const dependent = [
  'ALERTMANAGER_EXTERNAL_URL',
  'ALERTMANAGER_API_TIMEOUT',
  'ALERTMANAGER_API_BEARER_TOKEN',
  'ALERTMANAGER_API_BEARER_TOKEN_FILE',
  'ALERTMANAGER_API_USERNAME',
  'ALERTMANAGER_API_PASSWORD',
  'ALERTMANAGER_API_PASSWORD_FILE',
  'ALERTMANAGER_API_CA_FILE',
  'ALERTMANAGER_API_CERT_FILE',
  'ALERTMANAGER_API_KEY_FILE',
  'ALERTMANAGER_API_INSECURE_SKIP_VERIFY',
  'ALERTMANAGER_RECONCILE_INTERVAL',
  'ALERTMANAGER_RECONCILE_GRACE',
];

/**
 * The Alertmanager API settings, undefined when ALERTMANAGER_URL is unset (the feature is off). Problems
 * found on presence alone (conflicting or half-given credentials, files that cannot be read) are pushed to
 * `problems`, so they are reported with everything else even when a value is also malformed. Files are
 * only checked here; the client reads credentials on each request and certificates when it is created.
 */
export function collectAlertmanagerApiSettings(env: Env, parsed: ParsedEnv | undefined, problems: string[], readFile: (path: string) => string): AlertmanagerApiSettings | undefined {
  if (!isSet(env, 'ALERTMANAGER_URL')) {
    const stray = dependent.filter((name) => isSet(env, name));
    if (stray.length > 0) {
      problems.push(`ALERTMANAGER_URL: not set, but ${stray.join(', ')} ${stray.length === 1 ? 'is' : 'are'}; set ALERTMANAGER_URL=http://alertmanager:9093 or unset the others`);
    }
    return undefined;
  }
  const bearer = secretOf(env, 'ALERTMANAGER_API_BEARER_TOKEN', problems, readFile);
  const password = secretOf(env, 'ALERTMANAGER_API_PASSWORD', problems, readFile);
  const username = env.ALERTMANAGER_API_USERNAME?.trim() || undefined;
  if (bearer && (username !== undefined || password)) {
    problems.push('ALERTMANAGER_API_BEARER_TOKEN: set together with basic auth (ALERTMANAGER_API_USERNAME/_PASSWORD); Alertmanager takes one or the other, unset one');
  } else if (username !== undefined && !password) {
    problems.push('ALERTMANAGER_API_PASSWORD: not set, but ALERTMANAGER_API_USERNAME is; basic auth needs both (or ALERTMANAGER_API_PASSWORD_FILE)');
  } else if (username === undefined && password) {
    problems.push('ALERTMANAGER_API_USERNAME: not set, but a password is; basic auth needs both');
  }
  if (isSet(env, 'ALERTMANAGER_API_CERT_FILE') !== isSet(env, 'ALERTMANAGER_API_KEY_FILE')) {
    problems.push('ALERTMANAGER_API_CERT_FILE and ALERTMANAGER_API_KEY_FILE: a client certificate needs both, or neither');
  }
  for (const name of ['ALERTMANAGER_API_CA_FILE', 'ALERTMANAGER_API_CERT_FILE', 'ALERTMANAGER_API_KEY_FILE']) {
    const file = env[name]?.trim();
    if (file) checkReadable(name, file, problems, readFile);
  }
  if (!parsed?.ALERTMANAGER_URL) return undefined;

  let auth: AlertmanagerApiAuth | undefined;
  if (bearer) auth = { type: 'bearer', token: bearer };
  else if (username !== undefined && password) auth = { type: 'basic', username, password };
  const tlsSet = parsed.ALERTMANAGER_API_CA_FILE ?? parsed.ALERTMANAGER_API_CERT_FILE ?? parsed.ALERTMANAGER_API_KEY_FILE ?? parsed.ALERTMANAGER_API_INSECURE_SKIP_VERIFY;
  const tls: AlertmanagerApiTls | undefined =
    tlsSet === undefined
      ? undefined
      : {
          caFile: parsed.ALERTMANAGER_API_CA_FILE,
          certFile: parsed.ALERTMANAGER_API_CERT_FILE,
          keyFile: parsed.ALERTMANAGER_API_KEY_FILE,
          insecureSkipVerify: parsed.ALERTMANAGER_API_INSECURE_SKIP_VERIFY ?? false,
        };
  return {
    urls: parsed.ALERTMANAGER_URL,
    externalUrl: parsed.ALERTMANAGER_EXTERNAL_URL,
    timeoutMs: parsed.ALERTMANAGER_API_TIMEOUT ?? 5_000,
    reconcileIntervalMs: parsed.ALERTMANAGER_RECONCILE_INTERVAL ?? 60_000,
    reconcileGraceMs: parsed.ALERTMANAGER_RECONCILE_GRACE ?? 300_000,
    ...(auth ? { auth } : {}),
    ...(tls ? { tls } : {}),
  };
}

/** NAME or NAME_FILE (not both); a file must be readable and non-empty now, so a typo fails at start-up. */
function secretOf(env: Env, name: string, problems: string[], readFile: (path: string) => string): SecretValue | undefined {
  const value = env[name]?.trim() || undefined;
  const file = env[`${name}_FILE`]?.trim() || undefined;
  if (value !== undefined && file !== undefined) {
    problems.push(`${name} and ${name}_FILE: both set; give the secret one way only`);
    return undefined;
  }
  if (value !== undefined) return { value };
  if (file === undefined) return undefined;
  return checkReadable(`${name}_FILE`, file, problems, readFile, true) ? { file } : undefined;
}

function checkReadable(name: string, file: string, problems: string[], readFile: (path: string) => string, nonEmpty = false): boolean {
  let content: string;
  try {
    content = readFile(file);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
    problems.push(`${name}: cannot read ${JSON.stringify(file)} (${reason}); fix the path or unset it`);
    return false;
  }
  if (nonEmpty && content.trim() === '') {
    problems.push(`${name}: ${JSON.stringify(file)} is empty`);
    return false;
  }
  return true;
}

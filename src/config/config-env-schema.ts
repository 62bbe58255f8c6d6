import { z } from 'zod';
import { compileCorrelationTemplate } from '../core/alerts/compile-correlation-template';
import { envVar } from './env-var';
import { parseAlertmanagerUrls, parseBaseUrl } from './parse-alertmanager-urls';
import { parseApiTokensEnv } from './parse-api-tokens';
import { parseByteSize } from './parse-byte-size';
import { parseCidrList } from './parse-cidr';
import { parseDuration } from './parse-duration';
import { parseUiProxyRoles } from './parse-ui-proxy-roles';

const text = (value: string): string => value;

const port = (value: string): number | undefined => (/^\d{1,5}$/.test(value) && Number(value) <= 65535 ? Number(value) : undefined);

const integerAtLeast =
  (min: number) =>
  (value: string): number | undefined =>
    /^\d+$/.test(value) && Number(value) >= min && Number.isSafeInteger(Number(value)) ? Number(value) : undefined;

const durationAtLeast =
  (min: number) =>
  (value: string): number | undefined => {
    const ms = parseDuration(value);
    return ms !== undefined && ms >= min ? ms : undefined;
  };

const oneOf =
  <T extends string>(allowed: readonly T[], normalise: (s: string) => string) =>
  (value: string): T | undefined =>
    allowed.find((a) => a === normalise(value));

/** http(s) URL. Base URLs lose trailing slashes so clients can append `/rest/api/...` without doubling. */
const httpUrl =
  (trimSlash: boolean) =>
  (value: string): string | undefined => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      return undefined;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    return trimSlash ? value.replace(/\/+$/, '') : value;
  };

const boolean = (value: string): boolean | undefined => ({ true: true, false: false })[value.toLowerCase()];

const list = (value: string): string[] =>
  value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');

/** `user:pass`, split at the first colon: RFC 7617 forbids a colon in the user-id, not in the password. */
const basicAuth = (value: string): { username: string; password: string } | undefined => {
  const i = value.indexOf(':');
  if (i <= 0 || i === value.length - 1) return undefined;
  return { username: value.slice(0, i), password: value.slice(i + 1) };
};

/** Compiled now only to reject typos at start-up; the raw template is what the config carries. */
const correlationTemplate = (value: string): string => {
  compileCorrelationTemplate(value);
  return value;
};

const duration = 'a duration (250ms, 30s, 5m, 2h, 1d, 1h30m or plain milliseconds)';
const secret = true;

/**
 * Every environment variable mendbot reads, keyed by name. Values are undefined when unset, so
 * `loadConfig` can let the YAML file fill in before defaults apply. Unknown MENDBOT_* names are rejected
 * against this list.
 */
export const configEnvSchema = z.object({
  PORT: envVar('PORT', { parse: port, expected: 'a port number (0-65535)', example: '8080' }),
  MENDBOT_HOST: envVar('MENDBOT_HOST', { parse: text, expected: 'a host', example: '127.0.0.1' }),
  MENDBOT_DATA_DIR: envVar('MENDBOT_DATA_DIR', { parse: text, expected: 'a directory', example: './data' }),
  MONGODB_URI: envVar('MONGODB_URI', {
    parse: (v) => (/^mongodb(\+srv)?:\/\/\S+$/.test(v) ? v : undefined),
    expected: 'a MongoDB connection string (mongodb:// or mongodb+srv://)',
    example: 'mongodb://localhost:27017/mendbot (or unset it to use SQLite)',
    secret, // may embed a password
  }),
  PLAYBOOKS_DIR: envVar('PLAYBOOKS_DIR', { parse: text, expected: 'a directory', example: './playbooks' }),
  LOG_LEVEL: envVar('LOG_LEVEL', {
    parse: oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, (s) => s.toLowerCase()),
    expected: 'a log level (fatal, error, warn, info, debug, trace, silent)',
    example: 'info',
  }),
  MENDBOT_BODY_LIMIT: envVar('MENDBOT_BODY_LIMIT', {
    parse: (v) => {
      const bytes = parseByteSize(v);
      return bytes !== undefined && bytes > 0 ? bytes : undefined;
    },
    expected: 'a positive size (5mb, 512kb or a byte count)',
    example: '5mb',
  }),
  ALERTMANAGER_TOKEN: envVar('ALERTMANAGER_TOKEN', { parse: text, expected: 'a token', example: '<token>', secret }),
  ALERTMANAGER_BASIC_AUTH: envVar('ALERTMANAGER_BASIC_AUTH', {
    parse: basicAuth,
    expected: 'in user:password form',
    example: 'alertmanager:<password>',
    secret,
  }),
  PAGERDUTY_WEBHOOK_SECRETS: envVar('PAGERDUTY_WEBHOOK_SECRETS', { parse: list, expected: 'a list', example: '<secret>,<next-secret>', secret }),
  MENDBOT_POSTMORTEM_SETTLE: envVar('MENDBOT_POSTMORTEM_SETTLE', { parse: durationAtLeast(0), expected: `a ${duration.slice(2)}`, example: '5m' }),
  MENDBOT_POSTMORTEM_TEMPLATE: envVar('MENDBOT_POSTMORTEM_TEMPLATE', { parse: text, expected: 'a file path', example: '/etc/mendbot/postmortem.md' }),
  MENDBOT_KUBECONFIG: envVar('MENDBOT_KUBECONFIG', { parse: text, expected: 'a file path', example: '/etc/mendbot/kubeconfig' }),
  MENDBOT_EXEC_ALLOWLIST: envVar('MENDBOT_EXEC_ALLOWLIST', { parse: list, expected: 'a list of absolute paths', example: '/usr/local/bin/cleanup-logs,/usr/bin/systemctl' }),
  MENDBOT_HTTP_ALLOWED_HOSTS: envVar('MENDBOT_HTTP_ALLOWED_HOSTS', { parse: list, expected: 'a list of host names', example: 'deployer.internal,api.example.com' }),
  MENDBOT_OUTBOUND_ALLOW: envVar('MENDBOT_OUTBOUND_ALLOW', { parse: parseCidrList, expected: 'a list of CIDR blocks', example: '169.254.10.0/24' }),
  MENDBOT_OUTBOUND_ONLY: envVar('MENDBOT_OUTBOUND_ONLY', { parse: parseCidrList, expected: 'a list of CIDR blocks', example: '10.0.0.0/8,127.0.0.1' }),
  PAGERDUTY_ROUTING_KEY: envVar('PAGERDUTY_ROUTING_KEY', { parse: text, expected: 'a key', example: '<integration-key>', secret }),
  PAGERDUTY_EVENTS_URL: envVar('PAGERDUTY_EVENTS_URL', {
    parse: httpUrl(false),
    expected: 'an http(s) URL',
    example: 'https://events.pagerduty.com/v2/enqueue',
  }),
  SLACK_BOT_TOKEN: envVar('SLACK_BOT_TOKEN', { parse: text, expected: 'a token', example: 'xoxb-…', secret }),
  SLACK_SIGNING_SECRET: envVar('SLACK_SIGNING_SECRET', { parse: text, expected: 'a secret', example: '<signing-secret>', secret }),
  SLACK_CHANNEL: envVar('SLACK_CHANNEL', { parse: text, expected: 'a channel', example: 'C0123456789' }),
  SLACK_API_URL: envVar('SLACK_API_URL', { parse: httpUrl(false), expected: 'an http(s) URL', example: 'https://slack.com/api/' }),
  SLACK_APP_TOKEN: envVar('SLACK_APP_TOKEN', { parse: text, expected: 'a token', example: 'xapp-…', secret }),
  GITHUB_TOKEN: envVar('GITHUB_TOKEN', { parse: text, expected: 'a token', example: '<token>', secret }),
  GITHUB_REPOSITORY: envVar('GITHUB_REPOSITORY', {
    parse: (v) => (/^[A-Za-z0-9][A-Za-z0-9-]*\/(?!\.\.?$)[A-Za-z0-9._-]+$/.test(v) ? v : undefined),
    expected: 'a repository in owner/name form',
    example: 'acme/incidents',
  }),
  GITHUB_API_URL: envVar('GITHUB_API_URL', { parse: httpUrl(true), expected: 'an http(s) URL', example: 'https://api.github.com' }),
  JIRA_BASE_URL: envVar('JIRA_BASE_URL', { parse: httpUrl(true), expected: 'an http(s) URL', example: 'https://acme.atlassian.net' }),
  JIRA_EMAIL: envVar('JIRA_EMAIL', { parse: (v) => (/^[^\s@]+@[^\s@]+$/.test(v) ? v : undefined), expected: 'an email address', example: 'bot@acme.com' }),
  JIRA_API_TOKEN: envVar('JIRA_API_TOKEN', { parse: text, expected: 'a token', example: '<token>', secret }),
  JIRA_PROJECT_KEY: envVar('JIRA_PROJECT_KEY', {
    parse: (v) => (/^[A-Z][A-Z0-9_]+$/.test(v) ? v : undefined),
    expected: 'a Jira project key (uppercase letters, digits, _)',
    example: 'OPS',
  }),
  POSTMORTEM_DIR: envVar('POSTMORTEM_DIR', { parse: text, expected: 'a directory', example: './postmortems' }),
  PROMETHEUS_URL: envVar('PROMETHEUS_URL', { parse: httpUrl(true), expected: 'an http(s) URL', example: 'http://prometheus:9090' }),
  // Alertmanager's v2 API (reconciliation, still_firing, alertmanager.* actions): all off unless ALERTMANAGER_URL is set.
  ALERTMANAGER_URL: envVar('ALERTMANAGER_URL', { parse: parseAlertmanagerUrls, expected: 'a list of http(s) base URLs', example: 'http://alertmanager-0:9093,http://alertmanager-1:9093' }),
  ALERTMANAGER_EXTERNAL_URL: envVar('ALERTMANAGER_EXTERNAL_URL', { parse: parseBaseUrl, expected: 'an http(s) base URL', example: 'https://alertmanager.example.com' }),
  ALERTMANAGER_API_TIMEOUT: envVar('ALERTMANAGER_API_TIMEOUT', { parse: durationAtLeast(1), expected: `a positive ${duration.slice(2)}`, example: '5s' }),
  ALERTMANAGER_API_BEARER_TOKEN: envVar('ALERTMANAGER_API_BEARER_TOKEN', { parse: text, expected: 'a token', example: '<token>', secret }),
  ALERTMANAGER_API_BEARER_TOKEN_FILE: envVar('ALERTMANAGER_API_BEARER_TOKEN_FILE', { parse: text, expected: 'a file path', example: '/etc/mendbot/secrets/alertmanager-token' }),
  ALERTMANAGER_API_USERNAME: envVar('ALERTMANAGER_API_USERNAME', { parse: text, expected: 'a user name', example: 'mendbot' }),
  ALERTMANAGER_API_PASSWORD: envVar('ALERTMANAGER_API_PASSWORD', { parse: text, expected: 'a password', example: '<password>', secret }),
  ALERTMANAGER_API_PASSWORD_FILE: envVar('ALERTMANAGER_API_PASSWORD_FILE', { parse: text, expected: 'a file path', example: '/etc/mendbot/secrets/alertmanager-password' }),
  ALERTMANAGER_API_CA_FILE: envVar('ALERTMANAGER_API_CA_FILE', { parse: text, expected: 'a file path', example: '/etc/mendbot/tls/ca.crt' }),
  ALERTMANAGER_API_CERT_FILE: envVar('ALERTMANAGER_API_CERT_FILE', { parse: text, expected: 'a file path', example: '/etc/mendbot/tls/client.crt' }),
  ALERTMANAGER_API_KEY_FILE: envVar('ALERTMANAGER_API_KEY_FILE', { parse: text, expected: 'a file path', example: '/etc/mendbot/tls/client.key' }),
  ALERTMANAGER_API_INSECURE_SKIP_VERIFY: envVar('ALERTMANAGER_API_INSECURE_SKIP_VERIFY', { parse: boolean, expected: 'true or false', example: 'false' }),
  // Under a second would hammer Alertmanager; 0 is the way to turn the job off.
  ALERTMANAGER_RECONCILE_INTERVAL: envVar('ALERTMANAGER_RECONCILE_INTERVAL', {
    parse: (v) => {
      const ms = parseDuration(v);
      return ms === 0 || (ms !== undefined && ms >= 1000) ? ms : undefined;
    },
    expected: `0 (off) or a ${duration.slice(2)} of at least 1s`,
    example: '60s',
  }),
  ALERTMANAGER_RECONCILE_GRACE: envVar('ALERTMANAGER_RECONCILE_GRACE', { parse: durationAtLeast(0), expected: duration, example: '5m' }),
  MENDBOT_API_TOKEN: envVar('MENDBOT_API_TOKEN', { parse: text, expected: 'a token', example: '<token>', secret }),
  MENDBOT_API_TOKENS: envVar('MENDBOT_API_TOKENS', {
    parse: parseApiTokensEnv,
    expected: 'a list of name:role:token entries',
    example: 'grafana:viewer:<token>,deploy-bot:operator:<token>',
    secret,
  }),
  MENDBOT_API_TOKENS_FILE: envVar('MENDBOT_API_TOKENS_FILE', { parse: text, expected: 'a file path', example: '/etc/mendbot/api-tokens/tokens.yaml' }),
  // The web console (/ui): session signing key, and the authenticating proxy it may trust.
  MENDBOT_UI_SESSION_KEY: envVar('MENDBOT_UI_SESSION_KEY', {
    parse: (v) => (v.length >= 32 ? v : undefined),
    expected: 'a key of at least 32 characters',
    example: '<openssl rand -hex 32>',
    secret,
  }),
  MENDBOT_UI_SESSION_TTL: envVar('MENDBOT_UI_SESSION_TTL', { parse: durationAtLeast(60_000), expected: `a ${duration.slice(2)} of at least 1m`, example: '12h' }),
  MENDBOT_UI_TRUSTED_HEADER: envVar('MENDBOT_UI_TRUSTED_HEADER', {
    parse: (v) => (/^[A-Za-z0-9-]{1,64}$/.test(v) ? v.toLowerCase() : undefined),
    expected: 'an HTTP header name',
    example: 'X-Auth-Request-User',
  }),
  MENDBOT_UI_TRUSTED_PROXIES: envVar('MENDBOT_UI_TRUSTED_PROXIES', { parse: parseCidrList, expected: 'a list of CIDR blocks', example: '10.0.0.0/8' }),
  MENDBOT_UI_PROXY_ROLES: envVar('MENDBOT_UI_PROXY_ROLES', { parse: parseUiProxyRoles, expected: 'a list of name:role entries', example: 'alice@example.com:operator,bob@example.com:admin' }),
  MENDBOT_CORRELATION_ALERTMANAGER: envVar('MENDBOT_CORRELATION_ALERTMANAGER', {
    parse: correlationTemplate,
    expected: 'a valid correlation template',
    example: "'{{ labels.alertname }}/{{ labels.service }}'",
  }),
  MENDBOT_CORRELATION_PAGERDUTY: envVar('MENDBOT_CORRELATION_PAGERDUTY', {
    parse: correlationTemplate,
    expected: 'a valid correlation template',
    example: "'{{ labels.service }}'",
  }),
  MENDBOT_REOPEN_WINDOW: envVar('MENDBOT_REOPEN_WINDOW', { parse: durationAtLeast(0), expected: duration, example: '5m' }),
  MENDBOT_FLAPPING_THRESHOLD: envVar('MENDBOT_FLAPPING_THRESHOLD', { parse: integerAtLeast(2), expected: 'an integer ≥ 2', example: '4' }),
  MENDBOT_FLAPPING_WINDOW: envVar('MENDBOT_FLAPPING_WINDOW', { parse: durationAtLeast(1), expected: `a positive ${duration.slice(2)}`, example: '30m' }),
  MENDBOT_SQLITE_SYNCHRONOUS: envVar('MENDBOT_SQLITE_SYNCHRONOUS', {
    // OFF is deliberately not offered: it would break "persist before acknowledge".
    parse: oneOf(['NORMAL', 'FULL'] as const, (s) => s.toUpperCase()),
    expected: 'NORMAL or FULL',
    example: 'NORMAL',
  }),
  // Below a second, a busy event loop can miss renewals and another process would take runs over mid-step.
  MENDBOT_RUN_LEASE: envVar('MENDBOT_RUN_LEASE', { parse: durationAtLeast(1000), expected: `a ${duration.slice(2)} of at least 1s`, example: '3s' }),
  MENDBOT_EXECUTOR_CONCURRENCY: envVar('MENDBOT_EXECUTOR_CONCURRENCY', { parse: integerAtLeast(1), expected: 'an integer ≥ 1', example: '32' }),
  MENDBOT_SHUTDOWN_TIMEOUT: envVar('MENDBOT_SHUTDOWN_TIMEOUT', { parse: durationAtLeast(1), expected: `a positive ${duration.slice(2)}`, example: '25s' }),
  // At least an hour: shorter would forget PagerDuty webhook ids while PagerDuty still retries them.
  MENDBOT_RETENTION_DELIVERIES: envVar('MENDBOT_RETENTION_DELIVERIES', { parse: durationAtLeast(3_600_000), expected: `a ${duration.slice(2)} of at least 1h`, example: '30d' }),
  MENDBOT_RETENTION_INCIDENTS: envVar('MENDBOT_RETENTION_INCIDENTS', {
    parse: (v) => {
      const ms = parseDuration(v);
      return ms === 0 || (ms !== undefined && ms >= 3_600_000) ? ms : undefined;
    },
    expected: `0 (keep forever) or a ${duration.slice(2)} of at least 1h`,
    example: '90d',
  }),
  // The files in it are read when a step runs, so a rotated Kubernetes Secret is picked up without a restart.
  MENDBOT_SECRETS_DIR: envVar('MENDBOT_SECRETS_DIR', { parse: text, expected: 'a directory', example: '/etc/mendbot/secrets' }),
  MENDBOT_CONFIG: envVar('MENDBOT_CONFIG', { parse: text, expected: 'a file path', example: './mendbot.yaml' }),
});


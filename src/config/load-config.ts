import { readFileSync } from 'node:fs';
import { defaultLifecyclePolicy } from '../core/incidents/lifecycle-policy';
import { defaultRetentionPolicy } from '../core/retention/retention-policy';
import type { Config } from './config';
import { configEnvSchema } from './config-env-schema';
import { collectAlertmanagerApiSettings } from './collect-alertmanager-api-settings';
import { collectSecretSettings } from './collect-secret-settings';
import { ConfigError } from './config-error';
import type { ConfigFile } from './config-file-schema';
import { deepFreeze } from './deep-freeze';
import { findExposedListener } from './find-exposed-listener';
import { findIncompleteIntegrations } from './find-incomplete-integrations';
import { findUnknownEnvVars } from './find-unknown-env-vars';
import { loadApiTokens } from './load-api-tokens';
import { readConfigFile } from './read-config-file';

export interface LoadConfigOptions {
  /** Reads the MENDBOT_CONFIG and MENDBOT_API_TOKENS_FILE files; injectable for tests. Defaults to fs.readFileSync(path, 'utf8'). */
  readFile?: (path: string) => string;
}

const knownEnvVars = Object.keys(configEnvSchema.shape);

/**
 * Builds the configuration from `env` (pass process.env from the composition root; nothing else reads it)
 * and the optional YAML file named by MENDBOT_CONFIG. Env vars win over the file; defaults fill the rest.
 * Throws one ConfigError listing every problem found, so a single restart is enough to fix them all.
 */
export function loadConfig(env: Record<string, string | undefined>, options: LoadConfigOptions = {}): Readonly<Config> {
  const readFile = options.readFile ?? ((path: string) => readFileSync(path, 'utf8'));
  const problems: string[] = [];

  const parsed = configEnvSchema.safeParse(env);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(`${issue.path.map(String).join('.')}: ${issue.message}`);
  }
  problems.push(...findUnknownEnvVars(env, knownEnvVars));
  problems.push(...findIncompleteIntegrations(env));

  // Read the file even when env is already wrong: every problem is reported in one go.
  const configPath = env.MENDBOT_CONFIG?.trim() || undefined;
  let file: ConfigFile = {};
  if (configPath !== undefined) {
    const result = readConfigFile(configPath, readFile);
    problems.push(...result.problems);
    file = result.file ?? {};
  }

  // API identities add up from three settings; a clash between them is a problem like any other.
  const api = loadApiTokens({
    legacy: env.MENDBOT_API_TOKEN?.trim() || undefined,
    listed: parsed.success ? parsed.data.MENDBOT_API_TOKENS : undefined,
    file: env.MENDBOT_API_TOKENS_FILE?.trim() || undefined,
    readFile,
  });
  problems.push(...api.problems);
  const secrets = collectSecretSettings(env, problems);
  const alertmanagerApi = collectAlertmanagerApiSettings(env, parsed.success ? parsed.data : undefined, problems, readFile);

  if (problems.length > 0 || !parsed.success) throw new ConfigError(problems);
  const e = parsed.data;

  const config: Config = {
    port: e.PORT ?? 8080,
    host: e.MENDBOT_HOST ?? '127.0.0.1',
    dataDir: e.MENDBOT_DATA_DIR ?? './data',
    mongodbUri: e.MONGODB_URI,
    playbooksDir: e.PLAYBOOKS_DIR ?? './playbooks',
    logLevel: e.LOG_LEVEL ?? 'info',
    bodyLimitBytes: e.MENDBOT_BODY_LIMIT ?? 5 * 1024 * 1024,
    alertmanager: {
      token: e.ALERTMANAGER_TOKEN ?? file.alertmanager?.token ?? undefined,
      basicAuth: e.ALERTMANAGER_BASIC_AUTH ?? file.alertmanager?.basicAuth ?? undefined,
    },
    pagerduty: {
      webhookSecrets: e.PAGERDUTY_WEBHOOK_SECRETS ?? file.pagerduty?.webhookSecrets ?? [],
      routingKey: e.PAGERDUTY_ROUTING_KEY,
      eventsUrl: e.PAGERDUTY_EVENTS_URL ?? 'https://events.pagerduty.com/v2/enqueue',
    },
    slack: {
      commandName: file.slack?.commandName ?? '/mendbot',
      roles: {
        run: file.slack?.roles?.run ?? [],
        pause: file.slack?.roles?.pause ?? [],
        approve: file.slack?.roles?.approve ?? [],
        silence: file.slack?.roles?.silence ?? [],
        resolve: file.slack?.roles?.resolve ?? [],
      },
      botToken: e.SLACK_BOT_TOKEN,
      signingSecret: e.SLACK_SIGNING_SECRET,
      channel: e.SLACK_CHANNEL,
      apiUrl: e.SLACK_API_URL,
      appToken: e.SLACK_APP_TOKEN,
    },
    github: {
      token: e.GITHUB_TOKEN,
      repository: e.GITHUB_REPOSITORY,
      apiUrl: e.GITHUB_API_URL ?? 'https://api.github.com',
    },
    jira: {
      baseUrl: e.JIRA_BASE_URL,
      email: e.JIRA_EMAIL,
      apiToken: e.JIRA_API_TOKEN,
      projectKey: e.JIRA_PROJECT_KEY,
    },
    postmortemDir: e.POSTMORTEM_DIR ?? './postmortems',
    prometheusUrl: e.PROMETHEUS_URL,
    alertmanagerApi,
    apiToken: e.MENDBOT_API_TOKEN,
    apiTokens: api.tokens,
    outbound: { allow: e.MENDBOT_OUTBOUND_ALLOW ?? [], only: e.MENDBOT_OUTBOUND_ONLY ?? [] },
    correlation: {
      alertmanager: e.MENDBOT_CORRELATION_ALERTMANAGER ?? file.correlation?.alertmanager ?? undefined,
      pagerduty: e.MENDBOT_CORRELATION_PAGERDUTY ?? file.correlation?.pagerduty ?? undefined,
    },
    lifecycle: {
      reopenWindowMs: e.MENDBOT_REOPEN_WINDOW ?? file.lifecycle?.reopenWindow ?? defaultLifecyclePolicy.reopenWindowMs,
      flappingThreshold: e.MENDBOT_FLAPPING_THRESHOLD ?? file.lifecycle?.flappingThreshold ?? defaultLifecyclePolicy.flappingThreshold,
      flappingWindowMs: e.MENDBOT_FLAPPING_WINDOW ?? file.lifecycle?.flappingWindow ?? defaultLifecyclePolicy.flappingWindowMs,
    },
    kubeconfig: e.MENDBOT_KUBECONFIG,
    secrets,
    postmortemSettleMs: e.MENDBOT_POSTMORTEM_SETTLE ?? 300_000,
    postmortemTemplate: e.MENDBOT_POSTMORTEM_TEMPLATE,
    http: { allowedHosts: e.MENDBOT_HTTP_ALLOWED_HOSTS ?? file.http?.allowedHosts ?? [] },
    exec: { allowlist: e.MENDBOT_EXEC_ALLOWLIST ?? file.exec?.allowlist ?? [] },
    sqliteSynchronous: e.MENDBOT_SQLITE_SYNCHRONOUS ?? 'NORMAL',
    shutdownTimeoutMs: e.MENDBOT_SHUTDOWN_TIMEOUT ?? 25_000,
    runLeaseMs: e.MENDBOT_RUN_LEASE ?? 3_000,
    executorConcurrency: e.MENDBOT_EXECUTOR_CONCURRENCY ?? 32,
    retention: {
      deliveriesMs: e.MENDBOT_RETENTION_DELIVERIES ?? defaultRetentionPolicy.deliveriesMs,
      incidentsMs: e.MENDBOT_RETENTION_INCIDENTS ?? defaultRetentionPolicy.incidentsMs,
    },
    configFile: configPath,
    ui: {
      sessionKey: e.MENDBOT_UI_SESSION_KEY,
      sessionTtlMs: e.MENDBOT_UI_SESSION_TTL ?? 12 * 3_600_000,
      trustedHeader: e.MENDBOT_UI_TRUSTED_HEADER,
      trustedProxies: e.MENDBOT_UI_TRUSTED_PROXIES ?? [],
      proxyRoles: e.MENDBOT_UI_PROXY_ROLES ?? {},
    },
  };
  const exposed = findExposedListener({
    host: config.host,
    apiTokenCount: config.apiTokens.length,
    alertmanagerCredential: config.alertmanager.token !== undefined || config.alertmanager.basicAuth !== undefined,
    pagerdutySecretCount: config.pagerduty.webhookSecrets.length,
  });
  if (exposed.length > 0) throw new ConfigError(exposed);
  return deepFreeze(config);
}

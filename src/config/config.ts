import type { LifecyclePolicy } from '../core/incidents/lifecycle-policy';
import type { RetentionPolicy } from '../core/retention/retention-policy';
import type { AlertmanagerApiSettings } from './alertmanager-api-settings';
import type { ApiTokenEntry } from './api-token-entry';
import type { SecretSettings } from './collect-secret-settings';
import type { UiSettings } from './ui-settings';

/** Log levels pino accepts (LOG_LEVEL). */
type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/**
 * mendbot's whole configuration, built once by `loadConfig` from the environment and the optional
 * MENDBOT_CONFIG YAML file, validated, then deep-frozen. Every field is optional to set: the defaults
 * serve a local demo. Env vars win over the YAML file where both can express a setting.
 */
export interface Config {
  /** PORT, default 8080. 0 picks an ephemeral port (tests). */
  port: number;
  /**
   * MENDBOT_HOST, default '127.0.0.1' (this machine only: a laptop). Containers set 0.0.0.0 (the Dockerfile
   * does); a non-loopback host without an API token and a webhook credential is refused at start-up.
   */
  host: string;
  /** MENDBOT_DATA_DIR, default './data'. The SQLite file lives inside. */
  dataDir: string;
  /** MONGODB_URI (mongodb:// or mongodb+srv://). When set, the store is MongoDB instead of SQLite. */
  mongodbUri?: string;
  /** PLAYBOOKS_DIR, default './playbooks'. */
  playbooksDir: string;
  /** LOG_LEVEL, default 'info'. */
  logLevel: LogLevel;
  /**
   * MENDBOT_BODY_LIMIT: '5mb', '512kb' or a byte count; default 5 MiB. Generous on purpose: Alertmanager
   * never retries a 413, so a storm-sized grouped notification rejected here is lost.
   */
  bodyLimitBytes: number;
  alertmanager: {
    /** ALERTMANAGER_TOKEN: bearer token Alertmanager sends (`http_config.authorization.credentials`). */
    token?: string;
    /** ALERTMANAGER_BASIC_AUTH as 'user:pass' (split at the first colon), or YAML `alertmanager.basicAuth`. */
    basicAuth?: { username: string; password: string };
  };
  pagerduty: {
    /**
     * PAGERDUTY_WEBHOOK_SECRETS, comma-separated (or YAML `pagerduty.webhookSecrets`), default none. Several
     * secrets are accepted at once so a subscription's secret can be rotated without dropping deliveries.
     */
    webhookSecrets: string[];
    /** PAGERDUTY_ROUTING_KEY: Events API v2 integration key used to escalate. */
    routingKey?: string;
    /** PAGERDUTY_EVENTS_URL, default 'https://events.pagerduty.com/v2/enqueue'. */
    eventsUrl: string;
  };
  slack: {
    /** YAML `slack.commandName`, default '/mendbot'. */
    commandName: string;
    /** YAML `slack.roles`: who may run, pause, approve (slash command), silence and resolve; empty = nobody. */
    roles: { run: string[]; pause: string[]; approve: string[]; silence: string[]; resolve: string[] };
    /** SLACK_BOT_TOKEN (xoxb-…). Needs SLACK_SIGNING_SECRET or SLACK_APP_TOKEN alongside. */
    botToken?: string;
    /** SLACK_SIGNING_SECRET: verifies requests to POST /slack/events. */
    signingSecret?: string;
    /** SLACK_CHANNEL: channel ID or name for incident threads. */
    channel?: string;
    /** SLACK_API_URL: WebClient base URL; default is Slack's own (https://slack.com/api/). */
    apiUrl?: string;
    /** SLACK_APP_TOKEN (xapp-…): Socket Mode instead of the HTTP events endpoint. */
    appToken?: string;
  };
  github: {
    /** GITHUB_TOKEN: files postmortem issues. Needs GITHUB_REPOSITORY. */
    token?: string;
    /** GITHUB_REPOSITORY as 'owner/name'. */
    repository?: string;
    /** GITHUB_API_URL, default 'https://api.github.com' (GitHub Enterprise: https://HOST/api/v3); trailing '/' dropped. */
    apiUrl: string;
  };
  jira: {
    /** JIRA_BASE_URL, e.g. https://example.atlassian.net; trailing '/' dropped. Jira needs all four JIRA_* set, or none. */
    baseUrl?: string;
    /** JIRA_EMAIL: the account the API token belongs to. */
    email?: string;
    /** JIRA_API_TOKEN. */
    apiToken?: string;
    /** JIRA_PROJECT_KEY, e.g. 'OPS'. */
    projectKey?: string;
  };
  /** POSTMORTEM_DIR, default './postmortems': where postmortem documents are written. */
  postmortemDir: string;
  /** PROMETHEUS_URL, e.g. http://prometheus:9090 (trailing '/' dropped), for `prometheus.check` steps. */
  prometheusUrl?: string;
  /**
   * ALERTMANAGER_URL and the ALERTMANAGER_API_* / ALERTMANAGER_RECONCILE_* settings: how mendbot asks
   * Alertmanager which alerts are really active. Undefined when ALERTMANAGER_URL is unset (the feature is off).
   */
  alertmanagerApi: AlertmanagerApiSettings | undefined;
  /** MENDBOT_API_TOKEN, the single admin token from before roles (also in apiTokens, named `default`). */
  apiToken?: string;
  /**
   * Every API identity: MENDBOT_API_TOKEN (admin `default`), MENDBOT_API_TOKENS and MENDBOT_API_TOKENS_FILE
   * together. Hashes only. Empty = the API serves loopback clients only.
   */
  apiTokens: ApiTokenEntry[];
  /**
   * Where playbook requests (http, prometheus.check) may connect, checked on the address actually
   * connected to. Link-local and metadata addresses are denied unless a block in MENDBOT_OUTBOUND_ALLOW
   * covers them; MENDBOT_OUTBOUND_ONLY, when set, is the only address space allowed at all. CIDR strings.
   */
  outbound: { allow: string[]; only: string[] };
  /**
   * Correlation-ID templates per source, e.g. `{{ labels.alertname }}/{{ labels.service }}`; checked at
   * start-up. Unset = Alertmanager group key / PagerDuty incident id.
   */
  correlation: {
    /** MENDBOT_CORRELATION_ALERTMANAGER or YAML `correlation.alertmanager`. */
    alertmanager?: string;
    /** MENDBOT_CORRELATION_PAGERDUTY or YAML `correlation.pagerduty`. */
    pagerduty?: string;
  };
  /**
   * Incident lifecycle tunables: MENDBOT_REOPEN_WINDOW (default '5m'), MENDBOT_FLAPPING_THRESHOLD (default 4,
   * integer ≥ 2), MENDBOT_FLAPPING_WINDOW (default '30m'); or YAML `lifecycle.{reopenWindow,
   * flappingThreshold, flappingWindow}`.
   */
  lifecycle: LifecyclePolicy;
  /**
   * MENDBOT_SQLITE_SYNCHRONOUS, default 'NORMAL'. In WAL mode NORMAL survives a process crash but may lose
   * the last commits on power loss; FULL also survives power loss at some write latency.
   * https://www.sqlite.org/pragma.html#pragma_synchronous
   */
  sqliteSynchronous: 'NORMAL' | 'FULL';
  /** MENDBOT_SHUTDOWN_TIMEOUT, default '25s': drain time after SIGTERM, under Kubernetes' 30 s grace period. */
  shutdownTimeoutMs: number;
  /** MENDBOT_CONFIG: path of the optional YAML file that was read, if any. */
  configFile?: string;
  /**
   * Binaries the `exec` action may run (absolute paths, exact match; no shell, no PATH lookup):
   * MENDBOT_EXEC_ALLOWLIST comma-separated or YAML `exec.allowlist`; default none (exec refuses everything).
   */
  exec: { allowlist: string[] };
  /**
   * MENDBOT_RUN_LEASE, default '3s': how long a process holds a run without renewing it (it renews every
   * third of this while the run is in its hands). When the process dies, its runs are taken over by another
   * process (or the restart) once the lease expires, within the lease plus one claim poll (500 ms). It is
   * also the longest event-loop stall a process may suffer before another one may take its runs over
   * (at-most-once still holds then: see the README's runs section); raise it on a badly overloaded host.
   */
  runLeaseMs: number;
  /**
   * MENDBOT_EXECUTOR_CONCURRENCY, default 32: runs one process executes at the same time. A slot is held for
   * the whole run, `wait` steps and slow HTTP calls included, so a storm's per-alert runs queue behind it; it
   * bounds this process's resources, not the blast radius (playbook budgets, cooldowns, locks and the kill
   * switch do that). At 8, a 20-alert group's runs started in three waves (docs/performance-history.md, the
   * engine benchmark).
   */
  executorConcurrency: number;
  /**
   * Hosts the `http` action may call: MENDBOT_HTTP_ALLOWED_HOSTS comma-separated or YAML `http.allowedHosts`;
   * default none = any host (set it in production so a playbook cannot be pointed anywhere).
   */
  http: { allowedHosts: string[] };
  /**
   * MENDBOT_KUBECONFIG: kubeconfig for the kubernetes.* actions (token auth); without it, in-cluster
   * service-account auth when running in a pod, else those actions fail with "not configured".
   */
  kubeconfig?: string;
  /** MENDBOT_SECRETS_DIR and MENDBOT_SECRET_*: where `{{ secrets.NAME }}` in playbooks comes from; absent when neither is set. */
  secrets?: SecretSettings;
  /**
   * MENDBOT_POSTMORTEM_SETTLE, default '5m': a resolved incident's postmortem is filed this long after
   * resolution; reopening within it defers the filing, so a flapping incident is filed once.
   */
  postmortemSettleMs: number;
  /** MENDBOT_POSTMORTEM_TEMPLATE: a Markdown file with {{ section }} placeholders replacing the default layout. */
  postmortemTemplate?: string;
  /**
   * MENDBOT_RETENTION_DELIVERIES, default '30d': deliveries (raw bodies, dedupe keys) and the flapping history
   * are deleted this long after receipt. MENDBOT_RETENTION_INCIDENTS, default '90d' ('0' keeps them): resolved
   * incidents with their alerts, timeline, runs and chat references this long after resolution, never one
   * with a run that is not final or a postmortem not yet filed. A sweep every 5 minutes deletes in batches.
   */
  retention: RetentionPolicy;
  /** The web console under /ui: how people sign in (docs/console.md). */
  ui: UiSettings;
}

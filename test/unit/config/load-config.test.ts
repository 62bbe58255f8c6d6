import { ConfigError } from '../../../src/config/config-error';
import { sha256Hex } from '../../../src/config/api-token-entry';
import { loadConfig } from '../../../src/config/load-config';
import { ErrorCode } from '../../../src/core/errors';

/** Runs loadConfig and returns the ConfigError it throws (fails the test if it does not throw one). */
function configErrorOf(env: Record<string, string | undefined>): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected loadConfig to throw a ConfigError');
}

const problemsOf = (env: Record<string, string | undefined>): string[] => configErrorOf(env).problems;

const everyVar = {
  PORT: '9090',
  MENDBOT_HOST: '127.0.0.1',
  MENDBOT_DATA_DIR: '/var/lib/mendbot',
  MONGODB_URI: 'mongodb://mongo:27017/mendbot',
  PLAYBOOKS_DIR: '/etc/mendbot/playbooks',
  LOG_LEVEL: 'DEBUG',
  MENDBOT_BODY_LIMIT: '512kb',
  ALERTMANAGER_TOKEN: 'am-token',
  ALERTMANAGER_BASIC_AUTH: 'alertmanager:pa:ss',
  PAGERDUTY_WEBHOOK_SECRETS: ' old-secret , new-secret ,, ',
  PAGERDUTY_ROUTING_KEY: 'R0UT1NG',
  PAGERDUTY_EVENTS_URL: 'http://127.0.0.1:4001/v2/enqueue',
  SLACK_BOT_TOKEN: 'xoxb-1',
  SLACK_SIGNING_SECRET: 'signing',
  SLACK_CHANNEL: 'C0123456789',
  SLACK_API_URL: 'http://127.0.0.1:4002/api/',
  SLACK_APP_TOKEN: 'xapp-1',
  GITHUB_TOKEN: 'ghp_1',
  GITHUB_REPOSITORY: 'acme/incidents',
  GITHUB_API_URL: 'http://127.0.0.1:4003/',
  JIRA_BASE_URL: 'http://127.0.0.1:4004',
  JIRA_EMAIL: 'bot@acme.com',
  JIRA_API_TOKEN: 'jira-token',
  JIRA_PROJECT_KEY: 'OPS',
  POSTMORTEM_DIR: '/var/lib/mendbot/postmortems',
  PROMETHEUS_URL: 'http://127.0.0.1:9090',
  MENDBOT_API_TOKEN: 'api-token',
  MENDBOT_CORRELATION_ALERTMANAGER: '{{ labels.alertname }}/{{ labels.service }}',
  MENDBOT_CORRELATION_PAGERDUTY: '{{ labels.service }}',
  MENDBOT_REOPEN_WINDOW: '10m',
  MENDBOT_FLAPPING_THRESHOLD: '6',
  MENDBOT_FLAPPING_WINDOW: '1h',
  MENDBOT_SQLITE_SYNCHRONOUS: 'full',
  MENDBOT_EXEC_ALLOWLIST: '/usr/local/bin/cleanup-logs, /bin/echo',
  MENDBOT_HTTP_ALLOWED_HOSTS: 'deployer.internal',
  MENDBOT_POSTMORTEM_SETTLE: '1m',
  MENDBOT_POSTMORTEM_TEMPLATE: '/etc/mendbot/postmortem.md',
  MENDBOT_KUBECONFIG: '/etc/mendbot/kubeconfig',
  MENDBOT_RUN_LEASE: '2s',
  MENDBOT_EXECUTOR_CONCURRENCY: '3',
  MENDBOT_SHUTDOWN_TIMEOUT: '10s',
};

describe('loadConfig', () => {
  describe('with an empty environment', () => {
    it('serves a local demo on the documented defaults', () => {
      expect(loadConfig({})).toEqual({
        port: 8080,
        host: '127.0.0.1',
        dataDir: './data',
        playbooksDir: './playbooks',
        logLevel: 'info',
        bodyLimitBytes: 5 * 1024 * 1024,
        alertmanager: {},
        pagerduty: { webhookSecrets: [], eventsUrl: 'https://events.pagerduty.com/v2/enqueue' },
        slack: { commandName: '/mendbot', roles: { run: [], pause: [], approve: [], silence: [], resolve: [] } },
        github: { apiUrl: 'https://api.github.com' },
        jira: {},
        postmortemDir: './postmortems',
        apiTokens: [],
        outbound: { allow: [], only: [] },
        correlation: {},
        lifecycle: { reopenWindowMs: 300_000, flappingThreshold: 4, flappingWindowMs: 1_800_000 },
        sqliteSynchronous: 'NORMAL',
        exec: { allowlist: [] },
        http: { allowedHosts: [] },
        postmortemSettleMs: 300_000,
        retention: { deliveriesMs: 2_592_000_000, incidentsMs: 7_776_000_000 },
      ui: { sessionTtlMs: 43_200_000, trustedProxies: [], proxyRoles: {} },
        runLeaseMs: 3_000,
        executorConcurrency: 32,
        shutdownTimeoutMs: 25_000,
      });
    });

    it('treats blank values as unset, as Helm and Compose render missing values', () => {
      expect(loadConfig({ PORT: '', LOG_LEVEL: '  ', MONGODB_URI: '' })).toMatchObject({ port: 8080, logLevel: 'info', mongodbUri: undefined });
    });

    it('ignores variables that are not mendbot settings', () => {
      expect(() => loadConfig({ PATH: '/usr/bin', HOME: '/root', GITHUB_SHA: 'abc' })).not.toThrow();
    });
  });

  describe('when every variable is set', () => {
    it('parses each one', () => {
      expect(loadConfig(everyVar)).toEqual({
        port: 9090,
        host: '127.0.0.1',
        dataDir: '/var/lib/mendbot',
        mongodbUri: 'mongodb://mongo:27017/mendbot',
        playbooksDir: '/etc/mendbot/playbooks',
        logLevel: 'debug',
        bodyLimitBytes: 512 * 1024,
        alertmanager: { token: 'am-token', basicAuth: { username: 'alertmanager', password: 'pa:ss' } },
        pagerduty: { webhookSecrets: ['old-secret', 'new-secret'], routingKey: 'R0UT1NG', eventsUrl: 'http://127.0.0.1:4001/v2/enqueue' },
        slack: { commandName: '/mendbot', roles: { run: [], pause: [], approve: [], silence: [], resolve: [] }, botToken: 'xoxb-1', signingSecret: 'signing', channel: 'C0123456789', apiUrl: 'http://127.0.0.1:4002/api/', appToken: 'xapp-1' },
        github: { token: 'ghp_1', repository: 'acme/incidents', apiUrl: 'http://127.0.0.1:4003' },
        jira: { baseUrl: 'http://127.0.0.1:4004', email: 'bot@acme.com', apiToken: 'jira-token', projectKey: 'OPS' },
        postmortemDir: '/var/lib/mendbot/postmortems',
        prometheusUrl: 'http://127.0.0.1:9090',
        apiToken: 'api-token',
        apiTokens: [{ name: 'default', role: 'admin', sha256: sha256Hex('api-token') }],
        outbound: { allow: [], only: [] },
        correlation: { alertmanager: '{{ labels.alertname }}/{{ labels.service }}', pagerduty: '{{ labels.service }}' },
        lifecycle: { reopenWindowMs: 600_000, flappingThreshold: 6, flappingWindowMs: 3_600_000 },
        sqliteSynchronous: 'FULL',
        exec: { allowlist: ['/usr/local/bin/cleanup-logs', '/bin/echo'] },
        http: { allowedHosts: ['deployer.internal'] },
        postmortemSettleMs: 60_000,
        postmortemTemplate: '/etc/mendbot/postmortem.md',
        kubeconfig: '/etc/mendbot/kubeconfig',
        retention: { deliveriesMs: 2_592_000_000, incidentsMs: 7_776_000_000 },
      ui: { sessionTtlMs: 43_200_000, trustedProxies: [], proxyRoles: {} },
        runLeaseMs: 2_000,
        executorConcurrency: 3,
        shutdownTimeoutMs: 10_000,
      });
    });

    it('accepts PORT=0 for an ephemeral port', () => {
      expect(loadConfig({ PORT: '0' }).port).toBe(0);
    });

    it('trims whitespace around secrets, which mounted files often end with', () => {
      expect(loadConfig({ ALERTMANAGER_TOKEN: 'am-token\n' }).alertmanager.token).toBe('am-token');
    });
  });

  describe('when several variables are wrong', () => {
    it('reports all of them in one ConfigError, each with the variable and a fix', () => {
      const problems = problemsOf({
        PORT: 'abc',
        LOG_LEVEL: 'verbose',
        MENDBOT_REOPEN_WINDOW: '5 minutes',
        MENDBOT_FLAPPING_THRESHOLD: '1',
        MENDBOT_BODY_LIMIT: '5 megabytes',
        MENDBOT_SQLITE_SYNCHRONOUS: 'OFF',
        GITHUB_REPOSITORY: 'incidents',
        PAGERDUTY_EVENTS_URL: 'ftp://example.com',
      });
      expect(problems).toEqual([
        'PORT: "abc" is not a port number (0-65535); set PORT=8080',
        'LOG_LEVEL: "verbose" is not a log level (fatal, error, warn, info, debug, trace, silent); set LOG_LEVEL=info',
        'MENDBOT_BODY_LIMIT: "5 megabytes" is not a positive size (5mb, 512kb or a byte count); set MENDBOT_BODY_LIMIT=5mb',
        'PAGERDUTY_EVENTS_URL: "ftp://example.com" is not an http(s) URL; set PAGERDUTY_EVENTS_URL=https://events.pagerduty.com/v2/enqueue',
        'GITHUB_REPOSITORY: "incidents" is not a repository in owner/name form; set GITHUB_REPOSITORY=acme/incidents',
        expect.stringMatching(/^MENDBOT_REOPEN_WINDOW: "5 minutes" is not a duration .*; set MENDBOT_REOPEN_WINDOW=5m$/),
        'MENDBOT_FLAPPING_THRESHOLD: "1" is not an integer ≥ 2; set MENDBOT_FLAPPING_THRESHOLD=4',
        'MENDBOT_SQLITE_SYNCHRONOUS: "OFF" is not NORMAL or FULL; set MENDBOT_SQLITE_SYNCHRONOUS=NORMAL',
      ]);
    });

    it('throws a MendbotError with code CONFIG_INVALID whose message lists each problem on its own line', () => {
      const error = configErrorOf({ PORT: '70000', MENDBOT_SHUTDOWN_TIMEOUT: '0s' });
      expect(error.code).toBe(ErrorCode.ConfigInvalid);
      expect(error.message.split('\n')).toEqual([
        'invalid configuration (2 problems):',
        '  - PORT: "70000" is not a port number (0-65535); set PORT=8080',
        expect.stringMatching(/^ {2}- MENDBOT_SHUTDOWN_TIMEOUT: "0s" is not a positive duration/),
      ]);
    });

    it('never echoes a secret value into the error', () => {
      const problems = problemsOf({ ALERTMANAGER_BASIC_AUTH: 'hunter2-without-colon', MONGODB_URI: 'mysql://root:hunter3@db' });
      expect(problems).toHaveLength(2);
      expect(problems.join('\n')).not.toMatch(/hunter/);
      expect(problems).toContainEqual(expect.stringMatching(/^ALERTMANAGER_BASIC_AUTH: .* user:password form/));
    });

    it('rejects a correlation template with an unknown placeholder at start-up', () => {
      expect(problemsOf({ MENDBOT_CORRELATION_ALERTMANAGER: '{{ label.service }}' })).toEqual([
        expect.stringMatching(/^MENDBOT_CORRELATION_ALERTMANAGER: "\{\{ label.service \}\}" is not a valid correlation template \(unsupported placeholder/),
      ]);
    });
  });

  describe('when a MENDBOT_ variable is misspelt', () => {
    it('names the closest known variable', () => {
      expect(problemsOf({ MENDBOT_REOPEN_WINDOWS: '5m' })).toEqual([
        'MENDBOT_REOPEN_WINDOWS: not a mendbot setting; did you mean MENDBOT_REOPEN_WINDOW? (rename or remove it)',
      ]);
    });

    it('suggests the unprefixed name for a setting that has no MENDBOT_ prefix', () => {
      expect(problemsOf({ MENDBOT_LOG_LEVEL: 'debug' })).toEqual([expect.stringContaining('did you mean LOG_LEVEL?')]);
    });

    it('ignores the service-link variables Kubernetes injects for a Service named mendbot', () => {
      const env = {
        MENDBOT_SERVICE_HOST: '10.0.0.7',
        MENDBOT_SERVICE_PORT: '8080',
        MENDBOT_SERVICE_PORT_HTTP: '8080',
        MENDBOT_PORT: 'tcp://10.0.0.7:8080',
        MENDBOT_PORT_8080_TCP: 'tcp://10.0.0.7:8080',
        MENDBOT_PORT_8080_TCP_PROTO: 'tcp',
        MENDBOT_PORT_8080_TCP_PORT: '8080',
        MENDBOT_PORT_8080_TCP_ADDR: '10.0.0.7',
      };
      expect(loadConfig(env).port).toBe(8080);
    });

    it('still flags MENDBOT_PORT when it holds a plain port, the likely mistake for PORT', () => {
      expect(problemsOf({ MENDBOT_PORT: '9000' })).toEqual([expect.stringContaining('did you mean PORT?')]);
    });
  });

  describe('when an integration is configured by halves', () => {
    it('names the missing Jira variables', () => {
      expect(problemsOf({ JIRA_BASE_URL: 'https://acme.atlassian.net', JIRA_API_TOKEN: 't' })).toEqual([
        'JIRA_EMAIL, JIRA_PROJECT_KEY: not set, but JIRA_BASE_URL, JIRA_API_TOKEN are; Jira needs all four (set the rest, or unset JIRA_BASE_URL, JIRA_API_TOKEN to turn Jira off)',
      ]);
    });

    it('requires GITHUB_REPOSITORY alongside GITHUB_TOKEN', () => {
      expect(problemsOf({ GITHUB_TOKEN: 'ghp_1' })).toEqual([expect.stringMatching(/^GITHUB_REPOSITORY: not set, but GITHUB_TOKEN is/)]);
    });

    it('requires a way to receive Slack interactions alongside SLACK_BOT_TOKEN', () => {
      expect(problemsOf({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_CHANNEL: 'C1' })).toEqual([expect.stringMatching(/^SLACK_SIGNING_SECRET: not set, but SLACK_BOT_TOKEN is/)]);
      expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1', SLACK_CHANNEL: 'C1' }).slack.appToken).toBe('xapp-1');
    });

    it('requires SLACK_CHANNEL alongside SLACK_BOT_TOKEN', () => {
      expect(problemsOf({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' })).toEqual([expect.stringMatching(/^SLACK_CHANNEL: not set, but SLACK_BOT_TOKEN is/)]);
    });
  });

  describe('its result', () => {
    it('is deeply frozen, so assignment throws in strict mode', () => {
      const config = loadConfig({ PAGERDUTY_WEBHOOK_SECRETS: 'a' });
      expect(Object.isFrozen(config)).toBe(true);
      expect(() => Object.assign(config, { port: 1 })).toThrow(TypeError);
      expect(() => {
        config.lifecycle.reopenWindowMs = 1;
      }).toThrow(TypeError);
      expect(() => config.pagerduty.webhookSecrets.push('b')).toThrow(TypeError);
      expect(config.lifecycle.reopenWindowMs).toBe(300_000);
    });
  });
});

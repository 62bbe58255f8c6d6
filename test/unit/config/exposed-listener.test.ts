import { ConfigError } from '../../../src/config/config-error';
import { isLoopbackListenHost } from '../../../src/config/find-exposed-listener';
import { loadConfig } from '../../../src/config/load-config';
import { ErrorCode } from '../../../src/core/errors';

const credentials = { MENDBOT_API_TOKEN: 'api-token', ALERTMANAGER_TOKEN: 'am-token' };

function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('a network listener needs credentials (fail fast, exit 78)', () => {
  it('listens on 127.0.0.1 by default: the first `npm start` on a laptop needs nothing', () => {
    expect(loadConfig({}).host).toBe('127.0.0.1');
  });

  it.each(['0.0.0.0', '::', '10.1.2.3', 'mendbot.internal'])('refuses MENDBOT_HOST=%s with no credential at all, naming both missing kinds', (host) => {
    const e = configError({ MENDBOT_HOST: host });
    expect(e.code).toBe(ErrorCode.ConfigInvalid);
    expect(e.problems).toEqual([
      `MENDBOT_HOST: ${JSON.stringify(host)} accepts connections from other machines, but an API token (MENDBOT_API_TOKENS, MENDBOT_API_TOKENS_FILE or MENDBOT_API_TOKEN) and a webhook credential (ALERTMANAGER_TOKEN, ALERTMANAGER_BASIC_AUTH or PAGERDUTY_WEBHOOK_SECRETS) are not set; without credentials only loopback clients are served, which is for a laptop. Set the credentials, or MENDBOT_HOST=127.0.0.1`,
    ]);
  });

  it('needs both an API token and a webhook credential', () => {
    expect(configError({ MENDBOT_HOST: '0.0.0.0', MENDBOT_API_TOKEN: 'x' }).problems[0]).toMatch(/but a webhook credential .* is not set/);
    expect(configError({ MENDBOT_HOST: '0.0.0.0', ALERTMANAGER_TOKEN: 'x' }).problems[0]).toMatch(/but an API token .* is not set/);
  });

  it.each([
    { ...credentials },
    { MENDBOT_API_TOKENS: 'grafana:viewer:0123456789abcdef01', PAGERDUTY_WEBHOOK_SECRETS: 's1' },
    { MENDBOT_API_TOKEN: 'x', ALERTMANAGER_BASIC_AUTH: 'am:pw' },
  ])('starts on 0.0.0.0 with credentials (%o)', (env) => {
    expect(loadConfig({ MENDBOT_HOST: '0.0.0.0', ...env }).host).toBe('0.0.0.0');
  });

  it.each(['127.0.0.1', 'localhost', '::1', '[::1]', '127.0.0.2'])('needs nothing on the loopback host %s', (host) => {
    expect(isLoopbackListenHost(host)).toBe(true);
    expect(loadConfig({ MENDBOT_HOST: host }).host).toBe(host);
  });

  it.each(['0.0.0.0', '::', '192.0.2.2', 'fd00::2', 'localhost.example.com', '127.example.com'])('counts %s as a network listener', (host) => {
    expect(isLoopbackListenHost(host)).toBe(false);
  });
});

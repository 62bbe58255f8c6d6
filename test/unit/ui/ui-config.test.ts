import { ConfigError } from '../../../src/config/config-error';
import { loadConfig } from '../../../src/config/load-config';

describe('console settings from the environment', () => {
  it('defaults to a per-process key, 12 h sessions and no proxy', () => {
    expect(loadConfig({}).ui).toEqual({ sessionKey: undefined, sessionTtlMs: 12 * 3_600_000, trustedHeader: undefined, trustedProxies: [], proxyRoles: {} });
  });

  it('reads the key, TTL, trusted header, proxies and proxy roles', () => {
    const ui = loadConfig({
      MENDBOT_UI_SESSION_KEY: 'a'.repeat(64),
      MENDBOT_UI_SESSION_TTL: '30m',
      MENDBOT_UI_TRUSTED_HEADER: 'X-Auth-Request-User',
      MENDBOT_UI_TRUSTED_PROXIES: '10.0.0.0/8, 192.168.1.5',
      MENDBOT_UI_PROXY_ROLES: 'alice@example.com:admin',
    }).ui;
    expect(ui).toEqual({ sessionKey: 'a'.repeat(64), sessionTtlMs: 1_800_000, trustedHeader: 'x-auth-request-user', trustedProxies: ['10.0.0.0/8', '192.168.1.5'], proxyRoles: { 'alice@example.com': 'admin' } });
  });

  it('refuses a short key (without echoing it), a bad CIDR and an unknown role', () => {
    let error: unknown;
    try {
      loadConfig({ MENDBOT_UI_SESSION_KEY: 'short-secret', MENDBOT_UI_TRUSTED_PROXIES: 'proxy.local', MENDBOT_UI_PROXY_ROLES: 'alice:root' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain('MENDBOT_UI_SESSION_KEY');
    expect(message).not.toContain('short-secret');
    expect(message).toContain('MENDBOT_UI_TRUSTED_PROXIES');
    expect(message).toContain('MENDBOT_UI_PROXY_ROLES');
  });
});

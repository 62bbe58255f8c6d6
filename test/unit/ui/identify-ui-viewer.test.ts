import { checkSameOrigin } from '../../../src/http/ui/check-same-origin';
import { createProxyTrust } from '../../../src/http/ui/create-proxy-trust';
import { createUiSessionCodec } from '../../../src/http/ui/create-ui-session-codec';
import { identifyUiViewer, sessionCookieName } from '../../../src/http/ui/identify-ui-viewer';
import { UiRefusal } from '../../../src/http/ui/ui-refusal';
import { parseUiProxyRoles } from '../../../src/config/parse-ui-proxy-roles';

const now = Date.parse('2026-12-05T10:00:00Z');
const codec = createUiSessionCodec('s'.repeat(40));
const deps = (overrides: Partial<Parameters<typeof identifyUiViewer>[3]> = {}) => ({
  settings: { trustedHeader: 'x-auth-request-user', proxyRoles: { alice: 'operator' as const } },
  codec,
  isTrustedProxy: createProxyTrust(['10.1.0.0/16', 'fd00::/8']),
  loopbackMode: false,
  ...overrides,
});

describe('who uses the console', () => {
  it('trusts the proxy header only from the configured proxies', () => {
    expect(identifyUiViewer({ 'x-auth-request-user': 'alice' }, '10.1.2.3', now, deps())).toMatchObject({ name: 'alice', role: 'operator', via: 'proxy' });
    expect(identifyUiViewer({ 'x-auth-request-user': 'bob' }, '::ffff:10.1.2.3', now, deps())).toMatchObject({ name: 'bob', role: 'viewer' });
    expect(identifyUiViewer({ 'x-auth-request-user': 'bob' }, 'fd00::1', now, deps())?.name).toBe('bob');
    for (const peer of ['10.2.0.1', '127.0.0.1', '::1', '']) {
      expect(() => identifyUiViewer({ 'x-auth-request-user': 'alice' }, peer, now, deps())).toThrow(UiRefusal);
    }
    expect(() => identifyUiViewer({ 'x-auth-request-user': ' ' }, '10.1.2.3', now, deps())).toThrow('names no user');
  });

  it('reads a valid session cookie, ignores expired or forged ones', () => {
    const cookie = codec.sign({ name: 'otto', role: 'operator', expiresAt: now + 1000 });
    expect(identifyUiViewer({ cookie: `a=b; ${sessionCookieName}=${cookie}` }, '192.0.2.1', now, deps())).toMatchObject({ name: 'otto', via: 'session' });
    expect(identifyUiViewer({ cookie: `${sessionCookieName}=${cookie}` }, '192.0.2.1', now + 1000, deps())).toBeUndefined();
    expect(identifyUiViewer({ cookie: `${sessionCookieName}=${cookie}x` }, '192.0.2.1', now, deps())).toBeUndefined();
  });

  it('follows the API in loopback mode: the loopback peer is the admin at the laptop, nobody else', () => {
    expect(identifyUiViewer({}, '127.0.0.1', now, deps({ loopbackMode: true }))).toMatchObject({ name: 'loopback', role: 'admin' });
    expect(identifyUiViewer({}, '127.0.0.6', now, deps({ loopbackMode: true }))).toBeUndefined();
    expect(identifyUiViewer({}, '127.0.0.1', now, deps())).toBeUndefined();
  });

  it('refuses cross-site form posts', () => {
    expect(() => checkSameOrigin({ host: 'mendbot:8080', origin: 'http://mendbot:8080', 'sec-fetch-site': 'same-origin' })).not.toThrow();
    expect(() => checkSameOrigin({ host: 'mendbot:8080' })).not.toThrow();
    expect(() => checkSameOrigin({ host: '10.0.0.1:8080', 'x-forwarded-host': 'ops.example.com', origin: 'https://ops.example.com' })).not.toThrow();
    expect(() => checkSameOrigin({ host: 'mendbot:8080', origin: 'https://evil.example' })).toThrow('cross-site');
    expect(() => checkSameOrigin({ host: 'mendbot:8080', origin: 'null' })).toThrow('cross-site');
    expect(() => checkSameOrigin({ host: 'mendbot:8080', 'sec-fetch-site': 'same-site' })).toThrow('cross-site');
  });

  it('parses MENDBOT_UI_PROXY_ROLES', () => {
    expect(parseUiProxyRoles('alice@example.com:operator, bob:admin')).toEqual({ 'alice@example.com': 'operator', bob: 'admin' });
    expect(() => parseUiProxyRoles('alice:root')).toThrow('"alice:root"');
    expect(() => parseUiProxyRoles(':admin')).toThrow();
  });
});

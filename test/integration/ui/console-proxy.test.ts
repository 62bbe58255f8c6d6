/** Behind an authenticating proxy: the trusted header is believed only from MENDBOT_UI_TRUSTED_PROXIES. */
import { consoleClient, csrfOf } from './console-client';
import { startConsoleApp, type ConsoleApp } from './start-console-app';

const header = 'x-auth-request-user';

describe('the console behind an authenticating proxy', () => {
  let untrusted: ConsoleApp;
  let trusted: ConsoleApp;

  beforeAll(async () => {
    // The test client connects from 127.0.0.1: a proxy only in the second app's configuration.
    untrusted = await startConsoleApp({ tokens: { ada: ['admin', 'admin-token-0123456789'] }, ui: { trustedHeader: header, trustedProxies: ['10.0.0.0/8'] } });
    trusted = await startConsoleApp({ tokens: { ada: ['admin', 'admin-token-0123456789'] }, ui: { trustedHeader: header, trustedProxies: ['127.0.0.1/32'], proxyRoles: { 'alice@example.com': 'admin' } } });
  });
  afterAll(async () => {
    await untrusted.close();
    await trusted.close();
  });

  it('refuses the header from an address that is not a trusted proxy, even with a valid session', async () => {
    const forger = await consoleClient(untrusted.url, undefined, { [header]: 'alice@example.com' });
    const page = await forger.get('/ui/');
    expect(page.status).toBe(403);
    expect(page.text).toContain('only accepted from the configured proxies');
    const signedIn = await consoleClient(untrusted.url, 'admin-token-0123456789');
    expect((await signedIn.get('/ui/', { [header]: 'alice@example.com' })).status).toBe(403);
    expect((await signedIn.get('/ui/')).status).toBe(200);
    expect(untrusted.logs.some((l) => l.msg === 'console request refused')).toBe(true);
  });

  it('takes the user from a trusted proxy, with the role MENDBOT_UI_PROXY_ROLES gives (viewer otherwise)', async () => {
    const alice = await consoleClient(trusted.url, undefined, { [header]: 'alice@example.com' });
    const page = await alice.get('/ui/playbooks');
    expect(page.status).toBe(200);
    expect(page.text).toContain('alice@example.com (admin)');
    expect((await alice.post('/ui/kill-switch', { csrf: csrfOf(page.text), state: 'on', reason: 'proxy test' })).status).toBe(303);
    expect((await trusted.store.getControls()).killSwitch?.by).toBe('alice@example.com');

    const bob = await consoleClient(trusted.url, undefined, { [header]: 'bob@example.com' });
    const bobPage = await bob.get('/ui/playbooks');
    expect(bobPage.text).toContain('bob@example.com (viewer)');
    expect((await bob.post('/ui/kill-switch', { csrf: csrfOf(bobPage.text), state: 'off' })).status).toBe(403);
    // Alice's token does not work for Bob: CSRF tokens are bound to the identity.
    expect((await bob.post('/ui/kill-switch', { csrf: csrfOf(page.text), state: 'off' })).status).toBe(403);
    expect((await trusted.store.getControls()).killSwitch).not.toBeNull();
  });
});

describe('the console with no API token configured (loopback mode, like the API)', () => {
  let app: ConsoleApp;
  beforeAll(async () => {
    app = await startConsoleApp({});
  });
  afterAll(async () => {
    await app.close();
  });

  it('serves a loopback client as the admin at the laptop, with CSRF still required', async () => {
    const laptop = await consoleClient(app.url);
    const page = await laptop.get('/ui/playbooks');
    expect(page.status).toBe(200);
    expect(page.text).toContain('loopback (admin)');
    expect((await laptop.post('/ui/kill-switch', { state: 'on', reason: 'no csrf' })).status).toBe(403);
    expect((await laptop.post('/ui/kill-switch', { csrf: csrfOf(page.text), state: 'on', reason: 'maintenance' })).status).toBe(303);
    expect((await app.store.getControls()).killSwitch?.by).toBe('loopback');
    expect((await laptop.post('/ui/login', { token: 'anything-at-all-123' })).status).toBe(403);
  });
});

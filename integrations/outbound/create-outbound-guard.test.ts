import http from 'node:http';
import type { AddressInfo } from 'node:net';
import axios from 'axios';
import { hostsLookup } from '../../test/integration/security/hosts-lookup';
import { createOutboundGuard } from './create-outbound-guard';
import { findOutboundDenial, OutboundDeniedError } from './outbound-denied-error';

/** A loopback server that records paths and redirects `/to?url` wherever the query says. */
async function startServer() {
  const paths: string[] = [];
  const server = http.createServer((req, res) => {
    paths.push(req.url ?? '/');
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/to') return res.writeHead(302, { location: url.searchParams.get('url') ?? '/' }).end();
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    paths,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The denial a request ended with (fails the test if it succeeded or failed otherwise). */
async function denialOf(promise: Promise<unknown>): Promise<OutboundDeniedError> {
  try {
    await promise;
  } catch (error) {
    const denial = findOutboundDenial(error);
    if (denial) return denial;
    throw error;
  }
  throw new Error('expected the request to be denied');
}

describe('createOutboundGuard (the connection-level check every playbook request goes through)', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  beforeAll(async () => {
    server = await startServer();
  });
  beforeEach(() => {
    server.paths.length = 0;
  });
  afterAll(() => server.close());

  // A client that follows redirects, as a future action might: the guard must hold on every hop.
  const following = (guard: ReturnType<typeof createOutboundGuard>) => axios.create({ maxRedirects: 5, ...guard.requestConfig, timeout: 5_000 });

  it('checks the address a name resolves to at connect time: a name resolving to 169.254.169.254 never connects', async () => {
    const lookup = hostsLookup({ 'metadata-alias.test': '169.254.169.254' });
    const guard = createOutboundGuard({ lookup });
    expect(guard.check(new URL('http://metadata-alias.test/'))).toBeUndefined(); // nothing to see before resolving
    const denial = await denialOf(following(guard).get('http://metadata-alias.test/latest/meta-data/'));
    expect(denial.message).toMatch(/^outbound request to metadata-alias\.test \(169\.254\.169\.254\) denied: link-local address/);
    expect(lookup.calls).toEqual(['metadata-alias.test']);
  });

  it('has no rebinding gap: each connection checks the answer it actually got', async () => {
    const answers = ['127.0.0.1', '169.254.169.254'];
    const lookup = hostsLookup({ 'rebind.test': () => answers.shift() ?? '169.254.169.254' });
    const client = following(createOutboundGuard({ lookup }));
    expect((await client.get(`http://rebind.test:${server.port}/first`)).status).toBe(200);
    const denial = await denialOf(client.get(`http://rebind.test:${server.port}/second`));
    expect(denial.target).toBe('rebind.test (169.254.169.254)');
    expect(server.paths).toEqual(['/first']);
  });

  it('checks again on every redirect: to an IP literal, to a name resolving to link-local, to 0.0.0.0', async () => {
    const lookup = hostsLookup({ 'metadata-alias.test': '169.254.169.254', 'loop.test': '127.0.0.1' });
    const client = following(createOutboundGuard({ lookup }));
    const via = (target: string) => `http://loop.test:${server.port}/to?url=${encodeURIComponent(target)}`;

    // A redirect that stays allowed is followed: the guarded agents do follow redirects.
    expect((await client.get(via(`http://127.0.0.1:${server.port}/landed`))).status).toBe(200);
    expect(server.paths).toContain('/landed');

    expect((await denialOf(client.get(via('http://169.254.169.254/latest/meta-data/')))).target).toBe('169.254.169.254');
    expect((await denialOf(client.get(via('http://[::ffff:169.254.169.254]/')))).target).toBe('::ffff:a9fe:a9fe');
    expect((await denialOf(client.get(via('http://metadata-alias.test/')))).target).toBe('metadata-alias.test (169.254.169.254)');
    expect((await denialOf(client.get(via(`http://0.0.0.0:${server.port}/landed-again`)))).target).toBe('0.0.0.0');
    expect((await denialOf(client.get(via('http://metadata.google.internal/computeMetadata/v1/')))).message).toMatch(/metadata service name/);
    expect(server.paths.filter((p) => p.startsWith('/landed'))).toEqual(['/landed']);
  });

  it('refuses metadata names before any lookup', async () => {
    const lookup = hostsLookup({ 'metadata.google.internal': '127.0.0.1' });
    const guard = createOutboundGuard({ lookup });
    expect(guard.check(new URL('http://metadata.google.internal/'))?.message).toMatch(/metadata service name/);
    await denialOf(following(guard).get(`http://metadata.google.internal:${server.port}/`));
    expect(lookup.calls).toEqual([]);
    expect(server.paths).toEqual([]);
  });

  it('holds MENDBOT_OUTBOUND_ONLY at connect time, loopback included once an allowlist is set', async () => {
    const client = following(createOutboundGuard({ only: ['10.0.0.0/8'] }));
    const denial = await denialOf(client.get(`http://127.0.0.1:${server.port}/x`));
    expect(denial.reason).toMatch(/not in MENDBOT_OUTBOUND_ONLY/);
    expect(server.paths).toEqual([]);
  });

  it('never goes through an environment proxy (the guard could only see the proxy)', () => {
    expect(createOutboundGuard().requestConfig.proxy).toBe(false);
  });
});

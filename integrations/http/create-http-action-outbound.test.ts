import http from 'node:http';
import type { AddressInfo } from 'node:net';
import axios from 'axios';
import pino from 'pino';
import { systemClock } from '../../src/core/clock';
import type { ActionContext } from '../../src/engine/action';
import { expectPermanentFailure } from '../../test/helpers/expect-permanent-failure';
import { hostsLookup } from '../../test/integration/security/hosts-lookup';
import { createOutboundGuard } from '../outbound/create-outbound-guard';
import { createHttpAction } from './create-http-action';

function context(): ActionContext {
  const approval = { state: null, approvers: [], expiresMs: 0 };
  return { runId: 'run_1', incidentId: 'inc_1', stepId: 'call', commonLabels: {}, attempt: 1, signal: new AbortController().signal, log: pino({ level: 'silent' }), clock: systemClock, approval };
}

describe('http action: outbound guard (the classic SSRF tricks)', () => {
  const received: string[] = [];
  let server: http.Server;
  let port: number;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      received.push(req.url ?? '/');
      if (req.url === '/to-metadata') return res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  beforeEach(() => {
    received.length = 0;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const lookup = hostsLookup({ 'metadata-alias.test': '169.254.169.254', 'api.test': '127.0.0.1' });
  // Even an axios instance that would use a proxy from the environment is guarded: the config is per request.
  const action = createHttpAction({ axios: axios.create(), outbound: createOutboundGuard({ lookup }) });
  const run = (url: string) => action.execute(action.input.parse({ method: 'GET', url }), context());

  it.each([
    ['http://169.254.169.254/latest/meta-data/', '169.254.169.254'],
    ['http://2852039166/latest/meta-data/', '169.254.169.254'], // decimal
    ['http://0251.0376.0251.0376/', '169.254.169.254'], // octal
    ['http://0xa9.0xfe.0xa9.0xfe/', '169.254.169.254'], // hex
    ['http://169.254.43518/', '169.254.169.254'], // short form
    ['http://[::ffff:169.254.169.254]/', '::ffff:a9fe:a9fe'], // IPv6-mapped IPv4
    ['http://[fd00:ec2::254]/', 'fd00:ec2::254'],
    ['http://[fe80::1]/', 'fe80::1'],
  ])('refuses %s before sending anything', async (url, shown) => {
    const error = await expectPermanentFailure(run(url));
    expect(error.message).toContain(`http: outbound request to ${shown} denied: `);
    expect(error.message).toMatch(/denied: .*; set MENDBOT_OUTBOUND_ALLOW to a block covering it if this is intended$/);
    expect(error.details).toMatchObject({ outbound: 'denied' });
  });

  it('refuses 0.0.0.0 and [::], which would reach a server on this host', async () => {
    expect((await expectPermanentFailure(run(`http://0.0.0.0:${port}/`))).message).toMatch(/unspecified address/);
    expect((await expectPermanentFailure(run(`http://[::]:${port}/`))).message).toMatch(/unspecified address/);
    expect(received).toEqual([]);
  });

  it('refuses metadata host names', async () => {
    expect((await expectPermanentFailure(run('http://metadata.google.internal/computeMetadata/v1/'))).message).toMatch(/"metadata.google.internal" is a cloud metadata service name/);
    expect((await expectPermanentFailure(run('http://metadata/'))).message).toMatch(/metadata service name/);
  });

  it('refuses a name that resolves to 169.254.169.254, permanently (a retry would be refused again)', async () => {
    const error = await expectPermanentFailure(run('http://metadata-alias.test/latest/meta-data/'));
    expect(error.message).toMatch(/^http: outbound request to metadata-alias\.test \(169\.254\.169\.254\) denied: link-local address/);
    expect(error.details).toMatchObject({ outbound: 'denied', url: 'http://metadata-alias.test/latest/meta-data/' });
  });

  it('does not follow a redirect to the metadata address (3xx fails the step, nothing is sent there)', async () => {
    const error = await expectPermanentFailure(run(`http://127.0.0.1:${port}/to-metadata`));
    expect(error.message).toMatch(/answered 302/);
    expect(error.details).toMatchObject({ location: 'http://169.254.169.254/latest/meta-data/' });
    expect(received).toEqual(['/to-metadata']);
  });

  it('still reaches loopback and names resolving to allowed addresses', async () => {
    expect(await run(`http://127.0.0.1:${port}/ok`)).toMatchObject({ status: 200, body: { ok: true } });
    expect(await run(`http://api.test:${port}/by-name`)).toMatchObject({ status: 200 });
    expect(received).toEqual(['/ok', '/by-name']);
  });
});

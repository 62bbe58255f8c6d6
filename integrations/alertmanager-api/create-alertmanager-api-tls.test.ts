/**
 * TLS settings (CA, client certificate, skip-verify) reach the connection while the outbound guard still
 * opens it. Certificates: test/fixtures/alertmanager-api/tls (a throwaway CA valid for 100 years).
 */
import fs from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { AlertmanagerApiTls } from '../../src/config/alertmanager-api-settings';
import { createOutboundGuard } from '../outbound/create-outbound-guard';
import { createAlertmanagerApi } from './create-alertmanager-api';

const tlsDir = path.join(__dirname, '../../test/fixtures/alertmanager-api/tls');
const pem = (name: string) => path.join(tlsDir, name);
const status = { cluster: { status: 'disabled', peers: [] }, uptime: '2026-12-05T08:33:27.365Z', versionInfo: { version: '0.25.0' } };

describe('createAlertmanagerApi over TLS', () => {
  let server: https.Server;
  let url: string;
  const clientNames: Array<string | undefined> = [];

  beforeAll(async () => {
    server = https.createServer({ key: fs.readFileSync(pem('server.key')), cert: fs.readFileSync(pem('server.crt')), ca: fs.readFileSync(pem('ca.crt')), requestCert: true, rejectUnauthorized: true }, (req, res) => {
      const cert = (req.socket as import('node:tls').TLSSocket).getPeerCertificate();
      const cn = cert.subject?.CN;
      clientNames.push(Array.isArray(cn) ? cn.join(",") : cn);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(status));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const statusWith = (tls: AlertmanagerApiTls | undefined, outbound = createOutboundGuard(), base = url) =>
    createAlertmanagerApi({ urls: [base], timeoutMs: 2_000, reconcileIntervalMs: 0, reconcileGraceMs: 0, ...(tls ? { tls } : {}) }, { outbound, retries: 0 }).status();

  it('verifies the server with the CA file and presents the client certificate', async () => {
    expect(await statusWith({ caFile: pem('ca.crt'), certFile: pem('client.crt'), keyFile: pem('client.key'), insecureSkipVerify: false })).toEqual([expect.objectContaining({ ok: true, version: '0.25.0' })]);
    expect(clientNames.at(-1)).toBe('mendbot');
  });

  it('refuses a server the system roots do not vouch for', async () => {
    const [peer] = await statusWith(undefined);
    expect(peer).toMatchObject({ ok: false, error: expect.stringMatching(/SELF_SIGNED|UNABLE_TO_VERIFY|certificate/i) });
  });

  it('is refused by a server that requires a client certificate when none is given', async () => {
    const [peer] = await statusWith({ caFile: pem('ca.crt'), insecureSkipVerify: false });
    expect(peer!.ok).toBe(false);
  });

  it('skips verification when told to (still presenting the client certificate)', async () => {
    const [peer] = await statusWith({ certFile: pem('client.crt'), keyFile: pem('client.key'), insecureSkipVerify: true });
    expect(peer).toMatchObject({ ok: true });
  });

  it('still holds TLS connections to the outbound policy, checked on the address a name resolves to', async () => {
    // A name, so the early URL check passes and the guarded connection itself must refuse.
    const byName = url.replace('127.0.0.1', 'localhost');
    const [peer] = await statusWith({ caFile: pem('ca.crt'), certFile: pem('client.crt'), keyFile: pem('client.key'), insecureSkipVerify: false }, createOutboundGuard({ only: ['10.0.0.0/8'] }), byName);
    expect(peer).toMatchObject({ ok: false, error: expect.stringMatching(/denied/) });
  });
});

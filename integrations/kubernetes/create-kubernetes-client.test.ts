import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import axios from 'axios';
import { PermanentStepError, TransientStepError } from '../../src/engine/step-errors';
import { createKubernetesClient } from './create-kubernetes-client';
import { startFakeKubernetesApi } from '../../test/fakes/start-fake-kubernetes-api';

// No proxy, whatever the environment says: test traffic never leaves 127.0.0.1.
const noProxy = axios.create({ proxy: false });

async function failure(promise: Promise<unknown>): Promise<PermanentStepError | TransientStepError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof PermanentStepError || error instanceof TransientStepError) return error;
    throw error;
  }
  throw new Error('expected the request to fail');
}

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('createKubernetesClient', () => {
  let api: Awaited<ReturnType<typeof startFakeKubernetesApi>>;
  const client = () => createKubernetesClient({ baseUrl: api.baseUrl, token: api.token, axios: noProxy });

  beforeEach(async () => {
    api = await startFakeKubernetesApi();
  });
  afterEach(() => api.close());

  describe('on success', () => {
    it('sends the bearer token and asks for JSON, returning the parsed object', async () => {
      await expect(client().get('/api/v1/nodes/worker-1')).resolves.toMatchObject({ kind: 'Node', metadata: { name: 'worker-1' } });
      expect(api.received[0]!.headers).toMatchObject({ authorization: `Bearer ${api.token}`, accept: 'application/json' });
    });

    it('reads a token function before every request, so a rotated service-account token is picked up', async () => {
      const tokens = ['stale', api.token];
      const rotating = createKubernetesClient({ baseUrl: api.baseUrl, token: () => tokens.shift()!, axios: noProxy });
      await expect(rotating.get('/api/v1/nodes/worker-1')).rejects.toBeInstanceOf(PermanentStepError);
      await expect(rotating.get('/api/v1/nodes/worker-1')).resolves.toMatchObject({ kind: 'Node' });
    });

    it('keeps a path prefix of the base URL', async () => {
      const prefixed = createKubernetesClient({ baseUrl: `${api.baseUrl}/k8s/clusters/c-1/`, token: api.token, axios: noProxy });
      await failure(prefixed.get('/api/v1/nodes/worker-1'));
      expect(api.received[0]!.path).toBe('/k8s/clusters/c-1/api/v1/nodes/worker-1');
    });

    it('names the API server host:port as the circuit-breaker target', () => {
      expect(client().host).toBe(new URL(api.baseUrl).host);
    });
  });

  describe('when the API server refuses', () => {
    it.each([401, 403, 404])('treats %i as permanent, with the Status reason and message', async (code) => {
      api.failNext(code);
      const error = await failure(client().get('/api/v1/nodes/worker-1'));
      expect(error).toBeInstanceOf(PermanentStepError);
      expect(error.message).toContain(`answered ${code}`);
      expect(error.details).toMatchObject({ method: 'GET', path: '/api/v1/nodes/worker-1', status: code, reason: expect.any(String) });
    });

    it('has no token to send when none is configured, and gets a permanent 401', async () => {
      const anonymous = createKubernetesClient({ baseUrl: api.baseUrl, axios: noProxy });
      const error = await failure(anonymous.get('/api/v1/nodes/worker-1'));
      expect(error).toMatchObject({ name: 'PermanentStepError', details: { status: 401, reason: 'Unauthorized' } });
      expect(api.received[0]!.headers.authorization).toBeUndefined();
    });
  });

  describe('when the failure may pass', () => {
    it.each([409, 429, 500])('treats %i as transient', async (code) => {
      api.failNext(code);
      const error = await failure(client().patch('/api/v1/nodes/worker-1', { spec: { unschedulable: true } }, 'application/strategic-merge-patch+json'));
      expect(error).toBeInstanceOf(TransientStepError);
      expect(error.details).toMatchObject({ method: 'PATCH', status: code });
    });

    it('passes Retry-After on in the error details', async () => {
      api.failNext(429, { retryAfter: '3' });
      const error = await failure(client().get('/api/v1/nodes/worker-1'));
      expect(error.details).toMatchObject({ status: 429, reason: 'TooManyRequests', retryAfter: '3' });
    });

    it('treats a refused connection as transient', async () => {
      const unreachable = createKubernetesClient({ baseUrl: `http://127.0.0.1:${await closedPort()}`, token: 't', axios: noProxy });
      const error = await failure(unreachable.get('/api/v1/nodes/worker-1'));
      expect(error).toBeInstanceOf(TransientStepError);
      expect(error.details).toMatchObject({ code: 'ECONNREFUSED' });
    });

    it('stops when the step is aborted, as a transient failure', async () => {
      const controller = new AbortController();
      controller.abort();
      const error = await failure(client().get('/api/v1/nodes/worker-1', controller.signal));
      expect(error).toMatchObject({ name: 'TransientStepError', details: { aborted: true } });
    });
  });

  describe('over https', () => {
    const cert = fs.readFileSync(`${__dirname}/../../test/fixtures/kubernetes/fake-apiserver.crt`);
    const key = fs.readFileSync(`${__dirname}/../../test/fixtures/kubernetes/fake-apiserver.key`);
    let tlsApi: Awaited<ReturnType<typeof startFakeKubernetesApi>>;
    const get = (options: { ca?: Buffer; insecureSkipTlsVerify?: boolean }) =>
      createKubernetesClient({ baseUrl: tlsApi.baseUrl, token: tlsApi.token, axios: noProxy, ...options }).get('/api/v1/nodes/worker-1');

    beforeEach(async () => {
      tlsApi = await startFakeKubernetesApi({ tls: { cert, key } });
    });
    afterEach(() => tlsApi.close());

    it('trusts a server certificate signed by the configured CA', async () => {
      await expect(get({ ca: cert })).resolves.toMatchObject({ kind: 'Node' });
    });

    it('refuses a certificate the CA did not sign, before sending the token', async () => {
      const error = await failure(get({}));
      expect(error).toBeInstanceOf(TransientStepError);
      expect(error.details.code).toMatch(/SELF_SIGNED|UNABLE_TO_VERIFY/);
      expect(tlsApi.received).toHaveLength(0);
    });

    it('accepts any certificate with insecureSkipTlsVerify', async () => {
      await expect(get({ insecureSkipTlsVerify: true })).resolves.toMatchObject({ kind: 'Node' });
    });
  });

  it('refuses a base URL that is not http(s)', () => {
    expect(() => createKubernetesClient({ baseUrl: 'file:///etc/kubernetes' })).toThrow(/must be http/);
  });
});

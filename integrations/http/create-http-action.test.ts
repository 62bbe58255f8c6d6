import http from 'node:http';
import type { AddressInfo } from 'node:net';
import axios from 'axios';
import pino from 'pino';
import { systemClock } from '../../src/core/clock';
import type { ActionContext } from '../../src/engine/action';
import { PermanentStepError, TransientStepError } from '../../src/engine/step-errors';
import { createHttpAction, type HttpInput } from './create-http-action';

interface Received {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A real server on loopback that records every request and answers by path. */
async function startServer() {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '/';
      received.push({ method: req.method ?? '', path, headers: req.headers, body: Buffer.concat(chunks).toString() });
      const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(body));
      };
      if (path === '/ok') return json(200, { rolledBack: true, echo: Buffer.concat(chunks).toString() }, { etag: '"v2"', 'x-internal': 'no' });
      if (path === '/accepted') return json(202, { queued: true });
      if (path === '/missing') return json(404, { error: 'deployment checkout not found' });
      if (path === '/boom') return res.writeHead(500, { 'content-type': 'text/plain' }).end('upstream exploded');
      if (path === '/busy') return json(429, { error: 'slow down' }, { 'retry-after': '7' });
      if (path === '/request-timeout') return res.writeHead(408).end();
      if (path === '/redirect') return res.writeHead(302, { location: '/ok' }).end();
      if (path === '/text') return res.writeHead(200, { 'content-type': 'text/plain' }).end('plain words');
      if (path === '/big') return res.writeHead(200, { 'content-type': 'application/json' }).end(`"${'x'.repeat(300_000)}"`);
      if (path === '/slow') return setTimeout(() => json(200, { late: true }), 5_000).unref();
      json(418, { error: 'unexpected path' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    received,
    count: (path: string) => received.filter((r) => r.path === path).length,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function context(signal = new AbortController().signal): ActionContext {
  const approval = { state: null, approvers: [], expiresMs: 0 };
  return { runId: 'run_1', incidentId: 'inc_1', stepId: 'rollback', commonLabels: {}, attempt: 1, signal, log: pino({ level: 'silent' }), clock: systemClock, approval };
}

// No proxy, whatever the environment says: test traffic never leaves 127.0.0.1.
const client = axios.create({ proxy: false });
const action = createHttpAction({ axios: client });

async function failure(promise: Promise<unknown>): Promise<PermanentStepError | TransientStepError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof PermanentStepError || error instanceof TransientStepError) return error;
    throw error;
  }
  throw new Error('expected the step to fail');
}

describe('createHttpAction', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  const run = (input: Record<string, unknown>, ctx = context()) => action.execute(action.input.parse(input), ctx);

  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.close());

  describe('its declaration', () => {
    it('is the non-idempotent `http` action', () => {
      expect(action).toMatchObject({ name: 'http', idempotent: false });
    });

    it('names the URL host (with port) as the circuit-breaker target', () => {
      expect(action.target?.(action.input.parse({ url: 'https://deploy.example:8443/rollback' }))).toBe('deploy.example:8443');
    });

    it('defaults to GET, accepts lower-case methods and parses the timeout duration', () => {
      expect(action.input.parse({ url: 'http://a.example/' })).toEqual({ method: 'GET', url: 'http://a.example/' });
      expect(action.input.parse({ url: 'http://a.example/', method: 'post', timeout: '2s' })).toMatchObject({ method: 'POST', timeout: 2000 });
    });

    it.each([
      ['a non-http scheme', { url: 'file:///etc/passwd' }],
      ['a relative url', { url: '/rollback' }],
      ['an unknown method', { url: 'http://a.example/', method: 'TRACE' }],
      ['a timeout that is not a duration', { url: 'http://a.example/', timeout: 'soon' }],
      ['an empty expect_status', { url: 'http://a.example/', expect_status: [] }],
      ['a misspelt field', { url: 'http://a.example/', expected_status: [200] }],
    ])('rejects %s', (_name, input) => {
      expect(action.input.safeParse(input).success).toBe(false);
    });
  });

  describe('when the target answers as expected', () => {
    it('returns the status, a few headers and the parsed JSON body', async () => {
      const output = await run({ url: `${server.base}/ok` });
      expect(output).toEqual({
        status: 200,
        headers: { 'content-type': 'application/json', etag: '"v2"' },
        body: { rolledBack: true, echo: '' },
        truncated: false,
      });
    });

    it('sends the method, headers and a JSON body exactly once', async () => {
      const before = server.count('/ok');
      await run({ method: 'POST', url: `${server.base}/ok`, headers: { 'x-run-id': 'run_1' }, body: { revision: 41 } });
      const request = server.received.at(-1)!;
      expect(server.count('/ok')).toBe(before + 1);
      expect(request).toMatchObject({ method: 'POST', body: '{"revision":41}' });
      expect(request.headers).toMatchObject({ 'x-run-id': 'run_1', 'content-type': 'application/json' });
    });

    it('accepts any 2xx by default', async () => {
      await expect(run({ method: 'POST', url: `${server.base}/accepted` })).resolves.toMatchObject({ status: 202, body: { queued: true } });
    });

    it('returns a non-JSON body as text', async () => {
      await expect(run({ url: `${server.base}/text` })).resolves.toMatchObject({ body: 'plain words' });
    });

    it('keeps only the first 64 KB of a large body, as text, and says so', async () => {
      const output = await run({ url: `${server.base}/big` });
      expect(output.truncated).toBe(true);
      expect(output.body).toHaveLength(64 * 1024);
    });
  });

  describe('when the answer is unexpected', () => {
    it('fails permanently on a 404, with the status and a body snippet, after one request', async () => {
      const error = await failure(run({ method: 'DELETE', url: `${server.base}/missing` }));
      expect(error).toBeInstanceOf(PermanentStepError);
      expect(error.details).toMatchObject({ status: 404, method: 'DELETE', body: '{"error":"deployment checkout not found"}' });
      expect(server.count('/missing')).toBe(1);
    });

    it('fails permanently on a 2xx outside expect_status', async () => {
      const error = await failure(run({ url: `${server.base}/accepted`, expect_status: [200] }));
      expect(error).toBeInstanceOf(PermanentStepError);
      expect(error.details).toMatchObject({ status: 202 });
    });

    it('does not follow a redirect, and fails permanently with its location', async () => {
      const before = server.count('/ok');
      const error = await failure(run({ url: `${server.base}/redirect` }));
      expect(error).toBeInstanceOf(PermanentStepError);
      expect(error.details).toMatchObject({ status: 302, location: '/ok' });
      expect(server.count('/ok')).toBe(before);
    });

    it('passes when the step expects that status', async () => {
      await expect(run({ url: `${server.base}/missing`, expect_status: [404] })).resolves.toMatchObject({ status: 404 });
    });

    it.each([
      ['500', '/boom', 500],
      ['429', '/busy', 429],
      ['408', '/request-timeout', 408],
    ])('fails transiently on a %s so the retry policy can try again', async (_name, path, status) => {
      const error = await failure(run({ url: `${server.base}${path}` }));
      expect(error).toBeInstanceOf(TransientStepError);
      expect(error.details).toMatchObject({ status });
    });

    it('includes Retry-After and the body snippet of a transient failure', async () => {
      expect((await failure(run({ url: `${server.base}/busy` }))).details).toMatchObject({ retryAfter: '7', body: '{"error":"slow down"}' });
      expect((await failure(run({ url: `${server.base}/boom` }))).details).toMatchObject({ body: 'upstream exploded' });
    });

    it('keeps credentials in the query string out of the error details', async () => {
      const error = await failure(run({ url: `${server.base}/missing?token=hunter2` }));
      expect(JSON.stringify(error.details)).not.toContain('hunter2');
    });
  });

  describe('when no complete answer arrives', () => {
    it('fails transiently once its own timeout passes', async () => {
      const started = Date.now();
      const error = await failure(run({ url: `${server.base}/slow`, timeout: '100ms' }));
      expect(error).toBeInstanceOf(TransientStepError);
      expect(error.details).toMatchObject({ timeoutMs: 100 });
      expect(Date.now() - started).toBeLessThan(2_000);
    });

    it('stops at once when the executor aborts the step', async () => {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 50);
      const started = Date.now();
      const error = await failure(run({ url: `${server.base}/slow` }, context(controller.signal)));
      expect(error).toBeInstanceOf(TransientStepError);
      expect(error.details).toMatchObject({ aborted: true });
      expect(Date.now() - started).toBeLessThan(2_000);
    });

    it('fails transiently when the connection is refused', async () => {
      const closed = await startServer();
      await closed.close();
      const error = await failure(run({ url: `${closed.base}/ok` }));
      expect(error).toBeInstanceOf(TransientStepError);
      expect(error.details).toMatchObject({ code: 'ECONNREFUSED' });
    });
  });

  describe('with allowedHosts', () => {
    const restricted = createHttpAction({ axios: client, allowedHosts: ['deploy.example'] });

    it('refuses other hosts in input validation, so a dry run shows it', () => {
      expect(restricted.input.safeParse({ url: `${server.base}/ok` }).success).toBe(false);
      expect(restricted.input.safeParse({ url: 'https://DEPLOY.example/rollback' }).success).toBe(true);
    });

    it('fails permanently without sending anything if asked to call another host', async () => {
      const before = server.received.length;
      const input: HttpInput = { method: 'POST', url: `${server.base}/ok` };
      const error = await failure(restricted.execute(input, context()));
      expect(error).toBeInstanceOf(PermanentStepError);
      expect(server.received).toHaveLength(before);
    });

    it('accepts a host:port entry', async () => {
      const byPort = createHttpAction({ axios: client, allowedHosts: [new URL(server.base).host] });
      await expect(byPort.execute(byPort.input.parse({ url: `${server.base}/ok` }), context())).resolves.toMatchObject({ status: 200 });
    });
  });
});

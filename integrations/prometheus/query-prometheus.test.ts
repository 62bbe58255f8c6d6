import http from 'node:http';
import type { AddressInfo } from 'node:net';
import axios from 'axios';
import { PermanentStepError, TransientStepError } from '../../src/engine/step-errors';
import { createOutboundGuard } from '../outbound/create-outbound-guard';
import { queryPrometheus } from './query-prometheus';

type Answer = { status: number; body: unknown; contentType?: string } | 'hang';

const success = (resultType: string, result: unknown) => ({ status: 200, body: { status: 'success', data: { resultType, result } } });
const apiError = (status: number, errorType: string, error: string) => ({ status, body: { status: 'error', errorType, error } });

describe('queryPrometheus', () => {
  let answer: Answer;
  let queries: string[];
  let server: http.Server;
  let base: string;
  const client = axios.create({ proxy: false });
  const guard = createOutboundGuard();
  const query = (q = 'up', options: { baseUrl?: string; signal?: AbortSignal } = {}) =>
    queryPrometheus({ client, baseUrl: options.baseUrl ?? base, query: q, signal: options.signal ?? new AbortController().signal, timeoutMs: 200, guard });

  beforeAll(async () => {
    // A fake `/api/v1/query` on loopback; anything else is a 404 HTML page, like a wrong base URL gets.
    server = http.createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (url.pathname !== '/api/v1/query') return res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not Found</h1>');
      queries.push(url.searchParams.get('query') ?? '');
      if (answer === 'hang') return;
      res.writeHead(answer.status, { 'content-type': answer.contentType ?? 'application/json' });
      res.end(typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  beforeEach(() => {
    queries = [];
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  describe('a successful answer', () => {
    it('sends the query verbatim as the `query` parameter, below a base URL with a trailing slash', async () => {
      const q = 'sum(rate(http_requests_total{code=~"5..",job="a+b"}[5m])) / sum(rate(http_requests_total[5m]))';
      answer = success('vector', []);
      await query(q, { baseUrl: `${base}/` });
      expect(queries).toEqual([q]);
    });

    it('turns a vector into one sample per series, values kept as strings', async () => {
      answer = success('vector', [
        { metric: { pod: 'a' }, value: [1773483912.345, '0.5'] },
        { metric: { pod: 'b' }, value: [1773483912.345, 'NaN'] },
      ]);
      await expect(query()).resolves.toMatchObject({
        kind: 'result',
        resultType: 'vector',
        samples: [
          { metric: { pod: 'a' }, value: '0.5' },
          { metric: { pod: 'b' }, value: 'NaN' },
        ],
      });
    });

    it('turns a scalar into one sample without labels', async () => {
      answer = success('scalar', [1773483912.345, '+Inf']);
      await expect(query()).resolves.toMatchObject({ resultType: 'scalar', samples: [{ metric: {}, value: '+Inf' }] });
    });

    it('passes warnings on', async () => {
      answer = { status: 200, body: { status: 'success', data: { resultType: 'vector', result: [] }, warnings: ['PromQL info: metric might not be a counter'] } };
      await expect(query()).resolves.toMatchObject({ warnings: ['PromQL info: metric might not be a counter'] });
    });
  });

  describe('answers no retry can fix (PermanentStepError)', () => {
    it.each([
      [400, 'bad_data', 'invalid parameter "query": 1:5: parse error: unexpected <EOF>'],
      [422, 'execution', 'query processing would load too many samples into memory'],
    ])('HTTP %i %s', async (status, errorType, error) => {
      answer = apiError(status, errorType, error);
      const rejected = query('sum(');
      await expect(rejected).rejects.toBeInstanceOf(PermanentStepError);
      await expect(rejected).rejects.toMatchObject({ details: { status, errorType, error, query: 'sum(' } });
    });

    it('a matrix result (a range selector needs a function around it)', async () => {
      answer = success('matrix', [{ metric: {}, values: [[1773483912.345, '1']] }]);
      await expect(query('up[5m]')).rejects.toMatchObject({ name: 'PermanentStepError', details: { resultType: 'matrix' } });
    });

    it('native histogram samples, which cannot be compared with a number', async () => {
      answer = success('vector', [{ metric: {}, histogram: [1773483912.345, { count: '3', sum: '1', buckets: [] }] }]);
      await expect(query()).rejects.toBeInstanceOf(PermanentStepError);
    });

    it('a page that is not the Prometheus API (wrong PROMETHEUS_URL)', async () => {
      const rejected = query('up', { baseUrl: `${base}/grafana` });
      await expect(rejected).rejects.toBeInstanceOf(PermanentStepError);
      await expect(rejected).rejects.toMatchObject({ details: { status: 404 } });
    });
  });

  describe('answers worth asking again (unavailable)', () => {
    it.each([
      [503, 'unavailable'],
      [503, 'timeout'],
      [500, 'internal'],
    ])('HTTP %i %s', async (status, errorType) => {
      answer = apiError(status, errorType, 'try later');
      await expect(query()).resolves.toEqual({ kind: 'unavailable', reason: `HTTP ${status} ${errorType}`, status, errorType });
    });

    it('a proxy error page', async () => {
      answer = { status: 502, body: '<html>Bad Gateway</html>', contentType: 'text/html' };
      await expect(query()).resolves.toMatchObject({ kind: 'unavailable', status: 502 });
    });

    it('no answer within the request timeout', async () => {
      answer = 'hang';
      await expect(query()).resolves.toEqual({ kind: 'unavailable', reason: 'no answer within 200 ms' });
    });

    it('a refused connection', async () => {
      await expect(query('up', { baseUrl: 'http://127.0.0.1:1' })).resolves.toMatchObject({ kind: 'unavailable' });
    });
  });

  it('throws a transient "aborted" error when the step is aborted mid-request', async () => {
    answer = 'hang';
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    const aborted = query('up', { signal: controller.signal });
    await expect(aborted).rejects.toBeInstanceOf(TransientStepError);
    await expect(aborted).rejects.toMatchObject({ details: { aborted: true } });
  });
});

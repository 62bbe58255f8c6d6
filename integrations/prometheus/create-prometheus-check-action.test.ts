import http from 'node:http';
import type { AddressInfo } from 'node:net';
import axios from 'axios';
import pino from 'pino';
import { createManualClock } from '../../src/core/clock';
import type { ActionContext } from '../../src/engine/action';
import { PermanentStepError, TransientStepError } from '../../src/engine/step-errors';
import fixture from '../../test/fixtures/prometheus-query-response.json';
import { createPrometheusCheckAction } from './create-prometheus-check-action';

type Answer = { status: number; body: unknown };

const vector = (...series: Array<[Record<string, string>, string]>) => ({
  status: 200,
  body: { status: 'success', data: { resultType: 'vector', result: series.map(([metric, v]) => ({ metric, value: [1773483912.345, v] })) } },
});
const one = (v: string) => vector([{ service: 'checkout' }, v]);
const apiError = (status: number, errorType: string, error: string) => ({ status, body: { status: 'error', errorType, error } });

/** A fake `/api/v1/query` on loopback: answers from a script (the last answer repeats) and records queries. */
async function startFakePrometheus() {
  let script: Answer[] = [];
  const queries: string[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== '/api/v1/query') return res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not Found</h1>');
    queries.push(url.searchParams.get('query') ?? '');
    const answer = script.length > 1 ? script.shift()! : script[0]!;
    res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    queries,
    answer: (...answers: Answer[]) => {
      script = answers;
      queries.length = 0;
    },
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function failure(promise: Promise<unknown>): Promise<PermanentStepError | TransientStepError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof PermanentStepError || error instanceof TransientStepError) return error;
    throw error;
  }
  throw new Error('expected the check to fail');
}

describe('createPrometheusCheckAction', () => {
  let prometheus: Awaited<ReturnType<typeof startFakePrometheus>>;
  let clock: ReturnType<typeof createManualClock>;
  let sleeps: number[];
  let action: ReturnType<typeof createPrometheusCheckAction>;
  const client = axios.create({ proxy: false });

  function context(signal = new AbortController().signal): ActionContext {
    const approval = { state: null, approvers: [], expiresMs: 0 };
    return { runId: 'run_1', incidentId: 'inc_1', stepId: 'verify', commonLabels: {}, attempt: 1, signal, log: pino({ level: 'silent' }), clock, approval };
  }
  const check = (input: Record<string, unknown>, ctx = context()) => action.execute(action.input.parse(input), ctx);

  beforeAll(async () => {
    prometheus = await startFakePrometheus();
  });
  afterAll(() => prometheus.close());
  beforeEach(() => {
    clock = createManualClock();
    sleeps = [];
    // Skips time instead of waiting: each poll interval moves the manual clock.
    const sleep = async (ms: number) => {
      sleeps.push(ms);
      clock.advance(ms);
    };
    action = createPrometheusCheckAction({ baseUrl: prometheus.base, axios: client, clock, sleep, requestTimeoutMs: 200 });
  });

  describe('its declaration', () => {
    it('is the idempotent (read-only) `prometheus.check` action, targeting the Prometheus host', () => {
      expect(action).toMatchObject({ name: 'prometheus.check', idempotent: true });
      expect(action.target?.(action.input.parse({ query: 'up', expect: '== 1' }))).toBe(new URL(prometheus.base).host);
    });

    it('checks once by default, every 15 s when polling, and treats an empty result as a failure', () => {
      expect(action.input.parse({ query: 'up', expect: '<=0.05' })).toEqual({
        query: 'up',
        expect: { op: '<=', threshold: 0.05, text: '<=0.05' },
        within: 0,
        interval: 15_000,
        empty: 'fail',
      });
    });

    it('rejects an expectation without operator and number', () => {
      expect(action.input.safeParse({ query: 'up', expect: 'about 1' }).success).toBe(false);
    });

    it.each([
      ['a zero interval', { interval: '0s' }],
      ['a within that is not a duration', { within: 'a while' }],
      ['an unknown empty policy', { empty: 'ignore' }],
      ['a non-http url', { url: 'file:///tmp/prom' }],
    ])('rejects %s', (_name, extra) => {
      expect(action.input.safeParse({ query: 'up', expect: '== 1', ...extra }).success).toBe(false);
    });
  });

  describe('when every sample meets the expectation', () => {
    it('succeeds on the first check with the values as Prometheus wrote them', async () => {
      prometheus.answer({ status: 200, body: fixture });
      const output = await check({ query: 'job:error_ratio:5m', expect: '< 0.01' });
      expect(output).toMatchObject({
        satisfied: true,
        value: '0.002173913043478261',
        values: [{ metric: { namespace: 'prod', service: 'checkout' }, value: '0.002173913043478261' }],
        seriesCount: 1,
        attempts: 1,
        lastResult: { resultType: 'vector', result: fixture.data.result },
      });
    });

    it('uses the step url instead of PROMETHEUS_URL', async () => {
      const elsewhere = createPrometheusCheckAction({ baseUrl: 'http://127.0.0.1:1', axios: client, clock });
      prometheus.answer(one('1'));
      await expect(elsewhere.execute(elsewhere.input.parse({ query: 'up', expect: '== 1', url: `${prometheus.base}/` }), context())).resolves.toMatchObject({
        satisfied: true,
      });
    });
  });

  describe('when the expectation does not hold yet', () => {
    it('polls every interval until it does', async () => {
      prometheus.answer(one('0.3'), one('0.2'), one('0.01'));
      const output = await check({ query: 'q', expect: '< 0.05', within: '1m', interval: '15s' });
      expect(output).toMatchObject({ satisfied: true, value: '0.01', attempts: 3 });
      expect(sleeps).toEqual([15_000, 15_000]);
    });

    it('fails permanently once `within` has passed, with the last values', async () => {
      prometheus.answer(vector([{ pod: 'a' }, '0.01'], [{ pod: 'b' }, '0.3']));
      const error = await failure(check({ query: 'q', expect: '< 0.05', within: '1m', interval: '15s' }));
      expect(error).toBeInstanceOf(PermanentStepError);
      expect(error.message).toMatch(/verification failed/);
      expect(error.details).toMatchObject({ reason: 'not-met', attempts: 5, failing: [{ metric: { pod: 'b' }, value: '0.3' }], seriesCount: 2 });
      expect(sleeps).toEqual([15_000, 15_000, 15_000, 15_000]);
    });

    it('makes a last check at the deadline rather than stopping an interval early', async () => {
      prometheus.answer(one('1'));
      await failure(check({ query: 'q', expect: '== 0', within: '1m', interval: '25s' }));
      expect(sleeps).toEqual([25_000, 25_000, 10_000]);
      expect(prometheus.queries).toHaveLength(4);
    });

    it('stops waiting when the executor aborts the step', async () => {
      const controller = new AbortController();
      const real = createPrometheusCheckAction({ baseUrl: prometheus.base, axios: client, clock });
      prometheus.answer(one('1'));
      setTimeout(() => controller.abort(), 50);
      const error = await failure(real.execute(real.input.parse({ query: 'q', expect: '== 0', within: '1h', interval: '1m' }), context(controller.signal)));
      expect(error).toBeInstanceOf(TransientStepError);
      expect(error.details).toMatchObject({ aborted: true, attempts: 1 });
    });
  });

  describe('an empty result', () => {
    it('fails by default: no series is not zero', async () => {
      prometheus.answer(vector());
      const error = await failure(check({ query: 'q', expect: '== 0' }));
      expect(error).toBeInstanceOf(PermanentStepError);
      expect(error.details).toMatchObject({ reason: 'empty', seriesCount: 0 });
    });

    it('passes with `empty: pass`', async () => {
      prometheus.answer(vector());
      await expect(check({ query: 'q', expect: '> 5', empty: 'pass' })).resolves.toMatchObject({ satisfied: true, empty: true, value: null });
    });

    it('counts as the value 0 with `empty: zero`', async () => {
      prometheus.answer(vector());
      await expect(check({ query: 'q', expect: '== 0', empty: 'zero' })).resolves.toMatchObject({ satisfied: true });
      await expect(failure(check({ query: 'q', expect: '> 0', empty: 'zero' }))).resolves.toBeInstanceOf(PermanentStepError);
    });
  });

  describe('a NaN sample', () => {
    it('never satisfies, not even `!= 0`, and the failure says so', async () => {
      prometheus.answer(vector([{ pod: 'a' }, '0'], [{ pod: 'b' }, 'NaN']));
      const error = await failure(check({ query: 'q', expect: '!= 5' }));
      expect(error).toBeInstanceOf(PermanentStepError);
      expect(error.message).toMatch(/NaN/);
      expect(error.details).toMatchObject({ reason: 'nan', nan: true, failing: [{ metric: { pod: 'b' }, value: 'NaN' }] });
    });

    it('is polled past until a number arrives', async () => {
      prometheus.answer(one('NaN'), one('0'));
      await expect(check({ query: 'q', expect: '< 0.05', within: '30s', interval: '15s' })).resolves.toMatchObject({ attempts: 2, value: '0' });
    });
  });

  describe('when Prometheus rejects the query', () => {
    it.each([
      [422, 'execution', 'query processing would load too many samples into memory'],
      [400, 'bad_data', 'invalid parameter "query": 1:5: parse error: unexpected <EOF>'],
    ])('fails permanently on %i %s, at once, without polling', async (status, errorType, message) => {
      prometheus.answer(apiError(status, errorType, message));
      const error = await failure(check({ query: 'sum(', expect: '== 0', within: '5m' }));
      expect(error).toBeInstanceOf(PermanentStepError);
      expect(error.details).toMatchObject({ status, errorType, error: message });
      expect(prometheus.queries).toHaveLength(1);
      expect(sleeps).toEqual([]);
    });
  });

  describe('when Prometheus is unavailable (see query-prometheus.test.ts for what counts)', () => {
    it('keeps polling through a 503', async () => {
      prometheus.answer(apiError(503, 'unavailable', 'too many queries'), one('0'));
      await expect(check({ query: 'q', expect: '== 0', within: '1m' })).resolves.toMatchObject({ attempts: 2 });
    });

    it('fails transiently if it is still unavailable when `within` ends', async () => {
      prometheus.answer(apiError(503, 'timeout', 'query timed out in expression evaluation'));
      const error = await failure(check({ query: 'q', expect: '== 0', within: '30s' }));
      expect(error).toBeInstanceOf(TransientStepError);
      expect(error.details).toMatchObject({ attempts: 3, status: 503, errorType: 'timeout' });
    });
  });

  it('fails permanently without PROMETHEUS_URL or a step url', async () => {
    const unconfigured = createPrometheusCheckAction({ axios: client, clock });
    const error = await failure(unconfigured.execute(unconfigured.input.parse({ query: 'up', expect: '== 1' }), context()));
    expect(error).toBeInstanceOf(PermanentStepError);
    expect(error.message).toMatch(/PROMETHEUS_URL/);
  });
});

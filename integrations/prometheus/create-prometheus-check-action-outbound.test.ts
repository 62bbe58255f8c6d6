import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { createManualClock } from '../../src/core/clock';
import type { ActionContext } from '../../src/engine/action';
import { expectPermanentFailure } from '../../test/helpers/expect-permanent-failure';
import { hostsLookup } from '../../test/integration/security/hosts-lookup';
import { createOutboundGuard } from '../outbound/create-outbound-guard';
import { createPrometheusCheckAction } from './create-prometheus-check-action';

describe('prometheus.check: outbound guard (a step `url:` is playbook-controlled)', () => {
  const queries: string[] = [];
  let server: http.Server;
  let base: string;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      queries.push(req.url ?? '/');
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'success', data: { resultType: 'scalar', result: [1, '0'] } }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  beforeEach(() => {
    queries.length = 0;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const setup = (guardOptions: Parameters<typeof createOutboundGuard>[0] = {}) => {
    const clock = createManualClock();
    const sleeps: number[] = [];
    const action = createPrometheusCheckAction({
      baseUrl: base,
      clock,
      sleep: async (ms) => {
        sleeps.push(ms);
        clock.advance(ms);
      },
      requestTimeoutMs: 500,
      outbound: createOutboundGuard(guardOptions),
    });
    const approval = { state: null, approvers: [], expiresMs: 0 };
    const ctx: ActionContext = { runId: 'run_1', incidentId: 'inc_1', stepId: 'verify', commonLabels: {}, attempt: 1, signal: new AbortController().signal, log: pino({ level: 'silent' }), clock, approval };
    return { sleeps, check: (input: Record<string, unknown>) => action.execute(action.input.parse(input), ctx) };
  };

  it('fails at once on a metadata URL instead of polling it for `within`', async () => {
    const { check, sleeps } = setup();
    const error = await expectPermanentFailure(check({ query: 'up', expect: '== 1', within: '5m', url: 'http://[::ffff:169.254.169.254]/' }));
    expect(error.message).toMatch(/^prometheus\.check: outbound request to ::ffff:a9fe:a9fe denied: link-local address/);
    expect(error.details).toMatchObject({ outbound: 'denied' });
    expect(sleeps).toEqual([]);
  });

  it('fails at once on a name that resolves to 169.254.169.254', async () => {
    const { check, sleeps } = setup({ lookup: hostsLookup({ 'prometheus.evil.test': '169.254.169.254' }) });
    const error = await expectPermanentFailure(check({ query: 'up', expect: '== 1', within: '5m', url: 'http://prometheus.evil.test:9090' }));
    expect(error.message).toMatch(/prometheus\.evil\.test \(169\.254\.169\.254\) denied/);
    expect(sleeps).toEqual([]);
  });

  it('holds MENDBOT_OUTBOUND_ONLY for PROMETHEUS_URL too, and still reaches an allowed Prometheus', async () => {
    const narrowed = setup({ only: ['10.0.0.0/8'] });
    expect((await expectPermanentFailure(narrowed.check({ query: 'up', expect: '== 0' }))).message).toMatch(/not in MENDBOT_OUTBOUND_ONLY/);
    expect(queries).toEqual([]);
    expect(await setup().check({ query: 'up', expect: '== 0' })).toMatchObject({ satisfied: true });
    expect(queries).toHaveLength(1);
  });
});

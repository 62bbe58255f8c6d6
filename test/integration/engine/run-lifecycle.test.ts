import { buildAlert } from '../../helpers/build-delivery';
import { startCountingTarget } from '../../helpers/start-counting-target';
import { startEngine, type Engine } from '../../helpers/start-engine';

type Target = Awaited<ReturnType<typeof startCountingTarget>>;

const playbook = (target: string, extra = '') => `
name: restart-checkout
match: ['alertname="HighErrorRate"', 'namespace=~"prod|staging"']
params:
  service: { from: labels.service, pattern: "^[a-z0-9-]{1,63}$" }
${extra}
steps:
  - id: restart
    action: http
    with: { method: POST, url: "${target}/restart/{{ params.service }}", body: { reason: "{{ labels.alertname }}" } }
  - id: verify
    action: http
    with: { method: GET, url: "${target}/verify/{{ steps.restart.output.body.n }}" }
`;

const alert = (labels: Record<string, string> = {}) =>
  buildAlert({ name: 'HighErrorRate', labels: { alertname: 'HighErrorRate', namespace: 'prod', service: 'checkout', ...labels } });

describe('playbook runs', () => {
  let target: Target;
  let engine: Engine;
  beforeEach(async () => {
    target = await startCountingTarget();
  });
  afterEach(async () => {
    await engine?.close();
    await target.close();
  });

  describe('in auto mode', () => {
    it('runs each step once, passing outputs to later templates', async () => {
      engine = await startEngine({ playbooks: [playbook(target.url, 'mode: auto')] });
      await engine.deliver([alert()]);
      const [run] = await engine.settle();
      expect(run).toMatchObject({ status: 'succeeded', playbook: 'restart-checkout', context: { params: { service: 'checkout' } } });
      expect(target.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /restart/checkout', 'GET /verify/1']);
      expect(JSON.parse(target.requests[0]!.body)).toEqual({ reason: 'HighErrorRate' });
      expect(run!.steps.map((s) => [s.id, s.status, s.attempts])).toEqual([['restart', 'succeeded', 1], ['verify', 'succeeded', 1]]);
    });

    it('records the match, every step and the outcome in the incident timeline', async () => {
      engine = await startEngine({ playbooks: [playbook(target.url, 'mode: auto')] });
      await engine.deliver([alert()]);
      const [run] = await engine.settle();
      const detail = await engine.store.getIncident(run!.incidentId);
      const messages = detail!.timeline.map((e) => e.message);
      expect(messages).toEqual(expect.arrayContaining([
        expect.stringMatching(/playbook restart-checkout matched: run run_\w+ created \(mode auto/),
        expect.stringMatching(/step restart \(http\) started, attempt 1/),
        expect.stringMatching(/step verify \(http\) succeeded/),
        expect.stringMatching(/succeeded: every step succeeded/),
      ]));
    });

    it('creates one run per incident however many alerts join it', async () => {
      engine = await startEngine({ playbooks: [playbook(target.url, 'mode: auto')] });
      await engine.deliver([alert(), alert({ pod: 'a' }), alert({ pod: 'b' })].map((a, i) => ({ ...a, key: `k${i}` })));
      await engine.deliver([{ ...alert({ pod: 'c' }), key: 'k9' }]);
      const runs = await engine.settle();
      expect(runs).toHaveLength(1);
      expect(target.count('/restart/checkout')).toBe(1);
    });

    it('records why a playbook did not match', async () => {
      engine = await startEngine({ playbooks: [playbook(target.url, 'mode: auto')] });
      await engine.deliver([alert({ namespace: 'dev' })]);
      expect(await engine.allRuns()).toHaveLength(0);
      const [incident] = (await engine.store.listIncidents({ status: 'all', limit: 5 })).items;
      const detail = await engine.store.getIncident(incident!.id);
      const trace = detail!.timeline.find((e) => e.type === 'playbook_not_matched');
      expect(trace!.message).toMatch(/restart-checkout \(matcher namespace=~"prod\|staging" failed/);
    });
  });

  describe('in dry-run mode (the default)', () => {
    it('renders and records every step and executes none', async () => {
      engine = await startEngine({ playbooks: [playbook(target.url)] });
      await engine.deliver([alert()]);
      const [run] = await engine.settle();
      expect(run!.mode).toBe('dry-run');
      expect(run!.status).toBe('dry_run');
      expect(target.count()).toBe(0);
      expect(run!.steps[0]).toMatchObject({ status: 'dry_run', input: { method: 'POST', url: `${target.url}/restart/checkout` } });
    });
  });

  describe('with hostile label values', () => {
    it.each(['$(reboot)', '; rm -rf /', '../..', '{{ labels.alertname }}'])('stops %s at the param pattern before any step', async (value) => {
      engine = await startEngine({ playbooks: [playbook(target.url, 'mode: auto')] });
      await engine.deliver([alert({ service: value })]);
      const [run] = await engine.settle();
      expect(run!.status).toBe('failed');
      expect(run!.reason).toMatch(/invalid params, nothing ran: param service/);
      expect(target.count()).toBe(0);
    });
  });

  describe('retries', () => {
    it('retries a 5xx with backoff and succeeds', async () => {
      await target.close();
      target = await startCountingTarget({ statuses: { '/restart/checkout': [500, 503, 200] } });
      engine = await startEngine({ playbooks: [playbook(target.url, 'mode: auto').replace('body: { reason: "{{ labels.alertname }}" } }', 'body: {} }\n    retry: { attempts: 3, initial: 10ms, max: 50ms }')] });
      await engine.deliver([alert()]);
      const [run] = await engine.settle();
      expect(run!.status).toBe('succeeded');
      expect(run!.steps[0]!.attempts).toBe(3);
      expect(target.count('/restart/checkout')).toBe(3);
    });

    it('does not retry a permanent failure (4xx)', async () => {
      await target.close();
      target = await startCountingTarget({ statuses: { '/restart/checkout': [404] } });
      engine = await startEngine({ playbooks: [playbook(target.url, 'mode: auto').replace('body: { reason: "{{ labels.alertname }}" } }', 'body: {} }\n    retry: { attempts: 3, initial: 10ms }')] });
      await engine.deliver([alert()]);
      const [run] = await engine.settle();
      expect(run!.status).toBe('failed');
      expect(target.count('/restart/checkout')).toBe(1);
      expect(target.count('/verify/1')).toBe(0);
    });
  });

  describe('when a step fails after others completed', () => {
    it('compensates completed steps in reverse order, then runs on_failure', async () => {
      await target.close();
      target = await startCountingTarget({ statuses: { '/step3': [500] } });
      engine = await startEngine({
        playbooks: [`
name: saga
mode: auto
match: ['alertname="HighErrorRate"']
steps:
  - id: one
    action: http
    with: { method: POST, url: "${target.url}/step1" }
    compensate: [{ action: http, with: { method: POST, url: "${target.url}/undo1" } }]
  - id: two
    action: http
    with: { method: POST, url: "${target.url}/step2" }
    compensate: [{ action: http, with: { method: POST, url: "${target.url}/undo2" } }]
  - id: three
    action: http
    with: { method: POST, url: "${target.url}/step3" }
on_failure:
  - action: http
    with: { method: POST, url: "${target.url}/escalate" }
`],
      });
      await engine.deliver([alert()]);
      const [run] = await engine.settle();
      expect(target.requests.map((r) => r.path)).toEqual(['/step1', '/step2', '/step3', '/undo2', '/undo1', '/escalate']);
      expect(run!.status).toBe('compensated');
      expect(run!.steps.map((s) => `${s.id}:${s.status}`)).toEqual([
        'one:succeeded', 'two:succeeded', 'three:failed', 'two.compensate.0:succeeded', 'one.compensate.0:succeeded', 'on_failure.0:succeeded',
      ]);
    });
  });

  describe('when: conditions', () => {
    it('skips a step whose condition is false', async () => {
      engine = await startEngine({
        playbooks: [playbook(target.url, 'mode: auto').replace('  - id: verify\n', '  - id: verify\n    when: labels.severity == "critical"\n')],
      });
      await engine.deliver([alert({ severity: 'warning' })]);
      const [run] = await engine.settle();
      expect(run!.steps.map((s) => s.status)).toEqual(['succeeded', 'skipped']);
      expect(target.count()).toBe(1);
    });
  });
});

import axios from 'axios';
import type { ActionContext } from '../../src/engine/action';
import { renderTemplate, type TemplateScope } from '../../src/engine/render-template';
import { PermanentStepError, TransientStepError } from '../../src/engine/step-errors';
import { createKubernetesClient } from './create-kubernetes-client';
import { createKubernetesScaleAction } from './create-kubernetes-scale-action';
import { kubernetesTestContext } from '../../test/fakes/kubernetes-test-context';
import { startFakeKubernetesApi } from '../../test/fakes/start-fake-kubernetes-api';

describe('kubernetes.scale', () => {
  let api: Awaited<ReturnType<typeof startFakeKubernetesApi>>;
  let action: ReturnType<typeof createKubernetesScaleAction>;
  const run = (input: Record<string, unknown>, ctx: ActionContext = kubernetesTestContext()) => action.execute(action.input.parse(input), ctx);
  const patches = () => api.received.filter((r) => r.method === 'PATCH');

  beforeEach(async () => {
    api = await startFakeKubernetesApi();
    const client = createKubernetesClient({ baseUrl: api.baseUrl, token: api.token, axios: axios.create({ proxy: false }) });
    action = createKubernetesScaleAction({ client });
  });
  afterEach(() => api.close());

  describe('its input', () => {
    it('is idempotent: scaling to N twice leaves N', () => {
      expect(action).toMatchObject({ name: 'kubernetes.scale', idempotent: true });
    });

    it('names the workload kind from the field used, and accepts replicas as a numeric string', () => {
      expect(action.input.parse({ namespace: 'prod', statefulset: 'ledger', replicas: '2' })).toEqual({ namespace: 'prod', kind: 'statefulset', name: 'ledger', replicas: 2 });
    });

    it.each([
      ['negative replicas', { namespace: 'prod', deployment: 'checkout', replicas: -1 }],
      ['fractional replicas', { namespace: 'prod', deployment: 'checkout', replicas: 1.5 }],
      ['replicas in words', { namespace: 'prod', deployment: 'checkout', replicas: 'two' }],
      ['both deployment and statefulset', { namespace: 'prod', deployment: 'checkout', statefulset: 'ledger', replicas: 1 }],
      ['neither deployment nor statefulset', { namespace: 'prod', replicas: 1 }],
      ['a hostile name', { namespace: 'prod', deployment: 'checkout/../../nodes', replicas: 1 }],
    ])('rejects %s', (_name, input) => {
      expect(action.input.safeParse(input).success).toBe(false);
    });
  });

  describe('when the replica count changes', () => {
    it('reads the scale subresource, then merge-patches spec.replicas', async () => {
      await run({ namespace: 'prod', deployment: 'checkout', replicas: 5 });
      expect(api.received.map((r) => `${r.method} ${r.path}`)).toEqual([
        'GET /apis/apps/v1/namespaces/prod/deployments/checkout/scale',
        'PATCH /apis/apps/v1/namespaces/prod/deployments/checkout/scale',
      ]);
      expect(patches()[0]!.headers['content-type']).toBe('application/merge-patch+json');
      expect(patches()[0]!.body).toBe('{"spec":{"replicas":5}}');
    });

    it('returns the previous count, for a compensating step', async () => {
      await expect(run({ namespace: 'prod', deployment: 'checkout', replicas: 5 })).resolves.toEqual({
        namespace: 'prod',
        kind: 'deployment',
        name: 'checkout',
        previousReplicas: 3,
        replicas: 5,
        changed: true,
      });
    });

    it('reads a statefulset scaled to zero (replicas left out) as 0', async () => {
      await expect(run({ namespace: 'prod', statefulset: 'ledger', replicas: 1 })).resolves.toMatchObject({ previousReplicas: 0, replicas: 1 });
      expect(api.workloads.get('statefulsets/prod/ledger')!.replicas).toBe(1);
    });

    it('scales back from the rendered `{{ steps.scale.output.previousReplicas }}` template', async () => {
      const output = await run({ namespace: 'prod', deployment: 'checkout', replicas: 0 });
      const scope = { labels: {}, annotations: {}, commonLabels: {}, params: {}, steps: { scale: { output } }, incident: { id: 'i', correlationId: 'c' }, run: { id: 'r' } } satisfies TemplateScope;
      await run(renderTemplate({ namespace: 'prod', deployment: 'checkout', replicas: '{{ steps.scale.output.previousReplicas }}' }, scope) as Record<string, unknown>);
      expect(api.workloads.get('deployments/prod/checkout')!.replicas).toBe(3);
    });
  });

  describe('when the count is already right', () => {
    it('does not write', async () => {
      await expect(run({ namespace: 'prod', deployment: 'checkout', replicas: 3 })).resolves.toMatchObject({ previousReplicas: 3, replicas: 3, changed: false });
      expect(patches()).toHaveLength(0);
    });
  });

  describe('when it cannot scale', () => {
    it('fails permanently for a workload that does not exist', async () => {
      await expect(run({ namespace: 'prod', deployment: 'nope', replicas: 1 })).rejects.toMatchObject({ name: 'PermanentStepError', details: { status: 404 } });
    });

    it('fails transiently when the API server is overloaded', async () => {
      api.failNext(429, { method: 'PATCH', retryAfter: '1' });
      await expect(run({ namespace: 'prod', deployment: 'checkout', replicas: 5 })).rejects.toBeInstanceOf(TransientStepError);
    });

    it('fails permanently when there is no cluster', async () => {
      const unconfigured = createKubernetesScaleAction({});
      const input = unconfigured.input.parse({ namespace: 'prod', deployment: 'checkout', replicas: 1 });
      await expect(unconfigured.execute(input, kubernetesTestContext())).rejects.toBeInstanceOf(PermanentStepError);
    });
  });
});

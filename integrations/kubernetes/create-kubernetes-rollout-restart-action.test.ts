import axios from 'axios';
import { createManualClock } from '../../src/core/clock';
import { PermanentStepError, TransientStepError } from '../../src/engine/step-errors';
import { createKubernetesClient } from './create-kubernetes-client';
import { createKubernetesRolloutRestartAction } from './create-kubernetes-rollout-restart-action';
import { kubernetesTestContext } from '../../test/fakes/kubernetes-test-context';
import { startFakeKubernetesApi } from '../../test/fakes/start-fake-kubernetes-api';

describe('kubernetes.rollout_restart', () => {
  let api: Awaited<ReturnType<typeof startFakeKubernetesApi>>;
  let action: ReturnType<typeof createKubernetesRolloutRestartAction>;
  let clock: ReturnType<typeof createManualClock>;
  const run = (input: Record<string, unknown>) => action.execute(action.input.parse(input), kubernetesTestContext(clock));
  const patches = () => api.received.filter((r) => r.method === 'PATCH');

  beforeEach(async () => {
    clock = createManualClock('2026-03-14T09:40:00.123Z');
    api = await startFakeKubernetesApi();
    const client = createKubernetesClient({ baseUrl: api.baseUrl, token: api.token, axios: axios.create({ proxy: false }) });
    action = createKubernetesRolloutRestartAction({ client });
  });
  afterEach(() => api.close());

  describe('its declaration', () => {
    it('is not idempotent: every call starts another rollout', () => {
      expect(action).toMatchObject({ name: 'kubernetes.rollout_restart', idempotent: false });
    });

    it.each([
      ['a path in the namespace', { namespace: '../kube-system', deployment: 'checkout' }],
      ['a query in the deployment', { namespace: 'prod', deployment: 'checkout?dryRun=All' }],
      ['a slash in the deployment', { namespace: 'prod', deployment: 'checkout/scale' }],
      ['upper case', { namespace: 'Prod', deployment: 'checkout' }],
      ['a namespace longer than 63', { namespace: 'a'.repeat(64), deployment: 'checkout' }],
      ['an empty deployment', { namespace: 'prod', deployment: '' }],
      ['a misspelt field', { namespace: 'prod', deploy: 'checkout' }],
    ])('rejects %s before any request', (_name, input) => {
      expect(action.input.safeParse(input).success).toBe(false);
    });
  });

  describe('when the deployment exists', () => {
    it('sends the strategic-merge patch kubectl rollout restart sends, timed by the clock', async () => {
      await run({ namespace: 'prod', deployment: 'checkout' });
      expect(patches()).toHaveLength(1);
      const patch = patches()[0]!;
      expect(patch.path).toBe('/apis/apps/v1/namespaces/prod/deployments/checkout');
      expect(patch.headers['content-type']).toBe('application/strategic-merge-patch+json');
      expect(patch.body).toBe('{"spec":{"template":{"metadata":{"annotations":{"kubectl.kubernetes.io/restartedAt":"2026-03-14T09:40:00Z"}}}}}');
    });

    it('returns the restart time and the generations, for a later step to wait on', async () => {
      await expect(run({ namespace: 'prod', deployment: 'checkout' })).resolves.toEqual({
        namespace: 'prod',
        deployment: 'checkout',
        restartedAt: '2026-03-14T09:40:00Z',
        previousGeneration: 4,
        generation: 5,
        observedGeneration: 4,
      });
    });

    it('restarts again when called again', async () => {
      await run({ namespace: 'prod', deployment: 'checkout' });
      clock.advance(90_000);
      await run({ namespace: 'prod', deployment: 'checkout' });
      expect(patches().map((p) => p.body)).toEqual([expect.stringContaining('09:40:00Z'), expect.stringContaining('09:41:30Z')]);
    });
  });

  describe('when it cannot restart', () => {
    it('refuses a paused deployment, like kubectl, without patching it', async () => {
      const error = await run({ namespace: 'prod', deployment: 'frozen' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PermanentStepError);
      expect((error as Error).message).toMatch(/is paused; resume it first/);
      expect(patches()).toHaveLength(0);
    });

    it('fails permanently when the deployment does not exist', async () => {
      await expect(run({ namespace: 'prod', deployment: 'nope' })).rejects.toMatchObject({ name: 'PermanentStepError', details: { status: 404 } });
      expect(patches()).toHaveLength(0);
    });

    it('fails permanently when RBAC forbids the patch', async () => {
      api.failNext(403, { method: 'PATCH' });
      await expect(run({ namespace: 'prod', deployment: 'checkout' })).rejects.toMatchObject({ name: 'PermanentStepError', details: { status: 403 } });
    });

    it('fails transiently on a conflicting write, so the executor may retry', async () => {
      api.failNext(409, { method: 'PATCH' });
      await expect(run({ namespace: 'prod', deployment: 'checkout' })).rejects.toBeInstanceOf(TransientStepError);
    });

    it('fails permanently, saying how to configure it, when there is no cluster', async () => {
      const unconfigured = createKubernetesRolloutRestartAction({});
      const input = unconfigured.input.parse({ namespace: 'prod', deployment: 'checkout' });
      await expect(unconfigured.execute(input, kubernetesTestContext())).rejects.toThrow(/Kubernetes is not configured \(.*MENDBOT_KUBECONFIG/);
    });
  });
});

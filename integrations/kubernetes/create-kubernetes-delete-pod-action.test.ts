import axios from 'axios';
import { PermanentStepError, TransientStepError } from '../../src/engine/step-errors';
import { createKubernetesClient } from './create-kubernetes-client';
import { createKubernetesDeletePodAction } from './create-kubernetes-delete-pod-action';
import { kubernetesTestContext } from '../../test/fakes/kubernetes-test-context';
import { startFakeKubernetesApi } from '../../test/fakes/start-fake-kubernetes-api';

describe('kubernetes.delete_pod', () => {
  let api: Awaited<ReturnType<typeof startFakeKubernetesApi>>;
  let action: ReturnType<typeof createKubernetesDeletePodAction>;
  const run = (input: Record<string, unknown>) => action.execute(action.input.parse(input), kubernetesTestContext());

  beforeEach(async () => {
    api = await startFakeKubernetesApi();
    const client = createKubernetesClient({ baseUrl: api.baseUrl, token: api.token, axios: axios.create({ proxy: false }) });
    action = createKubernetesDeletePodAction({ client });
  });
  afterEach(() => api.close());

  it('is not idempotent: a StatefulSet replacement keeps the name', () => {
    expect(action).toMatchObject({ name: 'kubernetes.delete_pod', idempotent: false });
  });

  it('rejects a pod name that is not a DNS-1123 subdomain', () => {
    expect(action.input.safeParse({ namespace: 'prod', pod: 'a b' }).success).toBe(false);
  });

  it('sends one DELETE for the pod and returns its uid and deletion time', async () => {
    await expect(run({ namespace: 'prod', pod: 'checkout-7d9f8-abcde' })).resolves.toEqual({
      namespace: 'prod',
      pod: 'checkout-7d9f8-abcde',
      uid: 'uid-1',
      deletionTimestamp: '2026-03-14T09:40:30Z',
    });
    expect(api.received.map((r) => `${r.method} ${r.path}`)).toEqual(['DELETE /api/v1/namespaces/prod/pods/checkout-7d9f8-abcde']);
  });

  it('fails permanently for a pod that is not there, saying it may be gone already', async () => {
    const error = await run({ namespace: 'prod', pod: 'checkout-gone' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentStepError);
    expect((error as PermanentStepError).message).toMatch(/not found \(already gone, or the wrong name\)/);
    expect((error as PermanentStepError).details).toMatchObject({ status: 404, reason: 'NotFound' });
  });

  it('fails transiently when the API server errs', async () => {
    api.failNext(500);
    await expect(run({ namespace: 'prod', pod: 'checkout-7d9f8-abcde' })).rejects.toBeInstanceOf(TransientStepError);
  });

  it('fails permanently when there is no cluster', async () => {
    const unconfigured = createKubernetesDeletePodAction({});
    await expect(unconfigured.execute({ namespace: 'prod', pod: 'p' }, kubernetesTestContext())).rejects.toThrow(/Kubernetes is not configured/);
  });
});

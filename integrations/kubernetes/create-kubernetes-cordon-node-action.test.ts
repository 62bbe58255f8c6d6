import axios from 'axios';
import { createKubernetesClient } from './create-kubernetes-client';
import { createKubernetesCordonNodeAction } from './create-kubernetes-cordon-node-action';
import { kubernetesTestContext } from '../../test/fakes/kubernetes-test-context';
import { startFakeKubernetesApi } from '../../test/fakes/start-fake-kubernetes-api';

describe('kubernetes.cordon_node', () => {
  let api: Awaited<ReturnType<typeof startFakeKubernetesApi>>;
  let action: ReturnType<typeof createKubernetesCordonNodeAction>;
  const run = (input: Record<string, unknown>) => action.execute(action.input.parse(input), kubernetesTestContext());
  const patches = () => api.received.filter((r) => r.method === 'PATCH');

  beforeEach(async () => {
    api = await startFakeKubernetesApi();
    const client = createKubernetesClient({ baseUrl: api.baseUrl, token: api.token, axios: axios.create({ proxy: false }) });
    action = createKubernetesCordonNodeAction({ client });
  });
  afterEach(() => api.close());

  it('is idempotent and cordons unless told to uncordon', () => {
    expect(action).toMatchObject({ name: 'kubernetes.cordon_node', idempotent: true });
    expect(action.input.parse({ node: 'ip-10-0-1-7.eu-west-1.compute.internal' })).toEqual({ node: 'ip-10-0-1-7.eu-west-1.compute.internal', uncordon: false });
  });

  it('strategic-merge-patches spec.unschedulable to true', async () => {
    await expect(run({ node: 'worker-1' })).resolves.toEqual({ node: 'worker-1', unschedulable: true, previouslyUnschedulable: false, changed: true });
    expect(patches()).toEqual([
      expect.objectContaining({ path: '/api/v1/nodes/worker-1', body: '{"spec":{"unschedulable":true}}', headers: expect.objectContaining({ 'content-type': 'application/strategic-merge-patch+json' }) }),
    ]);
    expect(api.nodes.get('worker-1')).toBe(true);
  });

  it('does not write to a node that is already cordoned, and says it did not change it', async () => {
    await expect(run({ node: 'worker-2' })).resolves.toMatchObject({ unschedulable: true, changed: false });
    expect(patches()).toHaveLength(0);
  });

  it('uncordons with uncordon: true', async () => {
    await expect(run({ node: 'worker-2', uncordon: true })).resolves.toMatchObject({ unschedulable: false, previouslyUnschedulable: true, changed: true });
    expect(patches()[0]!.body).toBe('{"spec":{"unschedulable":false}}');
  });

  it('fails permanently for an unknown node', async () => {
    await expect(run({ node: 'worker-9' })).rejects.toMatchObject({ name: 'PermanentStepError', details: { status: 404 } });
  });
});

import { z } from 'zod';
import type { Action } from '../../src/engine/action';
import { PermanentStepError } from '../../src/engine/step-errors';
import { apiPath } from './api-path';
import type { KubernetesClient } from './create-kubernetes-client';
import { kubernetesName } from './kubernetes-name';
import { requireKubernetesClient } from './require-kubernetes-client';

export interface ScaleInput {
  namespace: string;
  kind: 'deployment' | 'statefulset';
  name: string;
  replicas: number;
}

const INT32_MAX = 2_147_483_647;

// Playbook params are strings, so `replicas: "{{ params.replicas }}"` arrives as "3"; a single-placeholder
// template of a step output (`{{ steps.scale.output.previousReplicas }}`) keeps its number type.
const replicas = z
  .union([z.number(), z.string().regex(/^\d+$/, 'replicas must be a whole number').transform(Number)])
  .pipe(z.number().int('replicas must be a whole number').min(0, 'replicas must be 0 or more').max(INT32_MAX));

const inputSchema = z
  .object({
    namespace: kubernetesName('label', 'namespace'),
    deployment: kubernetesName('subdomain', 'deployment').optional(),
    statefulset: kubernetesName('subdomain', 'statefulset').optional(),
    replicas,
  })
  .strict()
  .refine((i) => (i.deployment === undefined) !== (i.statefulset === undefined), { message: 'give exactly one of deployment or statefulset' })
  .transform(
    (i): ScaleInput =>
      i.deployment !== undefined
        ? { namespace: i.namespace, kind: 'deployment', name: i.deployment, replicas: i.replicas }
        : { namespace: i.namespace, kind: 'statefulset', name: i.statefulset!, replicas: i.replicas },
  );

/** autoscaling/v1 Scale. `spec.replicas` is omitempty, so a workload scaled to 0 has none. */
const scaleSchema = z.object({ spec: z.object({ replicas: z.number().int().optional() }).optional() });

/**
 * `kubernetes.scale`: sets the replica count through the `/scale` subresource (what `kubectl scale` patches).
 * Idempotent: scaling to N twice leaves N. The current count is read first and returned as
 * `previousReplicas`, so a `compensate:` step can scale back.
 */
export function createKubernetesScaleAction(deps: { client?: KubernetesClient }): Action<ScaleInput> {
  const name = 'kubernetes.scale';
  return {
    name,
    description: 'Scales a deployment or statefulset to a number of replicas',
    input: inputSchema,
    idempotent: true,
    target: () => deps.client?.host,
    async execute(input, ctx) {
      const client = requireKubernetesClient(deps.client, name);
      const resource = input.kind === 'deployment' ? 'deployments' : 'statefulsets';
      const path = apiPath`/apis/apps/v1/namespaces/${input.namespace}/${resource}/${input.name}/scale`;
      const current = scaleSchema.safeParse(await client.get(path, ctx.signal));
      if (!current.success) throw new PermanentStepError(`${name}: the API server's Scale for ${input.namespace}/${input.name} is not a Scale object`, { path });
      const previousReplicas = current.data.spec?.replicas ?? 0;
      const where = { namespace: input.namespace, kind: input.kind, name: input.name };
      // Already there (e.g. a retry after the first attempt's answer was lost): no write, same outcome.
      if (previousReplicas === input.replicas) return { ...where, previousReplicas, replicas: input.replicas, changed: false };
      await client.patch(path, { spec: { replicas: input.replicas } }, 'application/merge-patch+json', ctx.signal);
      return { ...where, previousReplicas, replicas: input.replicas, changed: true };
    },
  };
}

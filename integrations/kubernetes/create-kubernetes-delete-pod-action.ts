import { z } from 'zod';
import type { Action } from '../../src/engine/action';
import { PermanentStepError } from '../../src/engine/step-errors';
import { apiPath } from './api-path';
import type { KubernetesClient } from './create-kubernetes-client';
import { kubernetesName } from './kubernetes-name';
import { requireKubernetesClient } from './require-kubernetes-client';

export interface DeletePodInput {
  namespace: string;
  pod: string;
}

const inputSchema = z.object({ namespace: kubernetesName('label', 'namespace'), pod: kubernetesName('subdomain', 'pod') }).strict();

const podSchema = z.object({
  metadata: z.object({ uid: z.string().optional(), deletionTimestamp: z.string().optional() }).optional(),
});

/**
 * `kubernetes.delete_pod`: deletes one pod with its default grace period, so its controller replaces it.
 * Not idempotent: a StatefulSet's replacement pod has the same name, so running the step again after a
 * crash would delete the replacement too.
 *
 * A pod that does not exist (404) fails the step permanently instead of passing: the name usually comes
 * from an alert label, and a silent success would hide a playbook that targets the wrong pod. A retry of
 * a lost answer is not affected: during its grace period a deleted pod still answers 200.
 */
export function createKubernetesDeletePodAction(deps: { client?: KubernetesClient }): Action<DeletePodInput> {
  const name = 'kubernetes.delete_pod';
  return {
    name,
    description: 'Deletes a pod so that its controller replaces it',
    input: inputSchema,
    idempotent: false,
    target: () => deps.client?.host,
    async execute(input, ctx) {
      const client = requireKubernetesClient(deps.client, name);
      const path = apiPath`/api/v1/namespaces/${input.namespace}/pods/${input.pod}`;
      let answer: unknown;
      try {
        answer = await client.delete(path, ctx.signal);
      } catch (error) {
        if (error instanceof PermanentStepError && error.details.status === 404) {
          throw new PermanentStepError(`${name}: pod ${input.namespace}/${input.pod} not found (already gone, or the wrong name)`, error.details);
        }
        throw error;
      }
      const pod = podSchema.safeParse(answer);
      const metadata = pod.success ? pod.data.metadata : undefined;
      return { namespace: input.namespace, pod: input.pod, uid: metadata?.uid, deletionTimestamp: metadata?.deletionTimestamp };
    },
  };
}

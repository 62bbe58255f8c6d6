import { z } from 'zod';
import type { Action } from '../../src/engine/action';
import { PermanentStepError } from '../../src/engine/step-errors';
import { apiPath } from './api-path';
import type { KubernetesClient } from './create-kubernetes-client';
import { kubernetesName } from './kubernetes-name';
import { requireKubernetesClient } from './require-kubernetes-client';

export interface RolloutRestartInput {
  namespace: string;
  deployment: string;
}

const inputSchema = z
  .object({ namespace: kubernetesName('label', 'namespace'), deployment: kubernetesName('subdomain', 'deployment') })
  .strict();

/** The fields of a Deployment this action reads; everything else is ignored. */
const deploymentSchema = z.object({
  metadata: z.object({ generation: z.number().optional() }).optional(),
  spec: z.object({ paused: z.boolean().optional() }).optional(),
  status: z.object({ observedGeneration: z.number().optional() }).optional(),
});

/** The annotation `kubectl rollout restart` sets (kubectl polymorphichelpers/objectrestarter.go). */
const RESTARTED_AT_ANNOTATION = 'kubectl.kubernetes.io/restartedAt';

/**
 * `kubernetes.rollout_restart`: what `kubectl rollout restart deployment/<name>` does — a new value in a pod
 * template annotation makes the controller roll every pod, respecting maxUnavailable/maxSurge. Not
 * idempotent: each call starts another rollout.
 */
export function createKubernetesRolloutRestartAction(deps: { client?: KubernetesClient }): Action<RolloutRestartInput> {
  const name = 'kubernetes.rollout_restart';
  return {
    name,
    description: 'Rolling-restarts a deployment, as kubectl rollout restart does',
    input: inputSchema,
    idempotent: false,
    target: () => deps.client?.host,
    async execute(input, ctx) {
      const client = requireKubernetesClient(deps.client, name);
      const path = apiPath`/apis/apps/v1/namespaces/${input.namespace}/deployments/${input.deployment}`;
      const before = deploymentSchema.safeParse(await client.get(path, ctx.signal));
      // kubectl refuses too: a paused deployment takes the new template but rolls nothing, so the step
      // would "succeed" without restarting a single pod.
      if (before.success && before.data.spec?.paused) {
        throw new PermanentStepError(`${name}: deployment ${input.namespace}/${input.deployment} is paused; resume it first (kubectl rollout resume)`, {
          ...input,
          paused: true,
        });
      }
      // kubectl writes time.RFC3339: whole seconds. UTC here, so the value does not depend on the host's zone.
      const restartedAt = ctx.clock.now().toISOString().replace(/\.\d+Z$/, 'Z');
      const patch = { spec: { template: { metadata: { annotations: { [RESTARTED_AT_ANNOTATION]: restartedAt } } } } };
      const after = deploymentSchema.safeParse(await client.patch(path, patch, 'application/strategic-merge-patch+json', ctx.signal));
      // The patch is applied by now, so an odd answer body must not fail the step: the fields are just absent.
      return {
        namespace: input.namespace,
        deployment: input.deployment,
        restartedAt,
        previousGeneration: before.success ? before.data.metadata?.generation : undefined,
        generation: after.success ? after.data.metadata?.generation : undefined,
        observedGeneration: after.success ? after.data.status?.observedGeneration : undefined,
      };
    },
  };
}

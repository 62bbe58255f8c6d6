import { z } from 'zod';
import type { Action } from '../../src/engine/action';
import { apiPath } from './api-path';
import type { KubernetesClient } from './create-kubernetes-client';
import { kubernetesName } from './kubernetes-name';
import { requireKubernetesClient } from './require-kubernetes-client';

export interface CordonNodeInput {
  node: string;
  /** true: make the node schedulable again (`kubectl uncordon`). */
  uncordon: boolean;
}

const inputSchema = z.object({ node: kubernetesName('subdomain', 'node'), uncordon: z.boolean().default(false) }).strict();

const nodeSchema = z.object({ spec: z.object({ unschedulable: z.boolean().optional() }).optional() });

/**
 * `kubernetes.cordon_node`: marks a node unschedulable (or schedulable again with `uncordon: true`), as
 * `kubectl cordon` does. Pods already running stay. Idempotent: the flag is a state, and like kubectl the
 * action reads it first and does not write when it is already set. `changed` in the output tells a
 * compensating uncordon whether this step was the one that cordoned.
 */
export function createKubernetesCordonNodeAction(deps: { client?: KubernetesClient }): Action<CordonNodeInput> {
  const name = 'kubernetes.cordon_node';
  return {
    name,
    description: 'Cordons (or uncordons) a node',
    input: inputSchema,
    idempotent: true,
    target: () => deps.client?.host,
    async execute(input, ctx) {
      const client = requireKubernetesClient(deps.client, name);
      const path = apiPath`/api/v1/nodes/${input.node}`;
      const node = nodeSchema.safeParse(await client.get(path, ctx.signal));
      const previouslyUnschedulable = node.success ? node.data.spec?.unschedulable === true : undefined;
      const unschedulable = !input.uncordon;
      if (previouslyUnschedulable === unschedulable) return { node: input.node, unschedulable, previouslyUnschedulable, changed: false };
      await client.patch(path, { spec: { unschedulable } }, 'application/strategic-merge-patch+json', ctx.signal);
      return { node: input.node, unschedulable, previouslyUnschedulable, changed: true };
    },
  };
}

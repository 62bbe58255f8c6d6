import { PermanentStepError } from '../../src/engine/step-errors';
import type { KubernetesClient } from './create-kubernetes-client';

/**
 * Actions are registered even without a cluster, so playbooks validate everywhere; running one then fails
 * permanently (a retry cannot conjure up credentials) and says how to fix it.
 */
export function requireKubernetesClient(client: KubernetesClient | undefined, action: string): KubernetesClient {
  if (client) return client;
  throw new PermanentStepError(
    `${action}: Kubernetes is not configured (run mendbot in a pod with a service account token mounted, ` +
      'or set MENDBOT_KUBECONFIG to a kubeconfig file; see integrations/kubernetes/README.md)',
  );
}

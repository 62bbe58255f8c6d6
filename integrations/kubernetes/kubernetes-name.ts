import { z } from 'zod';

const label = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const subdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * A Kubernetes object name as the API server validates it (apimachinery `IsDNS1123Label` /
 * `IsDNS1123Subdomain`): namespaces are labels (≤ 63), deployments, statefulsets, pods and nodes are
 * subdomains (≤ 253). Checking here means a hostile label value fails input validation, before any request.
 */
export function kubernetesName(kind: 'label' | 'subdomain', what: string) {
  const max = kind === 'label' ? 63 : 253;
  const pattern = kind === 'label' ? label : subdomain;
  const shape = kind === 'label' ? 'lowercase letters, digits and -' : 'lowercase letters, digits, - and .';
  return z
    .string()
    .max(max, `${what} must be at most ${max} characters`)
    .regex(pattern, `${what} must be a DNS-1123 ${kind} (${shape}, starting and ending with a letter or digit)`);
}

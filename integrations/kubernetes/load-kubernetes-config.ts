import path from 'node:path';
import { yamlLibrary } from '../../src/config/yaml-library';
import type { KubernetesClientOptions } from './create-kubernetes-client';
import { kubeconfigSchema } from './kubeconfig-schema';

/** Where a pod's service-account credentials are mounted (client-go `rest.InClusterConfig`). */
export const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

type ReadFile = (file: string) => Buffer | string | Promise<Buffer | string>;

/** How to reach the cluster: options for createKubernetesClient, plus where they came from for the start-up log. */
export interface KubernetesConnection extends Pick<KubernetesClientOptions, 'baseUrl' | 'token' | 'ca' | 'insecureSkipTlsVerify'> {
  source: 'kubeconfig' | 'in-cluster';
  /** The kubeconfig context used (kubeconfig only). */
  context?: string;
}

export interface LoadKubernetesConfigOptions {
  /** The environment, for KUBERNETES_SERVICE_HOST/PORT. Injected: nothing here reads process.env. */
  env: Record<string, string | undefined>;
  /** e.g. `(f) => fs.promises.readFile(f)`; tests pass an in-memory one. */
  readFile: ReadFile;
  /** MENDBOT_KUBECONFIG. When set it wins over in-cluster credentials, as an explicit kubeconfig does in client-go. */
  kubeconfigPath?: string;
}

/** User keys we understand; `extensions` is informational. Anything else is refused by name. */
const SUPPORTED_USER_KEYS = new Set(['token', 'tokenFile', 'extensions']);
const SUPPORTED_CLUSTER_KEYS = new Set(['server', 'certificate-authority', 'certificate-authority-data', 'insecure-skip-tls-verify', 'extensions', 'disable-compression']);

/**
 * Finds Kubernetes credentials: the kubeconfig at `kubeconfigPath` if given, else the pod's service account,
 * else undefined (the Kubernetes actions then fail with "not configured"). `~/.kube/config` and `KUBECONFIG`
 * are deliberately not consulted: a bot that restarts deployments must not pick up whoever's laptop
 * credentials happen to be around. Throws, with the file and the fix, when the credentials are unusable.
 */
export async function loadKubernetesConfig(options: LoadKubernetesConfigOptions): Promise<KubernetesConnection | undefined> {
  if (options.kubeconfigPath) return loadKubeconfig(options.kubeconfigPath, options.readFile);
  return loadInCluster(options.env, options.readFile);
}

async function loadInCluster(env: Record<string, string | undefined>, readFile: ReadFile): Promise<KubernetesConnection | undefined> {
  const host = env.KUBERNETES_SERVICE_HOST;
  const port = env.KUBERNETES_SERVICE_PORT;
  if (!host || !port) return undefined;
  const tokenFile = `${SERVICE_ACCOUNT_DIR}/token`;
  const readToken = async () => String(await readFile(tokenFile)).trim();
  let token: string;
  try {
    token = await readToken();
  } catch (error) {
    // Every pod has the service env vars, but `automountServiceAccountToken: false` leaves no token: that
    // pod does not want mendbot to touch the cluster, so it is "not configured" rather than an error.
    if (isNotFound(error)) return undefined;
    throw new Error(`kubernetes in-cluster: cannot read ${tokenFile}: ${(error as Error).message}`);
  }
  if (!token) throw new Error(`kubernetes in-cluster: ${tokenFile} is empty`);
  const caFile = `${SERVICE_ACCOUNT_DIR}/ca.crt`;
  let ca: Buffer | string;
  try {
    ca = await readFile(caFile);
  } catch (error) {
    // Never fall back to skipping verification: whoever answers would receive the token.
    throw new Error(`kubernetes in-cluster: cannot read ${caFile}: ${(error as Error).message}`);
  }
  const hostPart = host.includes(':') ? `[${host}]` : host; // IPv6 service IP
  return { source: 'in-cluster', baseUrl: `https://${hostPart}:${port}`, token: readToken, ca };
}

async function loadKubeconfig(file: string, readFile: ReadFile): Promise<KubernetesConnection> {
  const fail = (problem: string): never => {
    throw new Error(`MENDBOT_KUBECONFIG ${file}: ${problem}`);
  };
  let document: unknown;
  try {
    document = yamlLibrary().parse(String(await readFile(file)));
  } catch (error) {
    return fail((error as Error).message.split('\n')[0]!);
  }
  const parsed = kubeconfigSchema.safeParse(document);
  if (!parsed.success) return fail(parsed.error.issues.map((i) => `${i.path.join('.') || '(top level)'}: ${i.message}`).join('; '));
  const config = parsed.data;

  const contextName = config['current-context'] || fail('has no current-context (set one with `kubectl config use-context`)');
  const context = config.contexts?.find((c) => c.name === contextName)?.context ?? fail(`current-context "${contextName}" is not in contexts`);
  const cluster = config.clusters?.find((c) => c.name === context.cluster)?.cluster ?? fail(`cluster "${context.cluster}" is not in clusters`);
  const user = context.user ? (config.users?.find((u) => u.name === context.user) ?? fail(`user "${context.user}" is not in users`)).user : undefined;

  const unsupportedCluster = Object.keys(cluster).filter((k) => !SUPPORTED_CLUSTER_KEYS.has(k));
  if (unsupportedCluster.length > 0) fail(`cluster "${context.cluster}" uses ${unsupportedCluster.join(', ')}, which mendbot does not support`);
  const unsupportedUser = Object.keys(user ?? {}).filter((k) => !SUPPORTED_USER_KEYS.has(k));
  if (unsupportedUser.length > 0) {
    fail(
      `user "${context.user}" uses ${unsupportedUser.join(', ')}, which mendbot does not support: only bearer tokens ` +
        '(token, tokenFile) are, not exec plugins, auth-provider, client certificates, basic auth or impersonation. ' +
        'Give mendbot a ServiceAccount token instead (see integrations/kubernetes/README.md)',
    );
  }

  // client-go resolves relative file references against the kubeconfig's own directory.
  const resolve = (ref: string) => path.resolve(path.dirname(file), ref);
  const read = async (ref: string, what: string) => {
    try {
      return await readFile(resolve(ref));
    } catch (error) {
      return fail(`cannot read ${what} ${resolve(ref)}: ${(error as Error).message}`);
    }
  };
  let ca: Buffer | string | undefined;
  if (cluster['certificate-authority-data']) ca = Buffer.from(cluster['certificate-authority-data'], 'base64');
  else if (cluster['certificate-authority']) ca = await read(cluster['certificate-authority'], 'certificate-authority');

  let token: KubernetesConnection['token'];
  if (user?.token) token = user.token;
  else if (user?.tokenFile) {
    const tokenFile = user.tokenFile;
    await read(tokenFile, 'tokenFile'); // fail at start-up, not at the first remediation
    token = async () => String(await readFile(resolve(tokenFile))).trim();
  }

  return {
    source: 'kubeconfig',
    context: contextName,
    baseUrl: cluster.server,
    token,
    ca,
    insecureSkipTlsVerify: cluster['insecure-skip-tls-verify'] === true,
  };
}

function isNotFound(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'ENOENT';
}

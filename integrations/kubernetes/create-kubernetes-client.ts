import https from 'node:https';
import type { AxiosInstance, AxiosResponse } from 'axios';
import { z } from 'zod';
import { PermanentStepError, TransientStepError } from '../../src/engine/step-errors';
import { isAxiosError } from '../outbound/is-axios-error';
import { lazyAxios } from '../outbound/lazy-axios';

export interface KubernetesClientOptions {
  /** API server URL, e.g. `https://10.96.0.1:443`; a path prefix (Rancher-style proxies) is kept. `http://` is for tests. */
  baseUrl: string;
  /**
   * Bearer token, or a function read before every request: projected service-account tokens are rotated by
   * the kubelet, so a token read once at start-up eventually expires (client-go re-reads the file too).
   */
  token?: string | (() => string | Promise<string>);
  /** PEM bundle the API server's certificate must chain to. Absent: the system CAs. */
  ca?: Buffer | string;
  /** Accept any server certificate (kubeconfig `insecure-skip-tls-verify`). Never for production. */
  insecureSkipTlsVerify?: boolean;
  /** Client to send with; tests pass one with `proxy: false`. Default: a fresh `lazyAxios()`. */
  axios?: AxiosInstance;
  /** Deadline of each request, on top of the step timeout; default 30 s. */
  requestTimeoutMs?: number;
}

type KubernetesPatchType = 'application/strategic-merge-patch+json' | 'application/merge-patch+json';

/** The few API calls the actions need. Each is one attempt; failures are step errors, already classified. */
export interface KubernetesClient {
  /** `host:port` of the API server: the circuit-breaker target of every Kubernetes step. */
  readonly host: string;
  get(path: string, signal?: AbortSignal): Promise<unknown>;
  patch(path: string, body: unknown, contentType: KubernetesPatchType, signal?: AbortSignal): Promise<unknown>;
  delete(path: string, signal?: AbortSignal): Promise<unknown>;
}

/** The API server's error body (`kind: Status`); only the parts worth showing. */
const statusSchema = z.object({ message: z.string().optional(), reason: z.string().optional() });

/** Objects the actions read are small; a runaway answer must not fill the memory. */
const MAX_RESPONSE_BYTES = 8 * 1024 * 1024;

/** A thin client over axios: bearer auth, JSON, the cluster's CA, and status → retryable or not. */
export function createKubernetesClient(options: KubernetesClientOptions): KubernetesClient {
  const base = new URL(options.baseUrl);
  if (base.protocol !== 'https:' && base.protocol !== 'http:') throw new Error(`kubernetes: baseUrl must be http(s), got ${base.protocol}`);
  const prefix = options.baseUrl.replace(/\/+$/, '');
  const client = options.axios ?? lazyAxios();
  // Only used for https URLs; the CA is pinned here instead of in the global agent so other integrations
  // keep trusting the system CAs.
  const httpsAgent = new https.Agent({ ca: options.ca, rejectUnauthorized: options.insecureSkipTlsVerify !== true, keepAlive: true });
  const tokenOf = async (): Promise<string | undefined> => (typeof options.token === 'function' ? options.token() : options.token);

  const send = async (method: 'GET' | 'PATCH' | 'DELETE', path: string, signal?: AbortSignal, body?: unknown, contentType?: string) => {
    const where = { method, path };
    const token = await tokenOf();
    let response: AxiosResponse<string>;
    try {
      response = await client.request<string>({
        method,
        url: prefix + path,
        headers: {
          Accept: 'application/json',
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
          ...(contentType ? { 'Content-Type': contentType } : {}),
        },
        data: body === undefined ? undefined : JSON.stringify(body),
        httpsAgent,
        signal,
        timeout: options.requestTimeoutMs ?? 30_000,
        // Parsed below, so a non-JSON answer (a proxy's HTML error page) is reported instead of half-parsed.
        responseType: 'text',
        validateStatus: () => true,
        maxRedirects: 0,
        maxContentLength: MAX_RESPONSE_BYTES,
      });
    } catch (error) {
      if (signal?.aborted) throw new TransientStepError(`kubernetes: ${method} ${path} aborted`, { ...where, aborted: true });
      // Connection refused/reset, DNS, TLS, timeout: the network or the server, not the request, is at fault.
      if (isAxiosError(error)) throw new TransientStepError(`kubernetes: ${method} ${path} failed (${error.code ?? 'network error'})`, { ...where, code: error.code });
      throw error;
    }
    const text = typeof response.data === 'string' ? response.data : '';
    const parsed = parseJson(text);
    if (response.status >= 200 && response.status < 300) return parsed;
    throw classify(response, text, parsed, where);
  };

  return {
    host: base.host,
    get: (path, signal) => send('GET', path, signal),
    patch: (path, body, contentType, signal) => send('PATCH', path, signal, body, contentType),
    delete: (path, signal) => send('DELETE', path, signal),
  };
}

/**
 * 409 (a concurrent write changed the object) and 429 (API priority and fairness) pass with time, as do 5xx;
 * any other 4xx — forbidden by RBAC, not found, invalid — will answer the same on every retry.
 */
function classify(response: AxiosResponse<string>, raw: string, body: unknown, where: { method: string; path: string }): Error {
  const { status } = response;
  const statusBody = statusSchema.safeParse(body);
  const reason = statusBody.success ? statusBody.data.reason : undefined;
  const text = statusBody.success && statusBody.data.message ? statusBody.data.message : snippet(raw);
  const retryAfter = response.headers['retry-after'] as unknown;
  const details = { ...where, status, reason, retryAfter: retryAfter === undefined ? undefined : String(retryAfter) };
  const message = `kubernetes: ${where.method} ${where.path} answered ${status}${reason ? ` ${reason}` : ''}: ${text}`;
  const retryable = status === 409 || status === 429 || status >= 500;
  return retryable ? new TransientStepError(message, details) : new PermanentStepError(message, details);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function snippet(text: string): string {
  return text.length > 300 ? `${text.slice(0, 300)}…` : text || '(empty body)';
}

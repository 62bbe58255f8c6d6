import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';

/** One request as the fake API server saw it. */
interface ReceivedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

interface Workload {
  generation: number;
  observedGeneration: number;
  replicas: number;
  paused?: boolean;
  annotations: Record<string, string>;
}

/** The reasons the real API server puts in a Status for these codes (apimachinery metav1.StatusReason). */
const REASONS: Record<number, string> = {
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  409: 'Conflict',
  415: 'UnsupportedMediaType',
  429: 'TooManyRequests',
  500: 'InternalError',
};

const TOKEN = 'test-token';

/**
 * A loopback stand-in for the Kubernetes API server, faithful to the calls the actions make: the paths,
 * the patch content types it accepts (anything else is a 415, as on a real server), `kind: Status` error
 * bodies, bearer auth, and the scale subresource. `failNext` injects a status for the next request(s).
 * Plain http unless `tls` is given (test/fixtures/kubernetes/ holds a certificate for 127.0.0.1).
 */
export async function startFakeKubernetesApi(options: { tls?: { cert: Buffer; key: Buffer } } = {}) {
  const received: ReceivedRequest[] = [];
  const workloads = new Map<string, Workload>([
    ['deployments/prod/checkout', { generation: 4, observedGeneration: 4, replicas: 3, annotations: {} }],
    ['deployments/prod/frozen', { generation: 2, observedGeneration: 2, replicas: 1, paused: true, annotations: {} }],
    ['statefulsets/prod/ledger', { generation: 1, observedGeneration: 1, replicas: 0, annotations: {} }],
  ]);
  const pods = new Set(['prod/checkout-7d9f8-abcde']);
  const nodes = new Map<string, boolean>([['worker-1', false], ['worker-2', true]]);
  const failures: Array<{ status: number; retryAfter?: string; method?: string }> = [];

  const handle: http.RequestListener = (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const method = req.method ?? '';
      const path = req.url ?? '/';
      const body = Buffer.concat(chunks).toString();
      received.push({ method, path, headers: req.headers, body });
      const json = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(payload));
      };
      const status = (code: number, message: string, headers: Record<string, string> = {}) =>
        json(code, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: REASONS[code], code }, headers);

      if (req.headers.authorization !== `Bearer ${TOKEN}`) return status(401, 'Unauthorized');
      const at = failures.findIndex((f) => f.method === undefined || f.method === method);
      const injected = at === -1 ? undefined : failures.splice(at, 1)[0];
      if (injected) {
        const headers: Record<string, string> = injected.retryAfter ? { 'retry-after': injected.retryAfter } : {};
        return status(injected.status, `injected ${injected.status}`, headers);
      }
      const patchType = req.headers['content-type'];
      const patch = method === 'PATCH' ? (JSON.parse(body) as { spec?: Record<string, unknown> }) : undefined;

      let m = /^\/apis\/apps\/v1\/namespaces\/([^/]+)\/(deployments|statefulsets)\/([^/]+)(\/scale)?$/.exec(path);
      if (m) {
        const [, ns, resource, name, scale] = m;
        const w = workloads.get(`${resource}/${ns}/${name}`);
        if (!w) return status(404, `${resource}.apps "${name}" not found`);
        if (scale) {
          if (method === 'PATCH') {
            if (patchType !== 'application/merge-patch+json') return status(415, `the body of the request was in an unknown format - accepted media types include: application/merge-patch+json`);
            w.replicas = (patch?.spec as { replicas: number }).replicas;
            w.generation += 1;
          } else if (method !== 'GET') return status(405, 'method not allowed');
          // autoscaling/v1 Scale: replicas is omitempty, so 0 is left out, as the real server does.
          return json(200, { kind: 'Scale', apiVersion: 'autoscaling/v1', metadata: { name, namespace: ns }, spec: w.replicas ? { replicas: w.replicas } : {}, status: { replicas: w.replicas } });
        }
        if (method === 'PATCH') {
          if (patchType !== 'application/strategic-merge-patch+json') return status(415, 'unsupported patch type');
          const annotations = (patch?.spec as { template?: { metadata?: { annotations?: Record<string, string> } } }).template?.metadata?.annotations ?? {};
          Object.assign(w.annotations, annotations);
          w.generation += 1;
        } else if (method !== 'GET') return status(405, 'method not allowed');
        return json(200, {
          apiVersion: 'apps/v1',
          kind: resource === 'deployments' ? 'Deployment' : 'StatefulSet',
          metadata: { name, namespace: ns, generation: w.generation },
          spec: { replicas: w.replicas, ...(w.paused ? { paused: true } : {}), template: { metadata: { annotations: { ...w.annotations } } } },
          status: { observedGeneration: w.observedGeneration, replicas: w.replicas },
        });
      }

      m = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)$/.exec(path);
      if (m && method === 'DELETE') {
        const [, ns, name] = m;
        if (!pods.delete(`${ns}/${name}`)) return status(404, `pods "${name}" not found`);
        return json(200, { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: ns, uid: 'uid-1', deletionTimestamp: '2026-03-14T09:40:30Z' } });
      }

      m = /^\/api\/v1\/nodes\/([^/]+)$/.exec(path);
      if (m) {
        const name = m[1]!;
        if (!nodes.has(name)) return status(404, `nodes "${name}" not found`);
        if (method === 'PATCH') {
          if (patchType !== 'application/strategic-merge-patch+json') return status(415, 'unsupported patch type');
          nodes.set(name, (patch?.spec as { unschedulable: boolean }).unschedulable);
        }
        return json(200, { apiVersion: 'v1', kind: 'Node', metadata: { name }, spec: nodes.get(name) ? { unschedulable: true } : {} });
      }
      status(404, 'the server could not find the requested resource');
    });
  };
  const server = options.tls ? https.createServer(options.tls, handle) : http.createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    token: TOKEN,
    received,
    workloads,
    nodes,
    /** The next `times` requests (with `method`, if given) answer `code` with a Status body, before any route. */
    failNext(code: number, options: { times?: number; retryAfter?: string; method?: string } = {}) {
      for (let i = 0; i < (options.times ?? 1); i++) failures.push({ status: code, retryAfter: options.retryAfter, method: options.method });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

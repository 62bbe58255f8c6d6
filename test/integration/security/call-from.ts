import http from 'node:http';

export interface CallResult {
  status: number;
  body: Record<string, unknown>;
}

export interface CallOptions {
  /** The client's source address. 127.0.0.6 is what Istio's sidecar forwards from: loopback range, not loopback. */
  from: string;
  method?: string;
  token?: string;
  /** Sent as JSON. */
  body?: unknown;
  headers?: Record<string, string>;
}

/**
 * One real HTTP request from a chosen local source address (Linux routes all of 127.0.0.0/8 to the
 * loopback interface, so 127.0.0.6 needs no setup). This makes the server see a peer that is local but
 * not "loopback" by mendbot's strict rule, without faking the peer address inside the app.
 */
export function callFrom(baseUrl: string, path: string, options: CallOptions): Promise<CallResult> {
  const url = new URL(path, baseUrl);
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  if (payload !== undefined) headers['content-type'] = 'application/json';
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: url.hostname.replace(/^\[(.*)\]$/, '$1'), port: url.port, path: `${url.pathname}${url.search}`, method: options.method ?? 'GET', headers, localAddress: options.from, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: Record<string, unknown> = {};
          try {
            body = JSON.parse(text) as Record<string, unknown>;
          } catch {
            body = { text };
          }
          resolve({ status: res.statusCode ?? 0, body });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

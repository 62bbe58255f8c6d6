import http from 'node:http';
import type { AddressInfo } from 'node:net';

interface RecordedRequest {
  method: string;
  path: string;
  body: string;
  at: number;
}

/**
 * A real HTTP target that counts side effects. `respond(path)` may return a status sequence per path
 * (consumed one per request, the last one repeating) and a delay, to model failures and slow targets.
 */
export async function startCountingTarget(options: { statuses?: Record<string, number[]>; delayMs?: number } = {}) {
  const requests: RecordedRequest[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const queues = new Map(Object.entries(options.statuses ?? {}).map(([p, s]) => [p, [...s]]));
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      const path = (req.url ?? '/').split('?')[0]!;
      requests.push({ method: req.method ?? 'GET', path, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() });
      const queue = queues.get(path);
      const status = queue ? (queue.length > 1 ? queue.shift()! : queue[0]!) : 200;
      setTimeout(() => {
        inFlight--;
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: status < 400, path, n: requests.length }));
      }, options.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    count: (path?: string) => requests.filter((r) => path === undefined || r.path === path).length,
    maxInFlight: () => maxInFlight,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

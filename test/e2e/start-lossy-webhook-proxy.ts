import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the proxy did with one Alertmanager notification. */
interface ProxiedNotification {
  alertname: string;
  status: string;
  dropped: boolean;
  at: number;
}

/**
 * Stands between Alertmanager's webhook receiver and mendbot, and loses notifications on purpose: for an
 * alertname marked with drop(), it answers 200 and forwards nothing, so Alertmanager records the notification
 * as sent and never retries it — a webhook lost on the way (a proxy, a load balancer), which only
 * reconciliation can make up for. Anything else is forwarded to the current `target()` unchanged.
 */
export async function startLossyWebhookProxy(target: () => string) {
  const dropping = new Set<string>();
  const seen: ProxiedNotification[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      let alertname = '';
      let status = '';
      try {
        const parsed = JSON.parse(body.toString('utf8')) as { status?: string; groupLabels?: Record<string, string>; commonLabels?: Record<string, string> };
        alertname = parsed.groupLabels?.alertname ?? parsed.commonLabels?.alertname ?? '';
        status = parsed.status ?? '';
      } catch {
        // not JSON: forwarded as is, mendbot answers it
      }
      const dropped = dropping.has(alertname);
      seen.push({ alertname, status, dropped, at: Date.now() });
      if (dropped) {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
        return;
      }
      // Only what mendbot reads: hop-by-hop headers (connection, content-length) are fetch's to set.
      const headers: Record<string, string> = {};
      for (const name of ['content-type', 'authorization', 'user-agent']) {
        const value = req.headers[name];
        if (typeof value === 'string') headers[name] = value;
      }
      fetch(`${target()}${req.url ?? '/'}`, { method: req.method, headers, body, signal: AbortSignal.timeout(10_000) })
        .then(async (answer) => {
          res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
          res.end(Buffer.from(await answer.arrayBuffer()));
        })
        .catch(() => res.writeHead(502).end());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    /** Give this to Alertmanager as mendbot's base URL. */
    url: `http://127.0.0.1:${port}`,
    /** Every notification so far, dropped or forwarded. */
    seen,
    /** From now on, notifications for this alertname are lost. */
    drop: (alertname: string) => void dropping.add(alertname),
    /** From now on, they reach mendbot again. */
    deliver: (alertname: string) => void dropping.delete(alertname),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

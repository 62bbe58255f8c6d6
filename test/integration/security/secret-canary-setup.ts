/** The fixtures of secret-canary.test.ts: a target that echoes, the playbook, the alert, a raw file reader. */

import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

interface Received {
  url: string;
  headers: http.IncomingHttpHeaders;
}

/** A loopback target that records every request, fails the first /call, refuses /break, and echoes what it got. */
export async function startEchoTarget() {
  const received: Received[] = [];
  let calls = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received.push({ url: req.url ?? '/', headers: req.headers });
      const pathname = (req.url ?? '/').split('?')[0]!;
      let status = 200;
      if (pathname === '/call' && ++calls === 1) status = 503;
      if (pathname === '/break') status = 400;
      // Echoing the request back is what a careless target does: it must not smuggle the value into the record.
      res.writeHead(status, { 'content-type': 'application/json', location: `/seen?${(req.url ?? '').split('?')[1] ?? ''}` });
      res.end(JSON.stringify({ url: req.url, authorization: req.headers.authorization, apiKey: req.headers['x-api-key'] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Retries `call` once, fails permanently at `break`, so `call`'s compensation and on_failure run: all with the secret. */
export function playbook(target: string, secretName: string): string {
  const s = `{{ secrets.${secretName} }}`;
  return `
name: secret-canary
match:
  - alertname="SecretCanary"
source: alertmanager
mode: auto
steps:
  - id: call
    action: http
    with:
      method: POST
      url: "${target}/call?key=${s}"
      headers: { Authorization: "Bearer ${s}" }
      body: { note: "sent with ${s}" }
    retry: { attempts: 3, backoff: fixed, initial: 10ms }
    compensate:
      - action: http
        with:
          method: POST
          url: "${target}/undo?key=${s}"
          headers: { x-api-key: "${s}" }
  - id: break
    action: http
    with:
      method: POST
      url: "${target}/break?key=${s}"
      headers: { Authorization: "Bearer ${s}" }
on_failure:
  - action: http
    with: { method: POST, url: "${target}/escalate/${s}" }
`;
}

/** The Alertmanager delivery that starts (firing) and resolves (resolved) the canary's incident. */
export function alert(status: 'firing' | 'resolved') {
  return {
    version: '4',
    status,
    receiver: 'mendbot',
    groupKey: '{}:{alertname="SecretCanary"}',
    groupLabels: { alertname: 'SecretCanary' },
    commonLabels: { alertname: 'SecretCanary' },
    commonAnnotations: {},
    externalURL: 'http://alertmanager.example',
    alerts: [
      {
        status,
        labels: { alertname: 'SecretCanary', service: 'canary' },
        annotations: { summary: 'canary' },
        startsAt: '2026-03-14T09:39:52.314Z',
        endsAt: status === 'resolved' ? '2026-03-14T09:49:52.314Z' : '0001-01-01T00:00:00Z',
        generatorURL: 'http://prometheus.example/graph',
        fingerprint: 'c4a2e1f0b9d8c7a6',
      },
    ],
  };
}

/** Every file under `dir`, recursively, with its raw bytes. */
export function readAllFiles(dir: string): Array<{ file: string; bytes: Buffer }> {
  const out: Array<{ file: string; bytes: Buffer }> = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...readAllFiles(full));
    else if (entry.isFile()) out.push({ file: full, bytes: fs.readFileSync(full) });
  }
  return out;
}

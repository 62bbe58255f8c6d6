import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { intakeSettings } from './intake-settings';

export interface PostResult {
  status: number; // 0 = connection error
  body: string;
  sentAt: number;
  doneAt: number;
}

/** One webhook POST on a keep-alive agent; never rejects (a connection error is status 0). */
export function postBody(agent: http.Agent, base: URL, urlPath: string, body: Buffer): Promise<PostResult> {
  return new Promise((resolve) => {
    const sentAt = performance.now();
    const req = http.request(
      {
        host: base.hostname,
        port: base.port,
        path: urlPath,
        method: 'POST',
        agent,
        headers: { ...intakeSettings.headers, 'Content-Length': String(body.length) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), sentAt, doneAt: performance.now() }));
        res.on('error', () => resolve({ status: 0, body: '', sentAt, doneAt: performance.now() }));
      },
    );
    req.on('error', () => resolve({ status: 0, body: '', sentAt, doneAt: performance.now() }));
    req.end(body);
  });
}

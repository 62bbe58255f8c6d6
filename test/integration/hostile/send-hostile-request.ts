import { createHmac } from 'node:crypto';
import http from 'node:http';
import { gzipSync } from 'node:zlib';
import type { HostileRequest } from './hostile-request-arbitrary';
import { pagerDutySecret, slackSigningSecret } from './start-hostile-app';

export interface HostileResponse {
  status: number;
  contentType: string | undefined;
  text: string;
}

/**
 * Sends `request` with node's http client rather than fetch: the path goes out byte for byte (fetch would
 * normalise `..` and escapes), and any header value is allowed. Signs Slack and PagerDuty bodies as those
 * services do, over the bytes actually sent. One connection per request: a reused keep-alive socket that
 * the server closed in between would look like a server fault ("socket hang up").
 */
export function sendHostileRequest(port: number, request: HostileRequest): Promise<HostileResponse> {
  const saysGzip = request.headers['content-encoding'] === 'gzip';
  const body = request.body === undefined ? undefined : saysGzip !== request.encodingLies ? gzipSync(request.body) : request.body;
  const headers: Record<string, string> = { ...request.headers };
  const timestamp = Math.floor(Date.now() / 1000);
  if (request.sign === 'slack' && body) {
    headers['x-slack-request-timestamp'] = String(timestamp);
    headers['x-slack-signature'] = `v0=${createHmac('sha256', slackSigningSecret).update(`v0:${timestamp}:${body.toString('utf8')}`).digest('hex')}`;
  } else if (request.sign === 'pagerduty' && body) {
    headers['x-pagerduty-signature'] = `v1=${createHmac('sha256', pagerDutySecret).update(body).digest('hex')}`;
  } else if (request.sign === 'forged') {
    headers['x-slack-request-timestamp'] = String(timestamp);
    headers['x-slack-signature'] = `v0=${'0'.repeat(64)}`;
    headers['x-pagerduty-signature'] = `v1=${'0'.repeat(64)}`;
  }
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: request.method, path: request.path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: res.headers['content-type'], text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.setTimeout(10_000, () => req.destroy(new Error(`no answer within 10 s to ${request.method} ${request.path.slice(0, 200)}`)));
    req.end(body);
  });
}

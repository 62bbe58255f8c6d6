import type { ServerResponse } from 'node:http';

/**
 * Sends `body` as JSON with the headers express's `res.json` sends (its ETag is disabled in createApp), for
 * responses written without express. The body goes out as one string, so node writes it together with the
 * headers in a single socket write.
 */
export function writeJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}

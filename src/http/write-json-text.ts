import type { ServerResponse } from 'node:http';

/** writeJson (write-json.ts) for a body already written as JSON text. */
export function writeJsonText(res: ServerResponse, status: number, text: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}

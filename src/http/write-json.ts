import type { ServerResponse } from 'node:http';
import { writeJsonText } from './write-json-text';

/**
 * Sends `body` as JSON with the headers express's `res.json` sends (its ETag is disabled in createApp), for
 * responses written without express. The body goes out as one string, so node writes it together with the
 * headers in a single socket write.
 */
export function writeJson(res: ServerResponse, status: number, body: unknown): void {
  writeJsonText(res, status, JSON.stringify(body));
}

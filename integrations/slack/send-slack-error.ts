import type { ServerResponse } from 'node:http';
import { ErrorCode, MendbotError } from '../../src/core/errors';

/**
 * Answers a refused /slack/events request with the same `{code, message, path?}` JSON as every other route
 * (Slack ignores the body; a person testing with curl reads it). Works on express's and Bolt's responses
 * alike, which are both plain ServerResponses. Errors without a code are a bug: 500 INTERNAL.
 */
export function sendSlackError(res: ServerResponse, error: unknown): MendbotError {
  const e = error instanceof MendbotError ? error : new MendbotError(ErrorCode.Internal, 'internal error', { cause: error });
  if (!res.headersSent) {
    const body = JSON.stringify(e.toJSON());
    res.writeHead(e.status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  }
  return e;
}

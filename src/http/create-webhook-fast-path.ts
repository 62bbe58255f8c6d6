import type { IncomingMessage, ServerResponse } from 'node:http';
import { answerWebhook, bodyError, type WebhookDeps } from './answer-webhook';

interface WebhookFastPathDeps extends WebhookDeps {
  /** True once SIGTERM arrived: such requests are left to express, which answers 503 SHUTTING_DOWN. */
  isShuttingDown?: () => boolean;
}

/** Takes the request and returns true, or returns false without touching it (express serves it then). */
export type WebhookFastPath = (req: IncomingMessage, res: ServerResponse) => boolean;

/**
 * The common webhook request served straight from the http server, without express: `POST
 * /webhooks/<source>` spelled exactly, a Content-Length within the body limit, no Content-Encoding or
 * Transfer-Encoding. Express's layers, body-parser and `res.json` were about a sixth of the CPU a
 * single-alert delivery costs; what is left is the same answerWebhook the express route calls. Anything
 * else (compressed or chunked bodies, over the limit, another spelling of the path, shutting down) is
 * returned untouched and express answers it exactly as before.
 */
export function createWebhookFastPath(deps: WebhookFastPathDeps): WebhookFastPath {
  const byPath = new Map(deps.sources.map((s) => [`/webhooks/${s.name}`, s]));
  return (req, res) => {
    if (req.method !== 'POST') return false;
    const source = byPath.get(req.url ?? '');
    if (source === undefined) return false;
    const { headers } = req;
    const length = contentLength(headers['content-length']);
    if (length === undefined || length > deps.bodyLimitBytes) return false;
    if (headers['content-encoding'] !== undefined || headers['transfer-encoding'] !== undefined) return false;
    if (deps.isShuttingDown?.()) return false;
    const startedAt = process.hrtime.bigint();
    readBody(req, length, (error, rawBody) => {
      const body = rawBody ? { rawBody } : { error: bodyError(error, deps.bodyLimitBytes) };
      void answerWebhook(deps, source, req, res, body, startedAt);
    });
    return true;
  };
}

function contentLength(header: string | undefined): number | undefined {
  return header !== undefined && /^\d{1,15}$/.test(header) ? Number(header) : undefined;
}

/**
 * Reads exactly `length` bytes (node's parser frames the body by Content-Length). An upload cut short
 * fails with the errors raw-body raises, so it is answered and counted as the express route would.
 */
function readBody(req: IncomingMessage, length: number, done: (error: unknown, body?: Buffer) => void): void {
  const chunks: Buffer[] = [];
  let received = 0;
  let settled = false;
  const settle = (error: unknown, body?: Buffer) => {
    if (settled) return;
    settled = true;
    req.removeListener('data', onData);
    req.removeListener('end', onEnd);
    req.removeListener('close', onClose);
    done(error, body);
  };
  const onData = (chunk: Buffer) => {
    received += chunk.length;
    chunks.push(chunk);
  };
  const onEnd = () => {
    if (received !== length) return settle(clientError('request size did not match content length', 'request.size.invalid'));
    settle(undefined, chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, received));
  };
  const onClose = () => settle(clientError('request aborted', 'request.aborted'));
  req.on('data', onData);
  req.on('end', onEnd);
  req.on('close', onClose);
  // An 'error' (a reset connection) is followed by 'close'; listening keeps it from being thrown.
  req.on('error', () => undefined);
}

function clientError(message: string, type: string): Error {
  return Object.assign(new Error(message), { status: 400, statusCode: 400, expose: true, type });
}

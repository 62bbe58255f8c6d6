import type { Duplex } from 'node:stream';
import { ErrorCode, MendbotError } from '../core/errors';

const reasons: Record<number, string> = { 400: 'Bad Request', 408: 'Request Timeout', 413: 'Payload Too Large', 431: 'Request Header Fields Too Large' };

/** Node's parser codes (llhttp) that have a more precise answer than 400. */
function toClientError(code: unknown): MendbotError {
  if (code === 'HPE_HEADER_OVERFLOW') {
    return new MendbotError(ErrorCode.HeadersTooLarge, 'request line or headers larger than the server accepts (16 KiB by default): shorten the URL or headers');
  }
  if (code === 'HPE_CHUNK_EXTENSIONS_OVERFLOW') return new MendbotError(ErrorCode.PayloadTooLarge, 'chunk extensions too large');
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return new MendbotError(ErrorCode.RequestTimeout, 'the request was not received in time');
  return new MendbotError(ErrorCode.MalformedRequest, 'the request is not valid HTTP/1.1');
}

/**
 * The http server's 'clientError' listener. Node answers a request it cannot parse (an over-long URL, a
 * broken header line) before express sees it, with a bare status line; this writes the same status with
 * the documented JSON body instead. There is no response object at that point, so the response is written
 * on the socket by hand, and only when nothing of another response has been written to it yet (as Node's
 * own default does) so a pipelined response is never corrupted.
 */
export function answerClientError(error: Error & { code?: unknown }, socket: Duplex): void {
  const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (error.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  const e = toClientError(error.code);
  const body = JSON.stringify(e.toJSON());
  socket.end(
    `HTTP/1.1 ${e.status} ${reasons[e.status] ?? 'Bad Request'}\r\n` +
      'Content-Type: application/json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Connection: close\r\n\r\n' +
      body,
    () => socket.destroy(),
  );
}

import type { IncomingMessage } from 'node:http';
import { ErrorCode, MendbotError } from '../../src/core/errors';

/**
 * The exact bytes of a request to /slack/events (the signature is over them), at most `limitBytes`. Nothing
 * is decoded: Slack never compresses, and Bolt, which reads these same bytes after us, ignores
 * Content-Encoding too. Throws PAYLOAD_TOO_LARGE or INVALID_JSON (the upload broke off).
 */
export function readSlackBody(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) return Promise.reject(tooLarge(limitBytes));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('aborted', onAborted);
    };
    const fail = (error: MendbotError) => {
      cleanup();
      reject(error);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      // Stop keeping bytes at once; node discards the rest of the upload after the answer is sent.
      if (size > limitBytes) return fail(tooLarge(limitBytes));
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks));
    };
    const onError = (error: Error) => fail(new MendbotError(ErrorCode.InvalidJson, 'request body could not be read', { cause: error }));
    const onAborted = () => fail(new MendbotError(ErrorCode.InvalidJson, 'request body was cut off'));
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('aborted', onAborted);
  });
}

function tooLarge(limitBytes: number): MendbotError {
  return new MendbotError(ErrorCode.PayloadTooLarge, `Slack request body larger than ${limitBytes} bytes`);
}

import { ErrorCode, MendbotError } from '../core/errors';

/** What express, its router and body-parser attach to the errors they raise for bad input. */
interface FrameworkError {
  status?: unknown;
  type?: unknown;
  message?: unknown;
}

/**
 * Maps any error a route can meet to a registered code. The framework raises plain errors for input that can
 * never succeed (a path parameter that is not percent-encoding, an unknown Content-Encoding or charset, a
 * gzip body that does not inflate); those are the client's, so they must be a 4xx with the documented body,
 * never `INTERNAL`. Only what is left is a bug.
 */
export function toHttpError(error: unknown): MendbotError {
  if (error instanceof MendbotError) return error;
  const e = (typeof error === 'object' && error !== null ? error : {}) as FrameworkError;
  const message = typeof e.message === 'string' ? e.message : 'request could not be read';
  if (error instanceof URIError) {
    return new MendbotError(ErrorCode.InvalidQuery, `path is not valid percent-encoding: ${message}`, { cause: error });
  }
  switch (e.type) {
    case 'entity.too.large':
      return new MendbotError(ErrorCode.PayloadTooLarge, 'request body too large', { cause: error });
    case 'entity.parse.failed':
      return new MendbotError(ErrorCode.InvalidJson, 'request body is not valid JSON', { cause: error });
    case 'encoding.unsupported':
      return new MendbotError(ErrorCode.InvalidJson, `${message}: send identity, gzip, deflate or br`, { cause: error });
    case 'charset.unsupported':
      return new MendbotError(ErrorCode.InvalidJson, `${message}: send utf-8`, { cause: error });
  }
  // Anything else body-parser or raw-body marks as the client's fault (aborted upload, bad gzip data, size
  // mismatch): the body could not be read, and a retry of the same bytes cannot succeed.
  if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
    return new MendbotError(ErrorCode.InvalidJson, `request body could not be read: ${message}`, { cause: error });
  }
  return new MendbotError(ErrorCode.Internal, 'internal error', { cause: error });
}

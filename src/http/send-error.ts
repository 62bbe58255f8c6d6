import type { Response } from 'express';
import { ErrorCode, MendbotError } from '../core/errors';

/** Writes `{code, message, path?}` with the status the code maps to; unknown errors become 500 INTERNAL. */
export function sendError(res: Response, error: unknown): MendbotError {
  const e = error instanceof MendbotError ? error : new MendbotError(ErrorCode.Internal, 'internal error', { cause: error });
  if (!res.headersSent) res.status(e.status).json(e.toJSON());
  return e;
}

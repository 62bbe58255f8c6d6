import type { Response } from 'express';
import type { MendbotError } from '../core/errors';
import { toHttpError } from './to-http-error';

/** Writes `{code, message, path?}` with the status the code maps to; errors no code covers become 500 INTERNAL. */
export function sendError(res: Response, error: unknown): MendbotError {
  const e = toHttpError(error);
  if (!res.headersSent) res.status(e.status).json(e.toJSON());
  return e;
}

import type { RequestHandler } from 'express';
import { ErrorCode, MendbotError } from '../core/errors';

/**
 * Mounted (with `router.use(prefix, …)`, which decodes nothing) in front of the `prefix/:name` routes: the
 * router would throw a bare URIError for `%ZZ` while matching them. Checking here first names the parameter
 * in the error's `path`.
 */
export function requireDecodableParam(name: string): RequestHandler {
  return (req, _res, next) => {
    const segment = req.path.split('/')[1] ?? '';
    try {
      decodeURIComponent(segment);
    } catch {
      return next(new MendbotError(ErrorCode.InvalidQuery, `${name} is not valid percent-encoding`, { path: name }));
    }
    next();
  };
}

import express from 'express';
import type { ApiRole, ApiTokenEntry } from '../config/api-token-entry';
import { ErrorCode, MendbotError } from '../core/errors';
import type { Logger } from '../telemetry/create-logger';
import { apiCallerOf } from './api-caller-of';
import { apiRouteRoles, type ApiRouteRule, type Escalation } from './api-route-roles';
import { authenticateApiCaller } from './authenticate-api-caller';
import { createApiRouteMatcher } from './match-api-route';
import { toHttpError } from './to-http-error';

const rank: Record<ApiRole, number> = { viewer: 0, operator: 1, admin: 2 };
const unlisted: Escalation = { role: 'admin', because: 'an /api route without a role of its own needs admin' };

export interface ApiGuardDeps {
  tokens: readonly ApiTokenEntry[];
  log: Logger;
  /** Defaults to the one table, apiRouteRoles. */
  rules?: readonly ApiRouteRule[];
}

/**
 * In front of every /api route (mounted with express's own prefix matching, so no spelling of a path the
 * routers would answer can go around it): decodable path parameters, then who is calling (401, or 403
 * LOOPBACK_ONLY without tokens), then the JSON body of a POST (roles can depend on it), then whether the
 * caller's role is enough (403 FORBIDDEN_ROLE). The caller is left in `res.locals.apiCaller`.
 */
export function createApiGuard(deps: ApiGuardDeps): express.Router {
  const router = express.Router();
  const json = express.json({ limit: '64kb' });
  const match = createApiRouteMatcher(deps.rules ?? apiRouteRoles);

  router.use('/api', (req, res, next) => {
    const refuse = (error: unknown) => {
      const e = toHttpError(error);
      if (e.code === ErrorCode.Unauthorized || e.code === ErrorCode.LoopbackOnly || e.code === ErrorCode.ForbiddenRole) {
        deps.log.warn({ code: e.code, method: req.method, path: req.originalUrl.split('?')[0], caller: apiCallerOf(res, { optional: true })?.name, remoteAddress: req.socket.remoteAddress }, `API call refused: ${e.message}`);
      }
      next(e);
    };
    try {
      const rule = match(req.method, `/api${req.path}`);
      const caller = authenticateApiCaller(req.headers, req.socket.remoteAddress ?? '', deps.tokens);
      res.locals.apiCaller = caller;
      const authorize = () => {
        const body: Record<string, unknown> = typeof req.body === 'object' && req.body !== null && !Array.isArray(req.body) ? (req.body as Record<string, unknown>) : {};
        const needed = rule?.escalate?.(body, caller.name) ?? (rule ? { role: rule.role, because: `${rule.method} ${rule.path} needs ${rule.role}` } : unlisted);
        if (rank[caller.role] < rank[needed.role]) {
          throw new MendbotError(ErrorCode.ForbiddenRole, `API token ${JSON.stringify(caller.name)} has role ${caller.role}: ${needed.because}`);
        }
      };
      if (req.method !== 'POST') {
        authorize();
        return next();
      }
      json(req, res, (parseError?: unknown) => {
        try {
          if (parseError) throw parseError;
          authorize();
          next();
        } catch (error) {
          refuse(error);
        }
      });
    } catch (error) {
      refuse(error);
    }
  });
  return router;
}

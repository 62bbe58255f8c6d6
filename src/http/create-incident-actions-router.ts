import express from 'express';
import { z } from 'zod';
import { ErrorCode, MendbotError } from '../core/errors';
import type { IncidentResolver } from '../runs/create-incident-resolver';
import { sendError } from './send-error';

const resolveBody = z.object({
  /** Who resolves; `onBehalfOf` is the same field under the name the API guard also reads. */
  by: z.string().trim().min(1).max(200).optional(),
  onBehalfOf: z.string().trim().min(1).max(200).optional(),
  reason: z.string().trim().min(1, 'say why the incident is resolved').max(500),
});

export interface IncidentActionsRouterDeps {
  resolver: IncidentResolver;
  /**
   * Who to record as having resolved. The API guard in front of /api authenticated the caller and checked
   * its role (operator; admin to act for someone else), so the composition root answers this from what it
   * left on the request and the body's claim (`by`/`onBehalfOf`), e.g. `U024BE7LH via chat-bridge`.
   * Default: the identity the body claims, else `api`.
   */
  actorOf?(req: express.Request, res: express.Response): string;
}

/**
 * What people do to incidents through the API: `POST /api/incidents/:id/resolve` with `{ by?, reason }`
 * closes an incident by hand (src/core/incidents/decide-manual-resolve.ts says what that does). Answers
 * 200 with the outcome — `resolved` with the alerts marked resolved, the runs cancelled and the
 * postmortem's due time, or `already_resolved` (nothing changed, so a retried request is harmless) — 404
 * for an unknown incident, 400 for a body without a reason.
 */
export function createIncidentActionsRouter(deps: IncidentActionsRouterDeps): express.Router {
  const router = express.Router();
  const json = express.json({ limit: '64kb' });

  router.post('/api/incidents/:id/resolve', json, async (req, res) => {
    try {
      const parsed = resolveBody.safeParse(req.body ?? {});
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        throw new MendbotError(ErrorCode.InvalidPayload, issue.message, { path: issue.path.join('.') || undefined });
      }
      const { by, onBehalfOf, reason } = parsed.data;
      if (by !== undefined && onBehalfOf !== undefined && by !== onBehalfOf) {
        throw new MendbotError(ErrorCode.InvalidPayload, 'give by or onBehalfOf, not both with different values', { path: 'by' });
      }
      const who = deps.actorOf ? deps.actorOf(req, res) : (by ?? onBehalfOf ?? 'api');
      res.json(await deps.resolver.resolve(req.params.id as string, { by: who, reason }));
    } catch (error) {
      sendError(res, error);
    }
  });

  // Errors raised while routing to the handler above (a path parameter that is not percent-encoding).
  router.use((error: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    sendError(res, error);
  });
  return router;
}

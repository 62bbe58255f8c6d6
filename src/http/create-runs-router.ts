import express from 'express';
import { z } from 'zod';
import { ErrorCode, MendbotError } from '../core/errors';
import type { RunService } from '../runs/create-run-service';
import type { Store } from '../store/store';
import { actorFor } from './actor-for';
import { apiCallerOf } from './api-caller-of';
import { requireDecodableParam } from './require-decodable-param';
import { sendError } from './send-error';

const identity = z.string().min(1).max(200).optional();
const decisionBody = z.object({ onBehalfOf: identity, by: identity, reason: z.string().max(500).optional() });
const pauseBody = z.object({ playbook: z.string().min(1).optional(), onBehalfOf: identity, by: identity, reason: z.string().max(500).default('paused via API') });
const resumeBody = z.object({ playbook: z.string().min(1).optional() });

function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new MendbotError(ErrorCode.InvalidPayload, issue.message, { path: issue.path.join('.') });
  }
  return parsed.data;
}

/**
 * GET /api/runs/:id, approvals and the kill switch / per-playbook pause. Behind the API guard
 * (create-api-guard.ts), which authenticated the caller, parsed the JSON body and checked the role.
 */
export function createRunsRouter(deps: { store: Store; runs: RunService }): express.Router {
  const router = express.Router();
  router.use('/api/runs', requireDecodableParam('id'));

  router.get('/api/runs/:id', async (req, res) => {
    try {
      const run = await deps.store.getRun(req.params.id);
      if (!run) throw new MendbotError(ErrorCode.NotFound, `no run ${req.params.id}`, { path: 'id' });
      res.json(run);
    } catch (error) {
      sendError(res, error);
    }
  });

  for (const decision of ['approve', 'reject'] as const) {
    router.post(`/api/runs/:id/${decision}`, async (req, res) => {
      try {
        const body = parseBody(decisionBody, req.body);
        const actor = actorFor(apiCallerOf(res), body);
        const run = await deps.runs.decide(req.params.id as string, decision === 'approve' ? 'approved' : 'rejected', actor).catch((error: unknown) => {
          // The service names `by`; point at the field this request actually used.
          if (error instanceof MendbotError && error.code === ErrorCode.NotAnApprover && body.onBehalfOf !== undefined) {
            throw new MendbotError(error.code, error.message, { path: 'onBehalfOf' });
          }
          throw error;
        });
        res.json(run);
      } catch (error) {
        sendError(res, error);
      }
    });
  }

  router.get('/api/controls', async (_req, res) => {
    try {
      res.json(await deps.store.getControls());
    } catch (error) {
      sendError(res, error);
    }
  });

  router.post('/api/pause', async (req, res) => {
    try {
      const body = parseBody(pauseBody, req.body);
      await deps.runs.pause(body.playbook, actorFor(apiCallerOf(res), body), body.reason);
      res.json(await deps.store.getControls());
    } catch (error) {
      sendError(res, error);
    }
  });

  router.post('/api/resume', async (req, res) => {
    try {
      const body = parseBody(resumeBody, req.body);
      await deps.runs.resume(body.playbook);
      res.json(await deps.store.getControls());
    } catch (error) {
      sendError(res, error);
    }
  });

  return router;
}

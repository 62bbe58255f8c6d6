import express from 'express';
import { z } from 'zod';
import { ErrorCode, MendbotError } from '../core/errors';
import type { RunService } from '../runs/create-run-service';
import type { Store } from '../store/store';
import { requireApiToken } from './require-api-token';
import { requireDecodableParam } from './require-decodable-param';
import { sendError } from './send-error';

const decisionBody = z.object({ by: z.string().min(1).max(200), reason: z.string().max(500).optional() });
const pauseBody = z.object({ playbook: z.string().min(1).optional(), by: z.string().min(1).default('api'), reason: z.string().max(500).default('paused via API') });
const resumeBody = z.object({ playbook: z.string().min(1).optional() });

function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new MendbotError(ErrorCode.InvalidPayload, issue.message, { path: issue.path.join('.') });
  }
  return parsed.data;
}

/** GET /api/runs/:id, approvals and the kill switch / per-playbook pause. */
export function createRunsRouter(deps: { store: Store; runs: RunService; apiToken?: string }): express.Router {
  const router = express.Router();
  const json = express.json({ limit: '64kb' });
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
    router.post(`/api/runs/:id/${decision}`, json, async (req, res) => {
      try {
        requireApiToken(req, deps.apiToken);
        const body = parseBody(decisionBody, req.body);
        const run = await deps.runs.decide(req.params.id as string, decision === 'approve' ? 'approved' : 'rejected', body.by);
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

  router.post('/api/pause', json, async (req, res) => {
    try {
      requireApiToken(req, deps.apiToken);
      const body = parseBody(pauseBody, req.body);
      await deps.runs.pause(body.playbook, body.by, body.reason);
      res.json(await deps.store.getControls());
    } catch (error) {
      sendError(res, error);
    }
  });

  router.post('/api/resume', json, async (req, res) => {
    try {
      requireApiToken(req, deps.apiToken);
      const body = parseBody(resumeBody, req.body);
      await deps.runs.resume(body.playbook);
      res.json(await deps.store.getControls());
    } catch (error) {
      sendError(res, error);
    }
  });

  return router;
}

import express from 'express';
import { z } from 'zod';
import { ErrorCode, MendbotError } from '../core/errors';
import type { Store } from '../store/store';
import { decodeCursor, encodeCursor } from './page-cursor';
import { requireDecodableParam } from './require-decodable-param';
import { sendError } from './send-error';

const listQuery = z.object({
  status: z.enum(['open', 'resolved', 'all']).default('open'),
  correlation_id: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().min(1).optional(),
});

/**
 * Read-only incident API: GET /api/incidents (filters + cursor paging), GET /api/incidents/:id, and GET
 * /api/deliveries/:id (a delivery's decisions, all of them: its webhook answer lists only the first few).
 */
export function createApiRouter(deps: { store: Store }): express.Router {
  const router = express.Router();
  router.use('/api/incidents', requireDecodableParam('id'));
  router.use('/api/deliveries', requireDecodableParam('id'));

  router.get('/api/incidents', async (req, res) => {
    try {
      const parsed = listQuery.safeParse(req.query);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        throw new MendbotError(ErrorCode.InvalidQuery, issue.message, { path: issue.path.join('.') });
      }
      const q = parsed.data;
      const page = await deps.store.listIncidents({
        status: q.status,
        correlationId: q.correlation_id,
        limit: q.limit,
        beforeId: q.cursor === undefined ? undefined : decodeCursor(q.cursor),
      });
      const last = page.items[page.items.length - 1];
      res.json({ items: page.items, next_cursor: page.hasMore && last ? encodeCursor(last.id) : null });
    } catch (error) {
      sendError(res, error);
    }
  });

  router.get('/api/incidents/:id', async (req, res) => {
    try {
      const detail = await deps.store.getIncident(req.params.id);
      if (!detail) throw new MendbotError(ErrorCode.NotFound, `no incident ${req.params.id}`, { path: 'id' });
      res.json({
        ...detail,
        runs: await deps.store.listRuns({ incidentId: detail.incident.id, limit: 500 }),
        postmortem: await deps.store.getPostmortem(detail.incident.id),
      });
    } catch (error) {
      sendError(res, error);
    }
  });

  router.get('/api/deliveries/:id', async (req, res) => {
    try {
      const delivery = await deps.store.getDelivery(req.params.id);
      if (!delivery) throw new MendbotError(ErrorCode.NotFound, `no delivery ${req.params.id}`, { path: 'id' });
      // The store gives it without its raw body: what a sender posted may hold more than mendbot shows of an
      // alert anywhere else.
      res.json(delivery);
    } catch (error) {
      sendError(res, error);
    }
  });

  return router;
}

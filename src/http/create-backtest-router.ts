import express from 'express';
import { z } from 'zod';
import { BacktestWindowError } from '../backtest/parse-backtest-window';
import { UnknownPlaybookError, type Backtester } from '../backtest/create-backtester';
import { ErrorCode, MendbotError } from '../core/errors';
import { requireDecodableParam } from './require-decodable-param';
import { sendError } from './send-error';

const body = z.object({ since: z.string().min(1).max(64).optional(), until: z.string().min(1).max(64).optional() }).strict();

/**
 * POST /api/playbooks/:name/backtest: one playbook's backtest over `{ since?, until? }` (default the last
 * 7 days), answered as the JSON report of `mendbot backtest --format json`. Viewer role (api-route-roles.ts):
 * it reads and simulates, never writes. Bounded by the backtester it is given (window length, delivery cap).
 */
export function createBacktestRouter(deps: { backtester: Backtester }): express.Router {
  const router = express.Router();
  router.use('/api/playbooks', requireDecodableParam('name'));

  router.post('/api/playbooks/:name/backtest', async (req, res) => {
    try {
      const parsed = body.safeParse(req.body ?? {});
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        throw new MendbotError(ErrorCode.InvalidPayload, issue.message, { path: issue.path.join('.') });
      }
      const report = await deps.backtester.run({ ...parsed.data, playbooks: [req.params.name as string] }).catch((error: unknown) => {
        if (error instanceof UnknownPlaybookError) throw new MendbotError(ErrorCode.NotFound, error.message, { path: 'name' });
        if (error instanceof BacktestWindowError) throw new MendbotError(ErrorCode.InvalidPayload, error.message, { path: error.field });
        throw error;
      });
      res.json(report);
    } catch (error) {
      sendError(res, error);
    }
  });

  return router;
}

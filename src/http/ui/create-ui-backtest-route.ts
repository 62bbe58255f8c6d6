import express from 'express';
import { UnknownPlaybookError, type Backtester } from '../../backtest/create-backtester';
import { checkUiPost } from './check-ui-post';
import { renderBacktestPage } from './render-backtest-page';
import { renderLayout } from './render-layout';
import { sendHtml } from './send-html';
import type { UiKit } from './ui-kit';
import { UiRefusal } from './ui-refusal';

/**
 * "Backtest last 7 days" on the playbooks page: the API's backtester (same bounds), one playbook, the
 * default window, answered as a page. Viewer role like POST /api/playbooks/:name/backtest (it reads and
 * simulates, never writes), but still a POST with the CSRF token: a replay costs seconds of CPU, and a GET
 * would let any other site make a signed-in browser start one.
 */
export function createUiBacktestRoute(kit: UiKit, backtester: Backtester): express.Router {
  const router = express.Router();
  const form = express.urlencoded({ extended: false, limit: '16kb' });
  router.post('/playbooks/:name/backtest', form, (req, res) => {
    const run = async () => {
      const { viewer } = checkUiPost(kit, req, res, 'viewer');
      const name = String(req.params.name);
      const report = await backtester.run({ playbooks: [name] }).catch((error: unknown) => {
        throw error instanceof UnknownPlaybookError ? new UiRefusal(404, error.message) : error;
      });
      kit.deps.log.info({ path: req.path, by: viewer.name, via: viewer.via, elapsedMs: report.elapsedMs }, 'console backtest');
      const ctx = kit.page(req, res);
      sendHtml(req, res, 200, renderLayout(ctx, `Backtest of ${name}`, renderBacktestPage(ctx, name, report)));
    };
    run().catch((error: unknown) => kit.fail(req, res, error));
  });
  return router;
}

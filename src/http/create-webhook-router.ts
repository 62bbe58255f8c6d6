import express, { type Request, type Response } from 'express';
import { answerWebhook, bodyError, type WebhookDeps } from './answer-webhook';

/**
 * `POST /webhooks/<source>` through express: transport only. The raw bytes are kept (signatures are over
 * them) and answerWebhook answers after the store committed. Most deliveries never reach this router: the
 * server's fast path (createWebhookFastPath) takes the plain ones, and this serves the rest the same way
 * (a compressed or chunked body, one over the limit, a path spelled differently, a server without it).
 */
export function createWebhookRouter(deps: WebhookDeps): express.Router {
  const router = express.Router();
  const raw = express.raw({ type: () => true, limit: deps.bodyLimitBytes });

  for (const source of deps.sources) {
    router.post(`/webhooks/${source.name}`, (req: Request, res: Response) => {
      const startedAt = process.hrtime.bigint();
      raw(req, res, (parseError?: unknown) => {
        const body = parseError
          ? { error: bodyError(parseError, deps.bodyLimitBytes) }
          : { rawBody: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0) };
        void answerWebhook(deps, source, req, res, body, startedAt);
      });
    });
  }
  return router;
}

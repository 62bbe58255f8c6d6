import express, { type Request, type Response } from 'express';
import { ErrorCode, MendbotError } from '../core/errors';
import type { AlertSource } from '../intake/alert-source';
import type { Intake } from '../intake/create-intake';
import type { Logger } from '../telemetry/create-logger';
import type { Metrics } from '../telemetry/create-metrics';
import { sendError } from './send-error';
import { toHttpError } from './to-http-error';

export interface WebhookRouterDeps {
  intake: Intake;
  sources: AlertSource[];
  metrics: Metrics;
  log: Logger;
  bodyLimitBytes: number;
}

/**
 * `POST /webhooks/<source>`: transport only. The raw bytes are kept (signatures are over them) and the
 * answer is sent after the store committed: 2xx means stored, 503 means "retry", 4xx only for input that
 * can never succeed (both Alertmanager and PagerDuty drop 4xx without retrying).
 */
export function createWebhookRouter(deps: WebhookRouterDeps): express.Router {
  const router = express.Router();
  const raw = express.raw({ type: () => true, limit: deps.bodyLimitBytes });

  for (const source of deps.sources) {
    router.post(`/webhooks/${source.name}`, (req: Request, res: Response) => {
      const stopTimer = deps.metrics.webhookDuration.startTimer({ source: source.name });
      const finish = (outcome: string) => {
        stopTimer({ status_code: String(res.statusCode) });
        deps.metrics.deliveries.inc({ source: source.name, outcome });
      };
      raw(req, res, async (parseError?: unknown) => {
        try {
          if (parseError) throw bodyError(parseError, deps.bodyLimitBytes);
          const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
          const outcome = await deps.intake.receive(source, {
            headers: req.headers,
            rawBody,
            remoteAddress: req.socket.remoteAddress ?? '',
          });
          res.status(200).json({
            deliveryId: outcome.deliveryId,
            duplicate: outcome.duplicateDelivery,
            decisions: outcome.decisions,
          });
          finish(outcome.duplicateDelivery ? 'duplicate' : 'accepted');
        } catch (error) {
          const e = sendError(res, error);
          if (e.code === ErrorCode.StoreUnavailable) {
            deps.metrics.storeErrors.inc({ operation: 'record_delivery' });
            deps.log.error({ err: error, source: source.name }, 'delivery not stored: answered 503 so the sender retries');
          } else if (e.status >= 500) {
            deps.log.error({ err: error, source: source.name }, 'webhook failed');
          } else {
            deps.log.warn({ source: source.name, code: e.code, path: e.path, remoteAddress: req.socket.remoteAddress }, e.message);
          }
          finish(e.status >= 500 ? 'unavailable' : 'rejected');
        }
      });
    });
  }
  return router;
}

function bodyError(error: unknown, limit: number): MendbotError {
  const type = (error as { type?: string }).type;
  if (type === 'entity.too.large') {
    return new MendbotError(ErrorCode.PayloadTooLarge, `body larger than ${limit} bytes: raise MENDBOT_BODY_LIMIT or set max_alerts on the receiver`);
  }
  // An unknown Content-Encoding, gzip data that does not inflate, an aborted upload: named when recognised.
  const e = toHttpError(error);
  return e.code === ErrorCode.Internal ? new MendbotError(ErrorCode.InvalidJson, 'request body could not be read', { cause: error }) : e;
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import { ErrorCode, MendbotError } from '../core/errors';
import type { AlertSource } from '../intake/alert-source';
import type { Intake } from '../intake/create-intake';
import type { Logger } from '../telemetry/create-logger';
import type { Metrics } from '../telemetry/create-metrics';
import { toHttpError } from './to-http-error';
import { webhookAnswerJson } from './webhook-answer-json';
import { writeJson } from './write-json';
import { writeJsonText } from './write-json-text';

export interface WebhookDeps {
  intake: Intake;
  sources: AlertSource[];
  metrics: Metrics;
  log: Logger;
  bodyLimitBytes: number;
}

/** The body as read, or why it could not be read (already mapped by the caller: see bodyError). */
type WebhookBody = { rawBody: Buffer; error?: undefined } | { error: MendbotError };

/**
 * The part of `POST /webhooks/<source>` after the body was read, shared by the express route and the fast
 * path: intake (verify, parse, one durable write), then the answer — 200 with the decisions only once the
 * store committed, 503 when it could not ("retry"), 4xx only for input that can never succeed (both
 * Alertmanager and PagerDuty drop a 4xx without retrying). Never rejects.
 */
export async function answerWebhook(deps: WebhookDeps, source: AlertSource, req: IncomingMessage, res: ServerResponse, body: WebhookBody, startedAt: bigint): Promise<void> {
  const finish = (outcome: string) => {
    deps.metrics.webhookDuration.observe({ source: source.name, status_code: String(res.statusCode) }, Number(process.hrtime.bigint() - startedAt) / 1e9);
    deps.metrics.deliveries.inc({ source: source.name, outcome });
  };
  try {
    if (body.error) throw body.error;
    const outcome = await deps.intake.receive(source, { headers: req.headers, rawBody: body.rawBody, remoteAddress: req.socket.remoteAddress ?? '' });
    writeJsonText(res, 200, webhookAnswerJson(outcome));
    finish(outcome.duplicateDelivery ? 'duplicate' : 'accepted');
  } catch (error) {
    const e = toHttpError(error);
    if (!res.headersSent) writeJson(res, e.status, e.toJSON());
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
}

/** What a body-reading failure answers: 413 with the limit's name, else the framework error's 4xx. */
export function bodyError(error: unknown, limit: number): MendbotError {
  const type = (error as { type?: string }).type;
  if (type === 'entity.too.large') {
    return new MendbotError(ErrorCode.PayloadTooLarge, `body larger than ${limit} bytes: raise MENDBOT_BODY_LIMIT or set max_alerts on the receiver`);
  }
  // An unknown Content-Encoding, gzip data that does not inflate, an aborted upload: named when recognised.
  const e = toHttpError(error);
  return e.code === ErrorCode.Internal ? new MendbotError(ErrorCode.InvalidJson, 'request body could not be read', { cause: error }) : e;
}

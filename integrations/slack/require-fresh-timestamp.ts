import type { RequestHandler } from 'express';
import type { Clock } from '../../src/core/clock';
import { ErrorCode, MendbotError } from '../../src/core/errors';
import type { Logger } from '../../src/telemetry/create-logger';
import { sendSlackError } from './send-slack-error';

/** Slack's replay window: a request whose timestamp is further than this from now is refused. */
const slackTimestampToleranceSeconds = 300;

/**
 * Runs before Bolt on POST /slack/events. Bolt rejects only timestamps more than five minutes in the past
 * (`ts < now − 300`); a timestamp from the future passes it, so a captured request could be replayed until
 * its time came. This refuses |now − ts| > 5 min with 401 UNAUTHORIZED (a missing header: 401
 * SIGNATURE_MISSING); guardSlackRequest checks the HMAC next, and Bolt once more over the same raw body.
 */
export function requireFreshTimestamp(deps: { clock: Clock; log: Logger }): RequestHandler {
  return (req, res, next) => {
    const header = req.headers['x-slack-request-timestamp'];
    const ts = typeof header === 'string' && /^\d{1,12}$/.test(header) ? Number(header) : Number.NaN;
    const nowSeconds = Math.floor(deps.clock.now().getTime() / 1000);
    if (Number.isNaN(ts) || Math.abs(nowSeconds - ts) > slackTimestampToleranceSeconds) {
      deps.log.warn(
        { component: 'slack', timestamp: header, skewSeconds: Number.isNaN(ts) ? undefined : nowSeconds - ts, remoteAddress: req.socket.remoteAddress },
        'slack request refused: missing timestamp or more than 5 minutes from now (replay protection)',
      );
      sendSlackError(
        res,
        header === undefined
          ? new MendbotError(ErrorCode.SignatureMissing, 'X-Slack-Request-Timestamp header missing: Slack sends it with every request')
          : new MendbotError(ErrorCode.Unauthorized, 'X-Slack-Request-Timestamp is not a Unix time within 5 minutes of now (replay protection)'),
      );
      return;
    }
    next();
  };
}

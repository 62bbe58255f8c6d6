import type { RequestHandler } from 'express';
import type { Clock } from '../../src/core/clock';
import type { Logger } from '../../src/telemetry/create-logger';

/** Slack's replay window: a request whose timestamp is further than this from now is refused. */
export const slackTimestampToleranceSeconds = 300;

/**
 * Runs before Bolt on POST /slack/events. Bolt rejects only timestamps more than five minutes in the past;
 * a timestamp from the future passes it (PROTOCOLS.md §3.1), so a captured request could be replayed until
 * its time came. This refuses |now − ts| > 5 min with 401 (as Bolt answers its own signature failures),
 * leaving the HMAC check to Bolt, which reads the untouched raw body.
 *
 * It also strips parameters from the form content type: Bolt parses a form only when the header is exactly
 * `application/x-www-form-urlencoded` and would answer 400 to `…; charset=utf-8` (bolt-js issue #192).
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
      res.status(401).send();
      return;
    }
    const contentType = req.headers['content-type'];
    if (typeof contentType === 'string' && /^application\/x-www-form-urlencoded\s*;/i.test(contentType)) {
      req.headers['content-type'] = 'application/x-www-form-urlencoded';
    }
    next();
  };
}

import type { RequestHandler } from 'express';
import type { Logger } from '../../src/telemetry/create-logger';
import { parseSlackRequest } from './parse-slack-request';
import { readSlackBody } from './read-slack-body';
import { sendSlackError } from './send-slack-error';
import { verifySlackSignature } from './verify-slack-signature';

export interface SlackGuardDeps {
  signingSecret: string;
  /** The slash command mendbot registered ('/mendbot'); another command would find no listener. */
  commandName: string;
  bodyLimitBytes: number;
  log: Logger;
}

/**
 * Runs after requireFreshTimestamp and before Bolt on POST /slack/events: reads the body, checks the
 * signature, then lets through only a request a mendbot listener acknowledges (see slack-request-schema.ts).
 * Every refusal is a 4xx with the documented JSON body. Bolt then reads the same bytes from `req.rawBody`
 * and checks the signature again. Events API callbacks are acknowledged here: mendbot has no event listener,
 * and Slack only needs a 200 to stop retrying.
 */
export function guardSlackRequest(deps: SlackGuardDeps): RequestHandler {
  const log = deps.log.child({ component: 'slack' });
  return (req, res, next) => {
    void (async () => {
      const rawBody = await readSlackBody(req, deps.bodyLimitBytes);
      const timestamp = Number(req.headers['x-slack-request-timestamp']);
      verifySlackSignature({ rawBody, timestamp, signature: req.headers['x-slack-signature'] }, deps.signingSecret);
      const request = parseSlackRequest(rawBody, req.headers['content-type'], deps.commandName);
      (req as typeof req & { rawBody?: Buffer }).rawBody = rawBody;
      // Bolt parses a form only when the header is exactly this (bolt-js issue #192), anything else as JSON.
      req.headers['content-type'] = request.mediaType;
      if (request.kind === 'event_callback') {
        res.status(200).end();
        return;
      }
      next();
    })().catch((error: unknown) => {
      const e = sendSlackError(res, error);
      if (e.status >= 500) log.error({ err: error }, 'slack request failed');
      else log.warn({ code: e.code, path: e.path, remoteAddress: req.socket.remoteAddress }, `slack request refused: ${e.message}`);
    });
  };
}

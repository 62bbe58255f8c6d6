import { AuthorizationError, type ReceiverProcessEventErrorHandlerArgs, type ReceiverUnhandledRequestHandlerArgs } from '@slack/bolt';
import { ErrorCode, MendbotError } from '../../src/core/errors';
import type { Logger } from '../../src/telemetry/create-logger';
import { sendSlackError } from './send-slack-error';

/**
 * Bolt's answers when a listener throws before acknowledging, or nothing acknowledges within 3 s, with the
 * statuses Bolt's defaults use (401 / 500 / 404) but the documented JSON body instead of an empty one.
 * guardSlackRequest lets through only requests a listener acknowledges at once, so both mean a bug.
 */
export function createBoltFailureHandlers(log: Logger) {
  const slackLog = log.child({ component: 'slack' });
  return {
    async processEventErrorHandler({ error, response }: ReceiverProcessEventErrorHandlerArgs): Promise<boolean> {
      if (response.headersSent) {
        slackLog.error({ err: error }, 'slack listener failed after acknowledging');
        return false;
      }
      if (error instanceof AuthorizationError) {
        sendSlackError(response, new MendbotError(ErrorCode.Unauthorized, 'Slack request could not be authorised', { cause: error }));
        return true;
      }
      slackLog.error({ err: error }, 'slack listener failed before acknowledging');
      sendSlackError(response, error);
      return false;
    },
    unhandledRequestHandler({ response }: ReceiverUnhandledRequestHandlerArgs): void {
      slackLog.error('slack request not acknowledged within 3 s');
      sendSlackError(response, new MendbotError(ErrorCode.NotFound, 'no mendbot listener acknowledged this Slack request within 3 s'));
    },
  };
}

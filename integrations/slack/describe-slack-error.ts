import { webApi } from '@slack/bolt';

/**
 * Slack API errors no retry can fix: configuration (token, scopes, channel) or a message that is gone.
 * https://docs.slack.dev/reference/methods/chat.postMessage#errors
 */
const permanentErrors = new Set([
  'account_inactive',
  'as_user_not_supported',
  'cant_update_message',
  'channel_not_found',
  'edit_window_closed',
  'ekm_access_denied',
  'invalid_auth',
  'invalid_blocks',
  'invalid_blocks_format',
  'is_archived',
  'message_not_found',
  'missing_scope',
  'msg_too_long',
  'no_permission',
  'no_text',
  'not_allowed_token_type',
  'not_authed',
  'not_in_channel',
  'restricted_action',
  'team_access_not_granted',
  'token_expired',
  'token_revoked',
  'too_many_attachments',
]);

export interface SlackErrorDescription {
  /** Slack's `error` string, `http_<status>`, or `request_failed` (network, timeout). */
  code: string;
  /** True when retrying the same call cannot succeed. */
  permanent: boolean;
}

/** Classifies an error thrown by the WebClient (without looking at its message). */
export function describeSlackError(error: unknown): SlackErrorDescription {
  if (error instanceof webApi.WebAPIPlatformError) {
    return { code: error.data.error, permanent: permanentErrors.has(error.data.error) };
  }
  if (error instanceof webApi.WebAPIHTTPError) return { code: `http_${error.statusCode}`, permanent: false };
  if (error instanceof webApi.WebAPIRateLimitedError) return { code: 'ratelimited', permanent: false };
  return { code: 'request_failed', permanent: false };
}

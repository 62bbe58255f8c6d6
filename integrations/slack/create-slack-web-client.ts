import { webApi, type Logger as BoltLogger } from '@slack/bolt';

export type SlackWebClient = webApi.WebClient;
export type SlackWebClientOptions = webApi.WebClientOptions;

/**
 * A few quick retries, not the SDK default (ten over ~30 min): a chat update that is still failing after
 * that is better re-driven by mendbot's own retry queue, where a newer state replaces the stale one.
 * 429 waits for Retry-After and then counts as one retry; 5xx and network errors back off 0.5 → 5 s.
 */
export const defaultSlackRetryConfig: webApi.RetryOptions = { retries: 4, factor: 2, minTimeout: 500, maxTimeout: 5_000, randomize: true };

/**
 * The one WebClient mendbot calls Slack with. `rejectRateLimitedCalls: false` so a 429 is waited out (the
 * SDK honours Retry-After) rather than surfaced; `apiUrl` (SLACK_API_URL) points tests at a local fake.
 */
export function createSlackWebClient(options: {
  token: string;
  apiUrl?: string;
  logger: BoltLogger;
  overrides?: SlackWebClientOptions;
}): SlackWebClient {
  return new webApi.WebClient(options.token, {
    slackApiUrl: options.apiUrl ?? 'https://slack.com/api/',
    retryConfig: defaultSlackRetryConfig,
    rejectRateLimitedCalls: false,
    timeout: 10_000,
    logger: options.logger,
    ...options.overrides,
  });
}

/** Which remote tracker failed; the markdown tracker throws plain fs errors instead. */
export type RemoteTrackerName = 'github' | 'jira';

export interface TrackerErrorOptions {
  /** HTTP status, when the tracker answered; absent for network errors and timeouts. */
  status?: number;
  /** How long the tracker asked us to wait (Retry-After, x-ratelimit-reset); the caller's backoff should not be shorter. */
  retryAfterMs?: number;
  /**
   * True when repeating the same request will fail the same way (bad token, missing repository, invalid
   * field). The scheduler still retries later, but slower, because a human may fix the configuration.
   */
  permanent: boolean;
  /** What the tracker said (GitHub `message`, Jira `errorMessages`/`errors`), safe to log: never a credential. */
  details?: Record<string, unknown>;
}

/**
 * A GitHub or Jira call failed. One attempt per call: retrying is the caller's job, and this error tells it
 * how (permanent or not, and the earliest useful retry). It deliberately has no `cause`: an AxiosError
 * carries the request config, including the Authorization header, and would leak it into logs.
 */
export class TrackerError extends Error {
  override readonly name = 'TrackerError';
  readonly tracker: RemoteTrackerName;
  readonly status?: number;
  readonly retryAfterMs?: number;
  readonly permanent: boolean;
  readonly details: Record<string, unknown>;

  constructor(tracker: RemoteTrackerName, message: string, options: TrackerErrorOptions) {
    super(message);
    this.tracker = tracker;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
    this.permanent = options.permanent;
    this.details = options.details ?? {};
  }
}

/**
 * Every error mendbot reports over HTTP or at start-up has a code from this registry. The README lists
 * them all (test/unit/errors.test.ts fails if one is missing). Branch on `code`, never on `message`.
 */
export const ErrorCode = {
  /**
   * The body could not be read as the endpoint expects: not JSON (or not Slack's form), an unsupported
   * Content-Encoding or charset, a content type the route does not take. 400.
   */
  InvalidJson: 'INVALID_JSON',
  /** The body is JSON but fails the schema; `path` names the field. 400. */
  InvalidPayload: 'INVALID_PAYLOAD',
  /** The body exceeds its route's limit (MENDBOT_BODY_LIMIT for the webhooks). 413. */
  PayloadTooLarge: 'PAYLOAD_TOO_LARGE',
  /** Missing or wrong bearer / basic credentials; a Slack signature that does not verify or a stale timestamp. 401. */
  Unauthorized: 'UNAUTHORIZED',
  /**
   * No credential is configured for this route (a webhook source, or the API without any token) and the
   * client is not on loopback (exactly 127.0.0.1, ::1 or ::ffff:127.0.0.1). 403.
   */
  LoopbackOnly: 'LOOPBACK_ONLY',
  /** The API token is valid but its role does not allow this call (or acting on someone else's behalf). 403. */
  ForbiddenRole: 'FORBIDDEN_ROLE',
  /** PagerDuty request without X-PagerDuty-Signature; Slack request without its signature or timestamp header. 401. */
  SignatureMissing: 'SIGNATURE_MISSING',
  /** No X-PagerDuty-Signature value matches any configured secret. 403. */
  SignatureInvalid: 'SIGNATURE_INVALID',
  /** Query string or path parameter invalid (status, limit, cursor). 400. */
  InvalidQuery: 'INVALID_QUERY',
  /** No such incident / route. 404. */
  NotFound: 'NOT_FOUND',
  /** The store could not commit or read; nothing was acknowledged. 503 (senders retry). */
  StoreUnavailable: 'STORE_UNAVAILABLE',
  /** The server is shutting down and accepts no new work. 503. */
  ShuttingDown: 'SHUTTING_DOWN',
  /** The caller is not among the run's approvers. 403. */
  NotAnApprover: 'NOT_AN_APPROVER',
  /** The run is not waiting for approval (already decided, cancelled, finished). 409. */
  RunNotWaiting: 'RUN_NOT_WAITING',
  /** The request line or headers exceed Node's limit (16 KiB by default); answered before any route runs. 431. */
  HeadersTooLarge: 'HEADERS_TOO_LARGE',
  /** The bytes are not an HTTP/1.1 request (bad header line, bad chunking…); answered before any route runs. 400. */
  MalformedRequest: 'MALFORMED_REQUEST',
  /** The client did not send the whole request in time; answered before any route runs. 408. */
  RequestTimeout: 'REQUEST_TIMEOUT',
  /** A bug: logged with a stack. 500. */
  Internal: 'INTERNAL',
  /** Configuration failed validation at start-up; every problem is listed. Exit code 78. */
  ConfigInvalid: 'CONFIG_INVALID',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

const httpStatusByCode: Record<ErrorCode, number> = {
  INVALID_JSON: 400,
  INVALID_PAYLOAD: 400,
  PAYLOAD_TOO_LARGE: 413,
  UNAUTHORIZED: 401,
  LOOPBACK_ONLY: 403,
  FORBIDDEN_ROLE: 403,
  SIGNATURE_MISSING: 401,
  SIGNATURE_INVALID: 403,
  INVALID_QUERY: 400,
  NOT_FOUND: 404,
  STORE_UNAVAILABLE: 503,
  NOT_AN_APPROVER: 403,
  RUN_NOT_WAITING: 409,
  SHUTTING_DOWN: 503,
  HEADERS_TOO_LARGE: 431,
  MALFORMED_REQUEST: 400,
  REQUEST_TIMEOUT: 408,
  INTERNAL: 500,
  CONFIG_INVALID: 500,
};

/** Base class: a code from the registry, an HTTP status derived from it, and an optional field path. */
export class MendbotError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly path?: string;

  constructor(code: ErrorCode, message: string, options: { path?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'MendbotError';
    this.code = code;
    this.status = httpStatusByCode[code];
    this.path = options.path;
  }

  toJSON(): { code: ErrorCode; message: string; path?: string } {
    return this.path === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, path: this.path };
  }
}

/** Thrown by store adapters when a write or read could not be completed; maps to 503. */
export class StoreUnavailableError extends MendbotError {
  constructor(message: string, cause?: unknown) {
    super(ErrorCode.StoreUnavailable, message, { cause });
    this.name = 'StoreUnavailableError';
  }
}

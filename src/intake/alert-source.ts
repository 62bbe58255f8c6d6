import type { AlertSourceName } from '../core/alerts/alert';
import type { ParsedDelivery } from '../core/intake/delivery';

/** The transport-neutral view of one webhook request that a source needs to verify and parse it. */
export interface WebhookRequest {
  /** Header names lower-cased, as node delivers them. */
  headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The body bytes exactly as received: signatures are computed over these. */
  rawBody: Buffer;
  /** The peer address of the TCP connection (no X-Forwarded-For trust). */
  remoteAddress: string;
}

/**
 * What an integration registers to receive alerts at `POST /webhooks/<name>`. Both methods throw a
 * MendbotError (UNAUTHORIZED, SIGNATURE_INVALID, INVALID_JSON, INVALID_PAYLOAD …) and never touch the store.
 */
export interface AlertSource {
  name: AlertSourceName;
  authenticate(request: WebhookRequest): void;
  parse(request: WebhookRequest): ParsedDelivery;
}

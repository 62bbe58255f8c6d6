import type { AlertSourceName, CorrelatedAlert, IncomingAlert } from '../alerts/alert';

/** What a source adapter makes of one webhook request body, before correlation. */
export interface ParsedDelivery {
  source: AlertSourceName;
  /**
   * Identifier the sender repeats on every retry of the same delivery (PagerDuty's X-Webhook-Id).
   * Present only where the protocol has one: a delivery with a known key changes nothing.
   */
  dedupeKey?: string;
  /** The sender's event type (e.g. `incident.acknowledged`, `pagey.ping`); Alertmanager: `notification`. */
  eventType: string;
  alerts: IncomingAlert[];
  /** Why a delivery carries no alerts (ping, unknown event type); recorded as the delivery's decision. */
  note?: string;
  /**
   * The body's text and what JSON.parse made of exactly that text, when the source read it as JSON. Where an
   * alert's labels or annotations ARE objects of `json` (not copies) and frozen (so still what the text says),
   * the store points the alert's row into the body it keeps without searching the text for them
   * (store-delivery-body.ts).
   */
  body?: { text: string; json: unknown };
}

/** A delivery ready for the store: every alert correlated, the raw body kept for audit. */
export interface Delivery {
  id: string;
  source: AlertSourceName;
  receivedAt: string;
  dedupeKey?: string;
  eventType: string;
  alerts: CorrelatedAlert[];
  note?: string;
  /** The request body as received, stored so every delivery can be audited and replayed. */
  raw: string;
  /** `raw` as JSON.parse read it, when the source parsed it (ParsedDelivery.body's `json`); never stored. */
  parsedRaw?: unknown;
}

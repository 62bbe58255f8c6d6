import type { AlertSourceName, CorrelatedAlert } from '../core/alerts/alert';
import type { Decision } from '../core/incidents/decision';
import type { ParsedDelivery } from '../core/intake/delivery';
import type { StoredDelivery } from '../store/store';

/** Parses a stored body the way its source's webhook did (verification is not repeated: it was stored). */
export type DeliveryParsers = Partial<Record<AlertSourceName, (raw: string) => ParsedDelivery>>;

/**
 * A stored delivery's alerts, each with the decision intake took for it. The body is parsed again (the
 * store keeps the body, not the parsed alerts) and paired with the stored decisions by position, checked by
 * alert key; the correlation ID is the stored one (after templates and cross-source joins). Null when the
 * body no longer parses or does not line up with its decisions (a source whose parser changed since).
 */
export function alertsOfDelivery(d: StoredDelivery, parsers: DeliveryParsers): Array<{ alert: CorrelatedAlert; decision: Decision }> | null {
  const parse = parsers[d.source];
  if (!parse) return null;
  let parsed: ParsedDelivery;
  try {
    parsed = parse(d.raw);
  } catch {
    return null;
  }
  if (parsed.alerts.length === 0) return [];
  if (parsed.alerts.length !== d.decisions.length) return null;
  const out: Array<{ alert: CorrelatedAlert; decision: Decision }> = [];
  for (let i = 0; i < parsed.alerts.length; i++) {
    const alert = parsed.alerts[i]!;
    const decision = d.decisions[i]!;
    if (decision.alertKey !== undefined && decision.alertKey !== alert.key) return null;
    out.push({ alert: { ...alert, correlationId: decision.correlationId ?? alert.defaultCorrelationId }, decision });
  }
  return out;
}

import type { DeliveryChange } from '../../core/incidents/delivery-change';
import { alertColumnValues, BodySpans, ownSpans, spanCount, type AlertColumnValues, type AlertSpans } from './alert-columns';
import type { EncodedBody } from './body-encoding';
import type { SqliteBodies } from './sqlite-bodies';

type AlertChange = Extract<DeliveryChange, { kind: 'insertAlert' | 'updateAlert' }>;

/**
 * Before a delivery's changes are applied: its raw body is stored (or found, when the same text was stored
 * before) with every reference the delivery will make to it counted at once, and each alert write gets the
 * column values it stores. Changes without a delivery (a manual resolve) store their alerts' JSON as it is.
 * `encoded`: the body's hash and stored form when they were made beforehand (start-body-encoder.ts).
 */
export function storeDeliveryBody(bodies: SqliteBodies, changes: DeliveryChange[], encoded?: EncodedBody): { bodyId: number | null; columns: Map<AlertChange, AlertColumnValues> } {
  const delivery = changes.find((c) => c.kind === 'insertDelivery');
  const spans = delivery ? new BodySpans(delivery.delivery.raw, delivery.delivery.parsedRaw) : null;
  const laidOut: Array<[AlertChange, AlertSpans]> = [];
  let refs = 1;
  for (const ch of changes) {
    if (ch.kind !== 'insertAlert' && ch.kind !== 'updateAlert') continue;
    const s = spans ? spans.of(ch.alert) : ownSpans(ch.alert);
    refs += spanCount(s, ch.kind);
    laidOut.push([ch, s]);
  }
  const bodyId = delivery ? bodies.keep(delivery.delivery.raw, refs, encoded) : null;
  return { bodyId, columns: new Map(laidOut.map(([ch, s]) => [ch, alertColumnValues(s, bodyId)])) };
}

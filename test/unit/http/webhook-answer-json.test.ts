import { decisionsJson } from '../../../src/core/incidents/decisions-json';
import type { DeliveryOutcome } from '../../../src/core/incidents/decision';
import { decisionsJson as decisionsColumnJson, encodeDecisions } from '../../../src/store/sqlite/delivery-decisions';
import { webhookAnswerJson } from '../../../src/http/webhook-answer-json';

describe('the webhook answer', () => {
  const outcome = (over: Partial<DeliveryOutcome> = {}): DeliveryOutcome => ({
    deliveryId: 'dlv_01ABC',
    duplicateDelivery: false,
    decisions: [
      { kind: 'new_incident', alertKey: 'am:f1@2026-01-01T00:00:00Z', incidentId: 'inc_1', correlationId: '{}:{alertname="X \\"q\\" <&> \u2028"}', reason: 'new incident inc_1 é😀' },
      { kind: 'ignored', reason: 'resolved alert with no open incident' },
    ],
    runsCreated: 2,
    ...over,
  });
  const expected = (o: DeliveryOutcome) => JSON.stringify({ deliveryId: o.deliveryId, duplicate: o.duplicateDelivery, decisions: o.decisions });

  it('is exactly the JSON of its delivery id, duplicate flag and decisions', () => {
    for (const o of [outcome(), outcome({ duplicateDelivery: true, decisions: [] }), outcome({ deliveryId: 'dlv_"odd"\\id' })]) {
      expect(webhookAnswerJson(o)).toBe(expected(o));
      expect(JSON.parse(webhookAnswerJson(o))).toEqual({ deliveryId: o.deliveryId, duplicate: o.duplicateDelivery, decisions: o.decisions });
    }
  });

  it('stringifies a list of decisions once for the store and the answer', () => {
    const o = outcome();
    const stringify = jest.spyOn(JSON, 'stringify');
    try {
      const stored = decisionsColumnJson(encodeDecisions(o.decisions));
      const answer = webhookAnswerJson(o);
      expect(stringify.mock.calls.filter(([value]) => value === o.decisions)).toHaveLength(1);
      expect(answer).toContain(`"decisions":${stored}}`);
      expect(decisionsJson(o.decisions)).toBe(stored);
    } finally {
      stringify.mockRestore();
    }
  });
});

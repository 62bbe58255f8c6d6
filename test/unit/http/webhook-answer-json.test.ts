import { decisionsJson } from '../../../src/core/incidents/decisions-json';
import type { Decision, DeliveryOutcome } from '../../../src/core/incidents/decision';
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
  const expected = (o: DeliveryOutcome) => JSON.stringify({ deliveryId: o.deliveryId, duplicate: o.duplicateDelivery, decisions: o.decisions, decisionCount: o.decisions.length });
  const group = (n: number): Decision[] =>
    Array.from({ length: n }, (_, i) => ({ alertKey: `am:${i}`, correlationId: 'c', kind: i === 0 ? 'new_incident' : 'attached', incidentId: 'inc_1', reason: `alert am:${i} joined open incident inc_1` }));

  it('is exactly the JSON of its delivery id, duplicate flag, decisions and their count', () => {
    for (const o of [outcome(), outcome({ duplicateDelivery: true, decisions: [] }), outcome({ deliveryId: 'dlv_"odd"\\id' }), outcome({ decisions: group(10) })]) {
      expect(webhookAnswerJson(o)).toBe(expected(o));
      expect(JSON.parse(webhookAnswerJson(o))).toEqual({ deliveryId: o.deliveryId, duplicate: o.duplicateDelivery, decisions: o.decisions, decisionCount: o.decisions.length });
    }
  });

  it('lists the first 10 of more decisions, counts them all and says where they are', () => {
    const o = outcome({ deliveryId: 'dlv_01 odd/', decisions: group(50) });
    const stringify = jest.spyOn(JSON, 'stringify');
    try {
      const answer = webhookAnswerJson(o);
      expect(answer).toBe(
        JSON.stringify({ deliveryId: o.deliveryId, duplicate: false, decisions: o.decisions.slice(0, 10), decisionCount: 50, decisionsUrl: '/api/deliveries/dlv_01%20odd%2F' }),
      );
      // The answer never stringifies the whole list, nor does the store (it folds a group: delivery-decisions.ts).
      encodeDecisions(o.decisions);
      expect(stringify.mock.calls.filter(([value]) => value === o.decisions)).toHaveLength(0);
    } finally {
      stringify.mockRestore();
    }
  });

  it('stringifies a list of decisions once for the store and the answer', () => {
    const o = outcome();
    const stringify = jest.spyOn(JSON, 'stringify');
    try {
      const stored = decisionsColumnJson(encodeDecisions(o.decisions));
      const answer = webhookAnswerJson(o);
      expect(stringify.mock.calls.filter(([value]) => value === o.decisions)).toHaveLength(1);
      expect(answer).toContain(`"decisions":${stored},`);
      expect(decisionsJson(o.decisions)).toBe(stored);
    } finally {
      stringify.mockRestore();
    }
  });
});

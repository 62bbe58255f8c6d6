import { alertsOfDelivery } from '../../../src/backtest/alerts-of-delivery';
import type { StoredDelivery } from '../../../src/store/store';
import { deliveryParsers } from '../../../src/wiring/delivery-parsers';
import { fixture } from '../../helpers/start-test-app';

const raw = fixture('alertmanager-firing.json').toString('utf8');
const stored = (decisions: StoredDelivery['decisions'], body = raw): StoredDelivery => ({ id: 'dlv_1', source: 'alertmanager', receivedAt: '2026-03-14T09:42:00.000Z', eventType: 'notification', decisions, raw: body });
const keys = ['am:9df28b69fb251278@2026-03-14T09:39:52.314Z', 'am:913aab3577ecf1bf@2026-03-14T09:41:07.314Z'];

describe('alertsOfDelivery', () => {
  it('pairs the re-parsed alerts with their stored decisions, with the stored correlation ID', () => {
    const pairs = alertsOfDelivery(
      stored(keys.map((alertKey, i) => ({ kind: i === 0 ? 'new_incident' : 'attached', alertKey, incidentId: 'inc_1', correlationId: 'joined', reason: 'r' }))),
      deliveryParsers,
    );
    expect(pairs!.map((p) => [p.alert.labels.alertname, p.alert.correlationId, p.decision.kind])).toEqual([
      ['DiskFull', 'joined', 'new_incident'],
      ['HighErrorRate', 'joined', 'attached'],
    ]);
  });

  it('is null when the body does not parse, the counts differ, a key differs, or no parser is given', () => {
    const ok = keys.map((alertKey) => ({ kind: 'attached' as const, alertKey, incidentId: 'inc_1', reason: 'r' }));
    expect(alertsOfDelivery(stored(ok, '{not json'), deliveryParsers)).toBeNull();
    expect(alertsOfDelivery(stored(ok.slice(0, 1)), deliveryParsers)).toBeNull();
    expect(alertsOfDelivery(stored([ok[1]!, ok[0]!]), deliveryParsers)).toBeNull();
    expect(alertsOfDelivery(stored(ok), {})).toBeNull();
    expect(alertsOfDelivery(stored(ok), deliveryParsers)).toHaveLength(2);
  });
});

import type { CorrelatedAlert } from '../../src/core/alerts/alert';
import { createId } from '../../src/core/create-id';
import type { Delivery } from '../../src/core/intake/delivery';

/** A correlated Alertmanager-style alert with sensible defaults; override what the test is about. */
export function buildAlert(overrides: Partial<CorrelatedAlert> & { name?: string } = {}): CorrelatedAlert {
  const name = overrides.name ?? 'DiskFull';
  const fingerprint = overrides.fingerprint ?? `fp-${name}`;
  const startsAt = overrides.startsAt ?? '2026-03-14T09:39:52.314Z';
  const { name: _name, ...rest } = overrides;
  return {
    source: 'alertmanager',
    key: `am:${fingerprint}@${startsAt}`,
    fingerprint,
    status: 'firing',
    labels: { alertname: name, namespace: 'prod' },
    annotations: { summary: `${name} summary` },
    startsAt,
    summary: `${name} summary`,
    defaultCorrelationId: 'group-1',
    correlationId: 'group-1',
    ...rest,
  };
}

export function buildDelivery(alerts: CorrelatedAlert[], overrides: Partial<Delivery> = {}): Delivery {
  const receivedAt = overrides.receivedAt ?? '2026-03-14T09:40:00.000Z';
  return {
    id: createId('dlv', Date.parse(receivedAt)),
    source: 'alertmanager',
    receivedAt,
    eventType: 'notification',
    alerts,
    raw: JSON.stringify({ alerts: alerts.map((a) => a.key) }),
    ...overrides,
  };
}

/** ISO time `minutes` after the default delivery time. */
export function minutesLater(minutes: number): string {
  return new Date(Date.parse('2026-03-14T09:40:00.000Z') + minutes * 60_000).toISOString();
}

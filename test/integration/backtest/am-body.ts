import { createHash } from 'node:crypto';

/** One Alertmanager v4 webhook body: a group of alerts of one alertname, each with its own `service`. */
export function amBody(group: string, alertname: string, services: string[], status: 'firing' | 'resolved' = 'firing'): string {
  const alerts = services.map((service, i) => {
    const labels = { alertname, namespace: 'prod', service, group };
    return {
      status,
      labels,
      annotations: { summary: `${alertname} on ${service}` },
      startsAt: new Date(Date.parse('2026-03-14T09:00:00.000Z') + i).toISOString(),
      endsAt: status === 'resolved' ? '2026-03-14T10:00:00.000Z' : '0001-01-01T00:00:00Z',
      generatorURL: 'https://prometheus.example.com/graph',
      fingerprint: createHash('sha256').update(JSON.stringify(labels)).digest('hex').slice(0, 16),
    };
  });
  return JSON.stringify({
    receiver: 'mendbot',
    status,
    alerts,
    groupLabels: { group },
    commonLabels: { alertname, namespace: 'prod', group },
    commonAnnotations: {},
    externalURL: 'https://alertmanager.example.com',
    version: '4',
    groupKey: `{}:{group="${group}"}`,
  });
}

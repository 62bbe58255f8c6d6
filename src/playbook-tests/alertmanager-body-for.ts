/** An inline alert of a test case, as the test file gives it (durations already in ms). */
interface InlineAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  status: 'firing' | 'resolved';
  starts_at?: string;
  group?: string;
}

/**
 * The webhook body Alertmanager would post for one inline alert, so a test's alert goes through the same
 * source parser as a real one. Without `group`, each label set is its own group (its own incident), like
 * a route that groups by every label.
 */
export function alertmanagerBodyFor(alert: InlineAlert, at: { now: string; caseStart: string }): string {
  const sorted = Object.keys(alert.labels)
    .sort()
    .map((k) => `${k}=${JSON.stringify(alert.labels[k])}`)
    .join(',');
  const groupKey = alert.group ?? `{}:{${sorted}}`;
  const startsAt = alert.starts_at ?? at.caseStart;
  return JSON.stringify({
    version: '4',
    receiver: 'mendbot',
    status: alert.status,
    groupKey,
    groupLabels: {},
    commonLabels: alert.labels,
    commonAnnotations: alert.annotations,
    externalURL: 'http://alertmanager.test',
    alerts: [
      {
        status: alert.status,
        labels: alert.labels,
        annotations: alert.annotations,
        startsAt,
        endsAt: alert.status === 'resolved' ? at.now : '0001-01-01T00:00:00Z',
        generatorURL: '',
      },
    ],
  });
}

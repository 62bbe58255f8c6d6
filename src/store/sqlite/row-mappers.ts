import type { AlertSourceName } from '../../core/alerts/alert';
import type { Incident, StoredAlert, TimelineEvent, TimelineEventType } from '../../core/incidents/incident';
import { parseAlertmanagerState } from '../parse-alertmanager-state';
import { columnValue, textOf } from './alert-columns';
import type { BodyReader } from './body-reader';
import { decodeTimelineText } from './timeline-text';

type Row = Record<string, unknown>;

export function toIncident(r: Row): Incident {
  return {
    id: r.id as string,
    correlationId: r.correlation_id as string,
    status: r.status as Incident['status'],
    title: r.title as string,
    openedAt: r.opened_at as string,
    resolvedAt: (r.resolved_at as string | null) ?? null,
    lastSeenAt: r.last_seen_at as string,
    deliveryCount: r.delivery_count as number,
    alertCount: r.alert_count as number,
    firingCount: r.firing_count as number,
    stateChanges: r.state_changes as number,
    reopenCount: r.reopen_count as number,
    flapping: r.flapping === 1,
    sources: JSON.parse(r.sources as string) as AlertSourceName[],
    // Parsed only when set: incidents never reconciled cost a null check.
    alertmanager: typeof r.alertmanager === 'string' ? parseAlertmanagerState(JSON.parse(r.alertmanager)) : null,
  };
}

/** `body` reads stored bodies, for columns that refer into one (migration 12). */
export function toStoredAlert(r: Row, body: BodyReader): StoredAlert {
  return {
    key: r.key as string,
    incidentId: r.incident_id as string,
    source: r.source as AlertSourceName,
    fingerprint: r.fingerprint as string,
    status: r.status as StoredAlert['status'],
    labels: columnValue(r.labels, body) as Record<string, string>,
    annotations: columnValue(r.annotations, body) as Record<string, string>,
    startsAt: r.starts_at as string,
    endsAt: (r.ends_at as string | null) ?? null,
    generatorUrl: textOf(r.generator_url, body),
    summary: textOf(r.summary, body)!,
    firstSeenAt: r.first_seen_at as string,
    lastSeenAt: r.last_seen_at as string,
    deliveryCount: r.delivery_count as number,
  };
}

/** `correlationId`: the incident's, for entries that mark it (timeline-text.ts). */
export function toTimelineEvent(r: Row, correlationId: string): TimelineEvent {
  const text = decodeTimelineText(r.message, r.data, { incidentId: r.incident_id as string, correlationId });
  return {
    seq: r.seq as number,
    incidentId: r.incident_id as string,
    at: r.at as string,
    type: r.type as TimelineEventType,
    message: text.message,
    data: JSON.parse(text.data) as Record<string, unknown>,
  };
}

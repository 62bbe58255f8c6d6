import type { AlertSourceName } from '../../core/alerts/alert';
import type { Incident, StoredAlert, TimelineEvent, TimelineEventType } from '../../core/incidents/incident';
import { parseAlertmanagerState } from '../parse-alertmanager-state';

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

export function toStoredAlert(r: Row): StoredAlert {
  return {
    key: r.key as string,
    incidentId: r.incident_id as string,
    source: r.source as AlertSourceName,
    fingerprint: r.fingerprint as string,
    status: r.status as StoredAlert['status'],
    labels: JSON.parse(r.labels as string) as Record<string, string>,
    annotations: JSON.parse(r.annotations as string) as Record<string, string>,
    startsAt: r.starts_at as string,
    endsAt: (r.ends_at as string | null) ?? null,
    generatorUrl: (r.generator_url as string | null) ?? null,
    summary: r.summary as string,
    firstSeenAt: r.first_seen_at as string,
    lastSeenAt: r.last_seen_at as string,
    deliveryCount: r.delivery_count as number,
  };
}

export function toTimelineEvent(r: Row): TimelineEvent {
  return {
    seq: r.seq as number,
    incidentId: r.incident_id as string,
    at: r.at as string,
    type: r.type as TimelineEventType,
    message: r.message as string,
    data: JSON.parse(r.data as string) as Record<string, unknown>,
  };
}

import type { IncomingAlert, IncomingStatus } from '../../src/core/alerts/alert';
import type { PagerDutyEvent, PagerDutyIncident } from './pagerduty-webhook-schema';

// The incident_key is the dedup_key the incident was raised with. Alertmanager's PagerDuty integration
// sends sha256_hex(groupKey) as its dedup_key; mendbot's own pagerduty.escalate sends the correlation ID.
// Either way it is how a PagerDuty incident finds the mendbot incident it came from; the store decides
// whether any incident holds that key, so an unrelated key simply joins nothing.

/**
 * One incident event as an alert. Only triggered/reopened (firing) and resolved change state; every other
 * incident event (acknowledged, escalated, reassigned, priority_updated …) is activity on the same key.
 */
export function mapPagerDutyIncident(event: PagerDutyEvent, incident: PagerDutyIncident): IncomingAlert {
  const status = statusFor(event.event_type);
  const activity = event.event_type === 'incident.triggered' || status === 'resolved' ? undefined : describeActivity(event, incident);
  return {
    source: 'pagerduty',
    key: `pd:${incident.id}`,
    fingerprint: incident.id,
    status,
    labels: compact({
      alertname: incident.title,
      service: incident.service?.summary,
      urgency: incident.urgency,
      priority: incident.priority?.summary,
      pagerduty_incident_number: incident.number?.toString(),
      pagerduty_service_id: incident.service?.id,
      pagerduty_escalation_policy: incident.escalation_policy?.summary,
      pagerduty_teams: names(incident.teams),
    }),
    annotations: compact({
      summary: incident.title,
      html_url: incident.html_url,
      pagerduty_status: incident.status,
      assignees: names(incident.assignees),
      incident_key: incident.incident_key,
      client: event.client?.name,
      client_url: event.client?.url,
    }),
    startsAt: incident.created_at ?? event.occurred_at,
    ...(status === 'resolved' ? { endsAt: event.occurred_at } : {}),
    summary: incident.title ?? `PagerDuty incident #${incident.number ?? incident.id}`,
    defaultCorrelationId: `pagerduty:${incident.id}`,
    ...(incident.incident_key ? { joinKey: incident.incident_key } : {}),
    ...(activity === undefined ? {} : { activity }),
    // PagerDuty can reopen an incident (same key), so its events are ordered by this, not by the key.
    occurredAt: event.occurred_at,
  };
}

function statusFor(eventType: string): IncomingStatus {
  if (eventType === 'incident.triggered' || eventType === 'incident.reopened') return 'firing';
  if (eventType === 'incident.resolved') return 'resolved';
  return null;
}

/** "acknowledged in PagerDuty by Dana Okafor", "escalated in PagerDuty: assigned to …". */
function describeActivity(event: PagerDutyEvent, incident: PagerDutyIncident): string {
  // Event types we have no phrase for still read well: incident.incident_type.changed → "incident type changed".
  const action = event.event_type.replace(/^incident\./, '').replace(/[._]/g, ' ');
  const by = event.agent?.summary ? ` by ${event.agent.summary}` : '';
  const detail = detailFor(event.event_type, incident);
  return `${action} in PagerDuty${by}${detail ? `: ${detail}` : ''}`;
}

function detailFor(eventType: string, incident: PagerDutyIncident): string | undefined {
  switch (eventType) {
    case 'incident.escalated':
    case 'incident.reassigned': {
      const assignees = names(incident.assignees);
      return assignees ? `assigned to ${assignees}` : undefined;
    }
    case 'incident.delegated':
      return incident.escalation_policy?.summary ? `escalation policy ${incident.escalation_policy.summary}` : undefined;
    case 'incident.priority_updated':
      return `priority ${incident.priority?.summary ?? 'none'}`;
    case 'incident.service_updated':
      return incident.service?.summary ? `service ${incident.service.summary}` : undefined;
    default:
      return undefined;
  }
}

function names(refs: ReadonlyArray<{ summary?: string }> | undefined): string | undefined {
  const list = (refs ?? []).map((r) => r.summary).filter((s): s is string => Boolean(s));
  return list.length > 0 ? list.join(', ') : undefined;
}

/** Labels and annotations are string maps: drop what PagerDuty left out rather than store "undefined". */
function compact(entries: Record<string, string | null | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(entries)) if (v !== undefined && v !== null && v !== '') out[k] = v;
  return out;
}

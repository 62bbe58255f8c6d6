import type { IncomingAlert } from '../../src/core/alerts/alert';
import type { PagerDutyEvent, PagerDutyIncidentNote } from './pagerduty-webhook-schema';

/** Notes can be long; the activity is one timeline entry, and the full note stays in the stored raw body. */
const maxNoteLength = 500;

/** `incident.annotated`: a note on an incident, as activity on that incident's key. */
export function mapPagerDutyNote(event: PagerDutyEvent, note: PagerDutyIncidentNote): IncomingAlert {
  const incident = note.incident;
  return {
    source: 'pagerduty',
    key: `pd:${incident.id}`,
    fingerprint: incident.id,
    status: null,
    labels: {},
    annotations: incident.html_url ? { html_url: incident.html_url } : {},
    startsAt: event.occurred_at,
    summary: incident.summary ?? `PagerDuty incident ${incident.id}`,
    defaultCorrelationId: `pagerduty:${incident.id}`,
    activity: `note: ${truncate(note.content, maxNoteLength)}`,
    occurredAt: event.occurred_at,
  };
}

function truncate(text: string, max: number): string {
  // By code point, so an emoji at the cut is not split into half a surrogate pair.
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

import type { IncidentDetail } from '../../core/incidents/incident';
import type { TicketRef } from '../../core/postmortems/tracker';
import type { Run } from '../../core/runs/run';

/** Everything the incident page shows, read through the store port. */
export interface IncidentView {
  detail: IncidentDetail;
  runs: Run[];
  /** The incident's Slack thread, when chat posted one. */
  slackThread?: string;
  postmortem?: TicketRef;
}

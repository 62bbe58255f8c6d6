/** Where a postmortem was filed. `url` is what humans click (Slack thread, API). */
export interface TicketRef {
  tracker: 'markdown' | 'github' | 'jira';
  /** Tracker-specific id: file path, issue number, issue key. */
  id: string;
  url: string;
}

export interface PostmortemDocument {
  incidentId: string;
  title: string;
  /** Markdown. */
  body: string;
  labels: string[];
}

/**
 * A ticket system postmortems are filed in. Exactly one ticket per incident: the core stores the ref after
 * `create`, and uses `find` (a marker label / field / file name derived from the incident id) when a crash
 * may have happened between creating and storing, so a retry updates instead of duplicating.
 * Methods throw on failure; the caller retries later with backoff, so nothing is lost.
 */
export interface Tracker {
  name: TicketRef['tracker'];
  find(incidentId: string): Promise<TicketRef | null>;
  create(doc: PostmortemDocument): Promise<TicketRef>;
  update(ref: TicketRef, doc: PostmortemDocument): Promise<TicketRef>;
}

/** The marker that identifies an incident's ticket in any tracker (label, JQL label, file name). */
export function incidentMarker(incidentId: string): string {
  return `mendbot-${incidentId.toLowerCase().replace(/[^a-z0-9_-]/g, '-')}`;
}

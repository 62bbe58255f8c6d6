import type { AlertSourceName } from '../alerts/alert';
import type { AlertmanagerState } from '../alertmanager/alertmanager-state';

export type IncidentStatus = 'open' | 'resolved';

/** A group of alerts sharing one correlation ID, open while any of them fires. */
export interface Incident {
  id: string;
  correlationId: string;
  status: IncidentStatus;
  /** Summary of the alert that opened it. */
  title: string;
  openedAt: string;
  resolvedAt: string | null;
  lastSeenAt: string;
  /** Deliveries that touched this incident, duplicates included. */
  deliveryCount: number;
  alertCount: number;
  firingCount: number;
  /** Alert state changes (firing ↔ resolved) since the incident opened. */
  stateChanges: number;
  reopenCount: number;
  /** Set once state changes within the flapping window reach the threshold. */
  flapping: boolean;
  sources: AlertSourceName[];
  /** What reconciliation last learned from Alertmanager (absent: never checked, or no ALERTMANAGER_URL). */
  alertmanager?: AlertmanagerState | null;
}

/** An alert as stored against its incident. */
export interface StoredAlert {
  key: string;
  incidentId: string;
  source: AlertSourceName;
  fingerprint: string;
  status: 'firing' | 'resolved';
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string | null;
  generatorUrl: string | null;
  summary: string;
  firstSeenAt: string;
  lastSeenAt: string;
  deliveryCount: number;
}

/** Kinds of entry in an incident's append-only timeline. */
export type TimelineEventType =
  | 'alert_received'
  | 'decision'
  | 'incident_opened'
  | 'incident_reopened'
  | 'incident_resolved'
  | 'flapping_detected'
  | 'source_activity'
  | 'playbook_matched'
  | 'playbook_not_matched'
  | 'run_status'
  | 'step'
  | 'approval'
  /** What reconciliation with Alertmanager found (an alert mendbot never received, alerts gone). */
  | 'reconciliation';

export interface TimelineEvent {
  /** Position in the incident's timeline, strictly increasing. */
  seq: number;
  incidentId: string;
  at: string;
  type: TimelineEventType;
  message: string;
  data: Record<string, unknown>;
}

export interface IncidentDetail {
  incident: Incident;
  alerts: StoredAlert[];
  timeline: TimelineEvent[];
}

/** Where an alert came from. Integrations register sources under these names. */
export type AlertSourceName = 'alertmanager' | 'pagerduty';

/**
 * The state an incoming alert reports. `null` means the delivery carries activity about an
 * alert (a PagerDuty acknowledgement or note) without changing whether it fires.
 */
export type IncomingStatus = 'firing' | 'resolved' | null;

/** One alert as a source reported it, normalised so the core never sees a source's wire format. */
export interface IncomingAlert {
  source: AlertSourceName;
  /**
   * Identity of this occurrence. Alertmanager: `am:<fingerprint>@<startsAt>` (a new startsAt is a new
   * occurrence of the same label set); PagerDuty: `pd:<incident id>`.
   */
  key: string;
  /** Alertmanager label fingerprint (16 hex) or the PagerDuty incident id. */
  fingerprint: string;
  status: IncomingStatus;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** ISO 8601. */
  startsAt: string;
  /** ISO 8601, only for resolved alerts. */
  endsAt?: string;
  generatorUrl?: string;
  /** One line for humans: summary annotation, PagerDuty title, or alertname. */
  summary: string;
  /**
   * The correlation ID the source suggests when no template overrides it: the Alertmanager group key,
   * `pagerduty:<incident id>` for PagerDuty.
   */
  defaultCorrelationId: string;
  /**
   * Keys under which other sources may find this alert's incident. Alertmanager publishes
   * sha256(groupKey), the dedup_key its own PagerDuty integration sends.
   */
  publishesJoinKeys?: string[];
  /** A key published by another source, or a correlation ID, that this alert should join if an incident holds it. */
  joinKey?: string;
  /** What happened at the source besides a state change, e.g. "acknowledged by Jane Doe". */
  activity?: string;
  /**
   * When the source says this event happened (PagerDuty's `occurred_at`), for sources that can reopen the
   * same key and so must be ordered by event time. Absent for Alertmanager, whose key names one occurrence.
   */
  occurredAt?: string;
}

/** An incoming alert after correlation: the core has decided which correlation ID it belongs to. */
export interface CorrelatedAlert extends IncomingAlert {
  correlationId: string;
}

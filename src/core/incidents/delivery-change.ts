import type { CorrelatedAlert } from '../alerts/alert';
import type { Delivery } from '../intake/delivery';
import type { RunSeed } from '../runs/run';
import type { Decision } from './decision';
import type { TimelineEventType } from './incident';

/** An alert as stored: always with a definite status (activity-only alerts are never written as alerts). */
export type AlertWrite = CorrelatedAlert & { status: 'firing' | 'resolved' };

export interface TimelineEntry {
  type: TimelineEventType;
  message: string;
  data: Record<string, unknown>;
}

/**
 * One write of a delivery, as decided by decideDelivery. A store adapter applies the list atomically and
 * in order: order matters, because timeline entries are numbered in the order they are appended and a
 * cancellation must see the runs inserted before it. `at` is the delivery's receipt time.
 */
export type DeliveryChange =
  /**
   * Other sources' alerts carrying `joinKey` land in `correlationId` from now on (last write wins). `at` marks
   * the key touched, which keeps it from retention (selectPrunableJoinKeys).
   */
  | { kind: 'publishJoinKey'; joinKey: string; correlationId: string; at: string }
  /** A new open incident with zero counters; the counters arrive with its touchIncident. */
  | { kind: 'insertIncident'; incidentId: string; correlationId: string; title: string; source: string; at: string }
  /** Open again (status open, resolvedAt cleared, reopenCount + 1). */
  | { kind: 'reopenIncident'; incidentId: string; correlationId: string }
  /** Set the incident's postmortem aside if it is pending with this reason (it was scheduled by the resolution). */
  | { kind: 'deferPostmortem'; incidentId: string; reason: string }
  | { kind: 'insertAlert'; incidentId: string; alert: AlertWrite; at: string }
  /** A known alert changed state: status, endsAt, labels and annotations replaced; seen once more. */
  | { kind: 'updateAlert'; incidentId: string; alert: AlertWrite; at: string }
  /**
   * A known alert arrived again without change: last seen now, seen once more; `eventAt` (the source's time
   * of the event, when it gives one) becomes the alert's last applied event. An inserted or updated alert
   * takes its `occurredAt` the same way.
   */
  | { kind: 'alertSeen'; incidentId: string; alertKey: string; at: string; eventAt?: string }
  /** Kept per correlation ID for the flapping window. */
  | { kind: 'recordStateChange'; correlationId: string; at: string }
  | { kind: 'markFlapping'; incidentId: string }
  | { kind: 'appendEvent'; incidentId: string; at: string; entry: TimelineEntry }
  /**
   * Insert unless a run for (incident, playbook, scope) exists; the store enforces that and counts what it
   * inserted. When it refuses, it appends timelineEntries.runNotRepeated (the playbook matched and did not
   * run, and why), so a refusal is never silent. `alsoFor`: the delivery's alerts that matched the same
   * playbook for the same scope besides the seed's own alert (the triggering alert of a per-incident run, which
   * names none, then later ones): one insert, and at most one such entry, per scope and delivery.
   */
  | { kind: 'insertRun'; incidentId: string; correlationId: string; seed: RunSeed; at: string; alsoFor?: string[] }
  /** Cancel the incident's (or one alert's) queued runs that nobody executes: read when applied. */
  | { kind: 'cancelQueuedRuns'; incidentId: string; alertKey?: string; reason: string; at: string }
  /** The delivery's effect on an incident's counters, once per incident; `sources` replaces the list. */
  | {
      kind: 'touchIncident';
      incidentId: string;
      at: string;
      alertDelta: number;
      firingDelta: number;
      stateChangeDelta: number;
      deliveryDelta: number;
      sources: string[];
    }
  | { kind: 'resolveIncident'; incidentId: string; correlationId: string; at: string }
  /** A person resolved the incident: these firing alerts are resolved (ending at `at`), the firing count drops by as many. */
  | { kind: 'resolveAlerts'; incidentId: string; alertKeys: string[]; at: string }
  | { kind: 'schedulePostmortem'; incidentId: string; reason: string; dueAt: string; at: string }
  /** Always last: the delivery with every decision made about it. */
  | { kind: 'insertDelivery'; delivery: Delivery; decisions: Decision[] };

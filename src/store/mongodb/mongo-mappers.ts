import type { Document } from 'mongodb';
import type { Incident, StoredAlert, TimelineEvent } from '../../core/incidents/incident';
import type { Run } from '../../core/runs/run';

/**
 * Documents → domain types. Free-form maps (labels, annotations, playbook definitions, run context and
 * steps, event data) are stored as JSON strings: their keys may contain `.` or start with `$`, which
 * MongoDB field names handle badly, and nothing queries inside them.
 */
export function toIncident(d: Document): Incident {
  return {
    id: d._id as string,
    correlationId: d.correlationId,
    status: d.status,
    title: d.title,
    openedAt: d.openedAt,
    resolvedAt: d.resolvedAt ?? null,
    lastSeenAt: d.lastSeenAt,
    deliveryCount: d.deliveryCount,
    alertCount: d.alertCount,
    firingCount: d.firingCount,
    stateChanges: d.stateChanges,
    reopenCount: d.reopenCount,
    flapping: d.flapping === true,
    sources: d.sources,
  };
}

export function toStoredAlert(d: Document): StoredAlert {
  return {
    key: d.key,
    incidentId: d.incidentId,
    source: d.source,
    fingerprint: d.fingerprint,
    status: d.status,
    labels: JSON.parse(d.labels as string) as Record<string, string>,
    annotations: JSON.parse(d.annotations as string) as Record<string, string>,
    startsAt: d.startsAt,
    endsAt: d.endsAt ?? null,
    generatorUrl: d.generatorUrl ?? null,
    summary: d.summary,
    firstSeenAt: d.firstSeenAt,
    lastSeenAt: d.lastSeenAt,
    deliveryCount: d.deliveryCount,
  };
}

export function toTimelineEvent(d: Document): TimelineEvent {
  return { seq: d.seq, incidentId: d.incidentId, at: d.at, type: d.type, message: d.message, data: JSON.parse(d.data as string) as Record<string, unknown> };
}

export function toRun(d: Document): Run {
  return {
    id: d._id as string,
    incidentId: d.incidentId,
    correlationId: d.correlationId,
    playbook: d.playbook,
    playbookVersion: d.playbookVersion,
    definition: JSON.parse(d.definition as string) as Run['definition'],
    scopeKey: d.scopeKey,
    alertKey: d.alertKey ?? null,
    mode: d.mode,
    status: d.status,
    reason: d.reason ?? null,
    context: JSON.parse(d.context as string) as Run['context'],
    steps: JSON.parse(d.steps as string) as Run['steps'],
    approval: d.approval ? (JSON.parse(d.approval as string) as Run['approval']) : null,
    lockKey: d.lockKey ?? null,
    createdAt: d.createdAt,
    startedAt: d.startedAt ?? null,
    finishedAt: d.finishedAt ?? null,
    updatedAt: d.updatedAt,
    trigger: d.trigger,
  };
}

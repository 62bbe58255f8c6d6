import type { Document } from 'mongodb';
import type { Incident, StoredAlert, TimelineEvent } from '../../core/incidents/incident';
import type { Run } from '../../core/runs/run';
import type { RunFields } from '../../core/runs/run-change';
import { parseAlertmanagerState } from '../parse-alertmanager-state';

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
    alertmanager: d.alertmanager == null ? null : parseAlertmanagerState(d.alertmanager),
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

/**
 * A new run → its document. Besides the run: `continueOnResolve` and `approvalExpiresAt` copied out of the
 * JSON so queries can use them, the scheduling state (notBefore, lease) and `v`, the version every
 * conditional update checks and bumps.
 */
export function toRunDoc(run: Run): Document & { _id: string } {
  const { id, ...rest } = run;
  return {
    _id: id,
    ...rest,
    definition: JSON.stringify(run.definition),
    context: JSON.stringify(run.context),
    steps: JSON.stringify(run.steps),
    approval: run.approval ? JSON.stringify(run.approval) : null,
    approvalExpiresAt: run.approval?.expiresAt ?? null,
    continueOnResolve: Boolean(run.definition.continueOnResolve),
    notBefore: null,
    leaseOwner: null,
    leaseExpiresAt: null,
    v: 0,
  };
}

/** The fields a run transition sets → its `$set` (JSON-encoded where the document stores JSON). */
export function toRunSet(fields: RunFields): Document {
  const set: Document = {};
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) set[k] = v;
  if (fields.steps !== undefined) set.steps = JSON.stringify(fields.steps);
  if (fields.approval !== undefined) {
    set.approval = fields.approval ? JSON.stringify(fields.approval) : null;
    set.approvalExpiresAt = fields.approval?.expiresAt ?? null;
  }
  return set;
}

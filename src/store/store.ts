import type { AlertmanagerState } from '../core/alertmanager/alertmanager-state';
import type { AlertSourceName } from '../core/alerts/alert';
import type { Delivery } from '../core/intake/delivery';
import type { Decision, DeliveryOutcome } from '../core/incidents/decision';
import type { Incident, IncidentDetail, IncidentStatus } from '../core/incidents/incident';
import type { LifecyclePolicy } from '../core/incidents/lifecycle-policy';
import type { ManualResolveOutcome, ManualResolveRequest } from '../core/incidents/manual-resolve';
import type { RunPlanner } from '../core/runs/run-planner';
import type { PostmortemPatch, PostmortemRecord } from '../core/postmortems/postmortem-record';
import type { ClaimRequest, ClaimResult } from '../core/runs/admission';
import type { ControlEntry, Controls } from '../core/runs/controls';
import type { Run, RunStatus } from '../core/runs/run';
import type { RunSeedWithTimeline } from '../core/runs/run-event';
import type { RunPatch } from '../core/runs/run-patch';
import type { PruneRequest, PruneResult } from '../core/retention/prune-request';

// The run and postmortem domain types live in the core (the rules that change them are there too);
// re-exported so code speaking to the port imports them from one place.
export type { Admission, ClaimResult, RunGuardFacts } from '../core/runs/admission';
export type { Controls } from '../core/runs/controls';
export type { RunEvent, RunSeedWithTimeline } from '../core/runs/run-event';
export type { RunPatch } from '../core/runs/run-patch';
export type { PostmortemRecord } from '../core/postmortems/postmortem-record';
export type { PruneResult } from '../core/retention/prune-request';

export interface IncidentQuery {
  status: IncidentStatus | 'all';
  correlationId?: string;
  /** 1..200 */
  limit: number;
  /** Return incidents with ids strictly before this one (ids sort by creation time); newest first. */
  beforeId?: string;
}

interface DeliveryQuery {
  since: string;
  until: string;
  after?: { receivedAt: string; id: string };
  /** 1..5000 */
  limit: number;
}

/** A delivery as stored: what arrived (the raw body, decoded) and what intake decided for each alert. */
export interface StoredDelivery {
  id: string;
  source: AlertSourceName;
  receivedAt: string;
  eventType: string;
  /** One per alert in delivery order (or one `ignored` for a delivery without alerts). */
  decisions: Decision[];
  /** The request body as received. */
  raw: string;
}

interface Page<T> {
  items: T[];
  /** More items exist after the last one returned. */
  hasMore: boolean;
}

/**
 * The storage port. Adapters (SQLite, MongoDB) implement it unchanged and are checked by one contract
 * suite (test/contract). It speaks only domain types: no SQL, no driver types.
 */
export interface Store {
  /**
   * Durably records a delivery and applies its alerts to incidents in one atomic write: dedupe, incident
   * open/attach/resolve/reopen, flapping, decisions and timeline events. Resolves only after commit; rejects
   * with a StoreUnavailableError when nothing could be stored.
   */
  recordDelivery(delivery: Delivery, policy: LifecyclePolicy, planner?: RunPlanner): Promise<DeliveryOutcome>;
  listIncidents(query: IncidentQuery): Promise<Page<Incident>>;
  getIncident(id: string): Promise<IncidentDetail | null>;
  /**
   * A person resolves an incident (src/core/incidents/decide-manual-resolve.ts): its firing alerts marked
   * resolved, queued runs and pending approvals cancelled, the postmortem scheduled as `policy` says, a
   * timeline entry with who and why — atomically with the read of the incident's state. `already_resolved`
   * and `not_found` change nothing.
   */
  resolveIncident(id: string, request: ManualResolveRequest, policy: LifecyclePolicy): Promise<ManualResolveOutcome>;
  /**
   * Records what reconciliation learned from Alertmanager about an incident (`Incident.alertmanager`, shown
   * by the API and chat). With `note`, appends that timeline entry (type `reconciliation`) in the same write.
   * An unknown id changes nothing.
   */
  recordAlertmanagerState(incidentId: string, state: AlertmanagerState, note?: { at: string; message: string; data?: Record<string, unknown> }): Promise<void>;
  /**
   * Stored deliveries received in [since, until), oldest first (receivedAt, then id), at most `limit`, after
   * the `after` cursor (the last one of the previous page). Read-only: `mendbot backtest` pages through
   * history with it while the server keeps writing.
   */
  listDeliveries(query: DeliveryQuery): Promise<StoredDelivery[]>;
  /**
   * One stored delivery by id, with all its decisions (the webhook answer lists only the first few), or null.
   * Without its raw body: nothing that asks for one delivery shows it, and reading it means inflating it.
   */
  getDelivery(id: string): Promise<Omit<StoredDelivery, 'raw'> | null>;
  /** Number of open incidents (the mendbot_open_incidents gauge). */
  countOpenIncidents(): Promise<number>;
  /** Just the status (the executor checks it before every step; cheaper than getIncident). */
  incidentStatus(id: string): Promise<'open' | 'resolved' | null>;
  getRun(id: string): Promise<Run | null>;
  listRuns(query: { incidentId?: string; statuses?: RunStatus[]; limit: number }): Promise<Run[]>;
  /**
   * Atomically picks the oldest runnable run (pending, or running with an expired lease = its owner died),
   * applies `admit` (guardrails) to candidates in order, and leases the first admitted one to `owner`.
   * Deferred candidates get a not-before time; cancelled ones are finished with the reason.
   */
  claimRun(request: ClaimRequest): Promise<ClaimResult>;
  /** Checkpoints a leased run. Rejects with LeaseLostError if `owner` no longer holds the lease. */
  saveRun(runId: string, owner: string, patch: RunPatch): Promise<Run>;
  /** Exactly one decision wins: only a run still waiting for approval is changed. */
  decideApproval(runId: string, decision: { decision: 'approved' | 'rejected'; by: string; at: string }): Promise<{ ok: boolean; run: Run | null }>;
  /** Moves approvals past their expiry: reject → cancelled; escalate → pending (the gate then fails → on_failure). */
  expireApprovals(now: string): Promise<Run[]>;
  getControls(): Promise<Controls>;
  /** Sets (value) or clears (null) the kill switch (`playbook` undefined) or one playbook's pause. */
  setPause(playbook: string | undefined, value: ControlEntry | null): Promise<void>;
  /** Creates a run outside the alert flow (manual `run` command), through the same uniqueness rules. */
  createRun(incidentId: string, seed: RunSeedWithTimeline, now: string): Promise<Run | null>;
  /** Where an incident's thread or a run's approval message lives in chat (key e.g. `incident:<id>`). */
  getChatRef(key: string): Promise<ChatRef | null>;
  /** Stores the reference unless one exists (first writer wins) and returns the stored one. */
  putChatRef(key: string, ref: ChatRef): Promise<ChatRef>;
  /** Silences whose window contains `now`. */
  listSilences(now: string): Promise<Silence[]>;
  addSilence(silence: Silence): Promise<void>;
  /** Ends a silence now; false if there was no such active silence. */
  expireSilence(id: string, now: string): Promise<boolean>;
  /**
   * Asks for the incident's postmortem to be (re)built at `dueAt`: creates the record or, if one exists
   * (filed, deferred or pending), makes it pending again with the new due time. The ticket ref is kept.
   */
  schedulePostmortem(incidentId: string, dueAt: string, reason: string): Promise<void>;
  /** Leases postmortems that are due, so one process files each. */
  claimDuePostmortems(request: { now: string; owner: string; leaseMs: number; limit: number }): Promise<PostmortemRecord[]>;
  /** Writes the outcome of an attempt and releases the lease. */
  savePostmortem(incidentId: string, patch: PostmortemPatch): Promise<void>;
  getPostmortem(incidentId: string): Promise<PostmortemRecord | null>;
  /**
   * Takes or renews the named scheduled job's lease for `owner`: true when `owner` holds it now, false while
   * another owner holds an unexpired one. Lets node-cron jobs run on one replica at a time.
   */
  acquireJobLease(name: string, owner: string, now: string, ttlMs: number): Promise<boolean>;
  /**
   * One bounded round of retention: deletes deliveries and state changes older than the request's cutoff and,
   * among the resolved incidents it names as candidates, those selectPrunableIncidents (src/core/retention)
   * lets go, with their alerts, timeline, runs, postmortem record and chat references. At most the request's
   * batch sizes per kind, so a round is short and intake never waits long behind it; call again until `done`.
   */
  prune(request: PruneRequest): Promise<PruneResult>;
  /** Throws if the store cannot serve reads and writes right now (drives /readyz). */
  ping(): Promise<void>;
  /**
   * Commits a tiny write and throws StoreUnavailableError if it cannot. Reads keep working on a full disk or
   * behind another writer's lock, so after failed commits only a commit proves the store is back (/readyz).
   */
  checkCommit(): Promise<void>;
  close(): Promise<void>;
}

/** Thrown when a checkpoint is attempted by an owner whose lease expired and was taken over. */
export class LeaseLostError extends Error {
  override readonly name = 'LeaseLostError';
}

/** A chat message mendbot keeps updating (Slack: channel + ts). Opaque to the core. */
export interface ChatRef {
  channel: string;
  ts: string;
}

/** No automation for alerts matching all `matchers` (Alertmanager syntax) between startsAt and endsAt. */
export interface Silence {
  id: string;
  matchers: string[];
  createdBy: string;
  reason: string;
  startsAt: string;
  endsAt: string;
}

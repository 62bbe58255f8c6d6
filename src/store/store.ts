import type { Delivery } from '../core/intake/delivery';
import type { DeliveryOutcome } from '../core/incidents/decision';
import type { Incident, IncidentDetail, IncidentStatus } from '../core/incidents/incident';
import type { LifecyclePolicy } from '../core/incidents/lifecycle-policy';
import type { RunPlanner } from '../core/runs/run-planner';
import type { ApprovalState, Run, RunStatus, StepState } from '../core/runs/run';

export interface IncidentQuery {
  status: IncidentStatus | 'all';
  correlationId?: string;
  /** 1..200 */
  limit: number;
  /** Return incidents with ids strictly before this one (ids sort by creation time); newest first. */
  beforeId?: string;
}

export interface Page<T> {
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
  /** Throws if the store cannot serve reads and writes right now (drives /readyz). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface ControlEntry {
  by: string;
  reason: string;
  at: string;
}

export interface Controls {
  killSwitch: ControlEntry | null;
  paused: Record<string, ControlEntry>;
}

/** What the guardrails need to know about a candidate run, read inside the claim's transaction. */
export interface RunGuardFacts {
  controls: Controls;
  /** Runs of this playbook started within the last hour (this one excluded). */
  startedLastHour: number;
  /** Most recent start of this playbook for this correlation ID (this run excluded). */
  lastStartForCorrelation: string | null;
  /** The run holding this run's lock key, if another one does. */
  lockHolder: string | null;
  incidentStatus: 'open' | 'resolved';
}

export type Admission =
  | { kind: 'admit' }
  | { kind: 'defer'; reason: string; guardrail: string; retryInMs: number }
  | { kind: 'cancel'; reason: string; guardrail: string };

export interface ClaimRequest {
  owner: string;
  now: string;
  leaseMs: number;
  admit(run: Run, facts: RunGuardFacts): Admission;
}

export interface ClaimResult {
  run: Run | null;
  /** Guardrail decisions taken on the way (deferred or cancelled candidates), for metrics and logs. */
  hits: Array<{ runId: string; playbook: string; kind: 'defer' | 'cancel'; guardrail: string; reason: string }>;
}

/** A timeline entry the executor writes with a checkpoint (step started/finished, approval, outcome). */
export interface RunEvent {
  type: 'run_status' | 'step' | 'approval';
  message: string;
  data?: Record<string, unknown>;
}

export interface RunPatch {
  now: string;
  status?: RunStatus;
  reason?: string | null;
  steps?: StepState[];
  approval?: ApprovalState | null;
  /** New lease expiry (heartbeat). */
  leaseExpiresAt?: string;
  /** Give up the lease; the run may be claimed again after `notBefore` (or at once). */
  release?: { notBefore?: string };
  /** The run reached a final status: set finished_at, release the lease and lock, update the breaker. */
  finished?: boolean;
  events?: RunEvent[];
}

export type RunSeedWithTimeline = import('../core/runs/run').RunSeed & { events?: RunEvent[] };

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

export interface PostmortemRecord {
  incidentId: string;
  /** pending: to be filed at dueAt; deferred: the incident reopened, waits for its next resolution; filed. */
  state: 'pending' | 'deferred' | 'filed';
  reason: string;
  dueAt: string | null;
  attempts: number;
  lastError: string | null;
  ticket: import('../core/postmortems/tracker').TicketRef | null;
  filedAt: string | null;
  updatedAt: string;
}

export interface PostmortemPatch {
  now: string;
  state: PostmortemRecord['state'];
  dueAt?: string | null;
  attempts?: number;
  lastError?: string | null;
  ticket?: PostmortemRecord['ticket'];
  filed?: boolean;
}

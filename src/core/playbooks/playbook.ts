/**
 * A remediation playbook after validation (playbooks/*.yaml → playbook-schema.ts). Durations are
 * milliseconds here; in YAML they are strings like "2s", "15m".
 */
type PlaybookMode = 'dry-run' | 'approval' | 'auto';

/**
 * What a step does when Alertmanager cannot say whether the run's alerts still fire: `wait` (ask again
 * with backoff within the step's timeout, then needs_attention), `proceed` (act, and say so in the
 * timeline) or `stop` (needs_attention at once).
 */
export type OnUnknown = 'wait' | 'proceed' | 'stop';

export interface RetryPolicy {
  /** Total attempts including the first (1 = no retry). */
  attempts: number;
  backoff: 'exponential' | 'fixed';
  initialMs: number;
  maxMs: number;
}

export interface PlaybookStep {
  id: string;
  /** Registered action name, e.g. `http`, `exec`, `wait`, `prometheus.check`, `approval`, `notify`. */
  action: string;
  /** Action input; string leaves are `{{ }}` templates rendered just before the step runs. */
  with: Record<string, unknown>;
  /** Condition in the safe expression language; the step is skipped when false. */
  when?: string;
  retry: RetryPolicy;
  timeoutMs: number;
  /** Steps that undo this one; run in reverse order of completion when a later step fails. */
  compensate: PlaybookStep[];
  /**
   * Main steps only: ask Alertmanager whether the run's alerts still fire right before this step acts
   * (non-idempotent actions only). Unset: the playbook's setting. Absent in compensation and on_failure
   * steps, which undo or escalate whatever the alert does now.
   */
  stillFiring?: boolean;
  /** Main steps only: overrides the playbook's `onUnknown`. */
  onUnknown?: OnUnknown;
}

interface ParamSpec {
  /** Where the value comes from: `labels.<name>`, `annotations.<name>` or `commonLabels.<name>`. */
  from: string;
  /** Anchored regex the value must match before any step runs (hostile label values stop here). */
  pattern: string;
  default?: string;
}

export interface Playbook {
  name: string;
  description?: string;
  /** Alertmanager matcher strings, all must hold: `alertname="X"`, `namespace=~"prod|staging"`, `a!="b"`, `a!~"re"`. */
  match: string[];
  source?: 'alertmanager' | 'pagerduty';
  /** Alert status that triggers the playbook (default firing). */
  status: 'firing' | 'resolved';
  mode: PlaybookMode;
  /** Slack user IDs (U…) or user-group handles (@sre-oncall) allowed to approve. */
  approvers: string[];
  approval: { expiresMs: number; onExpiry: 'reject' | 'escalate' };
  params: Record<string, ParamSpec>;
  /** One run per incident (default) or one per alert (e.g. one disk each). */
  per: 'incident' | 'alert';
  /** Template for the per-target lock key; one run per key at a time. */
  lock?: string;
  /** What a run does when its lock is held: wait for it, or be skipped (cancelled with a reason). */
  lockPolicy: 'wait' | 'skip';
  limits: { maxRunsPerHour?: number; cooldownMs?: number };
  /** Consecutive failed runs that pause the playbook (the consecutive-failure breaker). */
  breakerThreshold: number;
  /** Keep running after the incident resolved (default false: stop before the next step). */
  continueOnResolve: boolean;
  /**
   * Run again each time the incident reopens (default false: once per incident, or per alert, however
   * often it reopens). Optional because run snapshots stored before the option existed lack it.
   */
  rerunOnReopen?: boolean;
  /**
   * Ask Alertmanager before each non-idempotent step whether the alerts still fire (a step may override
   * it). Unset: on when mendbot has an Alertmanager API configured, off otherwise. Optional, like
   * `onUnknown`, because run snapshots stored before the option existed lack it.
   */
  stillFiring?: boolean;
  /** When Alertmanager cannot answer that question; unset means `wait`. */
  onUnknown?: OnUnknown;
  steps: PlaybookStep[];
  onFailure: PlaybookStep[];
}

/** A playbook as loaded from disk, with where it came from. */
export interface LoadedPlaybook {
  playbook: Playbook;
  file: string;
  /** sha256 of the file bytes: runs record which version they executed. */
  version: string;
}

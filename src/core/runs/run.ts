import type { Playbook, PlaybookStep } from '../playbooks/playbook';

export type RunStatus =
  | 'pending'
  | 'running'
  | 'waiting_approval'
  | 'succeeded'
  | 'failed'
  | 'compensated'
  | 'cancelled'
  | 'needs_attention'
  /** Every step rendered and recorded, none executed (mode dry-run). */
  | 'dry_run';

export const finalRunStatuses: ReadonlySet<RunStatus> = new Set([
  'succeeded',
  'failed',
  'compensated',
  'cancelled',
  'needs_attention',
  'dry_run',
]);

type StepStatus = 'pending' | 'running' | 'succeeded' | 'failed' | 'skipped' | 'dry_run';

/** The checkpointed state of one step: written before it runs (running) and after (final). */
export interface StepState {
  /** Unique within the run: the step id, or `<id>.compensate.<n>` / `on_failure.<n>` for recovery steps. */
  id: string;
  phase: 'main' | 'compensate' | 'on_failure';
  action: string;
  status: StepStatus;
  attempts: number;
  /** The input as rendered (what ran, or would have run in dry-run). */
  input?: unknown;
  output?: Record<string, unknown>;
  error?: string;
  /** What the action said about its failure (status code, body snippet, stderr, failing samples). */
  errorDetails?: Record<string, unknown>;
  startedAt?: string;
  finishedAt?: string;
}

export interface ApprovalState {
  approvers: string[];
  requestedAt: string;
  expiresAt: string;
  decision?: 'approved' | 'rejected' | 'expired';
  by?: string;
  at?: string;
}

/** What the run acts on: a snapshot taken when it was created, so later alerts don't change it. */
export interface RunContext {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  commonLabels: Record<string, string>;
  params: Record<string, string>;
}

export interface Run {
  id: string;
  incidentId: string;
  correlationId: string;
  playbook: string;
  playbookVersion: string;
  /** The playbook as it was when the run was created: edits to the file don't change a run in flight. */
  definition: Playbook;
  /** `incident` or the alert key, for `per: alert` playbooks. */
  scopeKey: string;
  /** The alert a `per: alert` run belongs to (its resolution cancels the run while queued); null per incident. */
  alertKey: string | null;
  mode: Playbook['mode'];
  status: RunStatus;
  /** Why the run is in its status, for humans. */
  reason: string | null;
  context: RunContext;
  steps: StepState[];
  approval: ApprovalState | null;
  lockKey: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  updatedAt: string;
  /** Who triggered it: `alert` or a person (manual runs). */
  trigger: string;
}

/** A run the planner wants created in the same write as the delivery's decisions. */
export interface RunSeed {
  playbook: string;
  playbookVersion: string;
  definition: Playbook;
  scopeKey: string;
  alertKey: string | null;
  mode: Playbook['mode'];
  status: 'pending' | 'failed';
  reason: string | null;
  context: RunContext;
  steps: StepState[];
  lockKey: string | null;
  trigger: string;
}

/** Builds the initial step states: an implicit approval gate first for `mode: approval`. */
export function initialSteps(playbook: Playbook): StepState[] {
  const steps: PlaybookStep[] = playbook.steps;
  const states: StepState[] = steps.map((s) => ({ id: s.id, phase: 'main', action: s.action, status: 'pending', attempts: 0 }));
  if (playbook.mode === 'approval' && steps[0]?.action !== 'approval') {
    states.unshift({ id: 'approval', phase: 'main', action: 'approval', status: 'pending', attempts: 0 });
  }
  return states;
}

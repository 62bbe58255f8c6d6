import type { Run } from '../core/runs/run';
import type { Admission, RunGuardFacts } from '../store/store';

const pollMs = 1000;

/**
 * The guardrails, as one pure function applied by the store inside its claim transaction (so two
 * processes cannot both pass a budget or take a lock). Kill switch and pauses hold every run before its
 * next step (a taken-over run's next step is checked by the executor); budget and cooldown apply once,
 * before a run's first step; locks serialise runs per target.
 */
export function admitRun(run: Run, facts: RunGuardFacts, now: string): Admission {
  // A candidate still `running` is one whose owner let its lease expire (it died or stalled). It is taken
  // over whatever the switches say: the new owner settles the step left in flight (retry or needs_attention)
  // and then stops before the next step, where the executor checks the kill switch and pauses again. So a
  // switch or a breaker that tripped meanwhile never leaves a dead process's run in limbo.
  if (run.status !== 'running') {
    const { killSwitch, paused } = facts.controls;
    if (killSwitch) return { kind: 'defer', guardrail: 'kill_switch', reason: `kill switch on (${killSwitch.by}: ${killSwitch.reason})`, retryInMs: pollMs };
    const pause = paused[run.playbook];
    if (pause) return { kind: 'defer', guardrail: 'paused', reason: `playbook ${run.playbook} paused (${pause.by}: ${pause.reason})`, retryInMs: pollMs };
  }

  if (run.startedAt === null) {
    if (facts.incidentStatus === 'resolved' && !run.definition.continueOnResolve) {
      return { kind: 'cancel', guardrail: 'resolved', reason: 'incident resolved before the run started' };
    }
    const max = run.definition.limits?.maxRunsPerHour;
    if (max !== undefined && facts.startedLastHour >= max) {
      return { kind: 'cancel', guardrail: 'budget', reason: `budget: ${facts.startedLastHour} runs of ${run.playbook} started in the last hour (maxRunsPerHour ${max})` };
    }
    const cooldown = run.definition.limits?.cooldownMs;
    if (cooldown && facts.lastStartForCorrelation && Date.parse(now) - Date.parse(facts.lastStartForCorrelation) < cooldown) {
      return { kind: 'cancel', guardrail: 'cooldown', reason: `cooldown: ${run.playbook} last ran for ${run.correlationId} at ${facts.lastStartForCorrelation} (cooldown ${Math.round(cooldown / 1000)}s)` };
    }
  }
  if (facts.lockHolder) {
    return run.definition.lockPolicy === 'skip'
      ? { kind: 'cancel', guardrail: 'locked', reason: `lock ${run.lockKey} held by ${facts.lockHolder}` }
      : { kind: 'defer', guardrail: 'locked', reason: `waiting for lock ${run.lockKey} held by ${facts.lockHolder}`, retryInMs: 250 };
  }
  return { kind: 'admit' };
}

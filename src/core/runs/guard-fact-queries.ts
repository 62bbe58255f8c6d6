import type { Run } from './run';

const hourMs = 3_600_000;

/**
 * Which guardrail facts are worth reading for a claim candidate. Budget and cooldown apply only before a
 * run's first step and only to playbooks with those limits (`?.`: run snapshots stored by older versions
 * may lack the field), so for everything else the store skips the queries and reports "none".
 */
export function guardFactQueries(run: Run, now: string): { startedSince: string | null; lastStartForCorrelation: boolean } {
  const notStarted = run.startedAt === null;
  return {
    startedSince: notStarted && run.definition.limits?.maxRunsPerHour !== undefined ? new Date(Date.parse(now) - hourMs).toISOString() : null,
    lastStartForCorrelation: notStarted && run.definition.limits?.cooldownMs !== undefined,
  };
}

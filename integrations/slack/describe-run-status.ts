import type { RunStatus } from '../../src/core/runs/run';

const labels: Record<RunStatus, string> = {
  pending: ':large_blue_circle: queued',
  running: ':arrows_counterclockwise: running',
  waiting_approval: ':hourglass_flowing_sand: waiting for approval',
  succeeded: ':white_check_mark: succeeded',
  failed: ':x: failed',
  compensated: ':leftwards_arrow_with_hook: failed, compensated',
  cancelled: ':no_entry_sign: cancelled',
  needs_attention: ':warning: needs attention',
  dry_run: ':test_tube: dry run',
};

/** An emoji and a few words for a run status, as every Slack message shows it. */
export function describeRunStatus(status: RunStatus): string {
  return labels[status];
}

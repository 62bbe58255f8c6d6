import { matchPlaybook } from '../playbooks/match-playbook';
import type { LoadedPlaybook } from '../playbooks/playbook';
import { buildRunSeed } from './build-run-seed';
import type { MatchTrace, RunPlanner } from './run-planner';
import type { RunSeed } from './run';

/**
 * Every playbook whose conditions hold gets a run (once per incident, or once per alert with `per: alert`;
 * the store's unique index makes "once" hold under concurrency). Non-matches are traced with the first
 * condition that failed, for `why`.
 */
export function createRunPlanner(deps: { playbooks: () => LoadedPlaybook[] }): RunPlanner {
  return ({ alert, commonLabels }) => {
    const seeds: RunSeed[] = [];
    const trace: MatchTrace[] = [];
    for (const loaded of deps.playbooks()) {
      const result = matchPlaybook(loaded.playbook, alert);
      if (!result.matched) {
        trace.push({ playbook: loaded.playbook.name, matched: false, reason: result.reason });
        continue;
      }
      trace.push({ playbook: loaded.playbook.name, matched: true, reason: 'all conditions hold' });
      seeds.push(
        buildRunSeed(loaded, {
          labels: alert.labels,
          annotations: alert.annotations,
          commonLabels,
          alertKey: alert.key,
          trigger: 'alert',
        }),
      );
    }
    return { seeds, trace };
  };
}

import { matchPlaybook } from '../playbooks/match-playbook';
import { parseMatcher } from '../playbooks/parse-matcher';
import type { Silence } from '../store/store';
import type { LoadedPlaybook } from '../core/playbooks/playbook';
import { buildRunSeed } from './build-run-seed';
import type { MatchTrace, RunPlanner } from '../core/runs/run-planner';
import type { RunSeed } from '../core/runs/run';

/**
 * Every playbook whose conditions hold gets a run (once per incident, or once per alert with `per: alert`;
 * the store's unique index makes "once" hold under concurrency). Non-matches are traced with the first
 * condition that failed, for `why`.
 */
export function createRunPlanner(deps: { playbooks: () => LoadedPlaybook[]; silences?: () => Silence[] }): RunPlanner {
  return ({ alert, commonLabels }) => {
    const seeds: RunSeed[] = [];
    const trace: MatchTrace[] = [];
    const silence = deps.silences?.().find((s) => silenceMatches(s, alert.labels));
    if (silence) {
      const reason = `silenced by ${silence.createdBy} until ${silence.endsAt} (${silence.matchers.join(', ')}): ${silence.reason}`;
      for (const loaded of deps.playbooks()) trace.push({ playbook: loaded.playbook.name, matched: false, reason });
      return { seeds, trace };
    }
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
          commonLabels: commonLabels(),
          alertKey: alert.key,
          trigger: 'alert',
        }),
      );
    }
    return { seeds, trace };
  };
}

function silenceMatches(silence: Silence, labels: Record<string, string>): boolean {
  try {
    return silence.matchers.every((m) => parseMatcher(m).matches(labels));
  } catch {
    return false; // matchers are validated when the silence is created; a bad one silences nothing
  }
}

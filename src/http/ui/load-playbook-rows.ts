import type { LoadedPlaybook } from '../../core/playbooks/playbook';
import type { Controls, ControlEntry } from '../../core/runs/controls';
import type { Run } from '../../core/runs/run';
import type { Store } from '../../store/store';

/** One line of the playbooks page. */
export interface PlaybookRow {
  name: string;
  mode: string;
  paused: ControlEntry | null;
  /** The consecutive-failure breaker paused it (its pause reason says so). */
  breakerTripped: boolean;
  runsThisHour: number;
  maxRunsPerHour?: number;
  lastRuns: Run[];
}

/** Recent incidents whose runs are examined: bounded work, like every console read. */
const recentIncidents = 40;

/**
 * Playbooks in force (the catalog) plus any that only appear in recent runs, with their pause and breaker
 * state from the controls and their runs among the most recent incidents ("runs this hour" counts those).
 */
export async function loadPlaybookRows(store: Store, playbooks: readonly LoadedPlaybook[], nowMs: number): Promise<{ controls: Controls; rows: PlaybookRow[] }> {
  const controls = await store.getControls();
  const incidents = await store.listIncidents({ status: 'all', limit: recentIncidents });
  const runs = (await Promise.all(incidents.items.map((i) => store.listRuns({ incidentId: i.id, limit: 50 })))).flat();
  runs.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  const names = [...new Set([...playbooks.map((p) => p.playbook.name), ...runs.map((r) => r.playbook), ...Object.keys(controls.paused)])];
  const rows = names.map((name): PlaybookRow => {
    const loaded = playbooks.find((p) => p.playbook.name === name)?.playbook;
    const mine = runs.filter((r) => r.playbook === name);
    const paused = controls.paused[name] ?? null;
    return {
      name,
      mode: loaded?.mode ?? mine[0]?.mode ?? 'not loaded',
      paused,
      breakerTripped: paused?.reason.startsWith('consecutive-failure breaker') ?? false,
      runsThisHour: mine.filter((r) => nowMs - Date.parse(r.createdAt) < 3_600_000).length,
      ...(loaded?.limits.maxRunsPerHour !== undefined ? { maxRunsPerHour: loaded.limits.maxRunsPerHour } : {}),
      lastRuns: mine.slice(0, 5),
    };
  });
  return { controls, rows };
}

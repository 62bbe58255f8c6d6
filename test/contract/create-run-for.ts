import type { Run } from '../../src/core/runs/run';
import type { RunSeedWithTimeline, Store } from '../../src/store/store';
import { minutesLater } from '../helpers/build-delivery';
import { buildRunSeed } from './build-run-seed';

/** Creates a run through the port; fails loudly if the store refused it (a clash the case did not intend). */
export async function createRunFor(store: Store, incidentId: string, seed: RunSeedWithTimeline = buildRunSeed(), at = minutesLater(1)): Promise<Run> {
  const run = await store.createRun(incidentId, seed, at);
  if (!run) throw new Error(`createRun refused ${seed.playbook}/${seed.scopeKey} for ${incidentId}`);
  return run;
}

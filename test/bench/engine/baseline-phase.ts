import { engineBodies } from './engine-bodies';
import { engineSettings } from './engine-settings';
import { histogramDelta } from './histogram-delta';
import { openLoopLoad } from './open-loop-load';
import { phaseFigures } from './phase-figures';
import type { PhaseResult } from './phase-result';
import { scrapeHistogram } from './scrape-histogram';
import { startEngineServer } from './start-engine-server';
import { warmUp } from './warm-up';

/** Phase 1: the same load on a mendbot whose playbook never matches, so intake alone is measured. */
export async function baselinePhase(): Promise<PhaseResult> {
  const { reqRate, durationS, webhookMetric } = engineSettings;
  const matcher = 'alertname="EngineBenchNeverFires"';
  const server = await startEngineServer('baseline', matcher);
  try {
    await warmUp(server.url);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const hooksBefore = await scrapeHistogram(server.url, webhookMetric);
    const { sent, startWall } = await openLoopLoad(server.url, engineBodies(reqRate * durationS), reqRate);
    const hooks = histogramDelta(await scrapeHistogram(server.url, webhookMetric), hooksBefore);
    return phaseFigures('baseline', matcher, sent, startWall, hooks);
  } finally {
    await server.stop();
  }
}

import { engineBodies } from './engine-bodies';
import { engineSettings } from './engine-settings';
import { openLoopLoad } from './open-loop-load';

/** BENCH_WARMUP seconds of the same load, excluded from the figures; resolves with how many were acknowledged. */
export async function warmUp(url: string): Promise<number> {
  const { reqRate, warmupS } = engineSettings;
  const { sent } = await openLoopLoad(url, engineBodies(reqRate * warmupS), reqRate);
  return sent.filter((s) => s.status === 200).length;
}

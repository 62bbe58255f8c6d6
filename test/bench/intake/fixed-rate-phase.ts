import { cannon, type LoadFigures } from './cannon';
import { readEventLoopDelay } from './event-loop-delay';
import type { DistinctBodies } from './distinct-bodies';
import { intakeSettings } from './intake-settings';
import { log } from './log';
import { pacedLoad, type PacedFigures } from './paced-load';
import { withMendbot, type PhaseStorage } from './with-mendbot';

/**
 * (d): acknowledgement latency at a fixed 1,000 alerts/s on a fresh mendbot, after a warm-up: as single
 * alerts and as storm groups, each with the evenly paced client and with autocannon `overallRate`.
 */
export async function fixedRatePhase(
  single: DistinctBodies,
  storm: DistinctBodies,
  alertsPerBody: { single: number; storm: number },
  phases: PhaseStorage[],
): Promise<{ fixed: LoadFigures[]; pacedRuns: PacedFigures[] }> {
  const { connections, warmupS, durationS } = intakeSettings;
  const { single: singleAlerts, storm: stormAlerts } = alertsPerBody;
  single.topUp(warmupS * 3_000 + durationS * 1000 * 2 + 1000);
  storm.topUp(durationS * 20 * 2 + 50);
  const fixed: LoadFigures[] = [];
  const pacedRuns: PacedFigures[] = [];
  await withMendbot('(d) 1,000 alerts/s', phases, async (mendbot) => {
    log('(d) warm-up');
    await cannon({ server: 'mendbot', label: 'warm-up', url: mendbot.url, alertsPerRequest: 1, durationS: warmupS, connections, next: single.nextForCannon() });
    // Each paced run with mendbot's event-loop delay over exactly that run (the probe resets on each read).
    const paced = async (label: string, rate: number, bodies: ReturnType<DistinctBodies['take']>) => {
      log(label);
      await readEventLoopDelay(mendbot.pid, mendbot.eldFile);
      const p = await pacedLoad(label, mendbot.url, rate, bodies, connections);
      p.eventLoop = await readEventLoopDelay(mendbot.pid, mendbot.eldFile);
      pacedRuns.push(p);
      log(`  p99 ${p.latencyMs.p99} ms, event-loop delay max ${p.eventLoop.maxMs} ms (p99 ${p.eventLoop.p99Ms} ms)`);
    };
    await paced('(d) 1,000 req/s × 1 alert, paced', 1000 / singleAlerts, single.take((durationS * 1000) / singleAlerts));
    await paced(`(d) 20 req/s × ${stormAlerts} alerts, paced`, 1000 / stormAlerts, storm.take((durationS * 1000) / stormAlerts));
    log('(d) 1,000 req/s × 1 alert, autocannon overallRate');
    fixed.push(
      await cannon({
        server: 'mendbot',
        label: '(d) 1,000 req/s × 1 alert, autocannon overallRate',
        url: mendbot.url,
        alertsPerRequest: singleAlerts,
        durationS,
        connections,
        overallRate: 1000 / singleAlerts,
        next: single.nextForCannon(),
      }),
    );
    log(`(d) 20 req/s × ${stormAlerts} alerts, autocannon overallRate`);
    fixed.push(
      await cannon({
        server: 'mendbot',
        label: `(d) 20 req/s × ${stormAlerts} alerts, autocannon overallRate`,
        url: mendbot.url,
        alertsPerRequest: stormAlerts,
        durationS,
        connections,
        overallRate: 1000 / stormAlerts,
        next: storm.nextForCannon(),
      }),
    );
  });
  return { fixed, pacedRuns };
}

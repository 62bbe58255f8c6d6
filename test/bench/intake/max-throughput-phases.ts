import { cannon, type LoadFigures } from './cannon';
import { cyclingBodies } from './cycling-bodies';
import type { DistinctBodies } from './distinct-bodies';
import { intakeSettings } from './intake-settings';
import { log } from './log';
import { tenThousandAlerts, type TenKFigures } from './ten-thousand-alerts';
import { withMendbot, type PhaseStorage } from './with-mendbot';

export interface ThroughputInput {
  single: DistinctBodies;
  storm: DistinctBodies;
  bareUrl: string;
  alertsPerBody: { single: number; storm: number };
  bytesPerBody: { single: number; storm: number };
  phases: PhaseStorage[];
}

/**
 * (a) and (b): max throughput with autocannon, mendbot then bare express, each after its own warm-up; a
 * fresh mendbot each. (a) also runs (c) once more on the database it filled ("aged"), which it returns.
 */
export async function maxThroughputPhases(input: ThroughputInput): Promise<{ load: LoadFigures[]; aged: TenKFigures | undefined }> {
  const { connections, warmupS, durationS } = intakeSettings;
  const { single, storm, bareUrl, alertsPerBody, bytesPerBody, phases } = input;
  const load: LoadFigures[] = [];
  let aged: TenKFigures | undefined;
  const bareSingle = cyclingBodies('single', 500);
  const bareStorm = cyclingBodies('storm', 100);
  for (const [stream, bareNext, alerts, label] of [
    [single, bareSingle, alertsPerBody.single, `(a) single alert, ~${Math.round(bytesPerBody.single / 1024)} KB`],
    [storm, bareStorm, alertsPerBody.storm, `(b) ${alertsPerBody.storm}-alert group, ~${Math.round(bytesPerBody.storm / 1024)} KB`],
  ] as const) {
    await withMendbot(label, phases, async (mendbot) => {
      const next = stream.nextForCannon();
      log(`${label}: mendbot warm-up`);
      await cannon({ server: 'mendbot', label, url: mendbot.url, alertsPerRequest: alerts, durationS: warmupS, connections, next });
      log(`${label}: mendbot`);
      const m = await cannon({ server: 'mendbot', label, url: mendbot.url, alertsPerRequest: alerts, durationS, connections, next });
      load.push(m);
      log(`  ${m.reqPerSec} req/s, p99 ${m.latencyMs.p99} ms, ${m.non2xx} non-2xx, ${m.errors} errors`);
      const bareNextBody = () => ({ body: bareNext() });
      log(`${label}: bare express warm-up`);
      await cannon({ server: 'bare express', label, url: bareUrl, alertsPerRequest: alerts, durationS: warmupS, connections, next: bareNextBody });
      log(`${label}: bare express`);
      const b = await cannon({ server: 'bare express', label, url: bareUrl, alertsPerRequest: alerts, durationS, connections, next: bareNextBody });
      load.push(b);
      log(`  ${b.reqPerSec} req/s, p99 ${b.latencyMs.p99} ms`);
      if (stream === single) {
        // The storm once more, on the database this phase filled.
        aged = await tenThousandAlerts(mendbot, `(c) on the DB left by (a)`);
      }
    });
    if (stream === single) storm.topUp(4_000);
  }
  return { load, aged };
}

import autocannon from 'autocannon';
import { makeAlertmanagerBodies } from '../alertmanager-bodies';
import { intakeSettings } from '../intake/intake-settings';

export interface IngestFigures {
  /** Median of autocannon's per-second samples. */
  reqPerSec: number;
  p99Ms: number;
  non2xx: number;
}

/**
 * Single ~2 KB Alertmanager alerts, each body new (its own group, so a new incident), POSTed for `durationS`
 * with `connections` connections. Bodies are generated before the clock starts.
 */
export async function ingestRate(url: string, runId: string, durationS: number, connections: number): Promise<IngestFigures> {
  // Room for 10,000 req/s (mendbot on an empty store passed 6,000 in the sixteenth round; express answers ~8,600).
  const pool = makeAlertmanagerBodies(runId, 0, Math.max(10_000, durationS * 10_000), 'single');
  let next = 0;
  const result = await autocannon({
    url,
    connections,
    duration: durationS,
    timeout: 30,
    requests: [
      {
        method: 'POST',
        path: intakeSettings.webhookPath,
        headers: intakeSettings.headers,
        setupRequest: (request) => {
          const b = pool[next++ % pool.length]!;
          return { ...request, body: b.body };
        },
      },
    ],
  });
  if (next > pool.length) throw new Error(`ingest: ${next} requests but only ${pool.length} distinct bodies; raise the pool`);
  return { reqPerSec: result.requests.p50, p99Ms: result.latency.p99, non2xx: result.non2xx + result.errors + result.timeouts };
}

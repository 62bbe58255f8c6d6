import autocannon from 'autocannon';
import { round } from '../round';
import { ackTracker } from './ack-tracker';
import { intakeSettings } from './intake-settings';

export type ServerName = 'mendbot' | 'mendbot, LOG_LEVEL=warn' | 'bare express' | 'Node-RED';

export interface LoadFigures {
  server: ServerName;
  label: string;
  alertsPerRequest: number;
  connections: number;
  durationS: number;
  /** Median of the per-second samples. */
  reqPerSec: number;
  /** Total responses / duration. */
  reqPerSecMean: number;
  alertsPerSec: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  responses2xx: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}

export interface CannonOptions {
  server: LoadFigures['server'];
  label: string;
  url: string;
  alertsPerRequest: number;
  durationS: number;
  connections: number;
  overallRate?: number;
  /** Record 2xx answers as acknowledged bodies the checked store must hold (default true). */
  track?: boolean;
  /** Next body and, for mendbot, its seq (so acknowledgements can be tracked). */
  next: () => { body: Buffer; seq?: number };
}

/** autocannon POSTing webhook bodies for `durationS`; every 2xx for a tracked body is recorded as acknowledged. */
export async function cannon(o: CannonOptions): Promise<LoadFigures> {
  const result = await autocannon({
    url: o.url,
    connections: o.connections,
    duration: o.durationS,
    timeout: 30,
    ...(o.overallRate ? { overallRate: o.overallRate, ignoreCoordinatedOmission: true } : {}),
    requests: [
      {
        method: 'POST',
        path: intakeSettings.webhookPath,
        headers: intakeSettings.headers,
        setupRequest: (request, context) => {
          const { body, seq } = o.next();
          context.seq = seq;
          return { ...request, body };
        },
        onResponse: (status, _body, context) => {
          if (status >= 200 && status < 300 && typeof context.seq === 'number' && o.track !== false) ackTracker.acknowledge(context.seq);
        },
      },
    ],
  });
  const total = result.requests.total;
  return {
    server: o.server,
    label: o.label,
    alertsPerRequest: o.alertsPerRequest,
    connections: o.connections,
    durationS: result.duration,
    reqPerSec: result.requests.p50,
    reqPerSecMean: round(total / result.duration, 1),
    alertsPerSec: result.requests.p50 * o.alertsPerRequest,
    latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
    responses2xx: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

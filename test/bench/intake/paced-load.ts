import http from 'node:http';
import { performance } from 'node:perf_hooks';
import type { GeneratedBody } from '../alertmanager-bodies';
import { percentile } from '../percentile';
import { round } from '../round';
import { ackTracker } from './ack-tracker';
import type { EventLoopDelay } from './event-loop-delay';
import { intakeSettings } from './intake-settings';
import { postBody } from './post-body';

export interface PacedFigures {
  label: string;
  alertsPerRequest: number;
  ratePerSec: number;
  connections: number;
  durationS: number;
  sent: number;
  responses2xx: number;
  failed: number;
  achievedReqPerSec: number;
  /** From the moment the request was due (corrects coordinated omission). */
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  /** From the moment it was actually written (for comparison). */
  latencyFromSendMs: { p50: number; p99: number };
  /** mendbot's main-thread event-loop delay during the run (its probe), when read. */
  eventLoop?: EventLoopDelay;
}

/**
 * Constant-rate load the way wrk2 does it: `connections` keep-alive connections, request i due at
 * t0 + i/rate and sent on connection i mod connections (each connection sends one at a time), latency
 * counted from when the request was due, so a stall is charged to every request it delayed.
 */
export async function pacedLoad(label: string, url: string, rate: number, bodies: GeneratedBody[], connections: number): Promise<PacedFigures> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const base = new URL(url);
  const total = bodies.length;
  const interval = 1000 / rate;
  const fromDue: number[] = [];
  const fromSend: number[] = [];
  let ok = 0;
  let failed = 0;
  let lastDone = 0;
  const t0 = performance.now() + 50;
  await Promise.all(
    Array.from({ length: connections }, async (_, lane) => {
      for (let i = lane; i < total; i += connections) {
        const due = t0 + i * interval;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        const b = bodies[i]!;
        const r = await postBody(agent, base, intakeSettings.webhookPath, b.body);
        lastDone = Math.max(lastDone, r.doneAt);
        if (r.status >= 200 && r.status < 300) {
          ok++;
          ackTracker.acknowledge(b.seq);
          fromDue.push(r.doneAt - due);
          fromSend.push(r.doneAt - r.sentAt);
        } else failed++;
      }
    }),
  );
  agent.destroy();
  const s = fromDue.sort((a, b) => a - b);
  const f = fromSend.sort((a, b) => a - b);
  const pct = (sorted: number[], p: number) => round(percentile(sorted, p), 2);
  return {
    label,
    alertsPerRequest: bodies[0]?.alertCount ?? 0,
    ratePerSec: rate,
    connections,
    durationS: round((total * interval) / 1000, 1),
    sent: total,
    responses2xx: ok,
    failed,
    achievedReqPerSec: round((total / (lastDone - t0)) * 1000, 1),
    latencyMs: { p50: pct(s, 50), p90: pct(s, 90), p99: pct(s, 99), max: round(s[s.length - 1] ?? NaN, 2) },
    latencyFromSendMs: { p50: pct(f, 50), p99: pct(f, 99) },
  };
}

import http from 'node:http';
import { performance } from 'node:perf_hooks';
import type { GeneratedBody } from '../alertmanager-bodies';
import { engineSettings } from './engine-settings';

export interface Sent {
  body: GeneratedBody;
  /** Wall-clock ms (Date.now scale) when the request was due. */
  dueWall: number;
  status: number;
  /** ms from due to the end of the response. */
  ackMs: number;
  /** The response body of a non-200 (or the connection error). */
  error?: string;
  /** ms between when the request was due and when the client actually issued it (client-side lag). */
  dispatchLagMs: number;
  /** ms from issuing the request to the end of its response. */
  fromSendMs: number;
  incidentId?: string;
}

function post(agent: http.Agent, base: URL, body: Buffer): Promise<{ status: number; text: string; error?: string }> {
  return new Promise((resolve) => {
    const req = http.request(
      {
        host: base.hostname,
        port: base.port,
        path: engineSettings.webhookPath,
        method: 'POST',
        agent,
        headers: { ...engineSettings.headers, 'Content-Length': String(body.length) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', () => resolve({ status: 0, text: '' }));
      },
    );
    req.on('error', (e: NodeJS.ErrnoException) => resolve({ status: 0, text: '', error: e.code ?? e.message }));
    req.end(body);
  });
}

/**
 * Open-loop load, evenly paced: request i is issued when it is due (t0 + i/rate) however many are still in
 * flight, and its latency is counted from when it was due, so a server stall is not hidden by a slow client.
 */
export async function openLoopLoad(url: string, list: GeneratedBody[], rate: number): Promise<{ sent: Sent[]; startWall: number; endWall: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });
  const base = new URL(url);
  const interval = 1000 / rate;
  const sent: Sent[] = [];
  const inFlight: Array<Promise<void>> = [];
  const t0 = performance.now() + 20;
  let i = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (i < list.length && t0 + i * interval <= now) {
        const due = t0 + i * interval;
        const body = list[i++]!;
        const issued = performance.now();
        inFlight.push(
          post(agent, base, body.body).then((r) => {
            const done = performance.now();
            const s: Sent = {
              body,
              dueWall: performance.timeOrigin + due,
              status: r.status,
              ackMs: done - due,
              dispatchLagMs: issued - due,
              fromSendMs: done - issued,
            };
            if (r.status === 200) s.incidentId = (JSON.parse(r.text) as { decisions: Array<{ incidentId: string }> }).decisions[0]?.incidentId;
            else s.error = r.error ?? `${r.status} ${r.text.slice(0, 300)}`;
            sent.push(s);
          }),
        );
      }
      if (i < list.length) setTimeout(tick, Math.max(0, t0 + i * interval - performance.now() - 0.5));
      else resolve();
    };
    tick();
  });
  await Promise.all(inFlight);
  agent.destroy();
  return { sent, startWall: performance.timeOrigin + t0, endWall: performance.timeOrigin + t0 + list.length * interval };
}

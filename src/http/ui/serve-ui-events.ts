import type { Server } from 'node:http';
import type { Request, Response } from 'express';
import type { EventHub, MendbotEvent } from '../../events/event-hub';

/** Streams per process; more are refused (503) so a reconnect storm cannot exhaust sockets. */
const maxStreams = 500;
let open = 0;

/** Only ids and a status leave the server: the page fetches what it shows through its normal, role-checked routes. */
function summary(event: MendbotEvent): Record<string, string> | undefined {
  if (event.type === 'incident_changed') return { incidentId: event.incidentId };
  if (event.type === 'run_changed') return { runId: event.run.id, incidentId: event.run.incidentId, status: event.run.status };
  return undefined;
}

/**
 * GET /ui/events: server-sent events from the event hub. A comment every 15 s keeps proxies from closing
 * an idle stream; the stream ends when the server stops listening (a shutdown would otherwise wait for
 * it until its timeout) and after 10 minutes (EventSource reconnects, and the page catches up once).
 * `Connection: close`, so the socket goes with the stream instead of idling in keep-alive.
 */
export function serveUiEvents(req: Request, res: Response, hub: EventHub | undefined): void {
  if (open >= maxStreams) return void res.status(503).setHeader('Retry-After', '5').end();
  open++;
  res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', 'X-Accel-Buffering': 'no', Connection: 'close' });
  res.write('retry: 2000\n\n');
  const unsubscribe = hub?.on((event) => {
    const data = summary(event);
    if (data) res.write(`event: ${event.type}\ndata: ${JSON.stringify(data)}\n\n`);
  });
  const server = (req.socket as { server?: Server }).server;
  const started = Date.now();
  let ticks = 0;
  const timer = setInterval(() => {
    ticks++;
    if (server?.listening === false || Date.now() - started > 600_000) return void res.end();
    if (ticks % 15 === 0) res.write(': ping\n\n');
  }, 1000);
  timer.unref();
  res.on('close', () => {
    open--;
    clearInterval(timer);
    unsubscribe?.();
  });
}

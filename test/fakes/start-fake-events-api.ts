import http from 'node:http';
import type { AddressInfo } from 'node:net';

interface ReceivedEvent {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/**
 * A loopback stand-in for `POST /v2/enqueue`, answering as PagerDuty's Events API v2 does: 202 with
 * the dedup key, 400 `{status, message, errors[]}` for an invalid event. `answerNext` scripts the next
 * answers (429, 5xx, …) before the normal behaviour resumes.
 */
export async function startFakeEventsApi() {
  const received: ReceivedEvent[] = [];
  const scripted: Answer[] = [];
  let generated = 0;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString();
      received.push({ method: req.method ?? '', path: req.url ?? '/', headers: req.headers, body });
      const answer = (a: Answer) => res.writeHead(a.status, { 'content-type': 'application/json', ...a.headers }).end(a.body === undefined ? '' : JSON.stringify(a.body));
      const next = scripted.shift();
      if (next) return answer(next);
      if (req.method !== 'POST' || req.url !== '/v2/enqueue') return answer({ status: 404, body: { message: 'Not Found' } });

      let event: { routing_key?: string; event_action?: string; dedup_key?: string; payload?: { summary?: string } };
      try {
        event = JSON.parse(body) as typeof event;
      } catch {
        return answer({ status: 400, body: { status: 'Unrecognized object', message: 'Event object format is unrecognized', errors: ['JSON parse error'] } });
      }
      const errors: string[] = [];
      if (!event.routing_key) errors.push("'routing_key' is missing or blank");
      if (!['trigger', 'acknowledge', 'resolve'].includes(event.event_action ?? '')) errors.push("'event_action' is invalid");
      if (event.event_action === 'trigger' && !event.payload?.summary) errors.push("'payload.summary' is missing or blank");
      if ((event.payload?.summary?.length ?? 0) > 1024) errors.push("'payload.summary' is too long");
      if ((event.dedup_key?.length ?? 0) > 255) errors.push("'dedup_key' is too long");
      if (event.event_action !== 'trigger' && !event.dedup_key) errors.push("'dedup_key' is missing or blank");
      if (errors.length > 0) return answer({ status: 400, body: { status: 'invalid event', message: 'Event object is invalid', errors } });
      answer({ status: 202, body: { status: 'success', message: 'Event processed', dedup_key: event.dedup_key ?? `generated-${++generated}` } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    eventsUrl: `http://127.0.0.1:${port}/v2/enqueue`,
    received,
    /** Parsed bodies of the events received so far. */
    events: () => received.map((r) => JSON.parse(r.body) as Record<string, unknown>),
    answerNext(...answers: Answer[]) {
      scripted.push(...answers);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

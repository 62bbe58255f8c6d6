import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { computeFingerprint } from '../../integrations/alertmanager/compute-fingerprint';

interface ReceivedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A scripted answer, served instead of the normal behaviour. */
interface Answer {
  status: number;
  /** Sent as JSON (Alertmanager sends its errors as JSON strings or `{code, message}`). */
  body?: unknown;
  /** Sent as is instead of `body` (an answer that is not JSON). */
  raw?: string;
  /** Wait this long before answering (a slow peer). */
  delayMs?: number;
}

interface Matcher {
  name: string;
  value: string;
  isRegex: boolean;
  isEqual: boolean;
}

interface FakeSilence {
  id: string;
  matchers: Matcher[];
  startsAt: string;
  endsAt: string;
  updatedAt: string;
  createdBy: string;
  comment: string;
  expired: boolean;
}

/** `name="value"`, `name=~"re"`, `name!=v`: the filter syntax Alertmanager reads. */
function parseFilter(text: string): Matcher | undefined {
  const m = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*(?:"((?:[^"\\]|\\.)*)"|(.*?))\s*$/s.exec(text);
  if (!m) return undefined;
  const value = m[3] !== undefined ? m[3].replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c)) : m[4]!;
  return { name: m[1]!, value, isRegex: m[2]!.includes('~'), isEqual: !m[2]!.startsWith('!') };
}

function matches(m: Matcher, value: string | undefined): boolean {
  const v = value ?? '';
  const hit = m.isRegex ? new RegExp(`^(?:${m.value})$`).test(v) : v === m.value;
  return m.isEqual ? hit : !hit;
}

/**
 * A loopback stand-in for Alertmanager's v2 API, answering as 0.25 does (bodies shaped like the captures in
 * test/fixtures/alertmanager-api): alerts with their silenced state, status, silences (an unknown one on
 * DELETE is 500 "silence not found", an empty matcher list 422). `answerNext` scripts 5xx, slow or
 * malformed answers before the normal behaviour resumes.
 */
export async function startFakeAlertmanagerApi(options: { version?: string } = {}) {
  const received: ReceivedRequest[] = [];
  const scripted: Answer[] = [];
  const alerts: Array<{ labels: Record<string, string>; startsAt: string; endsAt: string }> = [];
  const silences = new Map<string, FakeSilence>();

  const silenced = (labels: Record<string, string>): string[] =>
    [...silences.values()].filter((s) => !s.expired && Date.parse(s.endsAt) > Date.now() && s.matchers.every((m) => matches(m, labels[m.name]))).map((s) => s.id);
  const filtersOf = (query: URLSearchParams): Matcher[] | undefined => {
    const parsed = query.getAll('filter').map(parseFilter);
    return parsed.every((m) => m !== undefined) ? (parsed as Matcher[]) : undefined;
  };
  const silenceBody = (s: FakeSilence) => ({
    id: s.id,
    status: { state: s.expired || Date.parse(s.endsAt) <= Date.now() ? 'expired' : 'active' },
    updatedAt: s.updatedAt,
    comment: s.comment,
    createdBy: s.createdBy,
    endsAt: s.endsAt,
    matchers: s.matchers,
    startsAt: s.startsAt,
  });

  function handle(req: ReceivedRequest): Answer {
    const { method, path, query } = req;
    if (method === 'GET' && path === '/api/v2/alerts') {
      const filters = filtersOf(query);
      if (!filters) return { status: 400, body: `bad matcher format: ${query.getAll('filter').join(',')}` };
      const body = alerts
        .filter((a) => filters.every((m) => matches(m, a.labels[m.name])))
        .map((a) => {
          const by = silenced(a.labels);
          return {
            annotations: {},
            endsAt: a.endsAt,
            fingerprint: computeFingerprint(a.labels),
            receivers: [{ name: 'null' }],
            startsAt: a.startsAt,
            status: { inhibitedBy: [], silencedBy: by, state: by.length > 0 ? 'suppressed' : 'active' },
            updatedAt: a.startsAt,
            labels: a.labels,
          };
        })
        .filter((a) => query.get('silenced') === 'true' || a.status.state !== 'suppressed');
      return { status: 200, body };
    }
    if (method === 'GET' && path === '/api/v2/status') {
      return {
        status: 200,
        body: { cluster: { peers: [], status: 'disabled' }, config: { original: 'route:\n  receiver: "null"\n' }, uptime: '2026-12-05T08:33:27.365Z', versionInfo: { version: options.version ?? '0.25.0', branch: 'fake', revision: 'fake' } },
      };
    }
    if (method === 'GET' && path === '/api/v2/silences') {
      const filters = filtersOf(query);
      if (!filters) return { status: 400, body: `bad matcher format: ${query.getAll('filter').join(',')}` };
      // As Alertmanager: a filter compares with the value of the silence's matcher of that name, as text.
      const body = [...silences.values()].filter((s) => filters.every((f) => matches(f, s.matchers.find((m) => m.name === f.name)?.value))).map(silenceBody);
      return { status: 200, body };
    }
    if (method === 'POST' && path === '/api/v2/silences') {
      let silence: Partial<FakeSilence>;
      try {
        silence = JSON.parse(req.body) as Partial<FakeSilence>;
      } catch {
        return { status: 400, body: { code: 400, message: 'parsing silence body from "" failed' } };
      }
      if (!Array.isArray(silence.matchers) || silence.matchers.length === 0) return { status: 422, body: { code: 612, message: 'matchers in body should have at least 1 items' } };
      if (Date.parse(silence.endsAt ?? '') <= Date.parse(silence.startsAt ?? '')) return { status: 400, body: 'Failed to create silence: start time must be before end time' };
      const id = randomUUID();
      silences.set(id, { ...(silence as FakeSilence), id, matchers: silence.matchers.map((m) => ({ ...m, isEqual: m.isEqual ?? true })), updatedAt: new Date().toISOString(), expired: false });
      return { status: 200, body: { silenceID: id } };
    }
    const del = /^\/api\/v2\/silence\/([^/]+)$/.exec(path);
    if (method === 'DELETE' && del) {
      const s = silences.get(decodeURIComponent(del[1]!));
      if (!s) return { status: 500, body: 'silence not found' };
      s.expired = true;
      s.endsAt = s.updatedAt = new Date().toISOString();
      return { status: 200 };
    }
    return { status: 404, body: { code: 404, message: `path ${path} was not found` } };
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const request = { method: req.method ?? '', path: url.pathname, query: url.searchParams, headers: req.headers, body: Buffer.concat(chunks).toString() };
      received.push(request);
      const answer = scripted.shift() ?? handle(request);
      const send = () => {
        if (res.destroyed) return;
        const text = answer.raw ?? (answer.body === undefined ? '' : JSON.stringify(answer.body));
        res.writeHead(answer.status, { 'content-type': 'application/json' }).end(text);
      };
      if (answer.delayMs) setTimeout(send, answer.delayMs).unref();
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    /** Requests to one path (e.g. `/api/v2/silences`), optionally of one method. */
    requests: (path: string, method?: string) => received.filter((r) => r.path === path && (method === undefined || r.method === method)),
    /** Fires an alert (as Prometheus would push it). */
    fire(labels: Record<string, string>) {
      const now = new Date();
      alerts.push({ labels, startsAt: now.toISOString(), endsAt: new Date(now.getTime() + 300_000).toISOString() });
    },
    /** Every silence, expired ones included, as GET /api/v2/silences shows them. */
    silences: () => [...silences.values()].map(silenceBody),
    answerNext(...answers: Answer[]) {
      scripted.push(...answers);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

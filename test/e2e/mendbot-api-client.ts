/**
 * Access to a running mendbot's HTTP API for the e2e specs (reads, plus POSTs such as approvals). Every
 * failure (a timeout, a dead server, a non-200) carries the processes' logs from `diagnostics`, because an
 * e2e failure is otherwise hard to explain after the fact.
 */
import { waitFor } from '../helpers/wait-for';

export interface ApiIncident {
  id: string;
  correlationId: string;
  status: 'open' | 'resolved';
  title: string;
  openedAt: string;
  resolvedAt: string | null;
  lastSeenAt: string;
  deliveryCount: number;
  alertCount: number;
  firingCount: number;
  stateChanges: number;
  reopenCount: number;
  flapping: boolean;
  sources: string[];
  /** What reconciliation last learned from Alertmanager (null or absent: never asked). */
  alertmanager?: { active: boolean; checkedAt: string; missingSince: string | null } | null;
}

/** The parts of a run the specs read (GET /api/runs/:id, or `runs` of an incident). */
export interface ApiRun {
  id: string;
  incidentId: string;
  playbook: string;
  status: string;
  reason: string | null;
  steps: Array<{ id: string; action: string; status: string; output?: Record<string, unknown>; error?: string }>;
  approval: { decision?: string; by?: string } | null;
}

export interface ApiIncidentDetail {
  incident: ApiIncident;
  alerts: Array<{ key: string; status: 'firing' | 'resolved'; labels: Record<string, string>; fingerprint: string; deliveryCount: number }>;
  timeline: Array<{ seq: number; at: string; type: string; message: string; data: Record<string, unknown> }>;
  runs: ApiRun[];
}

export interface MendbotApiClientOptions {
  /** mendbot's base URL (read on every call: the server is started after the client is made). */
  url: () => string;
  /** Log excerpts appended to every error. */
  diagnostics: () => string;
  /** How long `eventually` polls. */
  wait: { timeoutMs: number; intervalMs: number };
  /** An API token sent as `Authorization: Bearer` (absent: none, the loopback mode). */
  token?: () => string | undefined;
}

export function createMendbotApiClient({ url, diagnostics, wait, token }: MendbotApiClientOptions) {
  /** waitFor with generous timeouts, failing with both processes' logs attached. */
  async function eventually<T>(description: string, fn: () => T | Promise<T>): Promise<NonNullable<T>> {
    try {
      return await waitFor(fn, { ...wait, description });
    } catch (error) {
      throw new Error(`${(error as Error).message}${diagnostics()}`);
    }
  }

  /** fetch against mendbot; a transport failure (e.g. the server died) carries both processes' logs. */
  async function mendbotFetch(pathAndQuery: string, body?: unknown): Promise<Response> {
    const method = body === undefined ? 'GET' : 'POST';
    const headers: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/json' };
    const bearer = token?.();
    if (bearer) headers.authorization = `Bearer ${bearer}`;
    try {
      return await fetch(`${url()}${pathAndQuery}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(5_000) });
    } catch (error) {
      const cause = (error as Error & { cause?: Error }).cause;
      throw new Error(`${method} ${pathAndQuery} failed: ${(error as Error).message}${cause ? ` (${cause.message})` : ''}${diagnostics()}`, {
        cause: error,
      });
    }
  }

  async function getJson<T>(pathAndQuery: string): Promise<T> {
    const res = await mendbotFetch(pathAndQuery);
    const text = await res.text();
    if (res.status !== 200) throw new Error(`GET ${pathAndQuery} answered ${res.status}: ${text}`);
    return JSON.parse(text) as T;
  }

  /** POSTs a JSON body; resolves with the status and parsed answer (non-200 included: the spec decides). */
  async function postJson<T>(pathAndQuery: string, body: unknown): Promise<{ status: number; body: T }> {
    const res = await mendbotFetch(pathAndQuery, body);
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as T };
  }

  async function incidentsFor(correlationId: string): Promise<ApiIncident[]> {
    const page = await getJson<{ items: ApiIncident[]; next_cursor: string | null }>(
      `/api/incidents?status=all&limit=200&correlation_id=${encodeURIComponent(correlationId)}`,
    );
    return page.items;
  }

  async function allIncidents(): Promise<ApiIncident[]> {
    const items: ApiIncident[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `/api/incidents?status=all&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = await getJson<{ items: ApiIncident[]; next_cursor: string | null }>(query);
      items.push(...page.items);
      cursor = page.next_cursor;
    } while (cursor);
    return items;
  }

  async function detail(id: string): Promise<ApiIncidentDetail> {
    return getJson<ApiIncidentDetail>(`/api/incidents/${encodeURIComponent(id)}`);
  }

  /** Sum of a metric's samples whose labels include `labels` (0 when absent). */
  async function metric(name: string, labels: Record<string, string> = {}): Promise<number> {
    const res = await mendbotFetch('/metrics');
    const text = await res.text();
    if (res.status !== 200) throw new Error(`GET /metrics answered ${res.status}: ${text}`);
    let total = 0;
    for (const line of text.split('\n')) {
      const m = /^(\w+)(?:\{([^}]*)\})?\s+(\S+)/.exec(line);
      if (!m || m[1] !== name) continue;
      const found = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1], l[2]]));
      if (Object.entries(labels).every(([k, v]) => found[k] === v)) total += Number(m[3]);
    }
    return total;
  }

  /** Value of mendbot_webhook_deliveries_total{source="alertmanager",outcome=<outcome>} (0 when absent). */
  async function deliveriesMetric(outcome: string): Promise<number> {
    return metric('mendbot_webhook_deliveries_total', { source: 'alertmanager', outcome });
  }

  return { eventually, getJson, postJson, incidentsFor, allIncidents, detail, metric, deliveriesMetric };
}

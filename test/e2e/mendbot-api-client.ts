/**
 * Read-only access to a running mendbot's HTTP API for the e2e specs. Every failure (a timeout, a dead
 * server, a non-200) carries the processes' logs from `diagnostics`, because an e2e failure is otherwise
 * hard to explain after the fact.
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
}

export interface ApiIncidentDetail {
  incident: ApiIncident;
  alerts: Array<{ key: string; status: 'firing' | 'resolved'; labels: Record<string, string>; fingerprint: string; deliveryCount: number }>;
  timeline: Array<{ seq: number; at: string; type: string; message: string; data: Record<string, unknown> }>;
  runs: unknown[];
}

export interface MendbotApiClientOptions {
  /** mendbot's base URL (read on every call: the server is started after the client is made). */
  url: () => string;
  /** Log excerpts appended to every error. */
  diagnostics: () => string;
  /** How long `eventually` polls. */
  wait: { timeoutMs: number; intervalMs: number };
}

export function createMendbotApiClient({ url, diagnostics, wait }: MendbotApiClientOptions) {
  /** waitFor with generous timeouts, failing with both processes' logs attached. */
  async function eventually<T>(description: string, fn: () => T | Promise<T>): Promise<NonNullable<T>> {
    try {
      return await waitFor(fn, { ...wait, description });
    } catch (error) {
      throw new Error(`${(error as Error).message}${diagnostics()}`);
    }
  }

  /** fetch against mendbot; a transport failure (e.g. the server died) carries both processes' logs. */
  async function mendbotFetch(pathAndQuery: string): Promise<Response> {
    try {
      return await fetch(`${url()}${pathAndQuery}`, { signal: AbortSignal.timeout(5_000) });
    } catch (error) {
      const cause = (error as Error & { cause?: Error }).cause;
      throw new Error(`GET ${pathAndQuery} failed: ${(error as Error).message}${cause ? ` (${cause.message})` : ''}${diagnostics()}`, {
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

  /** Value of mendbot_webhook_deliveries_total{source="alertmanager",outcome=<outcome>} (0 when absent). */
  async function deliveriesMetric(outcome: string): Promise<number> {
    const res = await mendbotFetch('/metrics');
    const text = await res.text();
    if (res.status !== 200) throw new Error(`GET /metrics answered ${res.status}: ${text}`);
    let total = 0;
    for (const line of text.split('\n')) {
      const m = /^mendbot_webhook_deliveries_total\{([^}]*)\}\s+(\S+)/.exec(line);
      if (!m) continue;
      const labels = Object.fromEntries([...m[1]!.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1], l[2]]));
      if (labels.source === 'alertmanager' && labels.outcome === outcome) total += Number(m[2]);
    }
    return total;
  }

  return { eventually, getJson, incidentsFor, allIncidents, detail, deliveriesMetric };
}

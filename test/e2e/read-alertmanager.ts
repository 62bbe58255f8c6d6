/** What the e2e specs read back from the real Alertmanager's v2 API, to check mendbot's effect on it. */

interface AmSilence {
  id: string;
  status: { state: 'active' | 'pending' | 'expired' };
  matchers: Array<{ name: string; value: string; isRegex: boolean; isEqual?: boolean }>;
  createdBy: string;
  comment: string;
  startsAt: string;
  endsAt: string;
}

interface AmAlert {
  fingerprint: string;
  labels: Record<string, string>;
  status: { state: 'active' | 'suppressed' | 'unprocessed'; silencedBy: string[] };
}

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url, { signal: AbortSignal.timeout(5_000) });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`Alertmanager GET ${url} answered ${res.status}: ${text}`);
  return JSON.parse(text) as T;
}

/** GET /api/v2/silences: every silence, expired ones included (Alertmanager keeps them for its retention). */
export function readSilences(alertmanagerUrl: string): Promise<AmSilence[]> {
  return getJson<AmSilence[]>(`${alertmanagerUrl}/api/v2/silences`);
}

/** GET /api/v2/alerts with matcher filters (`alertname="X"`): the alerts Alertmanager holds active now. */
export function readAlerts(alertmanagerUrl: string, filter: string[]): Promise<AmAlert[]> {
  const query = filter.map((f) => `filter=${encodeURIComponent(f)}`).join('&');
  return getJson<AmAlert[]>(`${alertmanagerUrl}/api/v2/alerts${query ? `?${query}` : ''}`);
}

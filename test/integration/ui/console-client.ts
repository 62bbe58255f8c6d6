/** A cookie-keeping HTTP client for the console, as a browser would use it (fetch, manual redirects). */

let fingerprintSeq = 0;

/** An Alertmanager webhook body with one firing alert. */
export function amAlert(labels: Record<string, string>, extra: { summary?: string; generatorURL?: string } = {}) {
  const fingerprint = `${(++fingerprintSeq).toString(16).padStart(4, '0')}${Date.now().toString(16).padStart(12, '0')}`.slice(-16);
  return {
    version: '4',
    status: 'firing',
    receiver: 'mendbot',
    groupKey: `{}:{alertname="${labels.alertname ?? 'X'}",fp="${fingerprint}"}`,
    groupLabels: { alertname: labels.alertname ?? 'X' },
    commonLabels: labels,
    commonAnnotations: {},
    externalURL: 'http://alertmanager.invalid',
    alerts: [
      {
        status: 'firing',
        labels,
        annotations: { summary: extra.summary ?? `${labels.alertname ?? 'X'} fires` },
        startsAt: new Date().toISOString(),
        endsAt: '0001-01-01T00:00:00Z',
        generatorURL: extra.generatorURL ?? 'http://prometheus.invalid/graph?g0.expr=up',
        fingerprint,
      },
    ],
  };
}

export async function postAlert(baseUrl: string, body: unknown): Promise<void> {
  const res = await fetch(`${baseUrl}/webhooks/alertmanager`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (res.status >= 300) throw new Error(`webhook answered ${res.status}: ${await res.text()}`);
}

export interface ConsoleClient {
  cookie: string;
  get(path: string, headers?: Record<string, string>): Promise<{ status: number; text: string; headers: Headers }>;
  /** A form POST; `csrf: true` adds the token read from `csrfFrom` (a page path). */
  post(path: string, form: Record<string, string>, headers?: Record<string, string>): Promise<{ status: number; text: string; headers: Headers }>;
  csrf(pagePath?: string): Promise<string>;
}

export function csrfOf(page: string): string {
  const m = /name="csrf" value="([^"]+)"/.exec(page) ?? /<meta name="csrf-token" content="([^"]+)">/.exec(page);
  if (!m) throw new Error('no CSRF field on the page');
  return m[1]!;
}

/** Signs in with an API token (or, without one, relies on other identity: proxy headers, loopback). */
export async function consoleClient(baseUrl: string, token?: string, baseHeaders: Record<string, string> = {}): Promise<ConsoleClient> {
  let cookie = '';
  if (token !== undefined) {
    const res = await fetch(`${baseUrl}/ui/login`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: baseUrl, ...baseHeaders }, body: new URLSearchParams({ token }).toString() });
    const set = res.headers.get('set-cookie');
    if (res.status !== 303 || !set) throw new Error(`sign-in failed: ${res.status}`);
    cookie = set.split(';')[0]!;
  }
  const headersOf = (extra: Record<string, string> = {}) => ({ ...baseHeaders, ...(cookie ? { cookie } : {}), ...extra });
  const client: ConsoleClient = {
    cookie,
    async get(path, headers) {
      const res = await fetch(`${baseUrl}${path}`, { redirect: 'manual', headers: headersOf(headers) });
      return { status: res.status, text: await res.text(), headers: res.headers };
    },
    async post(path, form, headers) {
      const res = await fetch(`${baseUrl}${path}`, {
        method: 'POST',
        redirect: 'manual',
        headers: headersOf({ 'content-type': 'application/x-www-form-urlencoded', origin: baseUrl, 'sec-fetch-site': 'same-origin', ...headers }),
        body: new URLSearchParams(form).toString(),
      });
      return { status: res.status, text: await res.text(), headers: res.headers };
    },
    async csrf(pagePath = '/ui/') {
      return csrfOf((await client.get(pagePath)).text);
    },
  };
  return client;
}

/**
 * ALERTMANAGER_URL: one base URL per peer, comma-separated. A path is allowed as a prefix (Alertmanager
 * behind `--web.route-prefix=/alertmanager`), but not the API path itself, a query, a fragment or
 * credentials: the client appends `/api/v2/...`, and credentials have their own variables (kept out of logs).
 * Throws with the reason, which the env-var message shows.
 */
export function parseAlertmanagerUrls(value: string): string[] {
  const urls = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (urls.length === 0) throw new Error('no URL given');
  const seen = new Set<string>();
  return urls.map((text) => {
    const base = parseBaseUrl(text);
    if (seen.has(base)) throw new Error(`${base} is listed twice`);
    seen.add(base);
    return base;
  });
}

/** One base URL, without trailing '/'. */
export function parseBaseUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`${JSON.stringify(text)} is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`${url.protocol} is not http: or https:`);
  if (url.username !== '' || url.password !== '') throw new Error('credentials do not belong in the URL; use ALERTMANAGER_API_USERNAME/_PASSWORD or _BEARER_TOKEN');
  if (url.search !== '' || url.hash !== '') throw new Error(`${url.origin}${url.pathname} must not have a query or fragment`);
  if (/\/api(\/v[12])?\/?$/.test(url.pathname)) throw new Error(`give the base URL without ${url.pathname.replace(/\/$/, '')}; the API path is added`);
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

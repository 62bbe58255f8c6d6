import type { AxiosInstance, AxiosResponse } from 'axios';
import { TrackerError } from './tracker-error';
import { isAxiosError } from '../outbound/is-axios-error';

export interface TrackerRequest {
  client: AxiosInstance;
  tracker: TrackerError['tracker'];
  method: string;
  baseUrl: string;
  path: string;
  data?: unknown;
  headers: Record<string, string>;
  timeoutMs: number;
  /** Classifies a non-2xx answer (rate limits, permanent vs transient). */
  toError(response: AxiosResponse<string>, body: unknown): TrackerError;
}

/**
 * One HTTP call to a ticket tracker (GitHub, Jira), the part they share: JSON in and out, no redirects
 * (credentials never follow them to another host), every status handled here rather than thrown by axios.
 */
export async function sendTrackerRequest(r: TrackerRequest): Promise<unknown> {
  let response: AxiosResponse<string>;
  try {
    response = await r.client.request<string>({
      method: r.method,
      url: `${r.baseUrl}${r.path}`,
      data: r.data === undefined ? undefined : JSON.stringify(r.data),
      headers: { 'User-Agent': 'mendbot', ...r.headers, ...(r.data === undefined ? {} : { 'Content-Type': 'application/json' }) },
      timeout: r.timeoutMs,
      responseType: 'text',
      validateStatus: () => true,
      maxRedirects: 0,
    });
  } catch (error) {
    // Network error or timeout: the request may or may not have arrived, hence `find` before a new create.
    if (isAxiosError(error)) {
      throw new TrackerError(r.tracker, `${r.tracker}: ${r.method} ${r.path} failed (${error.code ?? 'network error'})`, {
        permanent: false,
        details: { method: r.method, path: r.path, code: error.code },
      });
    }
    throw error;
  }
  const body = parseJson(response.data);
  if (response.status >= 200 && response.status < 300) return body;
  throw r.toError(response, body);
}

function parseJson(text: unknown): unknown {
  if (typeof text !== 'string' || text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

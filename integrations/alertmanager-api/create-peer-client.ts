import type { AxiosInstance } from 'axios';
import { cockatielLibrary } from '../../src/engine/cockatiel-library';
import type { z } from 'zod';
import type { OutboundGuard } from '../outbound/create-outbound-guard';
import { findOutboundDenial } from '../outbound/outbound-denied-error';
import type { AlertmanagerAgents } from './create-alertmanager-agents';
import { PeerRequestError } from './peer-request-error';
import { isAxiosError } from '../outbound/is-axios-error';
import { lazyAxios } from '../outbound/lazy-axios';

/** One call to one peer. */
export interface PeerRequest<T> {
  method: 'GET' | 'POST' | 'DELETE';
  /** Appended to the peer's base URL, e.g. `/api/v2/alerts`. */
  path: string;
  query?: Array<[string, string]>;
  body?: unknown;
  /** Validates a 2xx answer. */
  schema: z.ZodType<T>;
  /** Turns a non-2xx answer that means "done" (e.g. an unknown silence on DELETE) into a result. */
  settle?: (status: number, text: string) => T | undefined;
}

export interface PeerClientOptions {
  axios?: AxiosInstance;
  guard: OutboundGuard;
  agents: AlertmanagerAgents;
  /** Deadline of one call to one peer, retries included. */
  timeoutMs: number;
  authorization: () => Promise<string | undefined>;
  /** Further tries after a transient failure; default 2 (three tries). */
  retries?: number;
  /** First backoff; default 100 ms, doubling with jitter, at most 1 s. */
  backoffMs?: number;
}

/** Generous for a storm (thousands of alerts), small enough that a wrong URL serving a huge file cannot exhaust memory. */
const MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

/**
 * Sends requests to one Alertmanager peer: a per-call deadline, a short retry of transient failures
 * (the caller has its own timeout, so it stays short), and answers validated at the edge: a body that does
 * not match the schema is this peer's error, never a crash further in.
 */
export function createPeerClient(options: PeerClientOptions) {
  const client = options.axios ?? lazyAxios();
  const { ExponentialBackoff, handleWhen, retry } = cockatielLibrary();
  const policy = retry(
    handleWhen((e) => e instanceof PeerRequestError && e.transient),
    { maxAttempts: options.retries ?? 2, backoff: new ExponentialBackoff({ initialDelay: options.backoffMs ?? 100, maxDelay: 1_000 }) },
  );

  async function attempt<T>(base: string, request: PeerRequest<T>, signal: AbortSignal, deadline: AbortSignal): Promise<T> {
    const url = new URL(`${base}${request.path}`);
    for (const [k, v] of request.query ?? []) url.searchParams.append(k, v);
    const denied = options.guard.check(url);
    if (denied) throw new PeerRequestError(denied.message, false);
    const authorization = await options.authorization();
    let status: number;
    let text: string;
    try {
      const response = await client.request<string>({
        method: request.method,
        url: url.toString(),
        data: request.body === undefined ? undefined : JSON.stringify(request.body),
        headers: { Accept: 'application/json', ...(request.body === undefined ? {} : { 'Content-Type': 'application/json' }), ...(authorization ? { Authorization: authorization } : {}) },
        signal,
        validateStatus: () => true,
        responseType: 'text',
        transformResponse: [(data: string) => data],
        maxRedirects: 0,
        maxContentLength: MAX_RESPONSE_BYTES,
        ...options.agents,
        proxy: false,
      });
      status = response.status;
      text = typeof response.data === 'string' ? response.data : '';
    } catch (error) {
      const denial = findOutboundDenial(error);
      if (denial) throw new PeerRequestError(denial.message, false);
      if (deadline.aborted) throw new PeerRequestError(`no answer within ${options.timeoutMs} ms`, false);
      if (signal.aborted) throw new PeerRequestError('aborted', false);
      if (isAxiosError(error)) throw new PeerRequestError(`request failed (${error.code ?? error.message})`, true);
      throw error;
    }
    if (status >= 200 && status < 300) {
      const parsed = request.schema.safeParse(parseJson(text));
      if (parsed.success) return parsed.data;
      const issue = parsed.error.issues[0];
      throw new PeerRequestError(`HTTP ${status} is not an Alertmanager v2 answer (${issue ? `${issue.path.join('.') || 'body'}: ${issue.message}` : 'invalid'}); check ALERTMANAGER_URL`, false, status);
    }
    const settled = request.settle?.(status, text);
    if (settled !== undefined) return settled;
    const transient = status >= 500 || status === 429 || status === 408;
    throw new PeerRequestError(`HTTP ${status}${describeBody(text)}`, transient, status);
  }

  return {
    /** One call, retried while transient and within the deadline; rejects with a PeerRequestError. */
    async request<T>(base: string, request: PeerRequest<T>, callerSignal?: AbortSignal): Promise<T> {
      const deadline = AbortSignal.timeout(options.timeoutMs);
      const signal = callerSignal ? AbortSignal.any([callerSignal, deadline]) : deadline;
      return policy.execute(() => attempt(base, request, signal, deadline), signal);
    },
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Alertmanager's error text (a JSON string or `{code, message}`), shortened: it ends up in timelines. */
function describeBody(text: string): string {
  const body = parseJson(text);
  const message = typeof body === 'string' ? body : typeof body === 'object' && body !== null && 'message' in body ? String(body.message) : text;
  const short = message.trim().slice(0, 200);
  return short === '' ? '' : `: ${short}`;
}

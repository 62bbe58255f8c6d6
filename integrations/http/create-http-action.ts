import type { Readable } from 'node:stream';
import type { AxiosInstance, AxiosResponse } from 'axios';
import { z } from 'zod';
import { durationString } from '../../src/playbooks/duration-string';
import type { Action, ActionContext } from '../../src/engine/action';
import { PermanentStepError, TransientStepError } from '../../src/engine/step-errors';
import { createOutboundGuard, type OutboundGuard } from '../outbound/create-outbound-guard';
import { findOutboundDenial } from '../outbound/outbound-denied-error';
import { readCappedBody } from './read-capped-body';
import { isAxiosError } from '../outbound/is-axios-error';
import { lazyAxios } from '../outbound/lazy-axios';

export interface HttpActionDeps {
  /** Client to send with; tests pass one with `proxy: false`. Default: a fresh `lazyAxios()`. */
  axios?: AxiosInstance;
  /** Hosts (`name` or `name:port`) steps may call. Empty or absent: any host. */
  allowedHosts?: string[];
  /**
   * Which addresses requests may connect to (shared with the other actions that make requests). Default:
   * the built-in denials (link-local, metadata, unspecified) with nothing extra allowed.
   */
  outbound?: OutboundGuard;
}

/** The validated `with:` block of an `http` step. */
export interface HttpInput {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  /** Objects are sent as JSON, strings as they are. */
  body?: unknown;
  /** Statuses that count as success; absent = any 2xx. */
  expect_status?: number[];
  /** Whole-request deadline in ms (from "5s"), on top of the executor's step timeout. */
  timeout?: number;
}

/** Bodies are kept (and checkpointed as step output) up to this size; the rest is not even read. */
const BODY_CAP_BYTES = 64 * 1024;
const SNIPPET_CHARS = 500;
/** Response headers later steps are likely to use; the rest would only bloat the checkpoint. */
const KEPT_HEADERS = ['content-type', 'content-length', 'location', 'retry-after', 'etag'];


/**
 * `http`: one HTTP request, e.g. a deploy-system rollback or a feature-flag flip. Not idempotent: a
 * POST must not be repeated blindly after a crash mid-step, and a GET/PUT step loses nothing by being
 * treated the same way. Redirects are not followed, so a 3xx cannot carry the request to another host.
 */
export function createHttpAction(deps: HttpActionDeps = {}): Action<HttpInput> {
  const client = deps.axios ?? lazyAxios();
  const guard = deps.outbound ?? createOutboundGuard();
  const allowedHosts = (deps.allowedHosts ?? []).map((h) => h.toLowerCase());
  const isAllowed = (url: URL): boolean =>
    allowedHosts.length === 0 || allowedHosts.includes(url.hostname.toLowerCase()) || allowedHosts.includes(url.host.toLowerCase());

  const input = z
    .object({
      method: z
        .string()
        .transform((m) => m.toUpperCase())
        .pipe(z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']))
        .default('GET'),
      url: z.url({ protocol: /^https?$/, error: 'url must be an absolute http:// or https:// URL' }),
      headers: z.record(z.string(), z.string()).optional(),
      body: z.unknown().optional(),
      expect_status: z.array(z.number().int().min(100).max(599)).min(1).optional(),
      timeout: durationString().optional(),
    })
    .strict()
    // Checked here too, so a dry run already shows the step would be refused. A malformed url is
    // reported by its own check above.
    .refine((i) => !URL.canParse(i.url) || isAllowed(new URL(i.url)), { message: 'host is not in the http allowedHosts list', path: ['url'] });

  return {
    name: 'http',
    description: 'Sends one HTTP request and checks the response status',
    input,
    idempotent: false,
    target: (i) => new URL(i.url).host,
    async execute(i, ctx) {
      const url = new URL(i.url);
      // Userinfo and query strings may hold credentials: error details show only origin and path.
      const where = { method: i.method, url: `${url.origin}${url.pathname}` };
      if (!isAllowed(url)) throw new PermanentStepError(`http: host ${url.host} is not in allowedHosts`, where);
      const denied = guard.check(url);
      if (denied) throw new PermanentStepError(`http: ${denied.message}`, { ...where, outbound: 'denied' });

      const deadline = i.timeout === undefined ? undefined : AbortSignal.timeout(i.timeout);
      const signal = deadline ? AbortSignal.any([ctx.signal, deadline]) : ctx.signal;
      let response: AxiosResponse<Readable>;
      let body: unknown;
      let truncated: boolean;
      try {
        response = await client.request<Readable>({
          method: i.method,
          url: i.url,
          headers: i.headers,
          data: i.body,
          signal,
          responseType: 'stream',
          validateStatus: () => true,
          maxRedirects: 0,
          // Agents that check every address actually connected to, and no environment proxy.
          ...guard.requestConfig,
        });
        const capped = await readCappedBody(response.data, BODY_CAP_BYTES);
        truncated = capped.truncated;
        body = decodeBody(capped.bytes, truncated, headerValue(response, 'content-type'));
      } catch (error) {
        throw requestFailure(error, ctx, deadline, i.timeout, where);
      }

      const { status } = response;
      const expected = i.expect_status ? i.expect_status.includes(status) : status >= 200 && status < 300;
      if (!expected) {
        const details = {
          ...where,
          status,
          retryAfter: headerValue(response, 'retry-after'),
          location: headerValue(response, 'location'),
          body: snippet(body),
        };
        // 408/429/5xx say "try again later"; any other unexpected answer will not change on a retry.
        const retryable = status >= 500 || status === 408 || status === 429;
        const message = `http: ${i.method} ${url.host} answered ${status}, expected ${i.expect_status?.join('/') ?? '2xx'}`;
        throw retryable ? new TransientStepError(message, details) : new PermanentStepError(message, details);
      }
      return { status, headers: keptHeaders(response), body, truncated };
    },
  };
}

function requestFailure(
  error: unknown,
  ctx: ActionContext,
  deadline: AbortSignal | undefined,
  timeoutMs: number | undefined,
  where: Record<string, unknown>,
): unknown {
  // A denied connection would be denied again: permanent, never retried.
  const denial = findOutboundDenial(error);
  if (denial) return new PermanentStepError(`http: ${denial.message}`, { ...where, outbound: 'denied' });
  if (ctx.signal.aborted) return new TransientStepError('http: request aborted', { ...where, aborted: true });
  if (deadline?.aborted) return new TransientStepError(`http: no complete answer within ${timeoutMs} ms`, { ...where, timeoutMs });
  // Connection refused/reset, DNS failure, a cut-off body: the network, not the request, is at fault.
  if (isAxiosError(error)) return new TransientStepError(`http: request failed (${error.code ?? 'network error'})`, { ...where, code: error.code });
  return error;
}

function decodeBody(bytes: Buffer, truncated: boolean, contentType: string | undefined): unknown {
  const text = bytes.toString('utf8');
  if (truncated || !/json/i.test(contentType ?? '')) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function snippet(body: unknown): string {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return text.length > SNIPPET_CHARS ? `${text.slice(0, SNIPPET_CHARS)}…` : text;
}

function headerValue(response: AxiosResponse, name: string): string | undefined {
  const value: unknown = response.headers[name];
  return value === undefined || value === null ? undefined : String(value);
}

function keptHeaders(response: AxiosResponse): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const value = headerValue(response, name);
    if (value !== undefined) kept[name] = value;
  }
  return kept;
}

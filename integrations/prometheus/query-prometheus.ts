import type { AxiosInstance } from 'axios';
import { z } from 'zod';
import { PermanentStepError, TransientStepError } from '../../src/engine/step-errors';
import type { OutboundGuard } from '../outbound/create-outbound-guard';
import { findOutboundDenial } from '../outbound/outbound-denied-error';
import type { Sample } from './evaluate-samples';
import { prometheusResponseSchema, scalarSchema, vectorItemSchema } from './prometheus-response-schema';
import { isAxiosError } from '../outbound/is-axios-error';

export interface QueryRequest {
  client: AxiosInstance;
  baseUrl: string;
  query: string;
  /** The step's signal: aborting it ends the whole check. */
  signal: AbortSignal;
  /** Deadline of this one request; a slow Prometheus is "unavailable" and polled again. */
  timeoutMs: number;
  /** Where the request may connect (a step's `url:` is playbook-controlled). */
  guard: OutboundGuard;
}

/** An answer to evaluate, or a reason to ask again later. Anything a retry cannot fix is thrown. */
export type QueryOutcome =
  | { kind: 'result'; resultType: 'vector' | 'scalar'; samples: Sample[]; result: unknown; warnings: string[] }
  | { kind: 'unavailable'; reason: string; status?: number; errorType?: string };

/** Large enough for any sensible verification query, small enough not to exhaust memory on a typo. */
const MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

/**
 * One instant query. 400 `bad_data` and 422 `execution` (and other 4xx) throw PermanentStepError: the
 * query will not fix itself. 5xx (503 `timeout`/`unavailable`), 408, 429 and network failures come back
 * as `unavailable`, for the caller to poll again.
 */
export async function queryPrometheus(request: QueryRequest): Promise<QueryOutcome> {
  const { client, baseUrl, query, signal, timeoutMs, guard } = request;
  const url = new URL(`${baseUrl.replace(/\/+$/, '')}/api/v1/query`);
  url.searchParams.set('query', query);
  const denied = guard.check(url);
  if (denied) throw new PermanentStepError(`prometheus.check: ${denied.message}`, { url: url.origin + url.pathname, outbound: 'denied' });
  const deadline = AbortSignal.timeout(timeoutMs);
  let status: number;
  let text: string;
  try {
    const response = await client.get<string>(url.toString(), {
      signal: AbortSignal.any([signal, deadline]),
      validateStatus: () => true,
      responseType: 'text',
      transformResponse: [(data: string) => data],
      maxRedirects: 0,
      maxContentLength: MAX_RESPONSE_BYTES,
      ...guard.requestConfig,
    });
    status = response.status;
    text = response.data;
  } catch (error) {
    // Not "unavailable": polling again would be refused again, so the step fails at once.
    const denial = findOutboundDenial(error);
    if (denial) throw new PermanentStepError(`prometheus.check: ${denial.message}`, { url: url.origin + url.pathname, outbound: 'denied' });
    if (signal.aborted) throw new TransientStepError('prometheus.check: aborted', { aborted: true });
    if (deadline.aborted) return { kind: 'unavailable', reason: `no answer within ${timeoutMs} ms` };
    if (isAxiosError(error)) return { kind: 'unavailable', reason: `request failed (${error.code ?? 'network error'})` };
    throw error;
  }

  const envelope = prometheusResponseSchema.safeParse(parseJson(text));
  const apiError = envelope.success ? { errorType: envelope.data.errorType, error: envelope.data.error } : {};
  if (status >= 500 || status === 408 || status === 429) {
    return { kind: 'unavailable', reason: `HTTP ${status}${apiError.errorType ? ` ${apiError.errorType}` : ''}`, status, errorType: apiError.errorType };
  }
  if (!envelope.success) {
    throw new PermanentStepError(`prometheus.check: HTTP ${status} is not a Prometheus API answer; check PROMETHEUS_URL`, { status, url: url.origin + url.pathname, query });
  }
  const { data } = envelope;
  if (status !== 200 || data.status === 'error' || data.data === undefined) {
    throw new PermanentStepError(`prometheus.check: query rejected (${apiError.errorType ?? `HTTP ${status}`}): ${apiError.error ?? ''}`, { status, ...apiError, query });
  }
  return toResult(data.data.resultType, data.data.result, data.warnings ?? [], query);
}

function toResult(resultType: string, result: unknown, warnings: string[], query: string): QueryOutcome {
  if (resultType === 'scalar') {
    const scalar = scalarSchema.safeParse(result);
    if (scalar.success) return { kind: 'result', resultType, samples: [{ metric: {}, value: scalar.data[1] }], result, warnings };
  }
  if (resultType === 'vector') {
    const vector = z.array(vectorItemSchema).safeParse(result);
    if (vector.success) {
      if (vector.data.some((item) => item.value === undefined)) {
        throw new PermanentStepError('prometheus.check: native histogram samples cannot be compared; wrap the query in histogram_quantile() or similar', { query });
      }
      const samples = vector.data.map((item) => ({ metric: item.metric, value: item.value![1] }));
      return { kind: 'result', resultType, samples, result, warnings };
    }
  }
  // matrix (a range selector without a function) and string results cannot be compared with a number.
  throw new PermanentStepError(`prometheus.check: query must return an instant vector or scalar, got ${resultType}`, { resultType, query });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
